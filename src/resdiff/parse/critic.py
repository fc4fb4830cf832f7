"""CriticMarkup reader: text with {--deleted--}, {++inserted++} and {~~old~>new~~} marks, one paragraph per line.

A line that is one single {++…++} (or {--…--}) group is a paragraph inserted (deleted) as a whole, paragraph
mark included. Otherwise a paragraph mark's own revision is written as a final {++¶++} or {--¶--}, the pilcrow
being how Word shows paragraph marks. Comments {>>…<<} are skipped, and so are the highlights {==…==} around
the text a comment is about (resdiff's Markdown writer marks Word's comments so), whose text is read as text: a
Word comment has an author, a date and a place in the package that a line of CriticMarkup does not give, so the
document read has no comments. An empty comment keeps a line that is wholly one group from counting as a whole
inserted or deleted paragraph. Footnotes are `[^id]` references with `[^id]: text` definition lines. This is
the reviewable form in which resdiff keeps hand-checked tracked documents (fixtures) and writes redlines as
Markdown.
"""

from __future__ import annotations

import re

from resdiff.errors import UnreadableInputError
from resdiff.model import Document, Note, NoteRef, Paragraph, Revision, Span, spans_with_notes
from resdiff.parse.text import decode_text
from resdiff.views import merge_spans

_GROUP = re.compile(r"\{--(.*?)--\}|\{\+\+(.*?)\+\+\}|\{~~(.*?)~>(.*?)~~\}", re.DOTALL)
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s?(.*)$")
_INSERTED = (Revision(kind="inserted"),)
_DELETED = (Revision(kind="deleted"),)


def read_critic(data: bytes, source: str) -> Document:
    text = decode_text(data, source)
    blocks: list[Paragraph] = []
    notes: list[Note] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last paragraph; it does not start another
    for number, line in enumerate(lines, start=1):
        definition = _NOTE_DEF.match(line)
        if definition:
            note_id, body = definition.groups()
            notes.append(Note(kind="footnote", id=note_id, blocks=(_paragraph(body, source, number),)))
        else:
            blocks.append(_paragraph(line, source, number))
    return Document(blocks=tuple(blocks), notes=tuple(notes))


_COMMENT = re.compile(r"\{>>.*?<<\}")
_HIGHLIGHT = re.compile(r"(?<!\\)\{==|==\}")  # a highlight's marks; the writer escapes a brace of the text
_MARK = {"{++¶++}": (Revision(kind="inserted"),), "{--¶--}": (Revision(kind="deleted"),)}


def _paragraph(line: str, source: str, number: int) -> Paragraph:
    mark: tuple[Revision, ...] = ()
    if line[-7:] in _MARK:
        line, mark = line[:-7], _MARK[line[-7:]]
    elif (whole := _single_group(line)) is not None and whole.group(3) is None:
        mark = _DELETED if whole.group(1) is not None else _INSERTED
    line = _HIGHLIGHT.sub("", _COMMENT.sub("", line))
    spans: list[Span] = []
    position = 0
    for match in _GROUP.finditer(line):
        spans.extend(_plain(line[position : match.start()], ()))
        deleted, inserted, old, new = match.groups()
        if deleted is not None:
            spans.extend(_plain(deleted, _DELETED))
        elif inserted is not None:
            spans.extend(_plain(inserted, _INSERTED))
        else:
            spans.extend(_plain(old, _DELETED))
            spans.extend(_plain(new, _INSERTED))
        position = match.end()
    rest = line[position:]
    if any(marker in rest for marker in ("{--", "--}", "{++", "++}", "{~~", "~~}")):
        raise UnreadableInputError(source, f"line {number}: unbalanced CriticMarkup near {rest[:40]!r}")
    spans.extend(_plain(rest, ()))
    return Paragraph(spans=merge_spans(spans), mark=mark)


def _single_group(line: str) -> re.Match[str] | None:
    """The group if the line is exactly one group. (fullmatch would let a lazy group stretch over several:
    `{++0++}0{++0++}` is two insertions around unchanged text, not one insertion.)"""
    groups = list(_GROUP.finditer(line))
    return groups[0] if len(groups) == 1 and groups[0].span() == (0, len(line)) else None


def _plain(text: str, revisions: tuple[Revision, ...]) -> list[Span]:
    refs = ((m.start(), m.end(), NoteRef(kind="footnote", id=m.group(1))) for m in _NOTE_REF.finditer(text))
    return spans_with_notes(text, refs, revisions)
