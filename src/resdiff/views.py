"""Derive the old and new sides of a tracked document (Reject All / Accept All) and list its revisions.

Paragraph marks follow Word: when a paragraph's mark is absent from a side (deleted, on the new side; inserted,
on the old side), the paragraph's remaining content joins the next paragraph, which keeps its own properties.
With no paragraph to join (a table follows, or the container ends), an emptied paragraph disappears and one with
content stays. The docx writer's XML transform (`resdiff.ooxml.revisions`) applies the same rule to the package.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from resdiff.collector import collector_paused
from resdiff.labels import split_label
from resdiff.model import (
    Block,
    Cell,
    ClauseStatus,
    Document,
    Note,
    Numbering,
    Paragraph,
    ParagraphFormat,
    Revision,
    RevisionRecord,
    Row,
    Side,
    Span,
    Table,
    absent_from,
    iter_paragraphs,
)
from resdiff.records import record


def resolve_document(doc: Document, side: Side) -> Document:
    if doc.side is not None:
        return doc
    blocks = resolve_blocks(doc.blocks, side)
    notes = tuple(Note(kind=n.kind, id=n.id, blocks=resolve_blocks(n.blocks, side)) for n in doc.notes)
    if doc.markup == "formatting":  # the underline or strike-through that marked a revision goes with it
        blocks = _unmarked(blocks)
        notes = tuple(note.model_copy(update={"blocks": _unmarked(note.blocks)}) for note in notes)
    return doc.model_copy(update={"blocks": blocks, "notes": notes, "side": side})


def _unmarked(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Resolved blocks without the formatting --markup formatting read as revisions (the package transform strips
    it from the runs it keeps: every .docx written of a side has none); spans that become alike are joined."""
    from resdiff.ooxml.formatting import without_markup_marks

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = tuple(row.model_copy(update={"cells": tuple(
                cell.model_copy(update={"blocks": _unmarked(cell.blocks)}) for cell in row.cells)})
                for row in block.rows)
            out.append(block.model_copy(update={"rows": rows}))
        else:
            formats = [without_markup_marks(span.format) for span in block.spans]
            if all(fmt is span.format for fmt, span in zip(formats, block.spans)):
                out.append(block)
                continue
            spans = [span if fmt is span.format else span.model_copy(update={"format": fmt})
                     for fmt, span in zip(formats, block.spans)]
            out.append(block.model_copy(update={"spans": _merge(spans)}))
    return tuple(out)


def resolve_blocks(blocks: tuple[Block, ...], side: Side, *, in_cell: bool = False) -> tuple[Block, ...]:
    out: list[Block] = []
    carried: list[Span] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            table = _resolve_table(block, side)
            if table.rows:
                out.append(table)
            continue
        spans = carried + [s for s in block.spans if s.on(side)]  # cleaned when merged
        carried = []
        if absent_from(block.mark, side):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(following, Paragraph):
                carried = spans
                continue
            if not any(_visible(s) for s in spans):
                continue
        out.append(_resolved_paragraph(block, spans, side))
    if in_cell and not any(isinstance(b, Paragraph) for b in out[-1:]):
        out.append(Paragraph())  # a cell ends with a paragraph (ECMA-376 17.4.66)
    return tuple(out)


def _resolved_paragraph(paragraph: Paragraph, spans: list[Span], side: Side) -> Paragraph:
    return properties_on(paragraph, side).model_copy(update={"spans": _merge(spans, side)})


def properties_on(paragraph: Paragraph, side: Side) -> Paragraph:
    """The paragraph's style, numbering and properties as they are on one side (a w:pPrChange holds the old
    ones), with no spans: what decides its list label on that side."""
    style, style_id, numbering, fmt = paragraph.style, paragraph.style_id, paragraph.numbering, paragraph.format
    if side == "old":
        for change in paragraph.property_changes:
            if change.target == "paragraph":
                style = change.old.get("style", style)
                style_id = change.old.get("style_id", style_id)
                if "numbering" in change.old:
                    old = change.old["numbering"]
                    numbering = Numbering(**old) if old else None
                if "format" in change.old:
                    fmt = ParagraphFormat(**change.old["format"]) if change.old["format"] else None
            elif change.target == "numbering" and change.old.get("inserted"):
                numbering = None
    return Paragraph(style=style, style_id=style_id, numbering=numbering, format=fmt)


def _resolve_table(table: Table, side: Side) -> Table:
    rows = []
    for row in table.rows:
        if absent_from(row.revisions, side):
            continue
        cells = tuple(
            Cell(blocks=resolve_blocks(cell.blocks, side, in_cell=True), properties=cell.properties)
            for cell in row.cells
            if not absent_from(cell.revisions, side)
        )
        if cells:
            rows.append(Row(cells=cells, properties=row.properties))
    return Table(rows=tuple(rows), properties=table.properties, grid=table.grid)


def _clean(span: Span, side: Side) -> Span:
    """The span as it is on one side: no revisions, and the format it had on that side."""
    if not span.revisions and span.format_change is None:
        return span
    fmt = span.format_change.old if side == "old" and span.format_change is not None else span.format
    return Span(text=span.text, note=span.note, format=fmt, containers=span.containers, object=span.object)


def _merge(spans: Iterable[Span], side: Side | None = None) -> tuple[Span, ...]:
    """Join neighbouring spans with the same state, so that equal documents have equal spans; with a side, the
    spans as they are on it (`_clean`). One span is built per joined group, not one per span joined or cleaned:
    a paragraph of a million runs stays linear, and cheap."""
    out: list[Span] = []
    first: Span | None = None  # the first span of the group being joined
    texts: list[str] | None = None  # the group's texts, once it has more than one span
    last: tuple[object, ...] | None = None
    for span in spans:
        if not span.text and span.note is None and span.object is None:
            continue
        state = _state(span, side)
        # tuples compare their items by identity first: the reader shares formats and revision tuples
        if state is not None and last is not None and state == last:
            if texts is None:
                texts = [first.text] if first is not None else []
            texts.append(span.text)
        else:
            if first is not None:
                out.append(_joined(first, texts, side))
            first, texts = span, None
        last = state
    if first is not None:
        out.append(_joined(first, texts, side))
    return tuple(out)


def _joined(first: Span, texts: list[str] | None, side: Side | None) -> Span:
    """A group's span: its first span (cleaned to `side`), with the group's texts joined if there are several."""
    span = first if side is None else _clean(first, side)
    return span if texts is None else span.model_copy(update={"text": "".join(texts)})


def _state(span: Span, side: Side | None) -> tuple[object, ...] | None:
    """What must be equal for two neighbouring spans to join (None: a note or an object, never joined)."""
    if span.note is not None or span.object is not None:
        return None
    if side is None:
        return span.revisions, span.containers, span.format, span.format_change
    fmt = span.format_change.old if side == "old" and span.format_change is not None else span.format
    return (), span.containers, fmt, None


def _visible(span: Span) -> bool:
    """Content that keeps an emptied paragraph (the XML transform's rule: text, a note reference, a picture)."""
    return bool(span.text or span.note or (span.object is not None and span.object.kind == "picture"))


def merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    return _merge(spans)


Part = Literal["body", "footnote", "endnote"]


def list_revisions(doc: Document) -> list[RevisionRecord]:
    records: list[RevisionRecord] = []
    with collector_paused():  # a record per revision, none holding a cycle: see resdiff.collector
        _collect(doc.blocks, "body", records)
        for note in doc.notes:
            _collect(note.blocks, note.kind, records)
    return records


def _collect(blocks: tuple[Block, ...], part: Part, records: list[RevisionRecord]) -> None:
    for index, paragraph in enumerate(iter_paragraphs(blocks)):
        for span in paragraph.spans:
            for rev in span.revisions:
                text = f"[{span.note.kind} {span.note.id}]" if span.note is not None else \
                    f"[{span.object.kind}]" if span.object is not None else span.text
                _add(records, rev.kind, rev.author, rev.date, rev.id, text, index, part)
        for rev in paragraph.mark:
            _add(records, f"paragraph_mark_{rev.kind}", rev.author, rev.date, rev.id, "¶", index, part)
        for change in paragraph.property_changes:
            _add(records, f"{change.target}_property_change", change.author, change.date, change.id, "", index, part)
        previous = None
        for span in paragraph.spans:
            run_change = span.format_change
            if run_change is not None and run_change != previous:  # one w:rPrChange may cover several spans
                _add(records, "run_property_change", run_change.author, run_change.date, run_change.id, span.text,
                     index, part)
            previous = run_change
    _collect_tables(blocks, part, records)


def _collect_tables(blocks: tuple[Block, ...], part: Part, records: list[RevisionRecord]) -> None:
    for block in blocks:
        if not isinstance(block, Table):
            continue
        for change in block.property_changes:
            _add(records, f"{change.target}_property_change", change.author, change.date, change.id, "", -1, part)
        for row in block.rows:
            for rev in row.revisions:
                _add(records, f"row_{rev.kind}", rev.author, rev.date, rev.id, _row_text(row), -1, part)
            for cell in row.cells:
                for rev in cell.revisions:
                    text = " ".join(p.text for p in iter_paragraphs(cell.blocks))
                    _add(records, f"cell_{rev.kind}", rev.author, rev.date, rev.id, text, -1, part)


def _row_text(row: Row) -> str:
    return " | ".join(" ".join(p.text for p in iter_paragraphs(c.blocks)) for c in row.cells)


def _add(records: list[RevisionRecord], kind: str, author: str | None, date: str | None, rid: str | None,
         text: str, paragraph: int, part: Part) -> None:
    records.append(
        RevisionRecord(kind=kind, author=author, date=date, id=rid, text=text, paragraph=paragraph + 1,
                       part=part)
    )


def stamp_revisions(doc: Document, author: str | None, date: str | None) -> Document:
    """Fill in the author and date of revisions that have none (CriticMarkup and text carry neither)."""
    stamp = _Stamp(author, date, replace=False)
    notes = tuple(n.model_copy(update={"blocks": stamp.blocks(n.blocks)}) for n in doc.notes)
    return doc.model_copy(update={"blocks": stamp.blocks(doc.blocks), "notes": notes})


def stamp_paragraph(paragraph: Paragraph, author: str | None, date: str | None = None, *,
                    replace: bool = False) -> Paragraph:
    """The paragraph with every revision on it (text, mark, formatting) authored and dated: where they have
    none, or, with `replace`, by `author` and `date` wherever those are given."""
    return _Stamp(author, date, replace=replace).paragraph(paragraph)


@record(frozen=True)
class _Stamp:
    author: str | None
    date: str | None
    replace: bool

    def _who(self, author: str | None, date: str | None) -> dict[str, str | None]:
        if self.replace:
            return {"author": self.author or author, "date": self.date or date}
        return {"author": author or self.author, "date": date or self.date}

    def revisions(self, revisions: tuple[Revision, ...]) -> tuple[Revision, ...]:
        return tuple(r.model_copy(update=self._who(r.author, r.date)) for r in revisions)

    def paragraph(self, paragraph: Paragraph) -> Paragraph:
        spans = tuple(s.model_copy(update={
            "revisions": self.revisions(s.revisions),
            "format_change": s.format_change and s.format_change.model_copy(
                update=self._who(s.format_change.author, s.format_change.date))}) for s in paragraph.spans)
        return paragraph.model_copy(update={"spans": spans, "mark": self.revisions(paragraph.mark)})

    def blocks(self, items: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(self.paragraph(b) if isinstance(b, Paragraph) else self.table(b) for b in items)

    def table(self, table: Table) -> Table:
        rows = tuple(row.model_copy(update={
            "cells": tuple(c.model_copy(update={"blocks": self.blocks(c.blocks), "revisions": self.revisions(
                c.revisions)}) for c in row.cells),
            "revisions": self.revisions(row.revisions)}) for row in table.rows)
        return table.model_copy(update={"rows": rows})


def paragraph_status(paragraph: Paragraph) -> ClauseStatus:
    """What the revisions did to a paragraph, as the clause tree says it of a clause (`ACTIONS` gives the ITU
    symbol): inserted or deleted whole (mark and text), unchanged — also when only its label changed (a
    renumbering is NOC, the label change visible) —, else modified."""
    marks = {r.kind for r in paragraph.mark}
    kinds = {s.status for s in paragraph.spans if s.text.strip() or s.note}
    if marks & {"inserted", "moved_to"} and kinds <= {"inserted", "moved_to"}:
        return "inserted"
    if marks & {"deleted", "moved_from"} and kinds <= {"deleted", "moved_from"}:
        return "deleted"
    if not paragraph.has_revisions:
        return "unchanged"
    old, new = paragraph.text_on("old"), paragraph.text_on("new")
    return "unchanged" if old != new and _without_label(old) == _without_label(new) else "modified"


def _without_label(text: str) -> str:
    split = split_label(text)
    return split[1] if split else text
