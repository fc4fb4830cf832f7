"""Word's generated list labels where resdiff reads text: the label Word shows before every numbered paragraph on
each side of a tracked document, and the document with those labels typed in.

A paragraph numbered by Word (w:numPr, directly or through its style) carries no label in its text; Word counts
it when it lays the page out. Everything in resdiff that reads labels from text — the clause tree, `check`, the
text, Markdown and HTML writers — therefore reads a copy of the document in which each generated label is typed at
the start of its paragraph, exactly as an editor would type it: the label, then its suffix (a tab unless the level
says otherwise). Where the label differs between the old and the new side (an item deleted above it), the typed
label is a deletion of the old label and an insertion of the new one — a renumbering, the way a tracked typed
label shows it. Writers with list numbering of their own (.docx) keep `w:numPr` and never see typed labels.

Each side is counted as Word counts it after Reject All / Accept All: a paragraph whose mark is absent from a side
joins the next paragraph there (resdiff.views) and so is not a list item of its own; paragraphs of a row or cell
absent from a side do not count; a tracked w:pPrChange gives the numbering of the old side.
"""

from __future__ import annotations

from collections.abc import Iterator

from resdiff.model import Block, Definitions, Document, Note, Paragraph, Revision, Side, Span, Table, absent_from
from resdiff.ooxml.numbering import Label, ListLabels
from resdiff.views import merge_spans, properties_on

# Bullets are characters of the level's font. The Symbol and Wingdings code points Word's bullet gallery uses
# (U+F0B7 in Symbol, U+F0A7 in Wingdings) and Courier New's "o" are shown as the Unicode bullets they draw; any
# other private-use character is a bullet glyph with no Unicode meaning, shown as "•".
_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "o": "◦", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖"}

Labels = list[tuple[Label | None, Label | None]]


def generated_labels(doc: Document) -> Labels:
    """The (old, new) generated label of every body paragraph, in the order of `doc.paragraphs()`."""
    return _both_sides(doc.blocks, doc.definitions, doc.side)


def type_labels(doc: Document) -> Document:
    """`doc` with every generated list label typed at the start of its paragraph (see the module docstring), its
    w:numPr dropped. The document is returned unchanged when nothing in it is numbered."""
    if not doc.definitions.numbering:
        return doc
    labels = iter(generated_labels(doc))
    blocks = _typed_blocks(doc.blocks, labels)
    notes = tuple(_typed_note(note, doc.definitions, doc.side) for note in doc.notes)
    return doc.model_copy(update={"blocks": blocks, "notes": notes})


def shown(label: Label) -> str:
    """The label as text: bullets as the Unicode character they draw, then the suffix."""
    text = label.text
    if label.format == "bullet":
        text = "".join(_BULLETS.get(c, "•" if "\ue000" <= c <= "\uf8ff" else c) for c in text)
    return text + label.suffix


def _both_sides(blocks: tuple[Block, ...], definitions: Definitions, resolved: Side | None) -> Labels:
    if not definitions.numbering:
        return [(None, None)] * sum(1 for _ in _walk(blocks, "new"))
    if resolved is not None:  # a resolved document has one side: both are the same
        one = _side(blocks, definitions, resolved)
        return [(label, label) for label in one]
    return list(zip(_side(blocks, definitions, "old"), _side(blocks, definitions, "new"), strict=True))


def _side(blocks: tuple[Block, ...], definitions: Definitions, side: Side) -> list[Label | None]:
    counter = ListLabels(definitions)
    return [counter.label(properties_on(paragraph, side)) if present else None
            for paragraph, present in _walk(blocks, side)]


def _walk(blocks: tuple[Block, ...], side: Side, present: bool = True) -> Iterator[tuple[Paragraph, bool]]:
    """Every paragraph in `iter_paragraphs` order, and whether it is a paragraph of its own on `side`."""
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                row_present = present and not absent_from(row.revisions, side)
                for cell in row.cells:
                    yield from _walk(cell.blocks, side, row_present and not absent_from(cell.revisions, side))
        else:
            yield block, present and not absent_from(block.mark, side)


def _typed_blocks(blocks: tuple[Block, ...], labels: Iterator[tuple[Label | None, Label | None]]) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = tuple(row.model_copy(update={"cells": tuple(
                cell.model_copy(update={"blocks": _typed_blocks(cell.blocks, labels)}) for cell in row.cells)})
                for row in block.rows)
            out.append(block.model_copy(update={"rows": rows}))
        else:
            out.append(_typed(block, *next(labels)))
    return tuple(out)


def _typed_note(note: Note, definitions: Definitions, resolved: Side | None) -> Note:
    labels = iter(_both_sides(note.blocks, definitions, resolved))
    return note.model_copy(update={"blocks": _typed_blocks(note.blocks, labels)})


def _typed(paragraph: Paragraph, old: Label | None, new: Label | None) -> Paragraph:
    if old is None and new is None:
        return paragraph
    before = shown(old) if old is not None else ""
    after = shown(new) if new is not None else ""
    common_head = _common_prefix(before, after)
    common_tail = _common_prefix(before[common_head:][::-1], after[common_head:][::-1])
    deleted, inserted = Revision(kind="deleted"), Revision(kind="inserted")
    if old is None or new is None:  # a list item on one side only: the label is inserted or deleted with it
        wanted = inserted if old is None else deleted
        # the revision of the text it comes with, so that the label and the text read as one change
        found = [r for s in paragraph.spans[:1] for r in s.revisions[-1:]] + list(paragraph.mark[-1:])
        revision = next((r for r in found if r.kind == wanted.kind), wanted)
        spans = [Span(text=before or after, revisions=(revision,))]
    else:  # renumbered: only what differs is deleted and inserted, as in a typed label `{--g--}{++f++})`
        spans = [Span(text=before[:common_head]),
                 Span(text=before[common_head:len(before) - common_tail], revisions=(deleted,)),
                 Span(text=after[common_head:len(after) - common_tail], revisions=(inserted,)),
                 Span(text=before[len(before) - common_tail:])]
    typed = merge_spans([*spans, *paragraph.spans])  # a label and text with one revision read as one change
    return paragraph.model_copy(update={"spans": typed, "numbering": None})


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length
