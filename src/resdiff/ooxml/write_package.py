"""Writing a document into a WordprocessingML package, and resolving a package's revisions part by part.

`write_document` puts the body, notes and comments of a model document into a template package, whose other parts
are kept: styles, numbering, headers, section properties, settings. Revisions are native w:ins / w:del (ECMA-376
17.13.5) so that Word, LibreOffice and pandoc show them as tracked changes; the parts that notes, comments,
pictures and hyperlinks need are added to the package (`resdiff.ooxml.relations`).

`resolved_parts` is Word's Accept All / Reject All on a package read from .docx: every WordprocessingML part with
its revisions resolved in place (`resdiff.ooxml.revisions`), everything else left as it is.
"""

from __future__ import annotations

from lxml import etree

from resdiff.model import Document, Markup, Side
from resdiff.ooxml.definitions import DefinitionWriter
from resdiff.ooxml.formatting import parse_fragment
from resdiff.ooxml.names import W_TRANSITIONAL, WORD_NAMESPACES, child, w, word_ns
from resdiff.ooxml.package import Package, document_body
from resdiff.ooxml.relations import R_TRANSITIONAL, PackageBuilder
from resdiff.ooxml.revisions import resolve_part
from resdiff.ooxml.streamed import without_body_content
from resdiff.ooxml.styles import style_names
from resdiff.ooxml.write_body import BodyWriter
from resdiff.ooxml.write_elements import discard
from resdiff.ooxml.write_inline import InlineWriter
from resdiff.ooxml.write_stream import PartStream
from resdiff.ooxml.zipping import zip_package

W = W_TRANSITIONAL
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"


def write_document(doc: Document, template: Package, *, author: str = "resdiff",
                   date: str | None = None) -> PackageBuilder | None:
    """The document's body, notes and comments written into `template`, everything else of the package kept; None
    where the template cannot take it (Strict namespace, no body). Revisions without an author or a date are
    written as `author`'s, at `date` (none when None)."""
    main = template.main_part
    root = without_body_content(template, main)
    if word_ns(root) != W:
        return None
    builder = PackageBuilder(template)
    builder.set_xml(main, root)
    body = child(root, "body")
    if body is None:
        return None
    styles = DefinitionWriter(builder, main, doc.definitions)
    inline = InlineWriter(builder, main, author=author, date=date, styles=styles)
    builder.set_bytes(main, _replace_body(body, doc, BodyWriter(inline, styles)))
    _write_notes(builder, doc, inline, styles)
    _write_comments(builder, main, inline.comments)
    return builder


def _replace_body(body: etree._Element, doc: Document, writer: BodyWriter) -> list[bytes]:
    """The main part's bytes, with the document's blocks in place of the body's content; the final section
    properties stay. The blocks are serialised as they are written (`resdiff.ooxml.write_stream`)."""
    sect_pr = body.find(w("sectPr"))
    for el in list(body):
        if el is not sect_pr:
            discard(el)
    stream = PartStream(body, sect_pr)
    for block in doc.blocks:
        writer.stream(block, stream)
    return stream.chunks()


def _write_notes(builder: PackageBuilder, doc: Document, inline: InlineWriter, styles: DefinitionWriter) -> None:
    """The footnotes and endnotes in their parts (added where the package has none), after the separators."""
    main = inline.part
    for kind in ("footnote", "endnote"):
        notes = [n for n in doc.notes if n.kind == kind]
        if not notes:
            continue
        part = _notes_part(builder, main, kind)
        notes_root = builder.edit(part)
        for el in [el for el in notes_root if el.get(w("type")) is None]:
            discard(el)
        inline.part = part  # the notes' pictures and links are relationships of the notes part
        writer = BodyWriter(inline, styles)
        for note in notes:
            el = etree.SubElement(notes_root, w(kind), {w("id"): note.id})
            el.extend(writer.block(block) for block in note.blocks)
        inline.part = main


def _notes_part(builder: PackageBuilder, main: str, kind: str) -> str:
    rel_type = f"{R_TRANSITIONAL}/{kind}s"
    existing = builder.related_part(main, rel_type)
    if existing is not None:
        return existing
    name = f"word/{kind}s.xml"
    root = etree.Element(w(f"{kind}s"), nsmap={"w": W})
    for sep_id, sep_type in (("-1", "separator"), ("0", "continuationSeparator")):
        sep = etree.SubElement(root, w(kind), {w("type"): sep_type, w("id"): sep_id})
        etree.SubElement(etree.SubElement(etree.SubElement(sep, w("p")), w("r")), w(sep_type))
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
        builder.add_part(part, _CONTENT_TYPE.format("comments"), etree.Element(w("comments"), nsmap={"w": W}))
        builder.add_relationship(main, rel_type, part)
    root = builder.edit(part)
    for el in list(root):
        discard(el)
    for xml, comment_id in comments.items():
        el = parse_fragment(xml, W) if xml else etree.Element(w("comment"))
        el.set(w("id"), comment_id)
        root.append(el)


def resolved_package(package: Package, side: Side, markup: Markup) -> bytes:
    """Word's Accept All (`side` "new") or Reject All ("old") of a whole package, as .docx bytes: its
    WordprocessingML parts resolved (`resolved_parts`), every other part kept byte for byte. A package that was
    not read into the model first (`accept in.docx -o out.docx`: the model was four fifths of the time, and 0.7
    of 1.55 GB, for a paragraph of a million tracked runs; issue 20) is refused as the reader refuses it: the
    safety limits, what the reader reads before the body (the main part's relationships, its styles) and a main
    part without a w:body. What only the model needs is not checked (tables nested over 32 deep: the transform
    does not recurse)."""
    style_names(package)
    return zip_package(package, resolved_parts(package, side, markup))


def resolved_parts(package: Package, side: Side, markup: Markup) -> dict[str, bytes]:
    """The WordprocessingML parts of `package` with every revision resolved to `side`, serialised (the parts to
    replace; the others are kept byte for byte). Custom XML and document properties are not WordprocessingML."""
    replaced: dict[str, bytes] = {}
    for name in package.parts:
        if not name.endswith(".xml") or name.startswith(("customXml/", "docProps/")):
            continue
        main = name == package.main_part
        if not main and not _may_be_wordprocessing(package, name):
            continue
        root = package.xml_to_edit(name)
        if main:  # refused as the reader refuses it: not XML, or no w:body (another vocabulary has none)
            document_body(package, root)
        elif etree.QName(root).namespace not in WORD_NAMESPACES:
            continue
        resolve_part(root, side, markup)
        replaced[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return replaced


def _may_be_wordprocessing(package: Package, name: str) -> bool:
    """Whether the part's start names a WordprocessingML namespace (its root's namespace then decides)."""
    head = package.parts[name][:2048]
    return any(ns.encode() in head for ns in WORD_NAMESPACES)
