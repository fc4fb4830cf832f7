"""DOCX writer for a resolved side: transform the original package, as Word's Accept All / Reject All does.

Every part is copied byte for byte except the WordprocessingML parts, whose revisions are resolved in place
(`resdiff.ooxml.revisions`); styles, numbering, headers, footers, footnotes and media are kept.
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

from resdiff.errors import UsageError
from resdiff.model import Document
from resdiff.ooxml.names import WORD_NAMESPACES
from resdiff.ooxml.package import Package
from resdiff.ooxml.revisions import resolve_part

# Fixed timestamp so that the same input gives the same bytes (CI can diff outputs).
_EPOCH = (1980, 1, 1, 0, 0, 0)


def render_docx(doc: Document) -> bytes:
    package = doc.source
    if not isinstance(package, Package):
        raise UsageError(None, "a .docx can only be written for documents read from a .docx")
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


def _is_wordprocessing(package: Package, name: str) -> bool:
    head = package.parts[name][:2048]
    if not any(ns.encode() in head for ns in WORD_NAMESPACES):
        return False
    return package.xml(name).tag.split("}")[0][1:] in WORD_NAMESPACES


def _zip(package: Package, replaced: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in package.parts.items():
            original = package.infos[name]
            info = zipfile.ZipInfo(original.filename, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, replaced.get(name, body))
    return buffer.getvalue()
