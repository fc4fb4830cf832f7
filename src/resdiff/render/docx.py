"""DOCX writer: chooses the package a document goes into; what goes into it is the OOXML layer's.

- A resolved side (accept / reject) of a document read from .docx transforms its own package, as Word's Accept All
  / Reject All does: every part is copied byte for byte except the WordprocessingML parts, whose revisions are
  resolved in place (`resdiff.ooxml.write_package.resolved_package`); styles, numbering, headers, footers, footnotes
  and media are kept.
- Any other document (a redline, a merged draft, text, CriticMarkup) is written into a package
  (`resdiff.ooxml.write_package.write_document`): the `template` given (a redline into the old version's package),
  else python-docx's default template. A tracked document read from .docx, written without a template, is its
  own package again.
"""

from __future__ import annotations

import functools
import pathlib

from resdiff.model import Document
from resdiff.ooxml.package import Package, open_package
from resdiff.ooxml.write_package import resolved_package, write_document
from resdiff.ooxml.zipping import zip_package


def render_docx(doc: Document, template: Package | None = None) -> bytes:
    """`doc` as a .docx: into `template` where one is given and can take it, else as described above. Revisions are
    native w:ins / w:del wherever the document is written into a package."""
    if isinstance(template, Package) and not (template is doc.source and doc.side is not None):
        written = write_document(doc, template)
        if written is not None:
            return written.to_zip()
    package = doc.source
    if not isinstance(package, Package):
        written = write_document(doc, _default_template())
        assert written is not None, "python-docx's default template is Transitional and has a body"
        return written.to_zip()
    return resolved_package(package, doc.side, doc.markup) if doc.side is not None else zip_package(package, {})


@functools.lru_cache(maxsize=1)
def _default_template() -> Package:
    import docx

    path = pathlib.Path(docx.__file__).parent / "templates" / "default.docx"
    return open_package(path.read_bytes(), "python-docx default template")
