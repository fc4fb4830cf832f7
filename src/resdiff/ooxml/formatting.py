"""Run and paragraph properties ↔ the model: the common character marks as data, the rest kept verbatim.

A span's `RunFormat` holds bold, italic, underline … as fields (what writers and the diff look at) and the run's
own `w:rPr` as XML text (what a .docx writer writes back, so that a round trip changes nothing the model does not
name). Revision markers (w:ins, w:del, w:rPrChange …) are not formatting: they are taken out of the kept XML and
modelled as revisions. ECMA-376 Part 1, 17.3.2 (run properties), 17.3.1 (paragraph properties), 17.13.5 (their
revisions).
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from resdiff.model import ParagraphFormat, RunFormat
from resdiff.ooxml.names import W_TRANSITIONAL, WORD_NAMESPACES, attr, child, local

# Elements inside w:rPr / w:pPr that are revisions, not formatting.
_REVISION_MARKERS = frozenset({"ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "numberingChange"})
# ECMA-376 17.3.2.28 CT_RPr: the order Word expects the run properties in.
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)
# ECMA-376 17.3.1.26 CT_PPr (base part; rPr, sectPr, pPrChange follow in that order).
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
_TOGGLES = {"b": "bold", "i": "italic", "strike": "strike", "dstrike": "double_strike", "caps": "caps",
            "smallCaps": "small_caps"}
_OFF = frozenset({"0", "false", "off"})


def run_format(rpr: etree._Element | None) -> RunFormat | None:
    """The formatting a w:rPr gives its run, or None when it gives none (absent, or revision markers only)."""
    if rpr is None:
        return None
    kept = [c for c in rpr if local(c) not in _REVISION_MARKERS]
    if not kept:
        return None
    clean = etree.Element(rpr.tag, nsmap=rpr.nsmap)
    clean.extend(copy.deepcopy(c) for c in kept)
    return RunFormat(xml=etree.tostring(clean, encoding="unicode"), **_marks(clean))


def _marks(rpr: etree._Element) -> dict[str, Any]:
    marks: dict[str, Any] = {}
    for el in rpr:
        name = local(el)
        value = attr(el, "val")
        if name in _TOGGLES:
            marks[_TOGGLES[name]] = value not in _OFF
        elif name == "u" and value != "none":
            marks["underline"] = value or "single"
        elif name == "vertAlign" and value in ("superscript", "subscript"):
            marks["vert_align"] = value
        elif name == "highlight" and value and value != "none":
            marks["highlight"] = value
        elif name == "color" and value and value != "auto":
            marks["color"] = value
        elif name == "rFonts":
            font = attr(el, "ascii") or attr(el, "hAnsi") or attr(el, "cs") or attr(el, "eastAsia")
            if font:
                marks["font"] = font
        elif name == "sz" and value and value.isascii() and value.isdigit():
            marks["size"] = int(value) / 2
        elif name == "rStyle" and value:
            marks["style"] = value
    return marks


def build_rpr(fmt: RunFormat | None, ns: str = W_TRANSITIONAL) -> etree._Element | None:
    """A w:rPr for the format: its kept XML where the marks still say the same, patched where they do not (a
    format built or edited in code)."""
    if fmt is None:
        return None
    rpr = _parse(fmt.xml, ns) if fmt.xml else etree.Element(f"{{{ns}}}rPr")
    if _marks(rpr) != _marks_of(fmt):
        _patch(rpr, fmt, ns)
    return rpr if len(rpr) else None


def _marks_of(fmt: RunFormat) -> dict[str, Any]:
    return {k: v for k, v in fmt.model_dump(exclude={"xml"}).items() if v not in (None, False)}


def _patch(rpr: etree._Element, fmt: RunFormat, ns: str) -> None:
    for tag, field in _TOGGLES.items():
        _set(rpr, tag, ns, {} if getattr(fmt, field) else None)
    _set(rpr, "u", ns, {"val": fmt.underline} if fmt.underline else None)
    _set(rpr, "vertAlign", ns, {"val": fmt.vert_align} if fmt.vert_align else None)
    _set(rpr, "highlight", ns, {"val": fmt.highlight} if fmt.highlight else None)
    _set(rpr, "color", ns, {"val": fmt.color} if fmt.color else None)
    _set(rpr, "rFonts", ns, {"ascii": fmt.font, "hAnsi": fmt.font, "cs": fmt.font} if fmt.font else None)
    size = str(round(fmt.size * 2)) if fmt.size else None
    _set(rpr, "sz", ns, {"val": size} if size else None)
    _set(rpr, "rStyle", ns, {"val": fmt.style} if fmt.style else None)


def _set(parent: etree._Element, tag: str, ns: str, attrs: dict[str, str] | None) -> None:
    """Make `parent` have exactly one `tag` child with these attributes (None: none), in schema order."""
    for old in [c for c in parent if local(c) == tag]:
        parent.remove(old)
    if attrs is not None:
        el = etree.Element(f"{{{ns}}}{tag}", {f"{{{ns}}}{k}": v for k, v in attrs.items()})
        insert_in_order(parent, el, RPR_ORDER if local(parent) == "rPr" else PPR_ORDER)


def insert_in_order(parent: etree._Element, el: etree._Element, order: tuple[str, ...]) -> None:
    """Insert `el` before the first child that comes after it in the schema's sequence."""
    rank = {name: index for index, name in enumerate(order)}
    mine = rank.get(local(el), len(order))
    for index, c in enumerate(parent):
        if rank.get(local(c), len(order)) > mine:
            parent.insert(index, el)
            return
    parent.append(el)


_TABLE_REVISIONS = _REVISION_MARKERS | {"tblPrChange", "tblGridChange", "trPrChange", "tcPrChange", "tblPrExChange",
                                        "cellIns", "cellDel", "cellMerge"}


def properties_xml(el: etree._Element | None) -> str | None:
    """A table's, row's or cell's property element as XML text, its revision records taken out (they are
    modelled as revisions); None when nothing else is left."""
    if el is None:
        return None
    clean = etree.Element(el.tag, nsmap=el.nsmap)
    clean.extend(copy.deepcopy(c) for c in el if local(c) not in _TABLE_REVISIONS)
    return etree.tostring(clean, encoding="unicode") if len(clean) else None


def paragraph_format(ppr: etree._Element | None) -> ParagraphFormat | None:
    """The properties of a w:pPr beyond its style and numbering (which the model holds as fields), with the
    paragraph mark's revision markers and the property-change record taken out."""
    if ppr is None:
        return None
    clean = etree.Element(ppr.tag, nsmap=ppr.nsmap)
    for c in ppr:
        name = local(c)
        if name in _REVISION_MARKERS:
            continue
        c = copy.deepcopy(c)
        if name == "rPr":
            for marker in [m for m in c if local(m) in _REVISION_MARKERS]:
                c.remove(marker)
            if not len(c):
                continue
        if name == "numPr":
            for marker in [m for m in c if local(m) in _REVISION_MARKERS]:
                c.remove(marker)
        clean.append(c)
    if not len(clean):
        return None
    jc = child(clean, "jc")
    return ParagraphFormat(xml=etree.tostring(clean, encoding="unicode"),
                           alignment=attr(jc, "val") if jc is not None else None)


def build_ppr(fmt: ParagraphFormat | None, ns: str = W_TRANSITIONAL) -> etree._Element:
    """A w:pPr from the kept properties (style and numbering are set by the caller from the model's fields)."""
    ppr = _parse(fmt.xml, ns) if fmt is not None and fmt.xml else etree.Element(f"{{{ns}}}pPr")
    if fmt is not None:
        jc = child(ppr, "jc")
        if (attr(jc, "val") if jc is not None else None) != fmt.alignment:
            _set(ppr, "jc", ns, {"val": fmt.alignment} if fmt.alignment else None)
    return ppr


# What --markup formatting reads as a revision (resdiff.ooxml.revisions.formatting_kind): underline an insertion,
# strike-through a deletion. Resolved, the text that stays has none of them, as the package transform leaves it.
MARKUP_MARKS = frozenset({"u", "strike", "dstrike"})


def without_markup_marks(fmt: RunFormat | None) -> RunFormat | None:
    """A span's format once the revision that --markup formatting read from it is resolved: without underline and
    strike-through, as the package transform strips them from the run it keeps (`revisions._strip_formatting`)."""
    if fmt is None or not (fmt.underline or fmt.strike or fmt.double_strike):
        return fmt
    if fmt.xml is None:  # a format built in code
        cleared = fmt.model_copy(update={"underline": None, "strike": False, "double_strike": False})
        return None if cleared == RunFormat() else cleared
    rpr = etree.fromstring(fmt.xml, _FRAGMENTS)
    for el in list(rpr):
        if local(el) in MARKUP_MARKS:
            rpr.remove(el)
    return run_format(rpr)


def parse_fragment(xml: str, ns: str = W_TRANSITIONAL) -> etree._Element:
    """Parse XML kept in the model, in the WordprocessingML namespace of the part it goes into."""
    return _parse(xml, ns)


# XML kept in the model was serialised by resdiff from a parsed part: no DTD, no entities to expand.
_FRAGMENTS = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _parse(xml: str, ns: str) -> etree._Element:
    el = etree.fromstring(xml, _FRAGMENTS)
    other = next((n for n in WORD_NAMESPACES if n != ns), None)
    if other is not None and f"{{{other}}}" in xml:
        _renamespace(el, other, ns)
    return el


def _renamespace(root: etree._Element, old: str, new: str) -> None:
    """Move elements and attributes from one WordprocessingML namespace to the other (Strict ↔ Transitional)."""
    prefix = f"{{{old}}}"
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith(prefix):
            el.tag = f"{{{new}}}{el.tag[len(prefix):]}"
        for key in [k for k in el.attrib if k.startswith(prefix)]:
            el.attrib[f"{{{new}}}{key[len(prefix):]}"] = el.attrib.pop(key)
    etree.cleanup_namespaces(root)
