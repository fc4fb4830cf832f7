"""Markdown writer. Tracked changes are shown in CriticMarkup ({++ inserted ++}, {-- deleted --}).

A comment is CriticMarkup's highlight and comment: `{==commented text==}{>>author: comment<<}`, the comment
where Word shows its mark (its reference), a comment on a point as `{>>author: comment<<}` alone. A highlight is
closed at the end of a line and opened again on the line where the commented text ends, so that each line stays
readable on its own (`resdiff.parse.critic` reads the text and skips the comments).

A table whose every cell is one paragraph without line breaks is a GitHub pipe table, its first row the header;
a row (or cell) inserted or deleted whole has each cell's text in one {++ ++} or {-- --}. Another table (cells of
several paragraphs, nested tables) is written as its cells' paragraphs, one after the other.

`resdiff.parse.critic` reads the output back as the document written, for text, revisions, paragraph marks and
footnotes (authors, dates, formatting, styles, comments and line breaks inside a group are not carried): every
character Markdown or CriticMarkup gives a meaning to is escaped with a backslash, and where a line would still
read otherwise an empty comment `{>><<}` (or the mark's own group) is written: for an empty paragraph between
two others, before a note reference and ':' opening a line, after a line ending in a group of its own `¶`.
"""

from __future__ import annotations

import re

from resdiff.comments import COMMENT_KINDS, CommentMarks, comment_text
from resdiff.model import (
    Block,
    Cell,
    Document,
    InlineObject,
    Paragraph,
    Revision,
    Side,
    Span,
    Table,
    iter_paragraphs,
    note_label,
)
from resdiff.numbered import type_labels

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")
_HEADING = re.compile(r"^(?:heading|titre|título|titulo)\s*(\d)$", re.IGNORECASE)


def render_markdown(doc: Document) -> str:
    doc = type_labels(doc)  # Word's list numbers as the text shows them (resdiff.numbered)
    chunks = [_block(b) for b in doc.blocks]
    notes = [n for n in doc.cited_notes() if any(p.spans for p in iter_paragraphs(n.blocks))]
    for note in notes:
        body = " ".join(_inline(p) for p in iter_paragraphs(note.blocks)).strip()
        chunks.append(f"[^{note_label(note.kind, note.id)}]: {body}")
    return "\n\n".join(_hold_places(chunks)) + "\n"


def _hold_places(chunks: list[str]) -> list[str]:
    """An empty paragraph is a chunk of nothing, which Markdown drops, and so does the blank line around it: one
    between two others is written as an empty comment, so that the paragraphs around it are not read as the only
    two (leading and trailing ones are told by the blank lines alone)."""
    filled = [i for i, chunk in enumerate(chunks) if chunk]
    if not filled:
        return chunks
    return [chunk or (_EMPTY_COMMENT if filled[0] < i < filled[-1] else "") for i, chunk in enumerate(chunks)]


def _block(block: Block) -> str:
    if isinstance(block, Table):
        return _table(block)
    text = _inline(block)
    level = _heading_level(block)
    if level and text.strip():
        return "#" * level + " " + text.strip()
    if _NOTE_DEFINITION.match(text):  # a reference then ':' at the start would read as the note's text
        return _EMPTY_COMMENT + text
    return text


def _heading_level(paragraph: Paragraph) -> int:
    match = _HEADING.match((paragraph.style or "").strip())
    return min(int(match.group(1)), 6) if match else 0


def _inline(paragraph: Paragraph) -> str:
    body = _spans(paragraph.spans).replace("\n", "  \n")
    return body + _mark_suffix(paragraph, body)


def _spans(spans: tuple[Span, ...]) -> str:
    return _SUBSTITUTION.sub(_substitute, _with_comments(spans))


def _with_comments(spans: tuple[Span, ...]) -> str:
    """The spans one after the other, commented text in one highlight {==…==} (ranges that overlap, as a comment
    and its replies do, share it) followed by the comments {>>…<<} on it, in the order of their marks."""
    marks = CommentMarks(spans)
    depth = len(marks.continued())  # ranges begun on an earlier line are highlighted from the line's start
    out, waiting = ["{==" if depth else ""], list[str]()
    opened = 0  # where the highlight open now began in `out`
    for span in spans:
        obj = span.object
        if obj is None or obj.kind not in COMMENT_KINDS:
            out.append(_span(span))
        elif obj.kind == "comment_start":
            if not depth:
                opened = len(out)
                out.append("{==")
            depth += 1
        elif obj.kind == "comment_end" and depth:
            depth -= 1
            if not depth:
                _close(out, opened)
                out.extend(waiting)
                waiting.clear()
        if obj is not None and obj.kind in COMMENT_KINDS and marks.shown_at(obj):
            (waiting if depth else out).append(_comment(obj))
    if depth:
        _close(out, opened)
    return "".join([*out, *waiting])


def _close(out: list[str], opened: int) -> None:
    """End the highlight begun at `out[opened]`; one around nothing Markdown shows (a picture) is left out."""
    if any(out[opened + 1:]):
        out.append("==}")
    else:
        out[opened] = ""


def _comment(obj: InlineObject) -> str:
    return "{>>" + _escape(comment_text(obj).line()) + "<<}"


# A deletion directly followed by an insertion is CriticMarkup's substitution. An escaped character is matched
# first, and kept, so that a brace of the text (`\{--`) never opens a group.
_SUBSTITUTION = re.compile(r"(\\.)|\{--((?:(?!--\}).)*)--\}\{\+\+((?:(?!\+\+\}).)*)\+\+\}", re.DOTALL)


def _substitute(match: re.Match[str]) -> str:
    escaped, old, new = match.groups()
    return escaped if escaped is not None else "{~~" + old + "~>" + new + "~~}"


def _mark_suffix(paragraph: Paragraph, body: str) -> str:
    """A paragraph mark's revision, in the convention of `resdiff.parse.critic`: implied when the line `body` is
    exactly one group of the same kind, a final {++¶++} / {--¶--} otherwise, and an empty comment where a line
    that is wholly one group keeps an unchanged mark. A body whose own last group reads as a mark (an inserted
    "¶") gets the mark written out, so that the reader takes the right one."""
    mark_kind = _GROUPS.get(paragraph.mark[-1].kind) if paragraph.mark else None
    if mark_kind == _whole_group(body) and not body.endswith(tuple(_MARKS.values())):
        return ""
    return _MARKS[mark_kind] if mark_kind is not None else _EMPTY_COMMENT


def _whole_group(body: str) -> str | None:
    """'++' or '--' if `body` is one {++…++} or {--…--} group from end to end, as the reader sees it (a group
    ends at its first closing mark); else None."""
    kind = body[1:3]
    if body[:1] == "{" and kind in ("++", "--") and body.find(kind + "}", 3) == len(body) - 3:
        return kind
    return None


_MARKS = {"++": "{++¶++}", "--": "{--¶--}"}
_EMPTY_COMMENT = "{>><<}"
_NOTE_DEFINITION = re.compile(r"\[\^[^\[\]\s]{1,64}\]:")  # as resdiff.parse.critic reads one


_GROUPS = {"inserted": "++", "moved_to": "++", "deleted": "--", "moved_from": "--"}


def _span(span: Span) -> str:
    group = _GROUPS.get(span.status)
    return _group(_span_text(span), group) if group else _span_text(span)


def _span_text(span: Span) -> str:
    if span.object is not None and span.object.kind == "comment":  # in a row inserted or deleted whole
        return _comment(span.object)
    return f"[^{span.note.label}]" if span.note is not None else _escape(span.text)


def _group(text: str, group: str) -> str:
    """Text in one CriticMarkup group per line: the reader reads a line at a time, and a group left open at a
    line's end is unreadable."""
    return "\n".join("{" + group + line + group + "}" if line else "" for line in text.split("\n"))


# ---- tables -------------------------------------------------------------------------------------------------------

def _table(table: Table) -> str:
    if not _pipeable(table):
        return "\n\n".join(c for c in _flat_table(table, None) if c)
    rows = [[_pipe_cell(cell, _row_group(row.revisions)) for cell in row.cells] for row in table.rows]
    width = max((len(cells) for cells in rows), default=0)
    if not width:
        return ""
    lines = ["| " + " | ".join(cells + [""] * (width - len(cells))) + " |" for cells in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _pipeable(table: Table) -> bool:
    """Every cell empty or one paragraph without a line break (the cell's paragraph mark ends the cell; its
    revision, if any, goes with the cell's row)."""
    return all(
        not cell.blocks or (len(cell.blocks) == 1 and isinstance(cell.blocks[0], Paragraph)
                            and "\n" not in cell.blocks[0].text)
        for row in table.rows for cell in row.cells
    )


def _pipe_cell(cell: Cell, row_group: str | None) -> str:
    first = cell.blocks[0] if cell.blocks else None
    paragraph = first if isinstance(first, Paragraph) else Paragraph()
    group = row_group or _row_group(cell.revisions)
    return _whole(paragraph, group) if group else _spans(paragraph.spans)


def _row_group(revisions: tuple[Revision, ...]) -> str | None:
    """'++' or '--' for a row or cell inserted or deleted whole (its innermost revision, as `Span.status`)."""
    return _GROUPS.get(revisions[-1].kind) if revisions else None


def _whole(paragraph: Paragraph, group: str) -> str:
    """A paragraph of a row inserted (deleted) whole: its new (old) text in one group."""
    side: Side = "new" if group == "++" else "old"
    text = "".join(_span_text(s) for s in paragraph.spans if s.on(side))
    return _group(text, group).replace("\n", "  \n") if text else ""


def _flat_table(table: Table, group: str | None) -> list[str]:
    """A table that cannot be a pipe table: its cells' blocks in order; rows tracked whole keep their mark."""
    chunks: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            chunks.extend(_flat_block(b, group or _row_group(row.revisions) or _row_group(cell.revisions))
                          for b in cell.blocks)
    return chunks


def _flat_block(block: Block, group: str | None) -> str:
    if group is None:
        return _block(block)
    if isinstance(block, Table):
        return "\n\n".join(c for c in _flat_table(block, group) if c)
    return _whole(block, group)


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


