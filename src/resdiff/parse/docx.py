"""DOCX reader: a WordprocessingML package → `Document`, every tracked change kept as span state.

This module only opens the package and assembles the document; what the XML means is the OOXML layer's
(`resdiff.ooxml.read_body` and the modules it uses), which also raises a `ResdiffError` naming the file for a
package that is not a Word document or that crosses a safety limit.
"""

from __future__ import annotations

from resdiff.collector import collector_paused
from resdiff.model import Document, Markup, Side
from resdiff.ooxml.definitions import read_definitions
from resdiff.ooxml.package import Package, open_package
from resdiff.ooxml.read_body import read_content


def read_docx(data: bytes, source: str, *, markup: Markup = "revisions") -> Document:
    """Read a .docx held in `data`; `source` names it in errors and messages."""
    return _read_package(open_package(data, source), markup)


RESOLVED_FORMATS = ("txt", "md", "html")
"""The outputs `read_resolved_docx` writes as the model's side does, on every corpus document, both sides and both
markups (2,308 outputs each). JSON differs on 65 of the 1,154 with revision marks: the model's side keeps the
definitions of styles and lists that only removed content used, and paragraph properties as the tracked document
holds them."""


def read_resolved_docx(data: bytes, source: str, side: Side, *, markup: Markup = "revisions") -> Document:
    """The document Word's Accept All (`side` "new") or Reject All ("old") makes of a .docx: its package resolved
    (`resolved_parts`, the transform `resdiff accept -o x.docx` writes) and read. Its text is `read_docx`'s
    `.new()` or `.old()` (tests/test_resolve_docx.py compares them on the whole corpus), but the model never holds
    the revisions: a paragraph of a million tracked runs is read as the few spans it resolves to (issue 20)."""
    from resdiff.ooxml.revisions import may_hold_revisions
    from resdiff.ooxml.styles import style_names
    from resdiff.ooxml.write_package import resolved_parts

    package = open_package(data, source)
    if markup == "revisions" and not any(may_hold_revisions(part) for name, part in package.parts.items()
                                         if name.endswith(".xml")):  # pictures are not looked through
        # nothing to resolve (--markup formatting reads underline as inserted: resolved by the transform)
        doc = _read_package(package, markup)
        return doc.new() if side == "new" else doc.old()
    style_names(package)  # refused as `read_docx` refuses it, in the same order: its styles before its body
    resolved = _read_package(package.with_parts(resolved_parts(package, side, markup)), markup)
    return resolved.model_copy(update={"side": side})  # as `.new()` and `.old()` mark theirs


def _read_package(package: Package, markup: Markup) -> Document:
    with collector_paused():  # see resdiff.collector
        content = read_content(package, markup)
    package.forget(package.main_part)  # the body is in the model now; keep its bytes, not its tree (issue 20)
    definitions = read_definitions(package, content.style_ids, content.num_ids)
    doc = Document(blocks=content.blocks, notes=content.notes, definitions=definitions, messages=content.messages,
                   markup=markup)
    return doc.with_source(package)

