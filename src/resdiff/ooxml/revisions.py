"""Resolve tracked changes inside WordprocessingML parts: Word's Accept All (side 'new') and Reject All ('old').

The transform works on the original XML so that everything resdiff does not model (run formatting, images,
bookmarks, fields, section properties) survives untouched. It follows the rules of `resdiff.views`, which
resolves the same revisions on the model; the two are tested against each other and against
Open-XML-PowerTools' expected documents.

References: ECMA-376 Part 1, 17.13 (revisions): 17.13.5 content revisions (w:ins, w:del, w:moveFrom, w:moveTo,
paragraph-mark revisions in w:pPr/w:rPr, row revisions in w:trPr, w:cellIns/w:cellDel) and 17.13.5.x property
revisions (w:rPrChange, w:pPrChange, w:sectPrChange, w:tblPrChange, …), each holding the *previous* properties.
"""

from __future__ import annotations

import re
from typing import Literal

from lxml import etree

from resdiff.model import Markup, Side
from resdiff.ooxml.formatting import MARKUP_MARKS
from resdiff.ooxml.names import MATH_NAMESPACES, WORD_NAMESPACES, child, local, math_local, word_ns
from resdiff.ooxml.vocabulary import REVISION_RANGE_MARKS

_CONTENT_REVISIONS = frozenset({"ins", "del", "moveFrom", "moveTo"})
_REMOVED_FROM = {"new": frozenset({"del", "moveFrom"}), "old": frozenset({"ins", "moveTo"})}
_RANGE_MARKERS = REVISION_RANGE_MARKS
# Property-change element → (element holding the previous properties, children of the parent to keep on reject).
_PROPERTY_CHANGES = {
    "rPrChange": ("rPr", frozenset()),
    "pPrChange": ("pPr", frozenset({"rPr", "sectPr"})),
    "sectPrChange": ("sectPr", frozenset({"headerReference", "footerReference"})),
    "tblPrChange": ("tblPr", frozenset()),
    "tblPrExChange": ("tblPrEx", frozenset()),
    "trPrChange": ("trPr", frozenset()),
    "tcPrChange": ("tcPr", frozenset()),
    "tblGridChange": ("tblGrid", frozenset()),
}
# Elements between blocks that do not count as blocks when looking for the paragraph that follows.
_BETWEEN_BLOCKS = frozenset(
    {"bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "proofErr", "permStart", "permEnd"}
) | _RANGE_MARKERS
_MARKERS = _CONTENT_REVISIONS | {"cellIns", "cellDel", "cellMerge", "numberingChange"} | _RANGE_MARKERS


# The start tag of any element that marks a revision, as a part's bytes spell it: '<', a prefix or none, the name,
# then a space, '/' or '>'. A part without one has nothing for Accept All or Reject All to change.
_REVISION_START = re.compile(rb"<(?:[\w.-]+:)?(?:%s)[\s/>]" % "|".join(
    sorted(_MARKERS | _PROPERTY_CHANGES.keys())).encode())


def may_hold_revisions(part: bytes) -> bool:
    """Whether a part's bytes may hold a revision mark (True when in doubt): one scan in C, no parse."""
    return _REVISION_START.search(part) is not None


def _tags(names: frozenset[str] | tuple[str, ...], namespaces: frozenset[str] = WORD_NAMESPACES) -> tuple[str, ...]:
    """The qualified tags of `names` in each namespace: each pass below asks lxml for its elements by tag, which
    lxml matches in C, instead of looking at every element of the part in Python (a part of a million runs has
    four million elements; issue 20)."""
    return tuple(f"{{{ns}}}{name}" for ns in sorted(namespaces) for name in sorted(names))


_OTHER_MARKER_TAGS = _tags(_MARKERS - _CONTENT_REVISIONS)
# Run, paragraph-mark, row and numbering properties that hold a content revision (one query per namespace and
# kind: an XPath union of large node sets is quadratic in libxml2).
_PROPERTIES_WITH_MARKERS = tuple(
    etree.XPath(f"descendant::w:{props}[{' or '.join(f'w:{name}' for name in sorted(_CONTENT_REVISIONS))}]",
                namespaces={"w": ns})
    for ns in sorted(WORD_NAMESPACES) for props in ("rPr", "trPr", "numPr"))
_CONTENT_TAGS = _tags(_CONTENT_REVISIONS)
_PROPERTY_CHANGE_TAGS = _tags(tuple(_PROPERTY_CHANGES))
_RPR_TAGS, _TBL_TAGS, _TR_TAGS, _TC_TAGS = _tags(("rPr",)), _tags(("tbl",)), _tags(("tr",)), _tags(("tc",))
# Hyperlinks, simple fields and equations: removed with the last of their runs.
_WRAPPER_TAGS = _tags(("hyperlink", "fldSimple")) + _tags(("oMath", "oMathPara"), MATH_NAMESPACES)


_VISIBLE_IN_RUN = frozenset(
    {"t", "delText", "tab", "ptab", "br", "cr", "sym", "noBreakHyphen", "softHyphen", "footnoteReference",
     "endnoteReference", "drawing", "pict", "object"}
)


def resolve_part(root: etree._Element, side: Side, markup: Markup = "revisions") -> None:
    """Resolve every revision in the part rooted at `root`, in place, to the given side."""
    ns = word_ns(root)
    joins: dict[etree._Element, None] = {}  # the paragraphs whose mark goes, in document order (a set in order)
    filled = [el for el in root.iter(*_WRAPPER_TAGS) if _has_runs(el)]
    _resolve_markers(root, side, joins)
    if markup == "formatting":
        _resolve_formatting(root, side, joins)
    _resolve_property_changes(root, side)
    _resolve_content(root, side, ns)
    _join_paragraphs(joins)
    _mend_containers(root, ns)
    for el in filled:  # a hyperlink, field or equation whose every run was removed goes with them (as in Word)
        if not _has_runs(el) and el.getparent() is not None:
            _detach(el)


def _resolve_markers(root: etree._Element, side: Side, joins: dict[etree._Element, None]) -> None:
    """Revision markers that sit inside property elements: paragraph marks, runs, rows, cells, numbering."""
    removed = _REMOVED_FROM[side]
    # The property elements that hold a content revision are found by XPath, in C: a paragraph's own w:ins and
    # w:del (a million in a paragraph of a million runs) are not looked at one by one in Python (issue 20).
    for find in _PROPERTIES_WITH_MARKERS:
        for props in find(root):
            for el in list(props):
                if el.tag in _CONTENT_TAGS:
                    _resolve_marker(el, props, side, removed, joins)
    for el in list(root.iter(*_OTHER_MARKER_TAGS)):
        parent = el.getparent()
        if parent is not None:
            _resolve_marker(el, parent, side, removed, joins)


def _resolve_marker(el: etree._Element, parent: etree._Element, side: Side, removed: frozenset[str],
                    joins: dict[etree._Element, None]) -> None:
    name = local(el)
    pname = local(parent)
    if name in _CONTENT_REVISIONS and pname == "rPr":
        owner = parent.getparent()
        if owner is not None and local(owner) == "pPr":
            paragraph = owner.getparent()
            if name in removed and paragraph is not None and local(paragraph) == "p":
                joins[paragraph] = None
            parent.remove(el)
        elif owner is not None and (local(owner) == "r" or math_local(owner) == "r"):
            _remove_or_keep(owner if name in removed else None, parent, el)
        else:
            parent.remove(el)
    elif name in _CONTENT_REVISIONS and pname == "trPr":
        row = parent.getparent()
        _remove_or_keep(row if name in removed else None, parent, el)
    elif name in ("cellIns", "cellDel"):
        # a cell's own mark is in its w:tcPr (ECMA-376 Part 1, 17.13.5.4 and 17.13.5.5), where the reader reads
        # it; one anywhere else marks nothing, and goes (in a run's w:rPr it removed the run and its text)
        cell = parent.getparent() if pname == "tcPr" else None
        gone = (name == "cellDel") == (side == "new") and cell is not None and local(cell) == "tc"
        _remove_or_keep(cell if gone else None, parent, el)
    elif name == "cellMerge":
        parent.remove(el)
    elif name == "ins" and pname == "numPr":
        if side == "old":
            numpr_parent = parent.getparent()
            if numpr_parent is not None:
                numpr_parent.remove(parent)
        else:
            parent.remove(el)
    elif name == "numberingChange" or name in _RANGE_MARKERS:
        parent.remove(el)


def _remove_or_keep(target: etree._Element | None, parent: etree._Element, marker: etree._Element) -> None:
    holder = target.getparent() if target is not None else None
    if target is not None and holder is not None:
        holder.remove(target)
    elif marker.getparent() is parent:
        parent.remove(marker)


def _resolve_formatting(root: etree._Element, side: Side, joins: dict[etree._Element, None]) -> None:
    """Formatting markup: strike/dstrike = deleted, underline = inserted (ITU proposals without revision marks)."""
    for rpr in list(root.iter(*_RPR_TAGS)):
        owner = rpr.getparent()
        if owner is None:
            continue
        kind = formatting_kind(rpr)
        if kind is None:
            continue
        gone = (kind == "deleted") == (side == "new")
        if local(owner) == "pPr":
            paragraph = owner.getparent()
            if gone and paragraph is not None:
                joins[paragraph] = None
            _strip_formatting(rpr)
        elif local(owner) == "r":
            holder = owner.getparent()
            if gone and holder is not None:
                holder.remove(owner)
            else:
                _strip_formatting(rpr)


def formatting_kind(rpr: etree._Element) -> Literal["inserted", "deleted"] | None:
    """In formatting markup, strike-through marks a deletion and underline an insertion."""
    for name in ("strike", "dstrike"):
        el = child(rpr, name)
        if el is not None and _on(el):
            return "deleted"
    u = child(rpr, "u")
    if u is not None and (_val(u) or "single") != "none":
        return "inserted"
    return None


def _strip_formatting(rpr: etree._Element) -> None:
    for el in list(rpr):
        if local(el) in MARKUP_MARKS:
            rpr.remove(el)


def _resolve_property_changes(root: etree._Element, side: Side) -> None:
    for el in list(root.iter(*_PROPERTY_CHANGE_TAGS)):
        name = local(el)
        parent = el.getparent()
        if parent is None:
            continue
        parent.remove(el)
        if side == "new":
            continue
        previous_name, kept = _PROPERTY_CHANGES[name]
        previous = child(el, previous_name)
        for prop in list(parent):
            if local(prop) not in kept and local(prop) not in _CONTENT_REVISIONS | {"cellIns", "cellDel"}:
                parent.remove(prop)
        if previous is not None:
            for index, prop in enumerate(list(previous)):
                parent.insert(index, prop)


def _resolve_content(root: etree._Element, side: Side, ns: str) -> None:
    removed = _REMOVED_FROM[side]
    # The removed wrappers go with their content (and any wrapper inside them), then the kept ones are unwrapped:
    # both by lxml in C, since a paragraph of a million runs has a million wrappers (issue 20). Whitespace between
    # elements (pretty-printed XML) is kept where it stood; WordprocessingML text is only in w:t.
    etree.strip_elements(root, *_tags(removed), with_tail=False)
    etree.strip_tags(root, *_tags(_CONTENT_REVISIONS - removed))
    if side == "old":
        for el in root.iter(*_tags(("delText",))):
            el.tag = f"{{{ns}}}t"
        for el in root.iter(*_tags(("delInstrText",))):
            el.tag = f"{{{ns}}}instrText"


def _detach(el: etree._Element) -> None:
    """Remove an element but keep the text that follows it (lxml stores it as the element's tail)."""
    parent = el.getparent()
    assert parent is not None
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _join_paragraphs(joins: dict[etree._Element, None]) -> None:
    """A paragraph whose mark is gone flows into the next paragraph, which keeps its own properties."""
    for paragraph in joins:
        if paragraph.getparent() is None:
            continue
        following = _following_paragraph(paragraph)
        if following is not None:
            content = [c for c in paragraph if local(c) != "pPr"]
            ppr = child(following, "pPr")
            # each after the one before: lxml's insert at an index walks the children to it, quadratic in a
            # paragraph of many runs (a million took hours)
            anchor = ppr
            for c in content:
                if anchor is None:
                    following.insert(0, c)
                else:
                    anchor.addnext(c)
                anchor = c
            _detach(paragraph)
        elif not _has_content(paragraph):
            _detach(paragraph)


def _following_paragraph(paragraph: etree._Element) -> etree._Element | None:
    """The next paragraph in reading order within the same story, looking through block-level content controls."""
    node: etree._Element | None = paragraph
    while node is not None:
        sibling = node.getnext()
        while sibling is not None and (local(sibling) in _BETWEEN_BLOCKS or not isinstance(sibling.tag, str)):
            sibling = sibling.getnext()
        if sibling is None:
            parent = node.getparent()
            if parent is not None and local(parent) in ("sdtContent", "customXml"):
                node = parent.getparent() if local(parent) == "sdtContent" else parent
                continue
            return None
        first = _first_block(sibling)
        return first if first is not None and local(first) == "p" else None
    return None


def _first_block(el: etree._Element) -> etree._Element | None:
    name = local(el)
    if name in ("p", "tbl"):
        return el
    if name in ("sdt", "customXml"):
        inner = child(el, "sdtContent") if name == "sdt" else el
        if inner is None:
            return None
        for c in inner:
            if local(c) in ("p", "tbl", "sdt", "customXml"):
                return _first_block(c)
    return None


def _has_content(paragraph: etree._Element) -> bool:
    for el in paragraph.iter():
        if local(el) == "pPr":
            continue
        if (local(el) in _VISIBLE_IN_RUN or math_local(el) == "t") and not _in_properties(el, paragraph):
            return True
    return False


def _in_properties(el: etree._Element, paragraph: etree._Element) -> bool:
    for ancestor in el.iterancestors():
        if ancestor is paragraph:
            return False
        if local(ancestor) == "pPr":
            return True
    return False


def _has_runs(el: etree._Element) -> bool:
    """Whether a run with content (more than its properties) is left inside."""
    return any((local(node) == "r" or math_local(node) == "r")
               and any(local(c) != "rPr" and math_local(c) != "rPr" for c in node) for node in el.iter())


def _mend_containers(root: etree._Element, ns: str) -> None:
    """Keep the document valid: no empty tables, and cells end with a paragraph (ECMA-376 17.4.66)."""
    for tbl in list(root.iter(*_TBL_TAGS)):
        if next(tbl.iter(*_TR_TAGS), None) is None and tbl.getparent() is not None:
            _detach(tbl)
    for tc in list(root.iter(*_TC_TAGS)):
        blocks = [c for c in tc if local(c) in ("p", "tbl", "sdt", "customXml")]
        if not blocks or local(blocks[-1]) == "tbl":
            tc.append(etree.Element(f"{{{ns}}}p"))


def _val(el: etree._Element) -> str | None:
    from resdiff.ooxml.names import attr

    return attr(el, "val")


def _on(el: etree._Element) -> bool:
    return (_val(el) or "true").lower() not in ("0", "false", "off")
