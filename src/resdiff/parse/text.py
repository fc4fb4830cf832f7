"""Plain-text reader: one paragraph per line, no revisions (the form official texts often come in)."""

from __future__ import annotations

import re

from resdiff.errors import UnreadableInputError
from resdiff.model import Document, Message, Paragraph, Span


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


# The characters XML 1.0 cannot hold, and so neither can a .docx (NUL is refused by `decode_text`): the C0
# controls other than tab, line feed and carriage return, and the non-characters U+FFFE and U+FFFF.
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NAMES = {"\x0b": "vertical tab", "\x0c": "form feed"}
TEXT_BREAKS = {"\x0b": "\n", "\x0c": "\n"}
"""How Word opens a text file: a vertical tab is a manual line break and a form feed a page break, which text
input, with no page in its model, reads as a line break (the text views show a page break so too)."""
HTML_BREAKS = {"\x0c": " "}
"""In HTML a form feed is white space (HTML Living Standard, 'ASCII whitespace'); other controls show nothing."""


class Controls:
    """The control characters met while reading one input: each mapped as Word (or a browser) reads it, or
    dropped, and counted, so that the document says what was done (`messages`) instead of failing later when it
    is written as .docx."""

    def __init__(self, source: str, mapping: dict[str, str]) -> None:
        self.source = source
        self.mapping = mapping
        self.found: dict[str, tuple[int, int | None]] = {}  # character → (count, first paragraph)

    def clean(self, text: str, paragraph: int | None = None) -> str:
        """`text` with its controls mapped or dropped; `paragraph` (1-based) is where, for the message."""
        if _CONTROLS.search(text) is None:
            return text

        def replace(match: re.Match[str]) -> str:
            char = match.group()
            count, first = self.found.get(char, (0, paragraph))
            self.found[char] = (count + 1, first)
            return self.mapping.get(char, "")

        return _CONTROLS.sub(replace, text)

    def messages(self) -> tuple[Message, ...]:
        out = []
        for char, (count, first) in sorted(self.found.items()):
            code = f"U+{ord(char):04X}"
            name = _NAMES.get(char, "control character")
            done = {"\n": "read as a line break", " ": "read as a space"}.get(self.mapping.get(char, ""), "dropped")
            where = f", the first in paragraph {first}" if first is not None else ""
            why = "" if done != "dropped" else " (XML, and so a .docx, cannot hold it)"
            out.append(Message(level="warning", code="control-character", file=self.source, paragraph=first,
                               text=f"{count} × {name} {code} {done}{why}{where}",
                               data={"character": code, "count": str(count), "action": done}))
        return tuple(out)


def read_text(data: bytes, source: str) -> Document:
    text = decode_text(data, source)
    # RTF is valid ASCII, so without this it would be "read" as text and its control words taken for the document.
    if text.startswith("{\\rtf"):
        raise UnreadableInputError(source, "this is an RTF file, not plain text; save it as .docx or as UTF-8 text")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    controls = Controls(source, TEXT_BREAKS)
    lines = [controls.clean(line, number) for number, line in enumerate(lines, start=1)]
    blocks = tuple(Paragraph(spans=(Span(text=line),) if line else ()) for line in lines)
    return Document(blocks=blocks, messages=controls.messages())
