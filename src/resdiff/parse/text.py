"""Plain-text reader: one paragraph per line, no revisions (the form official texts often come in)."""

from __future__ import annotations

from resdiff.errors import UnreadableInputError
from resdiff.model import Document, Paragraph, Span


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 (a BOM is allowed); broken bytes and NULs are errors that name the offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
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
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    blocks = tuple(Paragraph(spans=(Span(text=line),) if line else ()) for line in lines)
    return Document(blocks=blocks)
