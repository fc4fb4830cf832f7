"""What the reader needs to read shapes and equations: markup-compatibility branches, the text boxes inside a
drawing, an object with tracked changes inside split into its two sides, and a text box's blocks as spans."""

from __future__ import annotations

import copy
from collections.abc import Iterator

from lxml import etree

from resdiff.model import Block, Paragraph, Revision, RevisionKind, Side, Span, absent_from
from resdiff.ooxml.names import MC, local
from resdiff.ooxml.read_state import revision
from resdiff.ooxml.revisions import resolve_part
from resdiff.ooxml.vocabulary import REVISION_KINDS

# Revisions inside an object that make it two objects, one per side: content changes and formatting changes.
INNER_REVISIONS = frozenset(REVISION_KINDS) | {"rPrChange", "pPrChange"}


def sides(el: etree._Element, revs: tuple[Revision, ...]) -> list[tuple[etree._Element, tuple[Revision, ...]]]:
    """An object with tracked changes inside (an equation, a shape's text box) as the object before them and the
    object after them: the first deleted, the second inserted — each side a whole object again. A side that the
    revisions around the object already remove is left out."""
    # the revision whose author and date the two sides take: a content change, else a formatting change
    marker = next((node for node in el.iter() if local(node) in INNER_REVISIONS), None)
    if marker is None:
        return [(el, revs)]
    both: tuple[tuple[Side, RevisionKind], ...] = (("old", "deleted"), ("new", "inserted"))
    kept = [(side, kind) for side, kind in both if not absent_from(revs, side)]
    out = []
    for side, kind in kept:
        resolved = copy.deepcopy(el)
        resolve_part(resolved, side)
        out.append((resolved, revs + ((revision(marker, kind),) if len(kept) == 2 else ())))
    if len(out) == 2 and etree.tostring(out[0][0], method="c14n") == etree.tostring(out[1][0], method="c14n"):
        return [(out[1][0], revs)]
    return out


def has_revisions(el: etree._Element) -> bool:
    return any(local(node) in INNER_REVISIONS for node in el.iter())


def is_alternate_content(el: etree._Element) -> bool:
    return bool(el.tag == f"{{{MC}}}AlternateContent")


def chosen_branch(el: etree._Element) -> etree._Element | None:
    """The first mc:Choice of an mc:AlternateContent, or its mc:Fallback when it has no Choice."""
    choice = next((c for c in el if c.tag == f"{{{MC}}}Choice"), None)
    return choice if choice is not None else next((c for c in el if c.tag == f"{{{MC}}}Fallback"), None)


def text_boxes(el: etree._Element | None) -> Iterator[etree._Element]:
    """The outermost w:txbxContent elements in a drawing, looking into one branch of each mc:AlternateContent
    (a nested text box is read by the reader of its container)."""
    for c in el if el is not None else ():
        if is_alternate_content(c):
            branch = chosen_branch(c)
            if branch is not None:
                yield from text_boxes(branch)
        elif local(c) == "txbxContent":
            yield c
        elif isinstance(c.tag, str):
            yield from text_boxes(c)


def flatten(blocks: list[Block], revs: tuple[Revision, ...]) -> list[Span]:
    """Blocks as spans, outer revisions first. The '\n' after a paragraph carries its mark's revisions when a
    paragraph follows, so that it goes where the views and the XML transform join the two paragraphs; after a
    table, a cell or a row it carries only the revisions of what contains it (tables and cells are not joined)."""
    out: list[Span] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph):
            out += [s.model_copy(update={"revisions": revs + s.revisions}) for s in block.spans]
            if following is not None:
                mark = block.mark if isinstance(following, Paragraph) else ()
                out.append(Span(text="\n", revisions=revs + mark))
        else:
            cells = [(revs + row.revisions + cell.revisions, cell) for row in block.rows for cell in row.cells]
            for number, (cell_revs, cell) in enumerate(cells):
                out += flatten(list(cell.blocks), cell_revs)
                if number + 1 < len(cells):
                    out.append(Span(text="\n", revisions=cell_revs))
            if following is not None:
                out.append(Span(text="\n", revisions=revs))
    return out
