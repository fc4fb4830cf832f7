"""Write a renumbering plan (`resdiff.align.renumbering`) into a document: as tracked changes authored by the
renumbering, or clean.

A renumbered typed label is its old core deleted and the new one inserted, the `)` and the tab kept:
`{~~j bis~>k~~})`, exactly as resdiff's redlines show a renumbering (a clause with two labels, never a deleted
and re-inserted clause). A reference is rewritten the same way, its label only: `point {~~5~>6~~} du décide`.

A label Word's list numbering generates (w:numPr) has nothing typed to rewrite: Word counts, so a list that is
all Word's is consecutive already. A typed label inside such a list (`4 bis` between Word's 4 and 5, as editors
type the labels Word cannot make) cannot become a typed `5`: Word would still show 5 on the next item, and the
list would read 4, 5, 5, 6. So the typed label is deleted and the paragraph made an item of the list its
preceding sibling belongs to (same w:numPr, or the same list style), a tracked paragraph-property change: Word
then counts it as 5 and every item after it one more, which is the final numbering. Rejecting the change gives
back the typed `4 bis` outside the list.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from resdiff.align.renumbering import Plan, Relabel, core, label_span
from resdiff.model import Block, Document, Paragraph, PropertyChange, Revision, Side, Span, Table
from resdiff.records import record
from resdiff.views import merge_spans


@record(frozen=True)
class TextEdit:
    start: int
    end: int
    text: str


@record(frozen=True)
class ListItem:
    """A typed paragraph made an item of its siblings' Word list: their numbering or list style."""

    model: Paragraph


@record(frozen=True)
class Stamp:
    author: str
    date: str | None
    clean: bool

    def revision(self, kind: str) -> tuple[Revision, ...]:
        if self.clean:
            return ()
        return (Revision(kind="deleted" if kind == "deleted" else "inserted", author=self.author, date=self.date),)


def edits_of(plan: Plan, paragraphs: list[Paragraph]) -> tuple[dict[int, list[TextEdit]], dict[int, ListItem]]:
    """The text edits per paragraph index, and the typed paragraphs that join a Word list."""
    edits: dict[int, list[TextEdit]] = {}
    lists: dict[int, ListItem] = {}
    siblings = _numbered_siblings(plan)
    for relabel in plan.changed:
        if relabel.generated:
            continue
        text = paragraphs[relabel.paragraph].text_on("new")
        where = label_span(text)
        if where is None:
            continue
        sibling = siblings[relabel]
        if sibling is not None:
            edits.setdefault(relabel.paragraph, []).append(TextEdit(0, where[2], ""))
            lists[relabel.paragraph] = ListItem(paragraphs[sibling])
        else:
            edits.setdefault(relabel.paragraph, []).append(TextEdit(0, where[0], core(relabel.new)))
    for ref in plan.references:
        edits.setdefault(ref.paragraph, []).append(TextEdit(ref.start, ref.end, ref.new_label))
    return {k: sorted(v, key=lambda e: e.start) for k, v in edits.items()}, lists


def _numbered_siblings(plan: Plan) -> dict[Relabel, int | None]:
    """For each clause, the paragraph of the nearest earlier clause of the same level whose label Word generates:
    None when a clause of a higher level, or of another section, comes first. One pass over the clauses in order
    (walking back from each clause was quadratic: 6,000 clauses took 4 s), clauses of one paragraph answered
    before any of them counts."""
    found: dict[Relabel, int | None] = {}
    generated: dict[int, int] = {}  # depth → its nearest generated clause, until a higher level or section cuts it
    section: int | None = None
    ordered = sorted(plan.labels, key=lambda r: r.paragraph)
    for _, group in itertools.groupby(ordered, key=lambda r: r.paragraph):
        clauses = list(group)
        for relabel in clauses:
            found[relabel] = generated.get(relabel.depth) if relabel.section == section else None
        for relabel in clauses:
            if relabel.section != section:
                generated, section = {}, relabel.section
            generated = {depth: p for depth, p in generated.items() if depth <= relabel.depth}
            if relabel.generated:
                generated[relabel.depth] = relabel.paragraph
    return found


def apply(doc: Document, edits: dict[int, list[TextEdit]], lists: dict[int, ListItem], stamp: Stamp) -> Document:
    """`doc` (one side only) with the edits made, tracked unless `stamp.clean`. The result has no side: it is a
    new text (a .docx writer given a side would resolve the template's own body to it instead)."""
    counter = iter(range(1 << 62))
    blocks = _blocks(doc.blocks, counter, edits, lists, stamp)
    return doc.model_copy(update={"blocks": blocks, "side": None})


def _blocks(blocks: tuple[Block, ...], counter: Iterator[int], edits: dict[int, list[TextEdit]],
            lists: dict[int, ListItem], stamp: Stamp) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = tuple(row.model_copy(update={"cells": tuple(
                cell.model_copy(update={"blocks": _blocks(cell.blocks, counter, edits, lists, stamp)})
                for cell in row.cells)}) for row in block.rows)
            out.append(block.model_copy(update={"rows": rows}))
            continue
        index = next(counter)
        paragraph = block
        if index in edits:
            paragraph = paragraph.model_copy(update={"spans": edited(paragraph.spans, edits[index], stamp)})
        if index in lists:
            paragraph = _listed(paragraph, lists[index].model, stamp)
        out.append(paragraph)
    return tuple(out)


def _listed(paragraph: Paragraph, model: Paragraph, stamp: Stamp) -> Paragraph:
    update: dict[str, object] = {"numbering": model.numbering}
    if model.numbering is None:  # numbered through its style: the paragraph takes the style
        update |= {"style": model.style, "style_id": model.style_id}
    if not stamp.clean:
        old = {"style": paragraph.style, "style_id": paragraph.style_id, "numbering": None,
               "format": paragraph.format.model_dump() if paragraph.format is not None else None}
        change = PropertyChange(target="paragraph", author=stamp.author, date=stamp.date, old=old)
        update["property_changes"] = (*paragraph.property_changes, change)
    return paragraph.model_copy(update=update)


def edited(spans: tuple[Span, ...], edits: list[TextEdit], stamp: Stamp, *, side: Side | None = None
           ) -> tuple[Span, ...]:
    """The spans with each edit's range deleted and its text inserted after it, in the format of the text it
    replaces. Offsets count the text of the spans that are not note references (`Paragraph.text_on`) — with
    `side`, of those on that side only (a tracked paragraph's new text: its deleted spans are passed over); the
    edits are sorted and do not overlap. One pass over spans and edits together."""
    out: list[Span] = []
    position, pending = 0, 0
    model: Span | None = None  # the first span an edit deletes from: the inserted text takes its format
    last: Span | None = None  # the last span with text: an insertion at the end takes its format
    for span in spans:
        length = len(span.text) if span.note is None and (side is None or span.on(side)) else 0
        if span.object is not None or not length:
            out.append(span)
            position += length
            continue
        here, stop = position, position + length
        while here < stop:
            edit = edits[pending] if pending < len(edits) else None
            if edit is None or edit.start >= stop:
                out.append(_piece(span, here - position, length))
                break
            if here < edit.start:
                out.append(_piece(span, here - position, edit.start - position))
                here = edit.start
                continue
            cut = min(edit.end, stop)
            model = model or span
            if cut > here and not stamp.clean:
                deleted = _piece(span, here - position, cut - position)
                out.append(deleted.model_copy(update={"revisions": (*span.revisions, *stamp.revision("deleted"))}))
            here = cut
            if here == edit.end:
                if edit.text:
                    out.append(_inserted(model, edit.text, stamp))
                pending, model = pending + 1, None
        position, last = stop, span
    for edit in edits[pending:]:  # insertions at the very end of the text (a closing mark added)
        if edit.text and last is not None:
            out.append(_inserted(last, edit.text, stamp))
    return merge_spans(out)


def _piece(span: Span, start: int, end: int) -> Span:
    return span.model_copy(update={"text": span.text[start:end]})


def _inserted(model: Span, text: str, stamp: Stamp) -> Span:
    return Span(text=text, format=model.format, containers=model.containers,
                revisions=(*model.revisions, *stamp.revision("inserted")))
