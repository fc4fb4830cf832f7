"""The style and list definitions of a redline: the old version's, and what only the new version defines.

Both versions number their lists from 1, so a list id of the new version may name another list in the old one;
such a list gets an id of its own, and the new version's paragraphs are renumbered to it before they are
compared. Styles are matched by name when written (`resdiff.ooxml.definitions`), so they need no renaming; a
style id both versions define differently keeps the old version's definition, as Word keeps the target
document's style when content is pasted into it.
"""

from __future__ import annotations

from collections.abc import Callable

from resdiff.model import Block, Definitions, Document, Note, Numbering, Paragraph, Table
from resdiff.ooxml.definitions import list_identity


def combined_definitions(old: Document, new: Document) -> tuple[Definitions, Document]:
    """The redline's definitions, and `new` with its list ids made distinct from the old version's lists."""
    styles = {**new.definitions.styles, **old.definitions.styles}
    numbering = dict(old.definitions.numbering)
    taken = set(old.definitions.numbering) | set(new.definitions.numbering)
    renamed: dict[str, str] = {}
    for num_id, xml in new.definitions.numbering.items():
        if num_id not in numbering:
            numbering[num_id] = xml
        elif list_identity(numbering[num_id]) != list_identity(xml):
            fresh = _free_id(taken)
            taken.add(fresh)
            renamed[num_id] = fresh
            numbering[fresh] = xml
    definitions = Definitions(styles=styles, numbering=numbering)
    if not renamed:
        return definitions, new

    def renumber(paragraph: Paragraph) -> Paragraph:
        numbering = paragraph.numbering
        if numbering is None or numbering.num_id not in renamed:
            return paragraph
        return paragraph.model_copy(update={"numbering": Numbering(num_id=renamed[numbering.num_id],
                                                                   level=numbering.level)})

    return definitions, map_paragraphs(new, renumber)


def _free_id(taken: set[str]) -> str:
    number = 1 + max((int(t) for t in taken if t.isascii() and t.isdigit()), default=0)
    while str(number) in taken:
        number += 1
    return str(number)


def map_paragraphs(doc: Document, change: Callable[[Paragraph], Paragraph]) -> Document:
    """The document with every paragraph (in tables and notes too) replaced by `change(paragraph)`."""

    def blocks(items: tuple[Block, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in items:
            if isinstance(block, Paragraph):
                out.append(change(block))
            else:
                out.append(_table(block))
        return tuple(out)

    def _table(table: Table) -> Table:
        rows = tuple(row.model_copy(update={"cells": tuple(cell.model_copy(update={"blocks": blocks(cell.blocks)})
                                                           for cell in row.cells)}) for row in table.rows)
        return table.model_copy(update={"rows": rows})

    notes = tuple(Note(kind=n.kind, id=n.id, blocks=blocks(n.blocks)) for n in doc.notes)
    return doc.model_copy(update={"blocks": blocks(doc.blocks), "notes": notes})
