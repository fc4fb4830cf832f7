"""DOCX writer for documents that did not come from a .docx (text, CriticMarkup, computed diffs).

The package is python-docx's default template; the body is written from the model, revisions as native
w:ins / w:del (ECMA-376 17.13.5) so that Word, LibreOffice and pandoc show them as tracked changes.
"""

from __future__ import annotations

import copy
import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from resdiff.model import Block, Document, Numbering, Paragraph, ParagraphFormat, Revision, Span, Table
from resdiff.ooxml.formatting import PPR_ORDER, build_ppr, build_rpr, insert_in_order, parse_fragment
from resdiff.ooxml.names import W_TRANSITIONAL, child, local, word_ns
from resdiff.ooxml.package import Package, zip_package
from resdiff.ooxml.styles import style_names

W = W_TRANSITIONAL
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_ENDNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
_TAGS = {"inserted": "ins", "deleted": "del", "moved_to": "ins", "moved_from": "del"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def render_new_docx(doc: Document, *, author: str = "resdiff", date: str | None = None) -> bytes:
    package = docx.Document()
    writer = _BodyWriter(author=author, date=date, style_ids=_style_ids(package))
    _replace_body(package.element.body, doc, writer)
    for kind, rel, content_type in (("footnote", RT.FOOTNOTES, _FOOTNOTES_CT), ("endnote", RT.ENDNOTES, _ENDNOTES_CT)):
        notes = [n for n in doc.notes if n.kind == kind]
        if notes:
            root = etree.Element(_w(f"{kind}s"), nsmap={"w": W})
            for sep_id, sep_type in (("-1", "separator"), ("0", "continuationSeparator")):
                sep = etree.SubElement(root, _w(kind), {_w("type"): sep_type, _w("id"): sep_id})
                etree.SubElement(etree.SubElement(etree.SubElement(sep, _w("p")), _w("r")), _w(sep_type))
            for note in notes:
                el = etree.SubElement(root, _w(kind), {_w("id"): note.id})
                for block in note.blocks:
                    el.append(writer.block(block))
            blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            part = Part(PackURI(f"/word/{kind}s.xml"), content_type, blob, package.part.package)
            package.part.relate_to(part, rel)
    buffer = io.BytesIO()
    package.core_properties.author = author
    package.save(buffer)
    return buffer.getvalue()


def render_into_template(doc: Document, template: Package, *, author: str = "resdiff") -> bytes | None:
    """The document's body (and footnotes) written into `template`'s main part, everything else of the package
    kept: styles, numbering, headers, section properties. None where the template cannot take it (Strict
    namespace, notes but no notes part)."""
    root = copy.deepcopy(template.xml(template.main_part))
    body = child(root, "body")
    if body is None or word_ns(root) != W:
        return None
    writer = _BodyWriter(author=author, date=None,
                         style_ids={name: style_id for style_id, name in style_names(template).items()})
    _replace_body(body, doc, writer)
    replaced = {template.main_part: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
    for kind in ("footnote", "endnote"):
        notes = [n for n in doc.notes if n.kind == kind]
        if not notes:
            continue
        parts = template.related(template.main_part, f"{kind}s")
        if not parts:
            return None
        notes_root = copy.deepcopy(template.xml(parts[0]))
        for el in list(notes_root):
            if el.get(_w("type")) not in ("separator", "continuationSeparator", "continuationNotice"):
                notes_root.remove(el)
        for note in notes:
            el = etree.SubElement(notes_root, _w(kind), {_w("id"): note.id})
            for block in note.blocks:
                el.append(writer.block(block))
        replaced[parts[0]] = etree.tostring(notes_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_package(template, replaced)


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


def _style_ids(package: docx.document.Document) -> dict[str, str]:
    return {s.name: s.style_id for s in package.styles if s.name}


class _BodyWriter:
    def __init__(self, *, author: str, date: str | None, style_ids: dict[str, str]) -> None:
        self.author = author
        self.date = date
        self.style_ids = style_ids
        self.next_id = 1

    def block(self, block: Block) -> etree._Element:
        return self.paragraph(block) if isinstance(block, Paragraph) else self.table(block)

    def paragraph(self, paragraph: Paragraph) -> etree._Element:
        p = etree.Element(_w("p"))
        ppr = self.paragraph_properties(paragraph.style, paragraph.numbering, paragraph.format)
        if paragraph.mark:
            rpr = child(ppr, "rPr")
            if rpr is None:
                rpr = etree.Element(_w("rPr"))
                insert_in_order(ppr, rpr, PPR_ORDER)
            for index, rev in enumerate(paragraph.mark):  # revision marks come first in CT_ParaRPr
                rpr.insert(index, etree.Element(_w(_TAGS[rev.kind]), self._attrs(rev)))
        for change in paragraph.property_changes:
            if change.target == "paragraph" and "format" in change.old:
                old = change.old
                numbering = Numbering(**old["numbering"]) if old.get("numbering") else None
                fmt = ParagraphFormat(**old["format"]) if old["format"] else None
                previous = self.paragraph_properties(old.get("style"), numbering, fmt)
                for c in [c for c in previous if local(c) in ("rPr", "sectPr", "pPrChange")]:
                    previous.remove(c)  # CT_PPrBase: the previous properties hold neither
                record = etree.Element(_w("pPrChange"), self._change_attrs(change.author, change.date))
                record.append(previous)
                ppr.append(record)
        if len(ppr):
            p.append(ppr)
        for span in paragraph.spans:
            p.append(self.span(span))
        return p

    def paragraph_properties(self, style: str | None, numbering: Numbering | None,
                             fmt: ParagraphFormat | None) -> etree._Element:
        """The kept w:pPr with the style and numbering the model says (they may differ from the kept XML)."""
        ppr = build_ppr(fmt, W)
        for c in [c for c in ppr if local(c) in ("pStyle", "numPr")]:
            ppr.remove(c)
        style_id = self.style_ids.get(style or "")
        if style_id:
            insert_in_order(ppr, etree.Element(_w("pStyle"), {_w("val"): style_id}), PPR_ORDER)
        if numbering is not None:
            numpr = etree.Element(_w("numPr"))
            etree.SubElement(numpr, _w("ilvl"), {_w("val"): str(numbering.level)})
            etree.SubElement(numpr, _w("numId"), {_w("val"): numbering.num_id})
            insert_in_order(ppr, numpr, PPR_ORDER)
        return ppr

    def span(self, span: Span) -> etree._Element:
        deleted = any(r.kind in ("deleted", "moved_from") for r in span.revisions)
        node = self.run(span, deleted)
        for rev in reversed(span.revisions):
            wrapper = etree.Element(_w(_TAGS[rev.kind]), self._attrs(rev))
            wrapper.append(node)
            node = wrapper
        return node

    def run(self, span: Span, deleted: bool) -> etree._Element:
        r = etree.Element(_w("r"))
        rpr = build_rpr(span.format, W)
        if span.note is not None and span.format is None:
            rpr = etree.Element(_w("rPr"))
            etree.SubElement(rpr, _w("vertAlign"), {_w("val"): "superscript"})
        if span.format_change is not None:
            rpr = rpr if rpr is not None else etree.Element(_w("rPr"))
            change = span.format_change
            record = etree.SubElement(rpr, _w("rPrChange"), self._change_attrs(change.author, change.date))
            record.append(build_rpr(change.old, W) if change.old is not None else etree.Element(_w("rPr")))
        if rpr is not None:
            r.append(rpr)
        if span.note is not None:
            etree.SubElement(r, _w(f"{span.note.kind}Reference"), {_w("id"): span.note.id})
            return r
        text_tag = _w("delText") if deleted else _w("t")
        chunk = ""
        for ch in span.text:
            if ch in "\t\n":
                self._text(r, text_tag, chunk)
                chunk = ""
                etree.SubElement(r, _w("tab" if ch == "\t" else "br"))
            else:
                chunk += ch
        self._text(r, text_tag, chunk)
        return r

    @staticmethod
    def _text(r: etree._Element, tag: str, text: str) -> None:
        if text:
            t = etree.SubElement(r, tag)
            t.text = text
            if text != text.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def table(self, table: Table) -> etree._Element:
        tbl = etree.Element(_w("tbl"))
        if table.properties:
            tbl.append(parse_fragment(table.properties, W))
        else:
            tblpr = etree.SubElement(tbl, _w("tblPr"))
            etree.SubElement(tblpr, _w("tblW"), {_w("w"): "0", _w("type"): "auto"})
        width = max((len(r.cells) for r in table.rows), default=0)
        grid = parse_fragment(table.grid, W) if table.grid else etree.Element(_w("tblGrid"))
        for _ in range(len(grid), width):
            etree.SubElement(grid, _w("gridCol"))
        tbl.append(grid)
        for row in table.rows:
            tr = etree.SubElement(tbl, _w("tr"))
            # CT_TrPr: the row's properties, then its revision (w:ins / w:del) last
            trpr = parse_fragment(row.properties, W) if row.properties else etree.Element(_w("trPr"))
            for rev in row.revisions:
                etree.SubElement(trpr, _w(_TAGS[rev.kind]), self._attrs(rev))
            if len(trpr):
                tr.append(trpr)
            for cell in row.cells:
                tc = etree.SubElement(tr, _w("tc"))
                tcpr = parse_fragment(cell.properties, W) if cell.properties else etree.Element(_w("tcPr"))
                for rev in cell.revisions:
                    tag = "cellIns" if rev.kind in ("inserted", "moved_to") else "cellDel"
                    etree.SubElement(tcpr, _w(tag), self._attrs(rev))
                if len(tcpr):
                    tc.append(tcpr)
                for block in cell.blocks:
                    tc.append(self.block(block))
                if not cell.blocks or isinstance(cell.blocks[-1], Table):
                    etree.SubElement(tc, _w("p"))
        return tbl

    def _attrs(self, rev: Revision) -> dict[str, str]:
        return self._change_attrs(rev.author, rev.date)

    def _change_attrs(self, author: str | None, date: str | None) -> dict[str, str]:
        attrs = {_w("id"): str(self.next_id), _w("author"): author or self.author}
        self.next_id += 1
        date = date or self.date
        if date:
            attrs[_w("date")] = date
        return attrs
