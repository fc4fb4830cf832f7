"""DOCX reader: a WordprocessingML package → `Document`, every tracked change kept as span state.

This module only opens the package and assembles the document; what the XML means is the OOXML layer's
(`resdiff.ooxml.read_body` and the modules it uses), which also raises a `ResdiffError` naming the file for a
package that is not a Word document or that crosses a safety limit.
"""

from __future__ import annotations

from resdiff.collector import collector_paused
from resdiff.model import Document, Markup
from resdiff.ooxml.definitions import read_definitions
from resdiff.ooxml.package import open_package
from resdiff.ooxml.read_body import read_content


def read_docx(data: bytes, source: str, *, markup: Markup = "revisions") -> Document:
    """Read a .docx held in `data`; `source` names it in errors and messages."""
    package = open_package(data, source)
    with collector_paused():  # see resdiff.collector
        content = read_content(package, markup)
    package.forget(package.main_part)  # the body is in the model now; keep its bytes, not its tree (issue 20)
    definitions = read_definitions(package, content.style_ids, content.num_ids)
    doc = Document(blocks=content.blocks, notes=content.notes, definitions=definitions, messages=content.messages,
                   markup=markup)
    return doc.with_source(package)

