"""Reader for text extracted from a tracked .docx by Apache POI / Tika (DOMAIN.md §4.6).

Deleted and inserted text are glued together in this format; this reader only turns the extraction's artefacts
back into structure — `[bookmark: X]` into bookmarks, `[footnoteRef:N]N` into a note reference, `[N: N<TAB>…]`
appended to a paragraph into the note's text. Untangling the glued text is `resdiff.align.untangle`'s work.
"""

from __future__ import annotations

import re

from resdiff.model import Document, Note, NoteRef, Paragraph, spans_with_notes
from resdiff.parse.text import TEXT_BREAKS, Controls, decode_text

# No bracket inside a bookmark's name and no leading white space in a note's pattern: each search then looks at
# a character a bounded number of times (a line of 20,000 "[bookmark: " or of spaces took seconds, quadratically).
_BOOKMARK = re.compile(r"\[bookmark: ([^\[\]]*)\]")
_NOTE_REF = re.compile(r"\[(footnote|endnote)Ref:(\d+)\]\2?")
_NOTE_BODY = re.compile(r"\[(\d+): (?:\1\t)?([^\[\]]*)\]\s*+$")


def read_flat(data: bytes, source: str) -> Document:
    text = decode_text(data, source)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    blocks: list[Paragraph] = []
    notes: list[Note] = []
    controls = Controls(source, TEXT_BREAKS)
    for number, line in enumerate(lines, start=1):
        line = controls.clean(line, number)
        if "[" not in line:  # most lines: no bookmark, note or note reference, and four searches saved
            blocks.append(Paragraph(spans=tuple(spans_with_notes(line, ())), bookmarks=()))
            continue
        bookmarks = tuple(_BOOKMARK.findall(line))
        line = _BOOKMARK.sub("", line)
        body = _NOTE_BODY.search(line)
        if body and _NOTE_REF.search(line[: body.start()]):
            notes.append(Note(kind="footnote", id=body.group(1), blocks=(_paragraph(body.group(2), ()),)))
            line = line[: body.start()].rstrip()
        blocks.append(_paragraph(line, bookmarks))
    return Document(blocks=tuple(blocks), notes=tuple(notes), messages=controls.messages())


def _paragraph(line: str, bookmarks: tuple[str, ...]) -> Paragraph:
    refs = ((m.start(), m.end(), NoteRef(kind="footnote" if m.group(1) == "footnote" else "endnote", id=m.group(2)))
            for m in _NOTE_REF.finditer(line))
    return Paragraph(spans=tuple(spans_with_notes(line, refs)), bookmarks=bookmarks)
