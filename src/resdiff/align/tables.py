"""Tables diffed as tables: rows paired by content like clauses, cells diffed as block sequences.

A resolution's tables (an annex listing meetings, regions, deadlines) gain and lose rows the way its clauses do,
and their rows are renumbered too; so rows are paired by their text with the same matcher as paragraphs
(`resdiff.align.paragraphs`), never by position. An unpaired row is a tracked row (w:trPr/w:ins or w:del,
ECMA-376 17.13.5.14/17.13.5.12) whose text is tracked with it, as Word's Compare writes it; a paired row whose
cells do not line up one to one (a column added in one row) is written as the old row deleted and the new one
inserted, which Word and LibreOffice both show — w:cellIns/w:cellDel are not, reliably.
"""

from __future__ import annotations

from resdiff.align.diff import Stamp, block_text, diff_blocks, whole
from resdiff.align.paragraphs import match_paragraphs
from resdiff.model import Block, Paragraph, Revision, Row, Table


def diff_table(old: Table, new: Table, stamp: Stamp) -> Table:
    """One table in both versions, with the new version's table properties."""
    old_keys, new_keys = [_row_text(r) for r in old.rows], [_row_text(r) for r in new.rows]
    pairs = [(o, n) for o, n in match_paragraphs(old_keys, new_keys)
             if len(old.rows[o].cells) == len(new.rows[n].cells)]
    rows: list[Row] = []
    at_old = at_new = 0
    for o, n in pairs + [(len(old.rows), len(new.rows))]:
        # the rows between two pairs: deletions first, then insertions, as Word's Compare shows them
        rows.extend(whole_row(row, stamp("deleted")) for row in old.rows[at_old:o])
        rows.extend(whole_row(row, stamp("inserted")) for row in new.rows[at_new:n])
        if o < len(old.rows):
            rows.append(_diff_row(old.rows[o], new.rows[n], stamp))
        at_old, at_new = o + 1, n + 1
    return new.model_copy(update={"rows": tuple(rows)})


def _diff_row(old: Row, new: Row, stamp: Stamp) -> Row:
    cells = tuple(
        new_cell.model_copy(update={"blocks": tuple(diff_blocks(old_cell.blocks, new_cell.blocks, stamp))})
        for old_cell, new_cell in zip(old.cells, new.cells)
    )
    return new.model_copy(update={"cells": cells})


def whole_table(table: Table, revisions: tuple[Revision, ...]) -> Table:
    """A table deleted or inserted whole: every row tracked, with its text."""
    return table.model_copy(update={"rows": tuple(whole_row(row, revisions) for row in table.rows)})


def whole_row(row: Row, revisions: tuple[Revision, ...]) -> Row:
    """A row deleted or inserted: the row's revision, and its text and paragraph marks tracked with it, as Word
    writes an inserted row (the row's revision removes the cell paragraphs with the row on the other side; a
    paragraph tracked whole is what merge and the clause tree take for an added or suppressed one)."""
    return row.model_copy(update={"revisions": revisions, "cells": tuple(
        cell.model_copy(update={"blocks": _whole_blocks(cell.blocks, revisions)}) for cell in row.cells)})


def _whole_blocks(blocks: tuple[Block, ...], revisions: tuple[Revision, ...]) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(whole(block, revisions))
        else:
            out.append(whole_table(block, revisions))
    return tuple(out)


def _row_text(row: Row) -> str:
    return " | ".join(" ".join(block_text(b) for b in cell.blocks) for cell in row.cells)

