"""DOCX writer. A resolved side transforms the original package, as Word's Accept All / Reject All does:
every part is copied byte for byte except the WordprocessingML parts, whose revisions are resolved in place
(`resdiff.ooxml.revisions`); styles, numbering, headers, footers, footnotes and media are kept.
"""

from __future__ import annotations

import copy

from lxml import etree

from resdiff.model import Document
from resdiff.ooxml.names import WORD_NAMESPACES
from resdiff.ooxml.package import Package, zip_package
from resdiff.ooxml.revisions import resolve_part
from resdiff.render.docx_new import render_into_template, render_new_docx


def render_docx(doc: Document, template: Package | None = None) -> bytes:
    """A document is written into the `template` package when one is given (a redline into the old version's
    package); else the resolved side of a document read from .docx transforms that package; any other (text,
    CriticMarkup, a tracked document) is written into a fresh package. Revisions are native w:ins / w:del in the
    first and the last."""
    if isinstance(template, Package) and not (template is doc.source and doc.side is not None):
        written = render_into_template(doc, template)
        if written is not None:
            return written
    package = doc.source
    if not isinstance(package, Package):
        return render_new_docx(doc)
    replaced: dict[str, bytes] = {}
    if doc.side is not None:
        for name in package.parts:
            if not name.endswith(".xml") or name.startswith(("customXml/", "docProps/")):
                continue
            if not _is_wordprocessing(package, name):
                continue
            root = copy.deepcopy(package.xml(name))
            resolve_part(root, doc.side, doc.markup)
            replaced[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_package(package, replaced)


def _is_wordprocessing(package: Package, name: str) -> bool:
    head = package.parts[name][:2048]
    if not any(ns.encode() in head for ns in WORD_NAMESPACES):
        return False
    return package.xml(name).tag.split("}")[0][1:] in WORD_NAMESPACES


