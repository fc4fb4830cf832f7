"""Reading a WordprocessingML document's blocks: the body, paragraphs and their properties, tables, footnotes and
endnotes — every tracked change kept as span state (`resdiff.parse.docx` assembles the `Document`).

The children of a body, cell, note or text box go through `BETWEEN_BLOCKS`; `IGNORED_BETWEEN_BLOCKS` names what
is skipped on purpose, and why; anything else is reported once per document (see `resdiff.ooxml.read_state`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal

from lxml import etree

from resdiff.errors import UnsafeInputError
from resdiff.model import Block, Cell, Markup, Message, Note, Numbering, Paragraph, PropertyChange, Revision, Row, Table
from resdiff.ooxml import streamed
from resdiff.ooxml.formatting import paragraph_format, properties_xml
from resdiff.ooxml.names import attr, child, local
from resdiff.ooxml.package import Package, document_body
from resdiff.ooxml.read_inline import IN_PARAGRAPH, InlineReader
from resdiff.ooxml.read_objects import InlineState
from resdiff.ooxml.read_state import (
    MAX_TABLE_DEPTH,
    NOT_CONTENT,
    dump,
    numbering,
    property_change,
    revision,
    val,
    where,
)
from resdiff.ooxml.revisions import formatting_kind
from resdiff.ooxml.vocabulary import RANGE_MARKS, REVISION_KINDS
from resdiff.records import record
from resdiff.views import merge_spans

IGNORED_BETWEEN_BLOCKS: dict[str, str] = {
    **NOT_CONTENT,
    "sectPr": "the last section's page setup, headers and footers: kept in the package, not text",
    "sdtPr": "a content control's properties (a block-level control's content is read as plain blocks)",
    "sdtEndPr": "a content control's end-mark properties",
    "customXmlPr": "the properties of custom XML markup, whose blocks are read as if they stood outside it",
    "tcPr": "a cell's properties, read by the cell itself",
    "tblPr": "a table's properties, read by the table itself",
    "tblGrid": "a table's column widths, read by the table itself",
    "altChunk": "content imported from another format (HTML, RTF) in a part of its own, converted only by Word",
}
# Wrappers whose children are read as if they stood outside them, in tables and rows as between blocks.
_TRANSPARENT_BLOCKS = ("sdt", "customXml", "sdtContent")


@record(frozen=True)
class Content:
    """What the reader found in a package: its blocks and notes, messages, and the styles and lists they use."""

    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]
    messages: tuple[Message, ...]
    style_ids: set[str]
    num_ids: set[str]


def read_content(package: Package, markup: Markup) -> Content:
    """Read the main document part of `package` and its footnotes and endnotes."""
    reader = BodyReader(package, markup)
    if len(package.parts[package.main_part]) < streamed.STREAM_FROM:
        blocks = reader.blocks(document_body(package))
    else:
        stream = reader.stream = streamed.StreamedPart(package, package.main_part)
        body = stream.body()
        if body is None:
            body = document_body(package, stream.root())  # which refuses it, as it refuses a part without a body
        reader.objects.namespace = etree.QName(stream.root()).namespace or ""
        blocks = reader.blocks(body)
        stream.finish()
        reader.stream = None
    notes = reader.notes()
    return Content(blocks=tuple(blocks), notes=tuple(notes), messages=tuple(reader.messages),
                   style_ids=reader.style_ids, num_ids=reader.num_ids)


class BodyReader(InlineReader):
    """The reader of one package's blocks (paragraph content is `InlineReader`'s)."""

    def blocks(self, container: etree._Element) -> list[Block]:
        out: list[Block] = []
        stream = self.stream
        for el in stream.body_children(container) if stream is not None and container is stream.body() else container:
            name = local(el)
            if not name:
                continue  # another vocabulary (see read_state)
            handler = BETWEEN_BLOCKS.get(name)
            if handler is not None:
                handler(self, el, out)
            elif name not in IGNORED_BETWEEN_BLOCKS:
                self.unknown(el)
        last = out[-1] if out else None
        if self.pending and isinstance(last, Paragraph):  # none follows in this container: the last one takes them
            out[-1] = last.model_copy(update={"spans": last.spans + tuple(self.pending)})
            self.pending = []
        return out

    def _pending_mark(self, el: etree._Element, out: list[Block]) -> None:
        # a bookmark or comment range opened or closed between paragraphs goes with the next paragraph
        self.pending.append(self.objects.range_mark(el, ()))

    def _paragraph(self, el: etree._Element, out: list[Block]) -> None:
        out.append(self.paragraph(el))

    def _table(self, el: etree._Element, out: list[Block]) -> None:
        out.append(self.table(el))

    def _transparent(self, el: etree._Element, out: list[Block]) -> None:
        inner = child(el, "sdtContent") if local(el) == "sdt" else el
        if inner is not None:
            out.extend(self.blocks(inner))

    def _revised_blocks(self, el: etree._Element, out: list[Block]) -> None:
        # Block-level revision wrappers occur only around content controls or runs that Word misplaced; their
        # paragraphs are read as they are and the wrapper reported.
        name = local(el)
        self.report_once(f"block-level w:{name}", f"w:{name} around blocks in {where(el)} is not read as a "
                                                  "revision; its content is read as it is")
        out.extend(self.blocks(el))

    # ---- paragraphs ---------------------------------------------------------------------------------------------
    def paragraph(self, p: etree._Element) -> Paragraph:
        spans = self.pending
        self.pending = []
        stream = self.stream if self.stream is not None and self.stream.streaming is p else None
        ppr = paragraph_properties_of(stream.paragraph_children(p, read=False) if stream else p)
        mark: tuple[Revision, ...] = ()
        changes: list[PropertyChange] = []
        style_id = None
        numbered = None
        if ppr is not None:
            mark, changes, style_id, numbered = self.paragraph_properties(ppr)
        self._children(p, (), spans, stream.paragraph_children(p) if stream else None)
        self.uses(style_id, numbered)
        for change in changes:
            old = change.old
            self.uses(old.get("style_id"), Numbering(**old["numbering"]) if old.get("numbering") else None)
        return Paragraph(
            spans=merge_spans(self.objects.end_paragraph(spans)),
            mark=mark,
            style=self.styles.get(style_id, style_id) if style_id else None,
            style_id=style_id,
            numbering=numbered,
            format=self.objects.section_parts(paragraph_format(ppr), ppr),
            property_changes=tuple(changes),
        )

    def paragraph_properties(self, ppr: etree._Element) -> tuple[tuple[Revision, ...], list[PropertyChange],
                                                                 str | None, Numbering | None]:
        """The paragraph mark's revisions, the property changes, the style id and the list membership."""
        mark: list[Revision] = []
        changes: list[PropertyChange] = []
        rpr = child(ppr, "rPr")
        if rpr is not None:
            for el in rpr:
                name = local(el)
                if name in REVISION_KINDS:
                    mark.append(revision(el, REVISION_KINDS[name]))
                elif name == "rPrChange":
                    changes.append(property_change(el, "paragraph_mark"))
        numpr = child(ppr, "numPr")
        if numpr is not None and child(numpr, "ins") is not None:
            changes.append(property_change(child(numpr, "ins"), "numbering", {"inserted": True}))
        pchange = child(ppr, "pPrChange")
        if pchange is not None:
            changes.append(property_change(pchange, "paragraph", self._old_properties(child(pchange, "pPr"))))
        if self.markup == "formatting" and rpr is not None:
            kind = formatting_kind(rpr)
            if kind:
                mark.append(Revision(kind=kind))
        return tuple(mark), changes, val(child(ppr, "pStyle")), numbering(numpr)

    def _old_properties(self, old_ppr: etree._Element | None) -> dict[str, Any]:
        """What a w:pPrChange says the paragraph had before: style, list membership and format."""
        old_style = val(child(old_ppr, "pStyle")) if old_ppr is not None else None
        old_num = numbering(child(old_ppr, "numPr")) if old_ppr is not None else None
        return {
            "style_id": old_style,
            "style": self.styles.get(old_style, old_style) if old_style else None,
            "numbering": old_num.model_dump() if old_num else None,
            "format": dump(paragraph_format(old_ppr)),
        }

    # ---- tables -------------------------------------------------------------------------------------------------
    def table(self, tbl: etree._Element) -> Table:
        self.table_depth += 1
        if self.table_depth > MAX_TABLE_DEPTH:
            raise UnsafeInputError(self.package.source, f"tables are nested more than {MAX_TABLE_DEPTH} deep")
        try:
            return self._table_of(tbl)
        finally:
            self.table_depth -= 1

    def _table_of(self, tbl: etree._Element) -> Table:
        """One pass over the table's children, so that a table streamed (`resdiff.ooxml.streamed`) is read row by row
        as it is parsed: its properties and grid (the first of each, wherever they stand) as they come, and their
        changes before the rows' changes."""
        stream = self.stream if self.stream is not None and self.stream.streaming is tbl else None
        found: dict[str, PropertyChange | None] = {}
        properties = grid = None
        row_changes: list[PropertyChange] = []
        rows: list[Row] = []
        for el in stream.table_children(tbl) if stream is not None else tbl:
            name = local(el)
            if name in ("tblPr", "tblGrid") and name not in found:
                change = child(el, f"{name}Change")
                found[name] = property_change(change, "table") if change is not None else None
                if name == "tblPr":
                    properties = properties_xml(el)
                    table_style = val(child(el, "tblStyle"))
                    if table_style:
                        self.style_ids.add(table_style)
                else:
                    grid = properties_xml(el)
            else:
                rows.extend(self.row(tr, row_changes) for tr in _inside((el,), "tr"))
        changes = [c for c in (found.get("tblPr"), found.get("tblGrid")) if c is not None] + row_changes
        return Table(rows=tuple(rows), property_changes=tuple(changes), properties=properties, grid=grid)

    def row(self, tr: etree._Element, changes: list[PropertyChange]) -> Row:
        revisions: list[Revision] = []
        trpr = child(tr, "trPr")
        if trpr is not None:
            for el in trpr:
                name = local(el)
                if name in REVISION_KINDS:
                    revisions.append(revision(el, REVISION_KINDS[name]))
                elif name == "trPrChange":
                    changes.append(property_change(el, "row"))
        tblprex = child(tr, "tblPrEx")
        if tblprex is not None and child(tblprex, "tblPrExChange") is not None:
            changes.append(property_change(child(tblprex, "tblPrExChange"), "row"))
        cells = [self.cell(tc, changes) for tc in _inside(tr, "tc")]
        return Row(cells=tuple(cells), revisions=tuple(revisions), properties=properties_xml(trpr))

    def cell(self, tc: etree._Element, changes: list[PropertyChange]) -> Cell:
        revisions: list[Revision] = []
        tcpr = child(tc, "tcPr")
        if tcpr is not None:
            for el in tcpr:
                name = local(el)
                if name == "cellIns":
                    revisions.append(revision(el, "inserted"))
                elif name == "cellDel":
                    revisions.append(revision(el, "deleted"))
                elif name in ("tcPrChange", "cellMerge"):
                    changes.append(property_change(el, "cell"))
        return Cell(blocks=tuple(self.blocks(tc)), revisions=tuple(revisions), properties=properties_xml(tcpr))

    # ---- notes --------------------------------------------------------------------------------------------------
    def notes(self) -> list[Note]:
        notes: list[Note] = []
        kinds: tuple[tuple[Literal["footnote", "endnote"], str], ...] = (("footnote", "footnotes"),
                                                                         ("endnote", "endnotes"))
        for kind, rel in kinds:
            for part in self.package.related(self.package.main_part, rel):
                for note in self.package.xml(part):
                    if local(note) != kind or attr(note, "type") in ("separator", "continuationSeparator",
                                                                     "continuationNotice"):
                        continue
                    self.objects = InlineState(self.package, part, self.objects.rels, namespace=self.objects.namespace)
                    self.pending = []
                    notes.append(Note(kind=kind, id=attr(note, "id") or "", blocks=tuple(self.blocks(note))))
        return notes


def paragraph_properties_of(p: Iterable[etree._Element]) -> etree._Element | None:
    """A paragraph's w:pPr: its first child (ECMA-376 17.3.1.22), looked for up to the first run or other content
    only, since a search through every child cost seconds in a paragraph of a million runs."""
    for el in p:
        name = local(el)
        if name == "pPr":
            return el
        if name in IN_PARAGRAPH and name not in RANGE_MARKS:  # a bookmark may stand before it (not Word)
            return None
    return None


def _inside(parent: Iterable[etree._Element], name: str) -> Iterator[etree._Element]:
    """The rows of a table or the cells of a row (`name`) among `parent`'s children, looking through content
    controls and custom XML; anything else there (properties, range marks between rows) is not read."""
    for el in parent:
        here = local(el)
        if here == name:
            yield el
        elif here in _TRANSPARENT_BLOCKS:
            inner = child(el, "sdtContent") if here == "sdt" else el
            if inner is not None:
                yield from _inside(inner, name)


BlockHandler = Callable[[BodyReader, etree._Element, list[Block]], None]

# Children of a body, a cell, a note, a text box, and of the content controls and custom XML around blocks.
BETWEEN_BLOCKS: dict[str, BlockHandler] = {
    "p": BodyReader._paragraph,
    "tbl": BodyReader._table,
    **{name: BodyReader._transparent for name in _TRANSPARENT_BLOCKS},
    **{name: BodyReader._revised_blocks for name in REVISION_KINDS},
    **{name: BodyReader._pending_mark for name in RANGE_MARKS},
}
