"""CriticMarkup reader: text with {--deleted--}, {++inserted++} and {~~old~>new~~} marks.

Two layouts are read. A hand-written `.critic.md` (resdiff's fixtures) has one paragraph per line. resdiff's own
Markdown (`resdiff.render.markdown`) separates paragraphs by a blank line and ends a line inside a paragraph
with two spaces (a line break); a text whose blank lines separate every pair of lines so (table rows aside) is
read in that layout, so that `read(render(doc, "md"), format="critic")` is `doc` again. A backslash before one
of the characters the writer escapes (``\\ ` * _ [ ] < > # | { }``) makes it text, and only before those: a
`{++` typed in the text is written `\\{++` and read back as `{++`.

A line that is one single {++…++} (or {--…--}) group is a paragraph inserted (deleted) as a whole, paragraph
mark included. Otherwise a paragraph mark's own revision is written as a final {++¶++} or {--¶--}, the pilcrow
being how Word shows paragraph marks. Comments {>>…<<} are skipped, and so are the highlights {==…==} around
the text a comment is about (resdiff's Markdown writer marks Word's comments so), whose text is read as text: a
Word comment has an author, a date and a place in the package that a line of CriticMarkup does not give, so the
document read has no comments. An empty comment keeps a line that is wholly one group from counting as a whole
inserted or deleted paragraph. Footnotes are `[^id]` references with `[^id]: text` definition lines.

The reader scans each line once, left to right: a group ends at the first closing mark of its kind (as a lazy
pattern would end it), and an opening mark without one is an error, found without trying every later start.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NoReturn

from resdiff.errors import UnreadableInputError
from resdiff.model import Document, Note, NoteRef, Paragraph, Revision, Span, spans_with_notes
from resdiff.parse.text import TEXT_BREAKS, Controls, decode_text
from resdiff.views import merge_spans

ESCAPED = "\\`*_[]<>#|{}"
"""The characters `resdiff.render.markdown` writes with a backslash before them."""
_ESCAPE = "\\\\[" + re.escape(ESCAPED) + "]"
_NOTE_ID = r"[^\[\]\s]{1,64}"  # bounded, and no bracket: "[^" repeated is not one long id tried at every start
_NOTE_DEF = re.compile(rf"^\[\^({_NOTE_ID})\]:\s?(.*)$")
# At the top of a line: an escaped character, an opening mark, a highlight's end.
_MARKUP = re.compile(rf"{_ESCAPE}|\{{(?:\+\+|--|~~|>>|==)|==\}}")
# Inside text (a group's, or between groups): an escaped character, a comment, a highlight mark, a note reference.
_INNER = re.compile(rf"{_ESCAPE}|\{{>>|\{{==|==\}}|\[\^({_NOTE_ID})\]")
_CLOSERS = {"++": "++}", "--": "--}"}
_STRAY = ("--}", "++}", "~~}")
_INSERTED = (Revision(kind="inserted"),)
_DELETED = (Revision(kind="deleted"),)
_MARK = {"{++¶++}": _INSERTED, "{--¶--}": _DELETED}


def read_critic(data: bytes, source: str) -> Document:
    text = decode_text(data, source)
    blocks: list[Paragraph] = []
    notes: list[Note] = []
    controls = Controls(source, TEXT_BREAKS)
    for number, line in _paragraph_lines(text):
        line = controls.clean(line, number)
        definition = _NOTE_DEF.match(line)
        if definition:
            note_id, body = definition.groups()
            notes.append(Note(kind="footnote", id=note_id, blocks=(_paragraph(body, source, number),)))
        else:
            blocks.append(_paragraph(line, source, number))
    return Document(blocks=tuple(blocks), notes=tuple(notes), messages=controls.messages())


def _paragraph_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each paragraph, in either layout; a paragraph of resdiff's Markdown that holds
    line breaks has them as '\\n'."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last paragraph; it does not start another
    if not _markdown_layout(lines):
        return list(enumerate(lines, start=1))
    out: list[tuple[int, str]] = []
    number = 1
    for chunk in "\n".join(lines).split("\n\n"):
        parts = chunk.split("\n")
        start, pending = number, None
        for offset, part in enumerate(parts):
            if pending is None:
                start, pending = number + offset, part
            else:
                pending += "\n" + part
            if offset + 1 < len(parts) and part.endswith("  ") and parts[offset + 1].strip():
                pending = pending[:-2]  # a Markdown line break: two spaces, then the line goes on
                continue
            out.append((start, pending))
            pending = None
        number += len(parts) + 1
    return out


def _markdown_layout(lines: list[str]) -> bool:
    """Whether blank lines separate the paragraphs: there is one, and no two lines with text follow each other
    unless the first ends in a line break or both are rows of a pipe table."""
    if "" not in lines:
        return False
    for first, second in pairwise(lines):
        if first and second and not first.endswith("  ") and not (_row(first) and _row(second)):
            return False
    return True


def _row(line: str) -> bool:
    line = line.strip()
    return line.startswith("|") and line.endswith("|")


def _paragraph(line: str, source: str, number: int) -> Paragraph:
    mark: tuple[Revision, ...] = ()
    if line[-7:] in _MARK:
        line, mark = line[:-7], _MARK[line[-7:]]
        spans, _ = _parse(line, source, number)
    else:
        spans, whole = _parse(line, source, number)
        if whole is not None:
            mark = whole
    return Paragraph(spans=merge_spans(spans), mark=mark)


def _parse(line: str, source: str, number: int) -> tuple[list[Span], tuple[Revision, ...] | None]:
    """The spans of one paragraph, and the revision of the whole line when the line is exactly one {++…++} or
    {--…--} group (its paragraph mark then shares it)."""
    spans: list[Span] = []
    whole: tuple[Revision, ...] | None = None
    plain: list[str] = []  # raw text since the last group: escapes, comments and references still in it
    last_comment = line.rfind("<<}")
    position = 0
    while (match := _MARKUP.search(line, position)) is not None:
        mark = match.group()
        if mark[0] == "\\" or mark == "==}" or mark == "{==":
            plain.append(line[position : match.end()])  # resolved by _text
            position = match.end()
            continue
        if mark == "{>>":
            if last_comment < match.end():  # no end anywhere after it: text
                plain.append(line[position : match.end()])
                position = match.end()
                continue
            end = line.index("<<}", match.end()) + 3
            plain.append(line[position : match.start()])  # the comment itself is skipped
            position = end
            continue
        spans.extend(_text("".join(plain) + line[position : match.start()], (), source, number))
        plain.clear()
        if mark == "{~~":
            arrow = line.find("~>", match.end())
            close = line.find("~~}", arrow + 2) if arrow >= 0 else -1
            if close < 0:
                _unbalanced(source, number, line[match.start() :])
            spans.extend(_text(line[match.end() : arrow], _DELETED, source, number))
            spans.extend(_text(line[arrow + 2 : close], _INSERTED, source, number))
            position = close + 3
            continue
        kind = mark[1:]
        close = line.find(_CLOSERS[kind], match.end())
        if close < 0:
            _unbalanced(source, number, line[match.start() :])
        revisions = _INSERTED if kind == "++" else _DELETED
        spans.extend(_text(line[match.end() : close], revisions, source, number))
        if match.start() == 0 and close + 3 == len(line):
            whole = revisions
        position = close + 3
    spans.extend(_text("".join(plain) + line[position:], (), source, number))
    return spans, whole


def _text(raw: str, revisions: tuple[Revision, ...], source: str, number: int) -> list[Span]:
    """Text as written between or inside groups: escapes resolved, comments and highlight marks left out, note
    references cut out as references."""
    if not raw:
        return []
    if not revisions and any(closer in raw for closer in _STRAY):
        _unbalanced(source, number, raw[min(raw.find(c) for c in _STRAY if c in raw) :])
    out: list[str] = []
    refs: list[tuple[int, int, NoteRef]] = []
    size = 0
    last_comment = raw.rfind("<<}")
    position = 0
    while (match := _INNER.search(raw, position)) is not None:
        piece = raw[position : match.start()]
        out.append(piece)
        size += len(piece)
        found = match.group()
        position = match.end()
        if found[0] == "\\":
            out.append(found[1])
            size += 1
        elif found == "{>>":
            if last_comment < match.end():
                out.append(found)
                size += len(found)
            else:
                position = raw.index("<<}", match.end()) + 3
        elif found[0] == "[":
            refs.append((size, size + len(found), NoteRef(kind="footnote", id=match.group(1))))
            out.append(found)
            size += len(found)
        # a highlight's marks ({== and ==}) are left out
    out.append(raw[position:])
    return spans_with_notes("".join(out), refs, revisions)


def _unbalanced(source: str, number: int, rest: str) -> NoReturn:
    raise UnreadableInputError(source, f"line {number}: unbalanced CriticMarkup near {rest[:40]!r}")
