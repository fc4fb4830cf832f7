"""A document-equivalence oracle: a normalised listing of a .docx, computed without resdiff.

Two documents are *equivalent* here when their listings are equal (`assert_equivalent`). The listing is read
straight from the package with zipfile + lxml (Transitional and Strict namespaces), so that a test can check
resdiff's accepted / rejected output against an expected document without trusting resdiff's reader. A second,
independent reader builds the same structure from LibreOffice's flat ODF export of the .docx
(`libreoffice_listing`); `comparable` projects both onto what the two readers can agree on, which cross-checks
this reader on real files (tests/test_doclisting.py).

What a listing holds (`listing`):

* the body blocks in order, recursing into table cells (text boxes are left out): a `Paragraph` is its paragraph
  style *name*, its numbering, its alignment, its text as `Segment`s (text + marks) and whether it carries a
  section break; a `Table` is its rows of `Cell`s, each with its own blocks, its grid span and whether it continues
  a vertical merge;
* `Counts` over the body: pictures, comments, hyperlinks, fields, footnote and endnote references, bookmarks,
  equations;
* the blocks of every footnote and endnote, in the order of their first reference in the body (not by id: a
  writer may renumber the ids).

It is meant for documents *without* tracked changes (accepted or rejected outputs, plain versions): content
revisions (w:ins, w:del, w:moveFrom, w:moveTo, anywhere, including the paragraph-mark and table-row forms, and
w:cellIns / w:cellDel / w:cellMerge) in the body or a note make `listing` raise AssertionError. Formatting
revisions (w:rPrChange, w:pPrChange, ...) are allowed: the listing shows the current formatting, which is the
formatting after Accept All. Headers, footers and comment texts are not listed.

The formatting it records is deliberately simple, so that a difference points at a real difference and not at a
reading of the style cascade:

* marks (bold, italic, underline, strike, caps, smallCaps, superscript, subscript) come from the run's direct
  w:rPr on top of its character style (w:rStyle and that style's basedOn chain, nearer definitions win). The
  paragraph style's run properties, table styles and w:docDefaults are *not* applied, and the toggle-property rule
  of ECMA-376 Part 1, 17.7.3 (a toggle in a style flips the value inherited from the level above) is not modelled:
  a bold character style in a bold paragraph style lists as bold. So two documents that differ only in *where* a
  mark is defined (paragraph style or direct formatting) differ here; `ignore=("marks",)` compares without marks.
  Toggles: `<w:b/>` and w:val 1/true/on are on, 0/false/off are off; w:u is on unless w:val is "none"; strike is
  w:strike or w:dstrike; superscript/subscript is w:vertAlign.
* numbering is resolved to the list level's w:numFmt and w:lvlText (not the raw numId, which two packages may
  assign differently; w:lvlOverride and w:numStyleLink are followed), from the paragraph's w:numPr or, failing
  that, its style's basedOn chain (a style that gives a list but no w:ilvl takes the level whose w:pStyle names
  it, else level 0). numId 0 and unknown lists mean no numbering.
* alignment is the effective w:jc (direct, then the paragraph style chain, then w:pPrDefault; "start" when none
  is set), with the Transitional `left`/`right` written as the Strict `start`/`end`.

Text: w:t; w:tab and w:ptab as "\t"; w:br and w:cr as "\n", except a page or column break (w:br w:type="page" or
"column") as "\f" (`PAGE_BREAK`, the character Word's own object model gives for it), so that a projection can
tell it from a line break; w:noBreakHyphen as U+2011, w:softHyphen as U+00AD, w:sym as its character (w:char,
often a private-use code of a symbol font). Field codes (w:instrText, and anything between a complex field's begin
and separate, nested fields included) are left out; field results (after separate, and the content of
w:fldSimple) are kept. Equation text (m:t) is kept with the single mark "math". Ruby text (w:rt) is left out.
Adjacent characters with the same marks form one segment, so how the text is split into runs does not matter.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePosixPath

from lxml import etree

# ---------------------------------------------------------------------------------------------------------------
# The listing
# ---------------------------------------------------------------------------------------------------------------

MARKS = frozenset({"bold", "italic", "underline", "strike", "caps", "smallCaps", "superscript", "subscript"})
PAGE_BREAK = "\f"  # a page or column break (w:br w:type="page"/"column"); Word's own object model gives chr(12)
MATH = "math"  # the mark of equation text (OMML m:t); kept apart from MARKS because no run property sets it


@dataclass(frozen=True)
class Segment:
    """A stretch of characters that carry the same marks."""

    text: str
    marks: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return repr(self.text) + (f"<{'+'.join(sorted(self.marks))}>" if self.marks else "")


@dataclass(frozen=True)
class Numbering:
    """A paragraph's list level: `level` (0-based ilvl), the level's number format (w:numFmt: 'decimal',
    'bullet', 'lowerLetter', ...) and its text template (w:lvlText: '%1.', '', ...)."""

    level: int
    format: str = ""
    text: str = ""

    def __repr__(self) -> str:
        return f"<{self.level}:{self.format}:{self.text}>"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: style name, numbering, alignment, the text as segments, and whether it ends a section (its
    w:pPr holds a w:sectPr: a section break, which Word shows as a property of the paragraph mark)."""

    style: str
    numbering: Numbering | None
    alignment: str | None
    segments: tuple[Segment, ...]
    section_break: bool = False

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    def __repr__(self) -> str:
        numbering = f" num={self.numbering!r}" if self.numbering else ""
        alignment = f" jc={self.alignment}" if self.alignment else ""
        section = " section-break" if self.section_break else ""
        return f"P[{self.style}{numbering}{alignment}{section}] " + " ".join(map(repr, self.segments))


@dataclass(frozen=True)
class Cell:
    """A table cell: its blocks, how many grid columns it spans, and whether it continues a vertical merge
    (w:vMerge without 'restart'; Word shows no text of its own for it)."""

    blocks: tuple[Block, ...]
    span: int = 1
    continued: bool = False


@dataclass(frozen=True)
class Table:
    """A table as its rows of cells."""

    rows: tuple[tuple[Cell, ...], ...]

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of cells in each row."""
        return tuple(len(row) for row in self.rows)

    def __repr__(self) -> str:
        return f"Table{self.shape}"


Block = Paragraph | Table


@dataclass(frozen=True)
class Counts:
    """Document-wide counts over the body (text boxes excluded)."""

    pictures: int = 0
    comments: int = 0
    hyperlinks: int = 0
    fields: int = 0
    footnotes: int = 0
    endnotes: int = 0
    bookmarks: int = 0
    equations: int = 0


@dataclass(frozen=True)
class Listing:
    """The comparable form of a document (see the module docstring)."""

    blocks: tuple[Block, ...]
    counts: Counts = field(default_factory=Counts)
    footnotes: tuple[tuple[Block, ...], ...] = ()
    endnotes: tuple[tuple[Block, ...], ...] = ()

    def lines(self) -> list[str]:
        """One line per paragraph and table (and per merged cell), with its path: a readable form for diffs."""
        out = []
        for path, block in _walk(self):
            out.append(f"{path}: {block!r}")
            if isinstance(block, Table):
                out += [f"{path}.cell({r},{c}): span={cell.span}{' continued' if cell.continued else ''}"
                        for r, row in enumerate(block.rows) for c, cell in enumerate(row)
                        if cell.span != 1 or cell.continued]
        return out + [f"counts: {self.counts}"]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _walk(listing: Listing) -> Iterator[tuple[str, Block]]:
    yield from _walk_blocks("body", listing.blocks)
    for kind, notes in (("footnote", listing.footnotes), ("endnote", listing.endnotes)):
        for n, blocks in enumerate(notes, 1):
            yield from _walk_blocks(f"{kind}{n}", blocks)


def _walk_blocks(prefix: str, blocks: Sequence[Block]) -> Iterator[tuple[str, Block]]:
    for i, block in enumerate(blocks):
        path = f"{prefix}[{i}]"
        yield path, block
        if isinstance(block, Table):
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    yield from _walk_blocks(f"{path}.cell({r},{c})", cell.blocks)


# ---------------------------------------------------------------------------------------------------------------
# Projections and comparison
# ---------------------------------------------------------------------------------------------------------------

ASPECTS = frozenset({"marks", "style", "numbering", "alignment", "sections", "counts", "notes"})


def merge_segments(pieces: Iterable[tuple[str, frozenset[str]]]) -> tuple[Segment, ...]:
    """Adjacent pieces with equal marks joined into one segment; empty pieces dropped."""
    out: list[Segment] = []
    for text, marks in pieces:
        if not text:
            continue
        if out and out[-1].marks == marks:
            out[-1] = Segment(out[-1].text + text, marks)
        else:
            out.append(Segment(text, marks))
    return tuple(out)


def map_paragraphs(listing: Listing, change: Callable[[Paragraph], Paragraph | None]) -> Listing:
    """The listing with `change` applied to every paragraph (body, cells, notes); None drops the paragraph."""

    def blocks(items: Sequence[Block]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in items:
            if isinstance(block, Paragraph):
                changed = change(block)
                if changed is not None:
                    out.append(changed)
            else:
                rows = tuple(tuple(replace(c, blocks=blocks(c.blocks)) for c in row) for row in block.rows)
                out.append(Table(rows))
        return tuple(out)

    return replace(
        listing,
        blocks=blocks(listing.blocks),
        footnotes=tuple(blocks(b) for b in listing.footnotes),
        endnotes=tuple(blocks(b) for b in listing.endnotes),
    )


def ignoring(listing: Listing, ignore: Iterable[str]) -> Listing:
    """The listing with the named aspects (see `ASPECTS`) blanked out, so that equality no longer sees them."""
    ignore = frozenset(ignore)
    unknown = ignore - ASPECTS
    if unknown:
        raise ValueError(f"unknown aspects {sorted(unknown)}; known: {sorted(ASPECTS)}")

    def change(p: Paragraph) -> Paragraph:
        return Paragraph(
            style="" if "style" in ignore else p.style,
            numbering=None if "numbering" in ignore else p.numbering,
            alignment=None if "alignment" in ignore else p.alignment,
            segments=merge_segments((s.text, frozenset()) for s in p.segments) if "marks" in ignore else p.segments,
            section_break=False if "sections" in ignore else p.section_break,
        )

    out = map_paragraphs(listing, change)
    if "counts" in ignore:
        out = replace(out, counts=Counts())
    if "notes" in ignore:
        out = replace(out, footnotes=(), endnotes=())
    return out


def text_only(listing: Listing) -> Listing:
    """The listing without marks: one segment per non-empty paragraph (style, numbering, tables kept)."""
    return ignoring(listing, {"marks"})


def first_difference(a: Listing, b: Listing) -> str | None:
    """A short report of the first place where two listings differ, or None when they are equal."""
    if a == b:
        return None
    report = (_blocks_difference("body", a.blocks, b.blocks)
              or _notes_difference("footnotes", a.footnotes, b.footnotes)
              or _notes_difference("endnotes", a.endnotes, b.endnotes))
    if report:
        return report
    diffs = [f"{f.name}: {getattr(a.counts, f.name)} != {getattr(b.counts, f.name)}"
             for f in fields(Counts) if getattr(a.counts, f.name) != getattr(b.counts, f.name)]
    return "counts differ: " + ", ".join(diffs)


def _notes_difference(kind: str, a: Sequence[tuple[Block, ...]], b: Sequence[tuple[Block, ...]]) -> str | None:
    for n, (left, right) in enumerate(zip(a, b), 1):
        report = _blocks_difference(f"{kind[:-1]}{n}", left, right)
        if report:
            return report
    if len(a) != len(b):
        return f"{kind}: {len(a)} != {len(b)} notes"
    return None


def _blocks_difference(path: str, a: Sequence[Block], b: Sequence[Block]) -> str | None:
    for i, (left, right) in enumerate(zip(a, b)):
        where = f"{path}[{i}]"
        if left == right:
            continue
        if isinstance(left, Table) and isinstance(right, Table):
            return _table_difference(where, left, right)
        if isinstance(left, Paragraph) and isinstance(right, Paragraph):
            return _paragraph_difference(where, left, right)
        return f"{where}: a {type(left).__name__} against a {type(right).__name__}\n  {left!r}\n  {right!r}"
    if len(a) != len(b):
        longer = a if len(a) > len(b) else b
        extra = longer[min(len(a), len(b))]
        return f"{path}: {len(a)} != {len(b)} blocks; first extra block: {extra!r}"
    return None


def _paragraph_difference(where: str, a: Paragraph, b: Paragraph) -> str:
    if a.text != b.text:
        n = next((i for i, (x, y) in enumerate(zip(a.text, b.text)) if x != y), min(len(a.text), len(b.text)))
        start = max(0, n - 20)
        what = f"text differs at character {n}: {a.text[start:n + 40]!r} != {b.text[start:n + 40]!r}"
    else:
        prop = next(p for p in ("style", "numbering", "alignment", "section_break", "segments")
                    if getattr(a, p) != getattr(b, p))
        what = f"{prop} differs: {getattr(a, prop)!r} != {getattr(b, prop)!r}"
    return f"{where}: {what}\n  {_short(a)}\n  {_short(b)}"


def _table_difference(where: str, a: Table, b: Table) -> str:
    if a.shape != b.shape:
        return f"{where}: table shape (cells per row) differs: {a.shape} != {b.shape}"
    for r, (row_a, row_b) in enumerate(zip(a.rows, b.rows)):
        for c, (cell_a, cell_b) in enumerate(zip(row_a, row_b)):
            here = f"{where}.cell({r},{c})"
            if (cell_a.span, cell_a.continued) != (cell_b.span, cell_b.continued):
                return (f"{here}: span/continued differs: {(cell_a.span, cell_a.continued)} != "
                        f"{(cell_b.span, cell_b.continued)}")
            report = _blocks_difference(here, cell_a.blocks, cell_b.blocks)
            if report:
                return report
    raise AssertionError("unreachable: tables differ but no cell does")


def _short(block: Block, limit: int = 300) -> str:
    text = repr(block)
    return text if len(text) <= limit else text[:limit] + "..."


def assert_equivalent(a: Listing, b: Listing, *, ignore: Iterable[str] = ()) -> None:
    """Raise AssertionError with the first difference when the listings differ (after dropping `ignore`d
    aspects: 'marks', 'style', 'numbering', 'alignment', 'counts', 'notes')."""
    ignore = frozenset(ignore)
    report = first_difference(ignoring(a, ignore), ignoring(b, ignore))
    if report is not None:
        raise AssertionError("documents are not equivalent: " + report)


# ---------------------------------------------------------------------------------------------------------------
# Reading a .docx
# ---------------------------------------------------------------------------------------------------------------

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NAMESPACES = ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main")
M_NAMESPACES = ("http://schemas.openxmlformats.org/officeDocument/2006/math",
                "http://purl.oclc.org/ooxml/officeDocument/math")
VML = "urn:schemas-microsoft-com:vml"
_IMAGES = frozenset({f"{{{a}}}blip" for a in A_NAMESPACES} | {f"{{{VML}}}imagedata"})
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

TRACKED_CONTENT = ("ins", "del", "moveFrom", "moveTo", "cellIns", "cellDel", "cellMerge")
_ON = frozenset({"1", "true", "on"})
_OFF = frozenset({"0", "false", "off"})
_TOGGLES = {"b": "bold", "i": "italic", "caps": "caps", "smallCaps": "smallCaps", "strike": "strike",
            "dstrike": "dstrike"}


def _read_package(docx: bytes | Path) -> dict[str, bytes]:
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def _relationships(parts: dict[str, bytes], part: str) -> dict[str, str]:
    """Relationship type (its last path segment: 'officeDocument', 'styles', ...) -> target part name.

    Types are matched on their last segment because Transitional and Strict packages use different type URIs.
    """
    path = PurePosixPath(part)
    rels_name = str(path.parent / "_rels" / f"{path.name}.rels").lstrip("/")
    if rels_name.startswith("./"):
        rels_name = rels_name[2:]
    if rels_name not in parts:
        return {}
    out: dict[str, str] = {}
    for rel in etree.fromstring(parts[rels_name]).iter(f"{{{PKG_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else _join(path.parent, target)
        out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], resolved)
    return out


def _join(base: PurePosixPath, target: str) -> str:
    parts: list[str] = [p for p in str(base).split("/") if p and p != "."]
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _bool(el: etree._Element | None, w: str) -> bool | None:
    """The value of an ST_OnOff property element: None when absent, True for `<w:b/>` and 1/true/on."""
    if el is None:
        return None
    value = el.get(f"{{{w}}}val")
    return value is None or value.strip().lower() not in _OFF


def _run_settings(rpr: etree._Element | None, w: str) -> dict[str, bool]:
    """The marks an rPr sets explicitly, on (True) or off (False); marks it does not mention are absent."""
    if rpr is None:
        return {}
    out: dict[str, bool] = {}
    for tag, mark in _TOGGLES.items():
        value = _bool(rpr.find(f"{{{w}}}{tag}"), w)
        if value is not None:
            out[mark] = value
    u = rpr.find(f"{{{w}}}u")
    if u is not None:
        out["underline"] = (u.get(f"{{{w}}}val") or "none") != "none"
    vert = rpr.find(f"{{{w}}}vertAlign")
    if vert is not None:
        value = vert.get(f"{{{w}}}val")
        out["superscript"] = value == "superscript"
        out["subscript"] = value == "subscript"
    return out


def _marks(settings: dict[str, bool]) -> frozenset[str]:
    on = {mark for mark, value in settings.items() if value}
    if on & {"strike", "dstrike"}:
        on = (on - {"dstrike"}) | {"strike"}
    return frozenset(on)


@dataclass
class _Style:
    kind: str
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


class _Styles:
    """styles.xml: names, basedOn chains, the default paragraph style, and w:pPrDefault."""

    def __init__(self, root: etree._Element | None, w: str) -> None:
        self.w = w
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.ppr_default: etree._Element | None = None
        if root is None:
            return
        self.ppr_default = root.find(f"{{{w}}}docDefaults/{{{w}}}pPrDefault/{{{w}}}pPr")
        for el in root.iter(f"{{{w}}}style"):
            style_id = el.get(f"{{{w}}}styleId", "")
            name = el.find(f"{{{w}}}name")
            based = el.find(f"{{{w}}}basedOn")
            kind = el.get(f"{{{w}}}type", "paragraph")
            self.styles[style_id] = _Style(
                kind=kind,
                name=name.get(f"{{{w}}}val", style_id) if name is not None else style_id,
                based_on=based.get(f"{{{w}}}val") if based is not None else None,
                ppr=el.find(f"{{{w}}}pPr"),
                rpr=el.find(f"{{{w}}}rPr"),
            )
            if kind == "paragraph" and _bool_attr(el.get(f"{{{w}}}default")) and self.default_paragraph is None:
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and its basedOn ancestors, nearest first (a cycle is cut)."""
        out: list[_Style] = []
        seen: set[str] = set()
        while style_id is not None and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            out.append(self.styles[style_id])
            style_id = out[-1].based_on
        return out

    def paragraph_style(self, ppr: etree._Element | None) -> str | None:
        """The paragraph's style id: its w:pStyle, else the default paragraph style."""
        ref = ppr.find(f"{{{self.w}}}pStyle") if ppr is not None else None
        return ref.get(f"{{{self.w}}}val") if ref is not None else self.default_paragraph

    def name(self, style_id: str | None) -> str:
        if style_id is None:
            return ""
        style = self.styles.get(style_id)
        return style.name if style is not None else style_id

    def character_marks(self, style_id: str | None) -> dict[str, bool]:
        """The marks a character style sets, its basedOn chain applied from the root (nearer wins)."""
        out: dict[str, bool] = {}
        for style in reversed(self.chain(style_id)):
            out.update(_run_settings(style.rpr, self.w))
        return out


def _bool_attr(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _ON


class _NumberingPart:
    """numbering.xml: numId -> list level definitions, following w:lvlOverride and w:numStyleLink."""

    def __init__(self, root: etree._Element | None, styles: _Styles, w: str) -> None:
        self.w = w
        self.styles = styles
        self.nums: dict[str, etree._Element] = {}
        self.abstracts: dict[str, etree._Element] = {}
        if root is None:
            return
        for el in root.iter(f"{{{w}}}abstractNum"):
            self.abstracts[el.get(f"{{{w}}}abstractNumId", "")] = el
        for el in root.iter(f"{{{w}}}num"):
            self.nums[el.get(f"{{{w}}}numId", "")] = el

    def level(self, num_id: str, ilvl: int, depth: int = 0) -> etree._Element | None:
        """The w:lvl that numbers level `ilvl` of list `num_id` (None when the list does not exist)."""
        w = self.w
        num = self.nums.get(num_id)
        if num is None or depth > 5:
            return None
        for override in num.iter(f"{{{w}}}lvlOverride"):
            lvl = override.find(f"{{{w}}}lvl")
            if override.get(f"{{{w}}}ilvl") == str(ilvl) and lvl is not None:
                return lvl
        ref = num.find(f"{{{w}}}abstractNumId")
        abstract = self.abstracts.get(ref.get(f"{{{w}}}val", "") if ref is not None else "")
        if abstract is None:
            return None
        link = abstract.find(f"{{{w}}}numStyleLink")
        if link is not None:  # the list is defined by a numbering style, whose numPr names the real list
            linked = _style_num_pr(self.styles, link.get(f"{{{w}}}val"))
            return self.level(linked[0], ilvl, depth + 1) if linked and linked[0] else None
        return next((lvl for lvl in abstract.iter(f"{{{w}}}lvl") if lvl.get(f"{{{w}}}ilvl") == str(ilvl)), None)

    def level_of_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose w:pStyle names the paragraph style (how a style without w:ilvl picks its level)."""
        w = self.w
        for ilvl in range(9):
            lvl = self.level(num_id, ilvl)
            ref = lvl.find(f"{{{w}}}pStyle") if lvl is not None else None
            if ref is not None and ref.get(f"{{{w}}}val") == style_id:
                return ilvl
        return None

    def describe(self, num_id: str, ilvl: int) -> Numbering | None:
        w = self.w
        if num_id == "0" or num_id not in self.nums:
            return None  # numId 0 switches numbering off; an unknown list numbers nothing in Word
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return Numbering(ilvl)
        fmt, text = lvl.find(f"{{{w}}}numFmt"), lvl.find(f"{{{w}}}lvlText")
        return Numbering(
            ilvl,
            fmt.get(f"{{{w}}}val", "decimal") if fmt is not None else "decimal",
            text.get(f"{{{w}}}val", "") if text is not None else "",
        )


def _num_pr(ppr: etree._Element | None, w: str) -> tuple[str | None, int | None] | None:
    num_pr = ppr.find(f"{{{w}}}numPr") if ppr is not None else None
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(f"{{{w}}}numId"), num_pr.find(f"{{{w}}}ilvl")
    return (
        num_id.get(f"{{{w}}}val") if num_id is not None else None,
        int(ilvl.get(f"{{{w}}}val", "0")) if ilvl is not None else None,
    )


def _style_num_pr(styles: _Styles, style_id: str | None) -> tuple[str | None, int | None] | None:
    """The numId and ilvl a style's chain gives (each from the nearest style that sets it)."""
    num_id: str | None = None
    ilvl: int | None = None
    for style in styles.chain(style_id):
        found = _num_pr(style.ppr, styles.w)
        if found is not None:
            num_id = num_id if num_id is not None else found[0]
            ilvl = ilvl if ilvl is not None else found[1]
    return None if num_id is None and ilvl is None else (num_id, ilvl)


def _paragraph_numbering(ppr: etree._Element | None, style_id: str | None, numbering: _NumberingPart,
                         styles: _Styles) -> Numbering | None:
    """ECMA-376 Part 1, 17.9 (numbering): the direct w:numPr wins; a missing numId or ilvl comes from the style
    chain, and a style that gives a list but no level takes the level whose w:pStyle names it (else level 0)."""
    direct = _num_pr(ppr, styles.w) or (None, None)
    inherited = _style_num_pr(styles, style_id) or (None, None)
    num_id = direct[0] if direct[0] is not None else inherited[0]
    if num_id is None:
        return None
    ilvl = direct[1] if direct[1] is not None else inherited[1]
    if ilvl is None and direct[0] is None and style_id is not None:
        ilvl = numbering.level_of_style(num_id, style_id)
    return numbering.describe(num_id, ilvl or 0)


def _alignment(ppr: etree._Element | None, style_id: str | None, styles: _Styles) -> str:
    """The effective w:jc: direct, then the paragraph style chain, then w:pPrDefault; left/right as start/end."""
    w = styles.w
    sources = [ppr] + [s.ppr for s in styles.chain(style_id)] + [styles.ppr_default]
    for source in sources:
        jc = source.find(f"{{{w}}}jc") if source is not None else None
        if jc is not None:
            value = str(jc.get(f"{{{w}}}val", ""))
            return {"left": "start", "right": "end"}.get(value, value)
    return "start"  # no w:jc anywhere: the paragraph is aligned to its leading edge


def _content(el: etree._Element, skip: frozenset[str]) -> Iterator[etree._Element]:
    """The descendants of `el` in document order, without the subtrees whose tag is in `skip` and without the
    alternatives of markup compatibility other than the first mc:Choice (so a shape is seen once)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in skip:
            continue
        if tag == f"{{{MC}}}Choice" and child.getprevious() is not None:
            continue
        yield child
        yield from _content(child, skip)


def _refuse_tracked_changes(roots: Iterable[etree._Element], w: str) -> None:
    found: dict[str, int] = {}
    for root in roots:
        for name in TRACKED_CONTENT:
            n = sum(1 for _ in root.iter(f"{{{w}}}{name}"))
            if n:
                found[name] = found.get(name, 0) + n
    if found:
        what = ", ".join(f"w:{name} x{n}" for name, n in found.items())
        raise AssertionError(f"the document has tracked changes ({what}); the listing is for documents without "
                             "them: accept or reject the revisions first")


class _DocxReader:
    """One pass over a package: the blocks of the body and of the referenced notes, and the body counts."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        main = _relationships(parts, "").get("officeDocument", "word/document.xml")
        self.root = etree.fromstring(parts[main])
        self.w = W_STRICT if self.root.tag == f"{{{W_STRICT}}}document" else W_TRANSITIONAL
        related = _relationships(parts, main)

        def part(kind: str) -> etree._Element | None:
            name = related.get(kind)
            return etree.fromstring(parts[name]) if name in parts else None

        self.styles = _Styles(part("styles"), self.w)
        self.numbering = _NumberingPart(part("numbering"), self.styles, self.w)
        self.notes: dict[str, dict[str, etree._Element]] = {}
        for kind in ("footnote", "endnote"):
            root = part(f"{kind}s")
            self.notes[kind] = {} if root is None else {
                n.get(f"{{{self.w}}}id", ""): n for n in root.iter(f"{{{self.w}}}{kind}")}
        self.note_refs: dict[str, list[str]] = {"footnote": [], "endnote": []}
        self.fields: list[bool] = []  # one entry per open complex field: True once its result has started
        w = self.w
        self.hidden = frozenset({f"{{{w}}}txbxContent", f"{{{MC}}}Fallback"})
        self.no_text = self.hidden | {f"{{{w}}}{t}" for t in (
            "pPr", "rPr", "sdtPr", "sdtEndPr", "rt", "drawing", "pict", "object", "instrText")}

    def listing(self) -> Listing:
        w = self.w
        body = self.root.find(f"{{{w}}}body")
        if body is None:
            raise AssertionError("word/document.xml has no w:body")
        _refuse_tracked_changes([body, *(n for notes in self.notes.values() for n in notes.values())], w)
        blocks = self.blocks(body)
        notes: dict[str, tuple[tuple[Block, ...], ...]] = {}
        for kind in ("footnote", "endnote"):
            ordered = list(dict.fromkeys(self.note_refs[kind]))
            notes[kind] = tuple(self.note_blocks(self.notes[kind][i]) for i in ordered if i in self.notes[kind])
        return Listing(blocks, _body_counts(body, w, self.hidden), notes["footnote"], notes["endnote"])

    def note_blocks(self, note: etree._Element) -> tuple[Block, ...]:
        self.fields = []
        return self.blocks(note)

    def blocks(self, container: etree._Element) -> tuple[Block, ...]:
        w = self.w
        out: list[Block] = []
        for el in self.transparent(container, ("sdt", "customXml")):
            if el.tag == f"{{{w}}}p":
                out.append(self.paragraph(el))
            elif el.tag == f"{{{w}}}tbl":
                out.append(self.table(el))
        return tuple(out)

    def transparent(self, container: etree._Element, wrappers: tuple[str, ...]) -> Iterator[etree._Element]:
        """The children of `container`, looking through content controls / custom XML / the first mc:Choice."""
        w = self.w
        for el in container:
            if el.tag in {f"{{{w}}}{name}" for name in wrappers}:
                content = el.find(f"{{{w}}}sdtContent") if el.tag == f"{{{w}}}sdt" else el
                if content is not None:
                    yield from self.transparent(content, wrappers)
            elif el.tag == f"{{{MC}}}AlternateContent":
                choice = el.find(f"{{{MC}}}Choice")
                if choice is not None:
                    yield from self.transparent(choice, wrappers)
            else:
                yield el

    def table(self, tbl: etree._Element) -> Table:
        w = self.w
        rows = []
        for tr in self.transparent(tbl, ("sdt", "customXml")):
            if tr.tag == f"{{{w}}}tr":
                rows.append(tuple(self.cell(tc) for tc in self.transparent(tr, ("sdt", "customXml"))
                                  if tc.tag == f"{{{w}}}tc"))
        return Table(tuple(rows))

    def cell(self, tc: etree._Element) -> Cell:
        w = self.w
        span = tc.find(f"{{{w}}}tcPr/{{{w}}}gridSpan")
        merge = tc.find(f"{{{w}}}tcPr/{{{w}}}vMerge")
        return Cell(
            self.blocks(tc),
            span=int(span.get(f"{{{w}}}val", "1")) if span is not None else 1,
            continued=merge is not None and merge.get(f"{{{w}}}val", "continue") == "continue",
        )

    def paragraph(self, p: etree._Element) -> Paragraph:
        w = self.w
        ppr = p.find(f"{{{w}}}pPr")
        style_id = self.styles.paragraph_style(ppr)
        return Paragraph(
            style=self.styles.name(style_id),
            numbering=_paragraph_numbering(ppr, style_id, self.numbering, self.styles),
            alignment=_alignment(ppr, style_id, self.styles),
            segments=merge_segments(self.pieces(p)),
            section_break=ppr is not None and ppr.find(f"{{{w}}}sectPr") is not None,
        )

    def pieces(self, p: etree._Element) -> Iterator[tuple[str, frozenset[str]]]:
        """(text, marks) per text-bearing element of the paragraph, in order (see the module docstring)."""
        w = self.w
        for el in _content(p, self.no_text):
            local = etree.QName(el).localname
            if el.tag == f"{{{w}}}fldChar":
                self.field_char(el.get(f"{{{w}}}fldCharType", ""))
            elif not all(self.fields):
                continue  # between a field's begin and separate: the field code
            elif el.tag in (f"{{{w}}}footnoteReference", f"{{{w}}}endnoteReference"):
                self.note_refs[local[:-len("Reference")]].append(el.get(f"{{{w}}}id", ""))
            elif local == "t" and etree.QName(el).namespace in M_NAMESPACES:
                yield el.text or "", frozenset({MATH})
            elif el.tag.startswith(f"{{{w}}}") and local in _CHARACTERS:
                yield self.character(el, local), self.run_marks(el.getparent())

    def character(self, el: etree._Element, local: str) -> str:
        if local == "t":
            return el.text or ""
        if local == "sym":
            return _symbol(el.get(f"{{{self.w}}}char", ""))
        if local == "br" and el.get(f"{{{self.w}}}type") in ("page", "column"):
            return PAGE_BREAK
        return _CHARACTERS[local]

    def field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def run_marks(self, run: etree._Element | None) -> frozenset[str]:
        """The run's direct marks on top of its character style's (see the module docstring)."""
        w = self.w
        rpr = run.find(f"{{{w}}}rPr") if run is not None else None
        ref = rpr.find(f"{{{w}}}rStyle") if rpr is not None else None
        settings = self.styles.character_marks(ref.get(f"{{{w}}}val") if ref is not None else None)
        settings.update(_run_settings(rpr, w))
        return _marks(settings)


_CHARACTERS = {"t": "", "tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "\u2011",
               "softHyphen": "\u00ad", "sym": ""}


def _symbol(code: str) -> str:
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


def _body_counts(body: etree._Element, w: str, hidden: frozenset[str]) -> Counts:
    """Counts over the body, text boxes and mc:Fallback excluded (see `Counts`)."""
    n = {f.name: 0 for f in fields(Counts)}
    comments: set[str] = set()
    instructions: list[list[str] | None] = []  # the code of each open complex field; None once it is read
    for el in _content(body, hidden):
        local = etree.QName(el).localname
        namespace = etree.QName(el).namespace
        if namespace in M_NAMESPACES:
            n["equations"] += local == "oMath"
            continue
        if namespace != w:
            continue
        if local in ("drawing", "pict"):
            n["pictures"] += any(d.tag in _IMAGES for d in _content(el, hidden))
        elif local == "commentReference":
            comments.add(el.get(f"{{{w}}}id", ""))
        elif local == "hyperlink":
            n["hyperlinks"] += 1
        elif local == "fldSimple":
            n["fields"] += 1
            n["hyperlinks"] += _is_hyperlink(el.get(f"{{{w}}}instr", ""))
        elif local == "fldChar":
            kind = el.get(f"{{{w}}}fldCharType")
            if kind == "begin":
                n["fields"] += 1
                instructions.append([])
            elif kind in ("separate", "end") and instructions:
                code = instructions[-1]
                if code is not None:
                    n["hyperlinks"] += _is_hyperlink("".join(code))
                    instructions[-1] = None
                if kind == "end":
                    instructions.pop()
        elif local == "instrText" and instructions:
            code = instructions[-1]
            if code is not None:
                code.append(el.text or "")
        elif local in ("footnoteReference", "endnoteReference"):
            n[local[:-len("Reference")] + "s"] += 1
        elif local == "bookmarkStart":
            n["bookmarks"] += el.get(f"{{{w}}}name") != "_GoBack"
    return Counts(**{**n, "comments": len(comments)})


def _is_hyperlink(code: str) -> bool:
    return code.strip().upper().startswith("HYPERLINK")


def listing(docx: bytes | Path) -> Listing:
    """The listing of a .docx package (bytes or a path); see the module docstring for what it holds.

    Raises AssertionError when the body or a note has tracked content changes.
    """
    return _DocxReader(_read_package(docx)).listing()


# ---------------------------------------------------------------------------------------------------------------
# Reading LibreOffice's flat ODF export of a .docx
# ---------------------------------------------------------------------------------------------------------------

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
XLINK = "http://www.w3.org/1999/xlink"

SOFFICE_TIMEOUT = 120

# ODF style:num-format -> w:numFmt: the decimal, lettered and Roman forms both formats have.
_ODF_NUM_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
                    "": "none"}
# Index bodies and sections: their paragraphs are body paragraphs (a Word TOC is a field whose result LibreOffice
# turns into an index).
_ODF_CONTAINERS = frozenset(f"{{{TEXT}}}{name}" for name in (
    "section", "table-of-content", "alphabetical-index", "illustration-index", "object-index", "user-index",
    "bibliography", "table-index", "index-body", "index-title"))
# Inline elements whose content is not paragraph text: notes (listed apart), comments, drawings, and the
# parameters of fieldmarks (which hold the Word field code).
_ODF_NOT_TEXT = frozenset({f"{{{TEXT}}}note", f"{{{OFFICE}}}annotation", f"{{{TEXT}}}ruby-text",
                           "{urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0}fieldmark-start",
                           f"{{{TEXT}}}tracked-changes"})


_ODF_ALIGNMENT = {"justify": "both", "left": "start", "right": "end"}


def _odf_text_settings(style: etree._Element | None) -> dict[str, bool]:
    """The marks a style's own style:text-properties set, on or off (inherited values are not included)."""
    props = style.find(f"{{{STYLE}}}text-properties") if style is not None else None
    if props is None:
        return {}
    out: dict[str, bool] = {}
    weight = props.get(f"{{{FO}}}font-weight")
    if weight is not None:
        out["bold"] = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
    posture = props.get(f"{{{FO}}}font-style")
    if posture is not None:
        out["italic"] = posture in ("italic", "oblique")
    for attribute, mark in (("text-underline-style", "underline"), ("text-line-through-style", "strike")):
        value = props.get(f"{{{STYLE}}}{attribute}")
        if value is not None:
            out[mark] = value != "none"
    transform = props.get(f"{{{FO}}}text-transform")
    if transform is not None:
        out["caps"] = transform == "uppercase"
    variant = props.get(f"{{{FO}}}font-variant")
    if variant is not None:
        out["smallCaps"] = variant == "small-caps"
    position = props.get(f"{{{STYLE}}}text-position")
    if position is not None:
        out.update(_odf_text_position(position))
    return out


def _odf_text_position(value: str) -> dict[str, bool]:
    """style:text-position 'super 58%' / '-33% 58%' / '0% 100%': superscript or subscript.

    A shift at full size ('6% 100%') is how LibreOffice imports w:position (raised or lowered text), which is not
    w:vertAlign, so it sets neither mark.
    """
    tokens = value.split()
    shift = tokens[0] if tokens else "0%"
    size = tokens[1] if len(tokens) > 1 else "100%"
    if shift in ("super", "sub"):
        up = shift == "super"
    else:
        number = float(shift.rstrip("%") or 0)
        if number == 0 or size == "100%":
            return {"superscript": False, "subscript": False}
        up = number > 0
    return {"superscript": up, "subscript": not up}


class _OdfStyles:
    """The styles of a flat ODF document: common styles (office:styles) and automatic ones, by family and name."""

    def __init__(self, root: etree._Element) -> None:
        self.common: dict[tuple[str, str], etree._Element] = {}
        self.automatic: dict[tuple[str, str], etree._Element] = {}
        self.list_styles: dict[str, etree._Element] = {}
        self.default = next((el for el in root.iter(f"{{{STYLE}}}default-style")
                             if el.get(f"{{{STYLE}}}family") == "paragraph"), None)
        for container, table in (("styles", self.common), ("automatic-styles", self.automatic)):
            for section in root.iter(f"{{{OFFICE}}}{container}"):
                for el in section:
                    if el.tag == f"{{{STYLE}}}style":
                        table[(el.get(f"{{{STYLE}}}family", ""), el.get(f"{{{STYLE}}}name", ""))] = el
                    elif el.tag == f"{{{TEXT}}}list-style":
                        self.list_styles[el.get(f"{{{STYLE}}}name", "")] = el

    def alignment(self, name: str | None) -> str:
        """The effective fo:text-align of a paragraph style: its own, its parents', the default style's."""
        style = self.get("paragraph", name)
        seen: set[str] = set()
        while style is not None and style.get(f"{{{STYLE}}}name", "") not in seen:
            seen.add(style.get(f"{{{STYLE}}}name", ""))
            props = style.find(f"{{{STYLE}}}paragraph-properties")
            value = props.get(f"{{{FO}}}text-align") if props is not None else None
            if value is not None:
                return _ODF_ALIGNMENT.get(str(value), str(value))
            parent = style.get(f"{{{STYLE}}}parent-style-name")
            style = self.common.get(("paragraph", parent)) if parent else self.default
        return "start"  # the ODF default

    def get(self, family: str, name: str | None) -> etree._Element | None:
        if name is None:
            return None
        style = self.automatic.get((family, name))  # an element without children is falsy: no `or` here
        return style if style is not None else self.common.get((family, name))

    def paragraph_style_name(self, name: str | None) -> str:
        """The display name of the paragraph's common style (an automatic style stands for its parent)."""
        style = self.automatic.get(("paragraph", name or ""))
        if style is not None:
            name = style.get(f"{{{STYLE}}}parent-style-name")
        common = self.common.get(("paragraph", name or ""))
        if common is None:
            return name or ""
        return str(common.get(f"{{{STYLE}}}display-name") or common.get(f"{{{STYLE}}}name", ""))

    def span_marks(self, name: str | None) -> dict[str, bool]:
        """A span's marks: its character style chain (root first) and then, for an automatic style, its own."""
        style = self.get("text", name)
        out: dict[str, bool] = {}
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style is not None and style.get(f"{{{STYLE}}}name") not in seen:
            seen.add(style.get(f"{{{STYLE}}}name", ""))
            chain.append(style)
            parent = style.get(f"{{{STYLE}}}parent-style-name")
            style = self.common.get(("text", parent)) if parent else None
        for style in reversed(chain):
            out.update(_odf_text_settings(style))
        return out


class _OdfReader:
    """The blocks, notes and counts of LibreOffice's flat ODF export (see `libreoffice_listing`)."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.styles = _OdfStyles(root)
        self.notes: dict[str, list[tuple[Block, ...]]] = {"footnote": [], "endnote": []}
        self.in_note = False

    def listing(self) -> Listing:
        text = self.root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
        if text is None:
            raise AssertionError("the flat ODF file has no office:text body")
        blocks = self.blocks(text, None)
        return Listing(blocks, _odf_counts(text), tuple(self.notes["footnote"]), tuple(self.notes["endnote"]))

    def blocks(self, container: etree._Element, lists: tuple[str | None, int] | None) -> tuple[Block, ...]:
        """Paragraphs and tables of a container; `lists` is (the list style in force, the list depth) inside a
        text:list."""
        out: list[Block] = []
        for el in container:
            if el.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
                out.extend(self.paragraph(el, lists))
            elif el.tag == f"{{{TABLE}}}table":
                out.append(self.table(el))
            elif el.tag == f"{{{TEXT}}}list":
                style = el.get(f"{{{TEXT}}}style-name") or (lists[0] if lists else None)
                depth = lists[1] + 1 if lists else 0
                for item in el:
                    if item.tag in (f"{{{TEXT}}}list-item", f"{{{TEXT}}}list-header"):
                        numbered = item.tag == f"{{{TEXT}}}list-item"
                        out.extend(self.blocks(item, (style, depth) if numbered else None))
            elif el.tag in _ODF_CONTAINERS:
                out.extend(self.blocks(el, lists))
        return tuple(out)

    def paragraph(self, p: etree._Element, lists: tuple[str | None, int] | None) -> Iterator[Block]:
        """The paragraph, preceded by the tables of the frames anchored in it that hold nothing but a table:
        LibreOffice has no floating tables (w:tblpPr) and none in notes, so it puts such a table in a text frame
        anchored in the paragraph that follows the table in the .docx."""
        holder = False
        for frame in _content(p, _ODF_NOT_TEXT | {f"{{{DRAW}}}text-box"}):
            box = frame.find(f"{{{DRAW}}}text-box")
            if frame.tag == f"{{{DRAW}}}frame" and _is_table_frame(box):
                yield from self.blocks(box, None)
                holder = holder or frame.get(f"{{{TEXT}}}anchor-type") == "as-char"
        name = p.get(f"{{{TEXT}}}style-name")
        paragraph = Paragraph(
            style=self.styles.paragraph_style_name(name),
            numbering=self.numbering(lists) if lists else None,
            alignment=self.styles.alignment(name),
            segments=merge_segments(self.pieces(p, {})),  # not the automatic style's marks: see fodt_listing
        )
        if not (holder and not paragraph.segments):  # in a note, the frame sits in a paragraph of its own
            yield paragraph

    def numbering(self, lists: tuple[str | None, int]) -> Numbering:
        style_name, level = lists
        style = self.styles.list_styles.get(style_name or "")
        spec = None
        if style is not None:
            spec = next((s for s in style if s.get(f"{{{TEXT}}}level") == str(level + 1)), None)
        if spec is None:
            return Numbering(level)
        if spec.tag == f"{{{TEXT}}}list-level-style-bullet":
            return Numbering(level, "bullet", spec.get(f"{{{TEXT}}}bullet-char", ""))
        fmt = _ODF_NUM_FORMATS.get(spec.get(f"{{{STYLE}}}num-format", ""), spec.get(f"{{{STYLE}}}num-format", ""))
        template = spec.get(f"{{{LOEXT}}}num-list-format")
        return Numbering(level, fmt, re.sub(r"%(\d+)%", r"%\1", template) if template is not None else "")

    def pieces(self, el: etree._Element, marks: dict[str, bool]) -> Iterator[tuple[str, frozenset[str]]]:
        """(text, marks) of an element's content in order; spans add their style's marks."""
        current = _marks(marks)
        if el.text:
            yield _odf_whitespace(el.text), current
        for child in el:
            tag = child.tag
            if tag == f"{{{TEXT}}}span":
                inner = {**marks, **self.styles.span_marks(child.get(f"{{{TEXT}}}style-name"))}
                yield from self.pieces(child, inner)
            elif tag == f"{{{TEXT}}}s":
                yield " " * int(child.get(f"{{{TEXT}}}c", "1")), current
            elif tag == f"{{{TEXT}}}tab":
                yield "\t", current
            elif tag == f"{{{TEXT}}}line-break":
                yield "\n", current
            elif tag == f"{{{TEXT}}}note":
                self.note(child)
            elif isinstance(tag, str) and tag not in _ODF_NOT_TEXT and not tag.startswith(f"{{{DRAW}}}"):
                yield from self.pieces(child, marks)  # links, fields (their result), ruby base, ...
            if child.tail:
                yield _odf_whitespace(child.tail), current

    def note(self, note: etree._Element) -> None:
        body = note.find(f"{{{TEXT}}}note-body")
        kind = note.get(f"{{{TEXT}}}note-class", "footnote")
        if body is not None and not self.in_note:
            self.in_note = True
            self.notes.setdefault(kind, []).append(self.blocks(body, None))
            self.in_note = False

    def table(self, table: etree._Element) -> Table:
        """Rows of cells in the .docx model: a cell spanning n columns is one cell with span n (its covered
        neighbours dropped); a cell covered from above continues a vertical merge, spanning the columns of the
        cell that started it."""
        rows: list[tuple[Cell, ...]] = []
        above: dict[int, int] = {}  # column -> columns spanned by the vertically merged cell that starts there
        for tr in _odf_rows(table):
            cells: list[Cell] = []
            column = skip = 0
            for tc in tr:
                if tc.tag == f"{{{TABLE}}}table-cell":
                    span = int(tc.get(f"{{{TABLE}}}number-columns-spanned", "1"))
                    if int(tc.get(f"{{{TABLE}}}number-rows-spanned", "1")) > 1:
                        above[column] = span
                    cells.append(Cell(self.blocks(tc, None), span=span))
                elif tc.tag == f"{{{TABLE}}}covered-table-cell" and skip:
                    skip -= 1  # covered by the spanning cell to its left
                    continue
                elif tc.tag == f"{{{TABLE}}}covered-table-cell":
                    span = above.get(column, 1)
                    cells.append(Cell(self.blocks(tc, None), span=span, continued=True))
                else:
                    continue
                column += span
                skip = span - 1
            rows.append(tuple(cells))
        return Table(tuple(rows))


def _is_table_frame(box: etree._Element | None) -> bool:
    """A frame's text box that holds one or more tables and otherwise only empty paragraphs."""
    if box is None:
        return False
    kids = [el for el in box if isinstance(el.tag, str)]
    empty = all(el.tag == f"{{{TABLE}}}table" or (el.tag == f"{{{TEXT}}}p" and len(el) == 0 and not el.text)
                for el in kids)
    return empty and any(el.tag == f"{{{TABLE}}}table" for el in kids)


def _odf_rows(table: etree._Element) -> Iterator[etree._Element]:
    for el in table:
        if el.tag == f"{{{TABLE}}}table-row":
            yield el
        elif el.tag in (f"{{{TABLE}}}table-rows", f"{{{TABLE}}}table-header-rows", f"{{{TABLE}}}table-row-group"):
            yield from _odf_rows(el)


def _odf_whitespace(text: str) -> str:
    """ODF's white-space rule for paragraph content: tab, line feed and carriage return are spaces and a run of
    spaces is one space (LibreOffice writes the further spaces as text:s, so collapsing within one text node
    suffices). A carriage return is dropped rather than made a space: LibreOffice writes one (&#x0d;) at the end
    of the text of a block-level content control that it imports as a text:text-input field, where the .docx has
    a paragraph end, not a space."""
    return re.sub(r" {2,}", " ", re.sub(r"[\t\n]", " ", text.replace("\r", "")))


_ODF_FIELDS = frozenset(f"{{{TEXT}}}{name}" for name in (
    "date", "time", "page-number", "page-count", "page-continuation", "sequence", "sequence-ref", "bookmark-ref",
    "reference-ref", "note-ref", "text-input", "user-field-get", "variable-get", "variable-set", "expression",
    "author-name", "author-initials", "creator", "file-name", "title", "subject", "description", "keywords",
    "creation-date", "creation-time", "modification-date", "modification-time", "print-date", "print-time",
    "editing-cycles", "editing-duration", "word-count", "character-count", "paragraph-count", "chapter",
    "hidden-text", "hidden-paragraph", "conditional-text", "placeholder", "drop-down", "database-display",
    "table-of-content", "alphabetical-index", "illustration-index", "user-index", "bibliography",
    "bibliography-mark", "alphabetical-index-mark", "toc-mark", "user-defined",
)) | {"{urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0}fieldmark-start",
      "{urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0}fieldmark"}
_ODF_SHAPES = frozenset(f"{{{DRAW}}}{name}" for name in (
    "frame", "g", "custom-shape", "rect", "ellipse", "line", "polygon", "polyline", "path", "connector"))


def _odf_counts(text: etree._Element) -> Counts:
    """Counts over the body as for the .docx (text boxes, note bodies and comment contents left out)."""
    n = {f.name: 0 for f in fields(Counts)}
    skip = frozenset({f"{{{DRAW}}}text-box", f"{{{TEXT}}}note-body", f"{{{OFFICE}}}annotation"})
    for el in _content(text, skip):
        tag = el.tag
        if tag in _ODF_SHAPES and not any(a.tag in _ODF_SHAPES for a in el.iterancestors()):
            inside = list(_content(el, skip))
            tags = {d.tag for d in inside}
            ole = f"{{{DRAW}}}object" in tags or f"{{{DRAW}}}object-ole" in tags
            n["pictures"] += not ole and any(_is_picture(d) for d in inside)
            n["equations"] += f"{{{DRAW}}}object" in tags
        elif tag == f"{{{TEXT}}}a":
            n["hyperlinks"] += 1
        elif tag in _ODF_FIELDS:
            n["fields"] += 1
        elif tag == f"{{{TEXT}}}note":
            n["endnotes" if el.get(f"{{{TEXT}}}note-class") == "endnote" else "footnotes"] += 1
        elif tag in (f"{{{TEXT}}}bookmark", f"{{{TEXT}}}bookmark-start"):
            n["bookmarks"] += el.get(f"{{{TEXT}}}name") != "_GoBack"
    n["comments"] = sum(1 for el in _content(text, skip - {f"{{{OFFICE}}}annotation"})
                        if el.tag == f"{{{OFFICE}}}annotation")
    return Counts(**n)


def _is_picture(el: etree._Element) -> bool:
    """A draw:image, except the one LibreOffice renders a SmartArt diagram into (a frame it names
    "RenderedShapes"): a diagram (a:graphicData of the diagram type) is no picture in the .docx."""
    parent = el.getparent()
    return el.tag == f"{{{DRAW}}}image" and (parent is None or parent.get(f"{{{DRAW}}}name") != "RenderedShapes")


def fodt_listing(fodt: bytes | Path) -> Listing:
    """The listing of a flat ODF text document as LibreOffice writes it for a .docx (see `libreoffice_listing`).

    What is read, to be compared with `listing` through `comparable`:

    * paragraphs: text:p and text:h in the body, table cells, list items, sections and index bodies (a Word TOC
      becomes a text:table-of-content), in order. Style: the display name of the common paragraph style (an
      automatic style stands for its parent; style:display-name, else style:name, since a name like
      "Heading_20_1" encodes its spaces). Alignment: fo:text-align through the style chain and the default style,
      "justify" written as Word's "both", "start" when none is set.
    * numbering: the depth of text:list nesting is the level; the list style's level gives the format
      (style:num-format mapped to w:numFmt; a bullet level is "bullet" with its character) and
      loext:num-list-format, LibreOffice's copy of w:lvlText ("%1%." for "%1."). A text:list-header is not
      numbered.
    * marks: from the text:span styles only (the automatic style's own text properties on top of its parent
      character style chain): fo:font-weight bold or >= 600, fo:font-style italic/oblique, an underline or
      line-through style other than "none", fo:text-transform uppercase (caps), fo:font-variant small-caps,
      style:text-position super/sub (a shift at 100% size is w:position, no mark). The text properties of a
      paragraph's automatic style are *not* read: LibreOffice puts there the run properties of the paragraph
      mark (w:pPr/w:rPr) and the conditional formatting of table styles, neither of which `listing` applies (on
      the corpus they never held a run's direct formatting). The character style of a text:a is not read either.
    * text: text nodes (ODF white space, `_odf_whitespace`), text:s, text:tab, text:line-break, and the content
      of links, fields (their shown result) and ruby bases; not the content of notes (listed apart), comments,
      drawings and frames (text boxes), or fieldmark parameters (the Word field code).
    * tables: rows of table:table-cell; a covered cell that is not covered from its left continues a vertical
      merge. A frame anchored in a paragraph that holds only a table is LibreOffice's form of a floating table
      (w:tblpPr) or of a table in a note: the table is listed before the paragraph (where the .docx has it), and an
      empty paragraph that LibreOffice made only to hold an as-character frame is dropped.
    * counts over the body, text boxes, note bodies and comment contents excluded: pictures (a top-level shape
      with a draw:image and no OLE object), comments (office:annotation), hyperlinks (text:a), fields (LibreOffice's
      field elements, indexes and fieldmarks), footnotes and endnotes (text:note), bookmarks (text:bookmark and
      text:bookmark-start, without _GoBack), equations (draw:object).
    """
    data = fodt.read_bytes() if isinstance(fodt, Path) else fodt
    return _OdfReader(etree.fromstring(data, etree.XMLParser(huge_tree=True))).listing()


# ---------------------------------------------------------------------------------------------------------------
# What LibreOffice and the .docx listing can be compared on
# ---------------------------------------------------------------------------------------------------------------


# LibreOffice's names for the Word built-in styles it maps to its own (writerfilter's StyleSheetTable), by their
# case-folded display name in the flat ODF file, and the Word name they stand for.
_LIBREOFFICE_STYLE_NAMES = {
    "standard": "normal", "text body": "body text", "text body indent": "body text indent",
    "footnote": "footnote text", "endnote": "endnote text", "contents heading": "toc heading",
    "addressee": "envelope address", "sender": "envelope return",
    **{f"contents {n}": f"toc {n}" for n in range(1, 10)},
}


def comparable_style(name: str) -> str:
    """A style name both readers spell alike: case-folded (Word matches built-in names case-insensitively:
    'heading 1' is 'Heading 1'), LibreOffice's names for Word's built-in styles mapped back, and an empty name (a
    package without a default paragraph style) read as Word's 'Normal'. LibreOffice appends ' (user)' to a Word
    style whose name is one of its own names; that suffix is dropped and the name is not mapped."""
    folded = name.casefold()
    if folded.endswith(" (user)"):
        return folded[: -len(" (user)")]
    return _LIBREOFFICE_STYLE_NAMES.get(folded, folded) or "normal"


def comparable(listing: Listing) -> Listing:
    """The projection of a listing on which `listing(docx)` and `libreoffice_listing(docx)` must agree.

    Compared: the order of paragraphs and tables (body, table cells, and each footnote and endnote in reference
    order); each paragraph's text, style (`comparable_style`), numbering (level, w:numFmt and w:lvlText) and marks
    per character; the rows of each table, its number of cells per row, which cells continue a vertical merge, and
    the blocks of the other cells; the counts of pictures, comments, hyperlinks, footnotes and endnotes.

    Not compared, and why (LibreOffice 7.4 as the second reader):
    * alignment: not read from the flat ODF file (LibreOffice writes Word's `both`/`left` in a bidi paragraph
      through its own start/end model); the section-break flag: LibreOffice has no section-break paragraphs.
    * equation text (mark "math") and the equation count: without LibreOffice Math installed the converter
      drops OMML objects altogether.
    * column spans: see `_comparable_tables`.
    * fields and bookmarks counts: LibreOffice turns fields into its own field types, indexes (a TOC becomes a
      text:table-of-content whose entries are no fields) or plain text, and adds and drops bookmarks (for
      cross-references and TOC entries).

    Normalised on both sides:
    * an empty paragraph that carries a section break (w:pPr/w:sectPr) is dropped: LibreOffice does not keep it
      (the section's page style goes to the next paragraph), while Word shows it as the section's last paragraph;
    * a page or column break (w:br w:type="page"/"column", "\\f" in the listing) ends the paragraph: LibreOffice
      has no inline page break and splits the paragraph there, giving the rest a break-before; a break at either
      end of a paragraph splits off nothing;
    * a note without text is a note without blocks (Word and LibreOffice give an empty w:footnote a paragraph).
    """

    def change(p: Paragraph) -> Paragraph | None:
        if p.section_break and not p.text.strip():
            return None
        kept = ((s.text, s.marks) for s in p.segments if MATH not in s.marks)
        return Paragraph(comparable_style(p.style), p.numbering, p.alignment, merge_segments(kept))

    out = map_paragraphs(_split_at_page_breaks(listing), change)
    notes = {kind: tuple(() if not any(_has_text(b) for b in note) else _comparable_tables(note)
                         for note in getattr(out, kind)) for kind in ("footnotes", "endnotes")}
    counts = replace(out.counts, fields=0, bookmarks=0, equations=0)
    return replace(out, blocks=_comparable_tables(out.blocks), counts=counts, **notes)


def _has_text(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return bool(block.text.strip())
    return any(_has_text(b) for row in block.rows for cell in row for b in cell.blocks)


def _split_at_page_breaks(listing: Listing) -> Listing:
    """Each paragraph cut at its page breaks, as LibreOffice cuts it (see `comparable`)."""

    def blocks(items: Sequence[Block]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in items:
            if isinstance(block, Table):
                out.append(Table(tuple(tuple(replace(c, blocks=blocks(c.blocks)) for c in row) for row in block.rows)))
            else:
                out.extend(_split_paragraph(block))
        return tuple(out)

    return replace(listing, blocks=blocks(listing.blocks), footnotes=tuple(map(blocks, listing.footnotes)),
                   endnotes=tuple(map(blocks, listing.endnotes)))


def _split_paragraph(p: Paragraph) -> list[Paragraph]:
    pieces: list[list[tuple[str, frozenset[str]]]] = [[]]
    for segment in p.segments:
        for n, part in enumerate(segment.text.split(PAGE_BREAK)):
            if n:
                pieces.append([])
            pieces[-1].append((part, segment.marks))
    texts = [merge_segments(piece) for piece in pieces]
    while len(texts) > 1 and not texts[-1]:
        texts.pop()
    while len(texts) > 1 and not texts[0]:
        texts.pop(0)
    return [replace(p, segments=t, section_break=p.section_break and n == len(texts) - 1)
            for n, t in enumerate(texts)]


def _comparable_tables(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Tables without rows dropped (a w:tbl with no w:tr is not valid WordprocessingML and LibreOffice skips it);
    the blocks of cells that continue a vertical merge emptied (LibreOffice's covered cells hold none, Word shows
    none); column spans set to 1, because LibreOffice derives a table's columns from the cell widths (w:tcW), not
    from w:tblGrid, so that a cell spanning two grid columns in Word may span one of LibreOffice's, or three."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            if not block.rows:
                continue
            block = Table(tuple(tuple(
                Cell(() if c.continued else _comparable_tables(c.blocks), 1, c.continued) for c in row)
                for row in block.rows))
        out.append(block)
    return tuple(out)


# ---------------------------------------------------------------------------------------------------------------
# Running LibreOffice
# ---------------------------------------------------------------------------------------------------------------


def soffice() -> str | None:
    """The LibreOffice binary on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_listing(docx: Path, workdir: Path) -> Listing:
    """The listing of `docx` as LibreOffice reads it: converted to flat ODF (`soffice --convert-to fodt`, with a
    profile of its own under `workdir`) and read by `fodt_listing`. Compare it with `listing(docx)` through
    `comparable`."""
    return libreoffice_listings([docx], workdir)[docx]


def libreoffice_listings(docxs: Sequence[Path], workdir: Path) -> dict[Path, Listing]:
    """`libreoffice_listing` for many files with as few LibreOffice starts as possible (one, unless LibreOffice
    stops early: in a long batch, soffice 7.4 has been seen to exit with status 0 before converting every file,
    so the files it left out are converted again in a new batch)."""
    fodts = convert_to_fodt(docxs, workdir)
    return {docx: fodt_listing(fodt) for docx, fodt in fodts.items()}


def convert_to_fodt(docxs: Sequence[Path], workdir: Path) -> dict[Path, Path]:
    """Each .docx converted to flat ODF under `workdir`; AssertionError if LibreOffice cannot convert one."""
    converted = convert(docxs, workdir, "fodt")
    for docx, out in converted.items():
        if isinstance(out, str):
            raise AssertionError(f"LibreOffice could not convert {docx}: {out}")
    return {d: out for d, out in converted.items() if isinstance(out, Path)}


def convert(docxs: Sequence[Path], workdir: Path, fmt: str) -> dict[Path, Path | str]:
    """Each .docx converted by LibreOffice to `fmt` (fodt, pdf, ...) under `workdir`: the converted file, or
    what LibreOffice said when it did not convert it. As few LibreOffice starts as possible: one, unless
    LibreOffice stops early (in a long batch, soffice 7.4 has been seen to exit with status 0 before converting
    every file), when the files it left out are converted again in a new batch, until a batch converts none."""
    binary = soffice()
    if binary is None:
        raise AssertionError("LibreOffice (soffice) is not on PATH")
    inputs, outputs = workdir / "docx", workdir / fmt
    inputs.mkdir(parents=True, exist_ok=True)
    outputs.mkdir(parents=True, exist_ok=True)
    staged: dict[Path, Path] = {}
    for n, docx in enumerate(docxs):  # numbered copies: two corpus files may share a name
        staged[docx] = inputs / f"{n:04d}.docx"
        shutil.copyfile(docx, staged[docx])
    missing, said = list(docxs), ""
    while missing:
        run = _soffice(binary, [staged[d] for d in missing], outputs, workdir, fmt)
        left = [d for d in missing if not (outputs / f"{staged[d].stem}.{fmt}").exists()]
        if len(left) == len(missing):
            said = f"exit {run.returncode}: {(run.stderr or run.stdout)[-1000:]}"
            break
        missing = left
    return {d: said if d in missing else outputs / f"{staged[d].stem}.{fmt}" for d in docxs}


def _soffice(binary: str, files: list[Path], outdir: Path, workdir: Path,
             fmt: str) -> subprocess.CompletedProcess[str]:
    profile = (workdir / "lo-profile").resolve().as_uri()
    command = [binary, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", fmt,
               "--outdir", str(outdir), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT + 10 * len(files))
