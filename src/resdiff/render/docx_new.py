"""DOCX writer for documents built from the model (computed diffs, merged drafts, text, CriticMarkup).

The body is written into a package — the old version's for a redline, python-docx's default template otherwise —
whose other parts are kept: styles, numbering, headers, section properties, settings. Revisions are native
w:ins / w:del (ECMA-376 17.13.5) so that Word, LibreOffice and pandoc show them as tracked changes; notes,
comments and the parts pictures and hyperlinks need are added to the package (`resdiff.ooxml.relations`).
"""

from __future__ import annotations

import functools
import pathlib

from lxml import etree

from resdiff.model import Block, Document, Numbering, Paragraph, ParagraphFormat, Table
from resdiff.ooxml.definitions import DefinitionWriter
from resdiff.ooxml.formatting import PPR_ORDER, build_ppr, insert_in_order, parse_fragment
from resdiff.ooxml.names import W_TRANSITIONAL, child, local, word_ns
from resdiff.ooxml.package import Package, open_package
from resdiff.ooxml.relations import R_TRANSITIONAL, PackageBuilder, relationship_ids
from resdiff.render.docx_inline import InlineWriter, tag

W = W_TRANSITIONAL
_TEXT_WIDTH = 9360
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def render_new_docx(doc: Document, *, author: str = "resdiff", date: str | None = None) -> bytes:
    """The document in a fresh package (python-docx's default template)."""
    written = render_into_template(doc, _default_template(), author=author, date=date)
    assert written is not None
    return written


@functools.lru_cache(maxsize=1)
def _default_template() -> Package:
    import docx

    path = pathlib.Path(docx.__file__).parent / "templates" / "default.docx"
    return open_package(path.read_bytes(), "python-docx default template")


def render_into_template(doc: Document, template: Package, *, author: str = "resdiff",
                         date: str | None = None) -> bytes | None:
    """The document's body, notes and comments written into `template`; everything else of the package kept.
    None where the template cannot take it (Strict namespace, no body)."""
    if word_ns(template.xml(template.main_part)) != W:
        return None
    builder = PackageBuilder(template)
    main = template.main_part
    root = builder.edit(main)
    body = child(root, "body")
    if body is None:
        return None
    styles = DefinitionWriter(builder, main, doc.definitions)
    inline = InlineWriter(builder, main, author=author, date=date, styles=styles)
    _replace_body(body, doc, _BodyWriter(inline, styles))
    for kind in ("footnote", "endnote"):
        notes = [n for n in doc.notes if n.kind == kind]
        if notes:
            part = _notes_part(builder, main, kind)
            notes_root = builder.edit(part)
            for el in [el for el in notes_root if el.get(_w("type")) is None]:
                notes_root.remove(el)
            inline.part = part  # the notes' pictures and links are relationships of the notes part
            writer = _BodyWriter(inline, styles)
            for note in notes:
                el = etree.SubElement(notes_root, _w(kind), {_w("id"): note.id})
                el.extend(writer.block(block) for block in note.blocks)
            inline.part = main
    _write_comments(builder, main, inline.comments)
    return builder.to_zip()


def _notes_part(builder: PackageBuilder, main: str, kind: str) -> str:
    rel_type = f"{R_TRANSITIONAL}/{kind}s"
    existing = builder.related_part(main, rel_type)
    if existing is not None:
        return existing
    name = f"word/{kind}s.xml"
    root = etree.Element(_w(f"{kind}s"), nsmap={"w": W})
    for sep_id, sep_type in (("-1", "separator"), ("0", "continuationSeparator")):
        sep = etree.SubElement(root, _w(kind), {_w("type"): sep_type, _w("id"): sep_id})
        etree.SubElement(etree.SubElement(etree.SubElement(sep, _w("p")), _w("r")), _w(sep_type))
    builder.add_part(name, _CONTENT_TYPE.format(f"{kind}s"), root)
    builder.add_relationship(main, rel_type, name)
    return name


def _write_comments(builder: PackageBuilder, main: str, comments: dict[str, str]) -> None:
    """The comments the body refers to, with the ids the body gives them, as the package's comments part."""
    rel_type = f"{R_TRANSITIONAL}/comments"
    part = builder.related_part(main, rel_type)
    if not comments and part is None:
        return
    if part is None:
        part = "word/comments.xml"
        builder.add_part(part, _CONTENT_TYPE.format("comments"), etree.Element(_w("comments"), nsmap={"w": W}))
        builder.add_relationship(main, rel_type, part)
    root = builder.edit(part)
    for el in list(root):
        root.remove(el)
    for xml, comment_id in comments.items():
        el = parse_fragment(xml, W) if xml else etree.Element(_w("comment"))
        el.set(_w("id"), comment_id)
        root.append(el)


def _replace_body(body: etree._Element, doc: Document, writer: _BodyWriter) -> None:
    """The document's blocks in place of the body's content; the final section properties stay."""
    sect_pr = body.find(_w("sectPr"))
    for el in list(body):
        if el is not sect_pr:
            body.remove(el)
    for block in doc.blocks:
        element = writer.block(block)
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body.append(element)


class _BodyWriter:
    def __init__(self, inline: InlineWriter, styles: DefinitionWriter) -> None:
        self.inline = inline
        self.styles = styles

    def block(self, block: Block) -> etree._Element:
        return self.paragraph(block) if isinstance(block, Paragraph) else self.table(block)

    def paragraph(self, paragraph: Paragraph) -> etree._Element:
        p = etree.Element(_w("p"))
        ppr = self.paragraph_properties(paragraph.style, paragraph.style_id, paragraph.numbering, paragraph.format)
        if paragraph.mark:
            rpr = child(ppr, "rPr")
            if rpr is None:
                rpr = etree.Element(_w("rPr"))
                insert_in_order(ppr, rpr, PPR_ORDER)
            for index, rev in enumerate(paragraph.mark):  # revision marks come first in CT_ParaRPr
                rpr.insert(index, etree.Element(_w(tag(rev)), self.inline.revision_attrs(rev.author, rev.date)))
        for change in paragraph.property_changes:
            if change.target == "paragraph" and "format" in change.old:
                old = change.old
                numbering = Numbering(**old["numbering"]) if old.get("numbering") else None
                fmt = ParagraphFormat(**old["format"]) if old["format"] else None
                previous = self.paragraph_properties(old.get("style"), old.get("style_id"), numbering, fmt)
                for c in [c for c in previous if local(c) in ("rPr", "sectPr", "pPrChange")]:
                    previous.remove(c)  # CT_PPrBase: the previous properties hold neither
                record = etree.Element(_w("pPrChange"), self.inline.revision_attrs(change.author, change.date))
                record.append(previous)
                ppr.append(record)
        if len(ppr):
            p.append(ppr)
        self.inline.write(p, paragraph.spans)
        return p

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
            insert_in_order(ppr, etree.Element(_w("pStyle"), {_w("val"): style_id}), PPR_ORDER)
        if numbering is not None:
            numpr = etree.Element(_w("numPr"))
            etree.SubElement(numpr, _w("ilvl"), {_w("val"): str(numbering.level)})
            etree.SubElement(numpr, _w("numId"), {_w("val"): self.styles.num_id(numbering.num_id)})
            insert_in_order(ppr, numpr, PPR_ORDER)
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
                for key in [k for k in ref.attrib if k.endswith("}id") and k != _w("id")]:
                    ref.set(key, new_id)

    def table(self, table: Table) -> etree._Element:
        tbl = etree.Element(_w("tbl"))
        if table.properties:
            tblpr = parse_fragment(table.properties, W)
            table_style = child(tblpr, "tblStyle")
            if table_style is not None:
                table_style.set(_w("val"), self.styles.style(table_style.get(_w("val")) or ""))
            tbl.append(tblpr)
        else:
            tblpr = etree.SubElement(tbl, _w("tblPr"))
            etree.SubElement(tblpr, _w("tblW"), {_w("w"): "0", _w("type"): "auto"})
        width = max((len(r.cells) for r in table.rows), default=0)
        grid = parse_fragment(table.grid, W) if table.grid else etree.Element(_w("tblGrid"))
        for _ in range(len(grid), width):
            # a column without a width is dropped whole by pandoc (2.17) and squeezed by LibreOffice: share the
            # text width of the default template's page (8.5 in less two 1 in margins = 9360 twips)
            etree.SubElement(grid, _w("gridCol"), {_w("w"): str(_TEXT_WIDTH // max(width, 1))})
        tbl.append(grid)
        for row in table.rows:
            tr = etree.SubElement(tbl, _w("tr"))
            # CT_TrPr: the row's properties, then its revision (w:ins / w:del) last
            trpr = parse_fragment(row.properties, W) if row.properties else etree.Element(_w("trPr"))
            for rev in row.revisions:
                etree.SubElement(trpr, _w(tag(rev)), self.inline.revision_attrs(rev.author, rev.date))
            if len(trpr):
                tr.append(trpr)
            for cell in row.cells:
                tc = etree.SubElement(tr, _w("tc"))
                tcpr = parse_fragment(cell.properties, W) if cell.properties else etree.Element(_w("tcPr"))
                for rev in cell.revisions:
                    cell_tag = "cellIns" if rev.kind in ("inserted", "moved_to") else "cellDel"
                    etree.SubElement(tcpr, _w(cell_tag), self.inline.revision_attrs(rev.author, rev.date))
                if len(tcpr):
                    tc.append(tcpr)
                for block in cell.blocks:
                    tc.append(self.block(block))
                if not cell.blocks or isinstance(cell.blocks[-1], Table):
                    etree.SubElement(tc, _w("p"))
        return tbl
