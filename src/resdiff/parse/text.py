"""Plain-text reader: one paragraph per line, no revisions (the form official texts often come in)."""

from __future__ import annotations

from resdiff.errors import UnreadableInputError
from resdiff.model import Document, Paragraph, Span


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 (a BOM is allowed); broken bytes and NULs are errors that name the offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInputError(source, "is UTF-16 text (a byte-order mark says so); re-save the text as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInputError(
            source, f"not valid UTF-8 at byte {exc.start} (0x{data[exc.start]:02x}); re-save the text as UTF-8"
        ) from None
    if "\x00" in text:
        raise UnreadableInputError(source, f"contains a NUL byte at character {text.index(chr(0))}; is it binary?")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(data: bytes, source: str) -> Document:
    text = decode_text(data, source)
    # RTF is valid ASCII, so without this it would be "read" as text and its control words taken for the document.
    if text.startswith("{\\rtf"):
        raise UnreadableInputError(source, "this is an RTF file, not plain text; save it as .docx or as UTF-8 text")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    blocks = tuple(Paragraph(spans=(Span(text=line),) if line else ()) for line in lines)
    return Document(blocks=blocks)
