"""The WordprocessingML elements the .docx writer builds again and again, one typed builder each.

The writer's modules (`write_package` → `write_body` → `write_inline`) turn the model into elements; what recurs
among them — revision marks and their attributes, runs and their text, the runs of a complex field, numbering and
style references — is built here, so that each is spelled once. Everything is written in the Transitional namespace
(`resdiff.ooxml.names.w`); XML kept verbatim in the model is brought into it by `formatting.parse_fragment`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from lxml import etree

from resdiff.model import Revision, RevisionKind
from resdiff.ooxml.names import w
from resdiff.ooxml.vocabulary import REVISION_KINDS

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_REVISION_TAGS: dict[RevisionKind, str] = {kind: name for name, kind in REVISION_KINDS.items()}
FieldCharType = Literal["begin", "separate", "end"]


# ---- revisions (ECMA-376 17.13.5) ----------------------------------------------------------------------------------
def revision_tag(rev: Revision) -> str:
    """The element of a content revision: a move without a name (read from a document that did not tie its two ends
    together) is written as the deletion and insertion it also is."""
    if rev.move and rev.kind in ("moved_from", "moved_to"):
        return _REVISION_TAGS[rev.kind]
    return "del" if rev.kind in ("deleted", "moved_from") else "ins"


def deletes(revisions: Sequence[Revision]) -> bool:
    """Whether content under these revisions is deleted text (w:delText, w:delInstrText); text moved away stays
    w:t, as Word writes it."""
    return any(revision_tag(rev) == "del" for rev in revisions)


def cell_revision_tag(rev: Revision) -> str:
    """A cell's revision (17.13.5.3-4): inserted or deleted, whatever moved it."""
    return "cellIns" if rev.kind in ("inserted", "moved_to") else "cellDel"


def revision_attributes(rev_id: int, author: str, date: str | None) -> dict[str, str]:
    """w:id, w:author and (when known) w:date of a revision, in that order."""
    attrs = {w("id"): str(rev_id), w("author"): author}
    if date:
        attrs[w("date")] = date
    return attrs


def discard(el: etree._Element) -> None:
    """Remove `el` and what it holds, in time linear in its size. lxml's `remove` re-declares the namespaces of every
    node of the removed subtree with a lookup that grows by one entry per node: quadratic, hours for a paragraph of a
    million runs. Emptied first, its nodes are freed instead (those no Python object refers to: all of them, unless
    a caller holds one), and the empty shell goes."""
    parent = el.getparent()
    el.clear()
    if parent is not None:
        parent.remove(el)


def move_range(kind: RevisionKind, name: str, attrs: dict[str, str]) -> tuple[etree._Element, etree._Element]:
    """The start and end of the named range that ties the text that left (w:moveFrom) to the text that arrived
    (w:moveTo), 17.13.5.22-25; `attrs` are the start's revision attributes (the end repeats its id)."""
    tag = "moveFromRange" if kind == "moved_from" else "moveToRange"
    attrs[w("name")] = name
    return etree.Element(w(f"{tag}Start"), attrs), etree.Element(w(f"{tag}End"), {w("id"): attrs[w("id")]})


def run_properties_change(attrs: dict[str, str], old: etree._Element | None) -> etree._Element:
    """A w:rPrChange holding the run's previous properties (an empty w:rPr for none)."""
    record = etree.Element(w("rPrChange"), attrs)
    record.append(old if old is not None else etree.Element(w("rPr")))
    return record


_BREAKS = re.compile("([\t\n])")


# ---- runs ----------------------------------------------------------------------------------------------------------
def add_text(r: etree._Element, text: str, deleted: bool) -> None:
    """`text` into the run: w:t (w:delText when deleted) chunks, with tabs and line breaks as w:tab and w:br."""
    tag = w("delText" if deleted else "t")
    for piece in _BREAKS.split(text):  # split in C, not a Python loop over every character of the text
        if piece == "\t" or piece == "\n":
            etree.SubElement(r, w("tab" if piece == "\t" else "br"))
        else:
            _chunk(r, tag, piece)


def _chunk(r: etree._Element, tag: str, text: str) -> None:
    if text:
        t = etree.SubElement(r, tag)
        t.text = text
        if text != text.strip():
            t.set(XML_SPACE, "preserve")


def superscript() -> etree._Element:
    """The run properties of a note reference written without formatting of its own."""
    rpr = etree.Element(w("rPr"))
    etree.SubElement(rpr, w("vertAlign"), {w("val"): "superscript"})
    return rpr


def note_reference(r: etree._Element, kind: Literal["footnote", "endnote"], note_id: str) -> None:
    etree.SubElement(r, w(f"{kind}Reference"), {w("id"): note_id})


def field_char_run(kind: FieldCharType) -> etree._Element:
    """A run holding a complex field's begin, separate or end character (17.16.18)."""
    r = etree.Element(w("r"))
    etree.SubElement(r, w("fldChar"), {w("fldCharType"): kind})
    return r


def field_code_run(code: str, deleted: bool) -> etree._Element:
    """A run holding a complex field's code (w:instrText, w:delInstrText when deleted)."""
    r = etree.Element(w("r"))
    t = etree.SubElement(r, w("delInstrText" if deleted else "instrText"))
    t.text = f" {code} "
    t.set(XML_SPACE, "preserve")
    return r


# ---- paragraph properties ------------------------------------------------------------------------------------------
def style_reference(style_id: str) -> etree._Element:
    return etree.Element(w("pStyle"), {w("val"): style_id})


def numbering_properties(level: int, num_id: str) -> etree._Element:
    """A paragraph's w:numPr: its list (w:numId) and its level in it (w:ilvl), 17.9.19."""
    numpr = etree.Element(w("numPr"))
    etree.SubElement(numpr, w("ilvl"), {w("val"): str(level)})
    etree.SubElement(numpr, w("numId"), {w("val"): num_id})
    return numpr
