"""Re-track a tracked document: the same old and new text, with resdiff's clause-aware alignment in place of the
one the document came with.

Word's and LibreOffice's Compare delete and re-insert whole paragraphs when a clause is both renumbered and edited,
and pair paragraphs their own way; their revisions describe the tool, not the amendment. `retrack` takes the
document's two sides (Reject All, Accept All), diffs them as `resdiff diff` does, and gives every revision of the
result the author and date of the original revision its text came from.

Authorship is found by position: the new side of the original and of the result are the same text, and so are
their old sides. Each side is read as one stream of characters — a paragraph's text on that side, then its mark
if the mark is on that side — with, for each character, the revision that put it there (inserted on the new
side, deleted on the old side). A revision of the result takes the first original revision found under its
characters; text that the original did not mark (a tool re-inserting a paragraph it also deleted) takes the
document's most frequent author and date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from resdiff.align.diff import diff_documents
from resdiff.model import Block, Document, Paragraph, Revision, Side, Span, Table, absent_from
from resdiff.views import list_revisions

_SIDES: tuple[Side, Side] = ("old", "new")
_ADDED: dict[Side, frozenset[str]] = {"new": frozenset({"inserted", "moved_to"}),
                                      "old": frozenset({"deleted", "moved_from"})}


def retrack(doc: Document) -> Document:
    """`doc` with its revisions recomputed by resdiff's aligner, authors and dates kept (see the module)."""
    if doc.side is not None or not doc.has_revisions:
        return doc
    redline = diff_documents(doc.old(), doc.new(), formatting="track")
    fallback = _most_frequent(doc)
    origin: dict[Side, list[Revision | None]] = {side: list(_stream(doc.blocks, side)) for side in _SIDES}
    blocks = _Restamp(origin, fallback).blocks(redline.blocks)
    return redline.model_copy(update={"blocks": blocks, "messages": ()}).with_source(doc.source)


def _most_frequent(doc: Document) -> Revision:
    counted = Counter((r.author, r.date) for r in list_revisions(doc))
    author, date = counted.most_common(1)[0][0] if counted else (None, None)
    return Revision(kind="inserted", author=author, date=date)


def _stream(blocks: tuple[Block, ...], side: Side) -> Iterator[Revision | None]:
    """One entry per character of the side's text (and per paragraph mark on it): the revision that made it."""
    for block in blocks:
        if isinstance(block, Table):
            for row in (r for r in block.rows if not absent_from(r.revisions, side)):
                for cell in (c for c in row.cells if not absent_from(c.revisions, side)):
                    yield from _stream(cell.blocks, side)
            continue
        for span in block.spans:
            if span.note is None and span.on(side):
                made = next((r for r in reversed(span.revisions) if r.kind in _ADDED[side]), None)
                yield from [made] * len(span.text)
        if not absent_from(block.mark, side):
            yield next((r for r in reversed(block.mark) if r.kind in _ADDED[side]), None)


class _Restamp:
    """Walks the result's two streams in step with the original's, giving each revision its origin."""

    def __init__(self, origin: dict[Side, list[Revision | None]], fallback: Revision) -> None:
        self.origin, self.fallback = origin, fallback
        self.at: dict[Side, int] = {"old": 0, "new": 0}

    def blocks(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(self.paragraph(b) if isinstance(b, Paragraph) else self.table(b) for b in blocks)

    def table(self, table: Table) -> Table:
        rows = tuple(row.model_copy(update={"cells": tuple(
            cell.model_copy(update={"blocks": self.blocks(cell.blocks)}) for cell in row.cells)})
            for row in table.rows)
        return table.model_copy(update={"rows": rows})

    def paragraph(self, paragraph: Paragraph) -> Paragraph:
        spans = tuple(self.span(s) for s in paragraph.spans)
        mark = self.stamped(paragraph.mark, 1, absent_from(paragraph.mark, "old"), absent_from(paragraph.mark, "new"))
        return paragraph.model_copy(update={"spans": spans, "mark": mark})

    def span(self, span: Span) -> Span:
        if span.note is not None:
            return span.model_copy(update={"revisions": self.stamped(span.revisions, 0, True, True)})
        return span.model_copy(update={"revisions": self.stamped(span.revisions, len(span.text),
                                                                 not span.on("old"), not span.on("new"))})

    def stamped(self, revisions: tuple[Revision, ...], length: int, off_old: bool,
                off_new: bool) -> tuple[Revision, ...]:
        """The revisions with their origin's author and date, the streams moved past the text they cover."""
        found: dict[Side, Revision | None] = {}
        for side, off in zip(_SIDES, (off_old, off_new), strict=True):
            if off:
                continue
            start = self.at[side]
            self.at[side] = start + length
            found[side] = next((r for r in self.origin[side][start:start + length] if r is not None), None)
        out = []
        for revision in revisions:
            made_on: Side = "new" if revision.kind in _ADDED["new"] else "old"
            source = found.get(made_on) or self.fallback
            out.append(revision.model_copy(update={"author": source.author, "date": source.date}))
        return tuple(out)
