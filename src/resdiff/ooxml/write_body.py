"""Writing a document's blocks: paragraphs with their properties and revisions, and tables with their rows and cells
(paragraph content is `resdiff.ooxml.write_inline`'s).

Kept properties are written back verbatim; the style, list and section parts the model names are given the ids
of the package written (`resdiff.ooxml.definitions`, `resdiff.ooxml.relations`). Revisions of a paragraph mark, a
row or a cell sit in its properties, last (ECMA-376 17.13.5: CT_ParaRPr, CT_TrPr, CT_TcPr).
"""

from __future__ import annotations

from lxml import etree

from resdiff.model import Block, Cell, Numbering, Paragraph, ParagraphFormat, PropertyChange, Row, Table
from resdiff.ooxml.definitions import DefinitionWriter
from resdiff.ooxml.formatting import PPR_ORDER, build_ppr, insert_in_order, parse_fragment
from resdiff.ooxml.names import W_TRANSITIONAL, child, local, w
from resdiff.ooxml.relations import relationship_ids
from resdiff.ooxml.write_elements import cell_revision_tag, numbering_properties, revision_tag, style_reference
from resdiff.ooxml.write_inline import InlineWriter
from resdiff.ooxml.write_stream import PartStream

W = W_TRANSITIONAL
# A column without a width is dropped whole by pandoc (2.17) and squeezed by LibreOffice: a table written without a
# grid shares the text width of the default template's page (8.5 in less two 1 in margins = 9360 twips).
_TEXT_WIDTH = 9360
# A paragraph of more spans than this is serialised while it is written (`resdiff.ooxml.write_stream`), not built
# whole: a million runs made a tree of 1.3 GB. Below it, a paragraph is built apart and added whole, as before.
STREAMED_SPANS = 4096
STREAMED_ROWS = 256  # and a table of more rows than this, row by row (a row holds cells of paragraphs)


class BodyWriter:
    """Writes blocks for one package: the ids, styles and lists they use are those of the package written."""

    def __init__(self, inline: InlineWriter, styles: DefinitionWriter) -> None:
        self.inline = inline
        self.styles = styles

    def block(self, block: Block) -> etree._Element:
        return self.paragraph(block) if isinstance(block, Paragraph) else self.table(block)

    # ---- paragraphs -----------------------------------------------------------------------------------------------
    def paragraph(self, paragraph: Paragraph) -> etree._Element:
        p = self._paragraph_with_properties(paragraph)
        self.inline.write(p, paragraph.spans)
        return p

    def stream(self, block: Block, stream: PartStream) -> None:
        """`block` written into `stream`: a paragraph of many spans as it is written, a table of many rows row by row,
        any other block whole."""
        if isinstance(block, Paragraph) and len(block.spans) > STREAMED_SPANS:
            p = self._paragraph_with_properties(block)
            stream.open(p)
            for added in self.inline.writing(p, block.spans):
                stream.grown(added)
            stream.close()
        elif isinstance(block, Table) and len(block.rows) > STREAMED_ROWS:
            stream.open(self._table_with_properties(block))
            for row in block.rows:
                stream.add(self._row(row))
            stream.close()
        else:
            stream.add(self.block(block))

    def _paragraph_with_properties(self, paragraph: Paragraph) -> etree._Element:
        """The paragraph's w:p, with its properties and the revisions of its mark, without its content."""
        p = self.inline.element("p")
        ppr = self.paragraph_properties(paragraph.style, paragraph.style_id, paragraph.numbering, paragraph.format)
        if paragraph.mark:
            rpr = child(ppr, "rPr")
            if rpr is None:
                rpr = etree.Element(w("rPr"))
                insert_in_order(ppr, rpr, PPR_ORDER)
            for index, rev in enumerate(paragraph.mark):  # revision marks come first in CT_ParaRPr
                rpr.insert(index, self.inline.revision(revision_tag(rev), rev))
        for change in paragraph.property_changes:
            if change.target == "paragraph" and "format" in change.old:
                ppr.append(self._previous_properties(change))
        if len(ppr):
            p.append(ppr)
        return p

    def _previous_properties(self, change: PropertyChange) -> etree._Element:
        """A w:pPrChange holding the paragraph's previous style, list and format."""
        old = change.old
        numbering = Numbering(**old["numbering"]) if old.get("numbering") else None
        fmt = ParagraphFormat(**old["format"]) if old["format"] else None
        previous = self.paragraph_properties(old.get("style"), old.get("style_id"), numbering, fmt)
        for c in [c for c in previous if local(c) in ("rPr", "sectPr", "pPrChange")]:
            previous.remove(c)  # CT_PPrBase: the previous properties hold neither
        record = etree.Element(w("pPrChange"), self.inline.revision_attrs(change.author, change.date))
        record.append(previous)
        return record

    def paragraph_properties(self, style: str | None, source_style_id: str | None, numbering: Numbering | None,
                             fmt: ParagraphFormat | None) -> etree._Element:
        """The kept w:pPr with the style and numbering the model says (they may differ from the kept XML), as
        ids of the package written."""
        ppr = build_ppr(fmt, W)
        for c in [c for c in ppr if local(c) in ("pStyle", "numPr")]:
            ppr.remove(c)
        self._section_parts(ppr, fmt)
        style_id = self.styles.paragraph_style(style, source_style_id)
        if style_id:
            insert_in_order(ppr, style_reference(style_id), PPR_ORDER)
        if numbering is not None:
            insert_in_order(ppr, numbering_properties(numbering.level, self.styles.num_id(numbering.num_id)),
                            PPR_ORDER)
        return ppr

    def _section_parts(self, ppr: etree._Element, fmt: ParagraphFormat | None) -> None:
        """A section break's headers and footers, as parts of the package written: the same part where the package
        has it, a copy where it can stand alone. A header that is neither (it has pictures of its own, from another
        package) is dropped — the section then shows the previous section's, as in Word — never left dangling."""
        sect = child(ppr, "sectPr")
        if sect is None:
            return
        rels = {r.id: r for r in fmt.relationships} if fmt is not None else {}
        builder = self.inline.builder
        for ref in [c for c in sect if local(c) in ("headerReference", "footerReference")]:
            rel = next((rels[i] for i in relationship_ids(ref) if i in rels), None)
            new_id = builder.relate_part(self.inline.part, rel) if rel is not None and builder is not None else None
            if new_id is None:
                sect.remove(ref)
            else:
                for key in [k for k in ref.attrib if k.endswith("}id") and k != w("id")]:
                    ref.set(key, new_id)

    # ---- tables ---------------------------------------------------------------------------------------------------
    def table(self, table: Table) -> etree._Element:
        tbl = self._table_with_properties(table)
        for row in table.rows:
            tbl.append(self._row(row))
        return tbl

    def _table_with_properties(self, table: Table) -> etree._Element:
        """The table's w:tbl with its properties and grid, without its rows."""
        tbl = self.inline.element("tbl")
        tbl.append(self._table_properties(table.properties))
        tbl.append(_grid(table))
        return tbl

    def _table_properties(self, properties: str | None) -> etree._Element:
        """The kept w:tblPr with its table style as an id of the package written; an automatic width for none."""
        if not properties:
            tblpr = etree.Element(w("tblPr"))
            etree.SubElement(tblpr, w("tblW"), {w("w"): "0", w("type"): "auto"})
            return tblpr
        tblpr = parse_fragment(properties, W)
        table_style = child(tblpr, "tblStyle")
        if table_style is not None:
            table_style.set(w("val"), self.styles.style(table_style.get(w("val")) or ""))
        return tblpr

    def _row(self, row: Row) -> etree._Element:
        tr = self.inline.element("tr")
        # CT_TrPr: the row's properties, then its revision (w:ins / w:del) last
        trpr = parse_fragment(row.properties, W) if row.properties else etree.Element(w("trPr"))
        for rev in row.revisions:
            trpr.append(self.inline.revision(revision_tag(rev), rev))
        if len(trpr):
            tr.append(trpr)
        for cell in row.cells:
            tr.append(self._cell(cell))
        return tr

    def _cell(self, cell: Cell) -> etree._Element:
        tc = self.inline.element("tc")
        tcpr = parse_fragment(cell.properties, W) if cell.properties else etree.Element(w("tcPr"))
        for rev in cell.revisions:
            tcpr.append(self.inline.revision(cell_revision_tag(rev), rev))
        if len(tcpr):
            tc.append(tcpr)
        for block in cell.blocks:
            tc.append(self.block(block))
        if not cell.blocks or isinstance(cell.blocks[-1], Table):
            etree.SubElement(tc, w("p"))  # a cell ends with a paragraph (17.4.66)
        return tc


def _grid(table: Table) -> etree._Element:
    """The kept w:tblGrid, with a column for each cell of the widest row it lacks."""
    width = max((len(r.cells) for r in table.rows), default=0)
    grid = parse_fragment(table.grid, W) if table.grid else etree.Element(w("tblGrid"))
    for _ in range(len(grid), width):
        etree.SubElement(grid, w("gridCol"), {w("w"): str(_TEXT_WIDTH // max(width, 1))})
    return grid
