"""DOCX writer for a resolved side: transform the original package, as Word's Accept All / Reject All does.

Every part is copied byte for byte except the WordprocessingML parts, whose revisions are resolved in place
(`resdiff.ooxml.revisions`); styles, numbering, headers, footers, footnotes and media are kept.
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

from resdiff.model import Document
from resdiff.ooxml.names import WORD_NAMESPACES
from resdiff.ooxml.package import Package
from resdiff.ooxml.revisions import resolve_part
from resdiff.render.docx_new import render_new_docx

# Fixed timestamp so that the same input gives the same bytes (CI can diff outputs).
_EPOCH = (1980, 1, 1, 0, 0, 0)


def render_docx(doc: Document) -> bytes:
    """The resolved side of a document read from .docx transforms that package; any other document (text,
    CriticMarkup, a computed diff) is written into a fresh package with native revision marks."""
    package = doc.source
    if not isinstance(package, Package):
        return stable_zip(render_new_docx(doc))
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
    return _zip(package, replaced)


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so that equal documents are equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, body in parts.items():
            out.writestr(_info(name), body)
    return buffer.getvalue()


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _is_wordprocessing(package: Package, name: str) -> bool:
    head = package.parts[name][:2048]
    if not any(ns.encode() in head for ns in WORD_NAMESPACES):
        return False
    return package.xml(name).tag.split("}")[0][1:] in WORD_NAMESPACES


def _zip(package: Package, replaced: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in package.parts.items():
            archive.writestr(_info(package.infos[name].filename), replaced.get(name, body))
    return buffer.getvalue()
