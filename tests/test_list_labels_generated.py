"""Word's automatic list labels (resdiff.numbered.generated_labels) on generated tracked documents, against
LibreOffice.

A hypothesis strategy (`documents`) builds tracked .docx packages: one or two abstract lists of four levels (numFmt
from COMMON_FORMATS, OTHER_FORMATS and "none", w:lvlText of one or several levels such as ``%1.%2.``, w:start,
w:lvlRestart, w:isLgl, w:suff), several w:num of one abstract list with and without a w:lvlOverride/w:startOverride,
paragraph styles whose w:numPr numbers a paragraph (with and without w:ilvl, linked back by the level's w:pStyle,
overridden by the paragraph's own w:numPr or by numId 0), unnumbered paragraphs between the items, and tracked
changes: whole items inserted (w:ins on the run and on the paragraph mark) and deleted (w:del + w:delText, deleted
mark), numbering added, removed or changed by a w:pPrChange, and numbering inserted by a w:ins inside w:numPr. Every
paragraph has its own text, "ParagraphNNN of the generated list", so that its line can be found in LibreOffice's
text export.

The oracle: each document's Reject All and Accept All views are written by resdiff's package transform
(`resdiff.render(doc.old() / doc.new(), "docx")`, the code behind `resdiff reject/accept -o OUT.docx`, which keeps
w:numPr, styles.xml and numbering.xml and is tested against Open-XML-PowerTools), all views of a batch are converted
by ONE `soffice --convert-to txt` call (LibreOffice writes a list paragraph as indentation, the label, one space,
the text), and the label LibreOffice writes before each paragraph must equal resdiff's label of that paragraph on
that side (`Label.text`). A failure names each document as a `Spec(...)` expression that rebuilds it (`build`).

Where LibreOffice is known not to be Word, the generator or the expectation says so:

* w:isLgl and w:lvlRestart: LibreOffice 7.4, installed here, reads neither (legal numbering came to Writer later,
  Miklos Vajna's "Legal numbering in Writer"; it restarts every level below a numbered one whatever w:lvlRestart
  says, as python-docx PR #582 found: "Google Docs and Libre Office seem to ignore it"). Word honours both (ECMA-376
  Part 1 17.9.4 and 17.9.10; [MS-OI29500] 2.1.282 only bounds lvlRestart to 0-7). A document with either is compared
  with LibreOffice as resdiff labels it without them (`as_libreoffice`), which checks the counting; what isLgl does
  to the label is checked without LibreOffice (`test_legal_numbering_*`).
* Formats: only those LibreOffice writes as Word does at the values drawn here (1 to about 40; see KNOWN in
  tests/test_number_formats.py): not russian*/arabic* (LibreOffice's alphabets end early), not the enclosed and
  zodiac formats (they stop at 10 to 20 in Word), not hex, numberInDash, hindiNumbers, decimalFullWidth (ASCII in
  LibreOffice 7.4), and w:start 0 only with decimal (for letters and Roman numerals Word writes nothing, LibreOffice
  "0"). "none" is drawn only with an empty w:lvlText or its own %n alone, and no other level shows a "none" level:
  what Word writes for the text around an empty number is not documented, and LibreOffice drops the separator after
  it ("Art. K.2" for "Art. %1.%2.%3" whose %1 is "none") where Open-XML-PowerTools keeps it ("Art. .K.2").
* Styles: one paragraph style a list level, named by the level's w:pStyle, as Word links them (LibreOffice does not
  number a second style given the same level). A style's w:numPr without w:ilvl is drawn only for a style that is
  level 0, the way Word writes it: ECMA-376 17.9.24 takes the level whose w:pStyle names the style (as resdiff
  does), Open-XML-PowerTools and LibreOffice take level 0, and [MS-OI29500] 2.1.50 says only that Word uses the
  style's w:ilvl when there is one.
* w:lvlText only shows the levels down to its own: [MS-OI29500] 2.1.283 c, Word ignores the whole w:lvlText when a
  %n is deeper than its level.
* At most one w:lvlOverride per w:num, on level 0 (Word's "Restart numbering" / "Set numbering value" on a top
  item). A w:num with start overrides on several levels, or on a level that later restarts, has no agreed meaning:
  LibreOffice and Open-XML-PowerTools' ListItemRetriever apply only the first override a w:num reaches, resdiff each
  level's at that level's first item, and ECMA-376 17.9.27 also applies it "whenever it is restarted" (which
  Open-XML-PowerTools does and LibreOffice does not).
* Deleted paragraphs: LibreOffice is given the resolved views, never the tracked document, so how it numbers a
  tracked deletion it shows in place does not enter; as in Word, a deleted item counts after Reject All and not
  after Accept All, and an inserted one the other way round.

Fixed in resdiff.ooxml.numbering on the way (the tests at the end): a level skipped on the way down counts as used
at its start value, so that "1.a.i." first makes the next level-0 item "2." (found by this oracle), and w:isLgl
keeps decimalZero's leading zero (found reading Open-XML-PowerTools; LibreOffice 7.4 cannot see it).
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

import resdiff
from doclisting import soffice
from resdiff.numbered import generated_labels
from test_list_labels import item, labels, lvl, package

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_STAMP = 'w:author="Generator" w:date="2024-05-06T07:08:09Z"'
SOFFICE = soffice()
LEVELS = 4

# ---- a compact, rebuildable description of a document --------------------------------------------------------------


class _Compact:
    """`repr` as the constructor call, without the fields left at their default: short enough to print a failing
    document whole, and `eval` in this module rebuilds it."""

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.default is dataclasses.MISSING:
                parts.append(repr(value))
            elif value != f.default:
                parts.append(f"{f.name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


@dataclass(frozen=True, repr=False)
class Lvl(_Compact):
    """One w:lvl of an abstract list."""

    fmt: str
    text: str  # w:lvlText
    start: int = 1
    restart: int | None = None  # w:lvlRestart (1-based level; 0 = never)
    legal: bool = False  # w:isLgl
    suff: str = "tab"  # w:suff
    style: str | None = None  # w:pStyle: the paragraph style that is this level


@dataclass(frozen=True, repr=False)
class Num(_Compact):
    """A w:num (its w:numId is its index + 1): the abstract list it counts and its w:startOverride per level."""

    abstract: int
    overrides: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, repr=False)
class Style(_Compact):
    """A paragraph style with a w:numPr; `level` None leaves out w:ilvl."""

    id: str
    num: int
    level: int | None = None


@dataclass(frozen=True, repr=False)
class Props(_Compact):
    """What numbers a paragraph on one side: its style and its own w:numPr (num 0: "not numbered")."""

    style: str | None = None
    num: int | None = None
    level: int = 0


@dataclass(frozen=True, repr=False)
class Para(_Compact):
    """A paragraph and its tracked change: "" none, "ins" or "del" the whole paragraph, "ppr" a w:pPrChange from
    `old`, "numins" its w:numPr inserted (a w:ins inside w:numPr)."""

    props: Props
    change: str = ""
    old: Props | None = None


@dataclass(frozen=True, repr=False)
class Spec(_Compact):
    abstracts: tuple[tuple[Lvl, ...], ...]
    nums: tuple[Num, ...]
    styles: tuple[Style, ...]
    paras: tuple[Para, ...]


def text_of(index: int) -> str:
    return f"Paragraph{index:03d} of the generated list"


_LINE = re.compile(r"^(.*?)Paragraph(\d{3}) of the generated list$")

# ---- the package ----------------------------------------------------------------------------------------------------


def _lvl(ilvl: int, level: Lvl) -> str:  # children in CT_Lvl order
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{level.start}"/><w:numFmt w:val="{level.fmt}"/>'
            + (f'<w:lvlRestart w:val="{level.restart}"/>' if level.restart is not None else "")
            + (f'<w:pStyle w:val="{level.style}"/>' if level.style else "")
            + ("<w:isLgl/>" if level.legal else "")
            + (f'<w:suff w:val="{level.suff}"/>' if level.suff != "tab" else "")
            + f'<w:lvlText w:val="{level.text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>')


def _numbering(spec: Spec) -> str:
    abstracts = "".join(f'<w:abstractNum w:abstractNumId="{k}"><w:multiLevelType w:val="multilevel"/>'
                        + "".join(_lvl(i, level) for i, level in enumerate(levels)) + "</w:abstractNum>"
                        for k, levels in enumerate(spec.abstracts))
    nums = "".join(f'<w:num w:numId="{n + 1}"><w:abstractNumId w:val="{num.abstract}"/>'
                   + "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>'
                             for i, s in num.overrides) + "</w:num>"
                   for n, num in enumerate(spec.nums))
    return f'<w:numbering xmlns:w="{_W}">{abstracts}{nums}</w:numbering>'


def _styles(spec: Spec) -> str:
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{s.id}"><w:name w:val="{s.id}"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:numPr>' + (f'<w:ilvl w:val="{s.level}"/>' if s.level is not None else "")
        + f'<w:numId w:val="{s.num}"/></w:numPr></w:pPr></w:style>' for s in spec.styles)
    # English text, so that LibreOffice spells cardinalText and ordinalText in English as Word does here
    return (f'<w:styles xmlns:w="{_W}"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US"/></w:rPr>'
            '</w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            f'<w:name w:val="Normal"/></w:style>{styles}</w:styles>')


def _props(props: Props, inserted: str = "") -> str:
    return ((f'<w:pStyle w:val="{props.style}"/>' if props.style else "")
            + (f'<w:numPr><w:ilvl w:val="{props.level}"/><w:numId w:val="{props.num}"/>{inserted}</w:numPr>'
               if props.num is not None else ""))


def _paragraph(index: int, para: Para, ids: Iterable[int]) -> str:
    stamp = iter(f'w:id="{n}" {_STAMP}' for n in ids)
    text = text_of(index)
    if para.change == "ins":
        return (f'<w:p><w:pPr>{_props(para.props)}<w:rPr><w:ins {next(stamp)}/></w:rPr></w:pPr>'
                f'<w:ins {next(stamp)}><w:r><w:t>{text}</w:t></w:r></w:ins></w:p>')
    if para.change == "del":
        return (f'<w:p><w:pPr>{_props(para.props)}<w:rPr><w:del {next(stamp)}/></w:rPr></w:pPr>'
                f'<w:del {next(stamp)}><w:r><w:delText>{text}</w:delText></w:r></w:del></w:p>')
    if para.change == "numins":
        props = _props(para.props, f"<w:ins {next(stamp)}/>")
    elif para.change == "ppr":
        assert para.old is not None
        props = _props(para.props) + f'<w:pPrChange {next(stamp)}><w:pPr>{_props(para.old)}</w:pPr></w:pPrChange>'
    else:
        props = _props(para.props)
    return f'<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def build(spec: Spec) -> bytes:
    """The tracked .docx package of a spec: its paragraphs, then an unnumbered closing paragraph."""
    body = "".join(_paragraph(i, p, range(2 * i + 1, 2 * i + 3)) for i, p in enumerate(spec.paras))
    body += "<w:p><w:r><w:t>The end of the generated document.</w:t></w:r></w:p>"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_CT}.document.main+xml"/>'
        f'<Override PartName="/word/numbering.xml" ContentType="{_CT}.numbering+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{_CT}.styles+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="r1" Type="{_R}/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="r1" Type="{_R}/numbering" Target="numbering.xml"/>'
        f'<Relationship Id="r2" Type="{_R}/styles" Target="styles.xml"/></Relationships>',
        "word/document.xml": f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>',
        "word/numbering.xml": _numbering(spec),
        "word/styles.xml": _styles(spec),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ---- the generator --------------------------------------------------------------------------------------------------

# Formats LibreOffice 7.4 writes as Word does at every value drawn here (see the module docstring).
COMMON_FORMATS = ("decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "decimalZero")
OTHER_FORMATS = ("ordinal", "cardinalText", "ordinalText", "chineseCounting", "chineseCountingThousand",
                 "taiwaneseCountingThousand", "chineseLegalSimplified", "ideographLegalTraditional")


def _texts(ilvl: int) -> list[str]:
    """w:lvlText patterns for level `ilvl` (0-based), showing only levels down to its own."""
    own, chain = f"%{ilvl + 1}", ".".join(f"%{k + 1}" for k in range(ilvl + 1))
    texts = [own + ".", own + ")", f"({own})", chain + ".", chain, f"Art. {chain}"]
    if ilvl:
        texts += [f"%1.{own}", f"{own}-%1", f"%{ilvl}{own}", "%1)"]
    return texts


@st.composite
def _level(draw: st.DrawFn, ilvl: int) -> Lvl:
    fmt = draw(st.sampled_from(COMMON_FORMATS) | st.sampled_from(OTHER_FORMATS) | st.just("none"))
    if fmt == "none":
        return Lvl(fmt, draw(st.sampled_from(("", f"%{ilvl + 1}"))), suff=draw(st.sampled_from(("tab", "nothing"))))
    start = draw(st.just(1) | st.integers(0 if fmt == "decimal" else 1, 12))
    restart = draw(st.none() | st.integers(0, ilvl)) if ilvl and draw(st.integers(0, 2)) == 0 else None
    legal = ilvl > 0 and draw(st.integers(0, 3)) == 0
    return Lvl(fmt, draw(st.sampled_from(_texts(ilvl))), start, restart, legal,
               draw(st.sampled_from(("tab", "tab", "space", "nothing"))))


def _without_none_references(levels: list[Lvl]) -> list[Lvl]:
    """Levels whose w:lvlText shows a "none" level other than their own show only their own number."""
    out = []
    for ilvl, level in enumerate(levels):
        shown = {int(d) - 1 for d in re.findall(r"%(\d)", level.text)} - {ilvl}
        if any(levels[k].fmt == "none" for k in shown):
            level = dataclasses.replace(level, text=f"%{ilvl + 1}.")
        out.append(level)
    return out


@st.composite
def documents(draw: st.DrawFn) -> Spec:
    abstracts = [_without_none_references([draw(_level(i)) for i in range(LEVELS)])
                 for _ in range(draw(st.integers(1, 2)))]
    nums = [Num(draw(st.integers(0, len(abstracts) - 1)),
                ((0, draw(st.integers(1, 9))),) if draw(st.integers(0, 2)) == 0 else ())
            for _ in range(draw(st.integers(1, 4)))]
    styles: list[Style] = []
    for k in range(draw(st.integers(0, 2))):
        num, level = draw(st.integers(1, len(nums))), draw(st.integers(0, LEVELS - 1))
        levels = abstracts[nums[num - 1].abstract]
        if levels[level].style is None:  # the level names its style, one style a level, as Word links them
            name = f"ListStyle{k}"
            levels[level] = dataclasses.replace(levels[level], style=name)
            styles.append(Style(name, num, None if level == 0 and draw(st.booleans()) else level))

    previous = [0]

    def props() -> Props:
        kind = draw(st.sampled_from(("direct", "plain", "direct", "direct", "style", "style+num", "style+0")))
        if kind == "plain" or (kind.startswith("style") and not styles):
            return Props()
        level = draw(st.sampled_from(sorted({max(previous[0] - 1, 0), previous[0], min(previous[0] + 1, 3)}))
                     | st.integers(0, LEVELS - 1))
        previous[0] = level
        style = draw(st.sampled_from([s.id for s in styles])) if kind.startswith("style") else None
        if kind == "style":
            return Props(style)
        if kind == "style+0":
            return Props(style, 0)
        return Props(style, draw(st.integers(1, len(nums))), level)

    paras = []
    for _ in range(draw(st.integers(3, 24))):
        now = props()
        change = draw(st.sampled_from(("", "", "", "", "ins", "del", "ppr", "ppr", "numins")))
        old = props() if change == "ppr" else None
        if (change == "ppr" and old == now) or (change == "numins" and not now.num):
            change, old = "", None
        paras.append(Para(now, change, old))
    return Spec(tuple(tuple(a) for a in abstracts), tuple(nums), tuple(styles), tuple(paras))


# ---- labels: resdiff's, and LibreOffice's ---------------------------------------------------------------------------

Sides = dict[str, dict[int, str]]


def present(para: Para, side: str) -> bool:
    return para.change != ("ins" if side == "old" else "del")


def resdiff_labels(spec: Spec) -> Sides:
    """resdiff's label text of every paragraph on each side where it is a paragraph ("" when not numbered)."""
    doc = resdiff.read(build(spec))
    both = generated_labels(doc)
    assert len(both) == len(spec.paras) + 1  # and the closing paragraph
    out: Sides = {"old": {}, "new": {}}
    for index, (pair, para) in enumerate(zip(both, spec.paras, strict=False)):
        for side, label in zip(("old", "new"), pair, strict=True):
            if present(para, side):
                out[side][index] = label.text if label is not None else ""
            else:
                assert label is None, (index, side, label)
    return out


def _strip(spec: Spec, legal: bool, restart: bool) -> Spec:
    abstracts = tuple(tuple(dataclasses.replace(level, legal=level.legal and not legal,
                                                restart=None if restart else level.restart) for level in levels)
                      for levels in spec.abstracts)
    return dataclasses.replace(spec, abstracts=abstracts)


def as_libreoffice(spec: Spec) -> list[tuple[str, Spec]]:
    """The readings of a spec LibreOffice may give, first Word's (see the module docstring): LibreOffice 7.4 reads
    neither w:isLgl nor w:lvlRestart; a later one may read either."""
    legal = any(level.legal for levels in spec.abstracts for level in levels)
    restart = any(level.restart is not None for levels in spec.abstracts for level in levels)
    readings = [("Word", spec)]
    if legal:
        readings.append(("without w:isLgl", _strip(spec, True, False)))
    if restart:
        readings.append(("without w:lvlRestart", _strip(spec, False, True)))
    if legal and restart:
        readings.append(("without w:isLgl and w:lvlRestart", _strip(spec, True, True)))
    return readings


def libreoffice_labels(specs: list[Spec], workdir: Path, profile: Path) -> list[Sides]:
    """LibreOffice's label of every paragraph of each spec's Reject All and Accept All views, from one soffice call."""
    paths = []
    for number, spec in enumerate(specs):
        doc = resdiff.read(build(spec))
        for side in ("old", "new"):
            path = workdir / f"d{number:03d}-{side}.docx"
            path.write_bytes(resdiff.render(doc.old() if side == "old" else doc.new(), "docx"))
            paths.append(path)
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(workdir), *map(str, paths)],
                   capture_output=True, timeout=900, check=False)
    out = []
    for path in paths[::2]:
        sides: Sides = {}
        for side in ("old", "new"):
            found = sides[side] = {}
            text = path.with_name(path.name.replace("-old.", f"-{side}.")).with_suffix(".txt")
            lines = text.read_text(encoding="utf-8").replace("\ufeff", "") if text.exists() else ""
            for line in lines.splitlines():
                match = _LINE.match(line)
                if match:
                    found[int(match.group(2))] = match.group(1).strip()
        out.append(sides)
    return out


@dataclass
class Agreement:
    """What a run compared, and the documents where LibreOffice and resdiff part."""

    documents: int = 0
    labels: int = 0  # paragraph labels compared (both sides)
    numbered: int = 0  # of which LibreOffice or resdiff numbers
    readings: dict[str, int] = dataclasses.field(default_factory=dict)  # documents agreeing under each reading
    failures: list[str] = dataclasses.field(default_factory=list)


def compare(specs: list[Spec], workdir: Path, profile: Path, agreement: Agreement) -> None:
    """Every label LibreOffice writes in each document equals resdiff's under one reading of the document (all of
    its paragraphs, both sides); else the document and its differences are written into `agreement.failures`."""
    for spec, theirs in zip(specs, libreoffice_labels(specs, workdir, profile), strict=True):
        agreement.documents += 1
        readings = [(name, resdiff_labels(reading)) for name, reading in as_libreoffice(spec)]
        ours = readings[0][1]
        agreement.labels += sum(len(side) for side in ours.values())
        agreement.numbered += sum(1 for side in ours for i, label in ours[side].items()
                                  if label or theirs[side].get(i))
        matched = next((name for name, reading in readings if reading == theirs), None)
        if matched is not None:
            agreement.readings[matched] = agreement.readings.get(matched, 0) + 1
            continue
        closest = min(readings, key=lambda r: sum(r[1][s] != theirs[s] for s in r[1]))
        differences = [f"{side} ¶{i}: resdiff {label!r}, LibreOffice {theirs[side].get(i, '<line missing>')!r}"
                       for side in ("old", "new") for i, label in closest[1][side].items()
                       if theirs[side].get(i) != label]
        agreement.failures.append(f"{spec!r}\n  ({closest[0]}) " + "; ".join(differences[:6]))


def _check(agreement: Agreement) -> None:
    assert not agreement.failures, (
        f"{len(agreement.failures)} of {agreement.documents} generated documents: resdiff's list labels are not "
        "LibreOffice's (rebuild one with build(Spec(...)) in tests/test_list_labels_generated.py):\n"
        + "\n".join(agreement.failures[:5]))


_BATCH = 30


class Batch(list[Spec]):
    """Documents converted by one soffice call. Its repr stays short: a failure prints its documents itself."""

    def __repr__(self) -> str:
        return f"Batch(<{len(self)} documents>)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # how hypothesis prints a falsifying example
        printer.text(repr(self))


_BATCHES = st.lists(documents(), min_size=_BATCH, max_size=_BATCH).map(Batch)
_LIBREOFFICE_RUN = settings(deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                   HealthCheck.function_scoped_fixture])


def _sweep(specs: list[Spec], tmp_path: Path, agreement: Agreement) -> None:
    """One batch, one soffice call. Disagreements are collected and reported at the end, not shrunk (each try would
    start LibreOffice; a failure prints its documents). Hypothesis's first batch is its simplest, thirty copies of
    one document: not worth starting LibreOffice for."""
    assume(len(set(map(repr, specs))) > len(specs) // 2)
    compare(specs, Path(tempfile.mkdtemp(dir=tmp_path)), tmp_path / "profile", agreement)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_generated_lists_agree_with_libreoffice(tmp_path: Path) -> None:
    agreement = Agreement()

    @settings(_LIBREOFFICE_RUN, max_examples=2)
    @given(_BATCHES)
    def batch(specs: list[Spec]) -> None:
        _sweep(specs, tmp_path, agreement)

    batch()
    _check(agreement)
    assert agreement.documents == 2 * _BATCH
    assert agreement.numbered > agreement.documents  # the oracle saw list items, not only plain paragraphs


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_many_generated_lists_agree_with_libreoffice(tmp_path: Path) -> None:
    agreement = Agreement()

    @settings(_LIBREOFFICE_RUN, max_examples=40)
    @given(_BATCHES)
    def batch(specs: list[Spec]) -> None:
        _sweep(specs, tmp_path, agreement)

    batch()
    _check(agreement)
    assert agreement.documents == 40 * _BATCH
    assert agreement.numbered > agreement.documents  # the oracle saw list items, not only plain paragraphs


# ---- the generator itself, and what LibreOffice cannot check -----------------------------------------------------

@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_back_with_a_label_for_every_paragraph(spec: Spec) -> None:
    ours = resdiff_labels(spec)
    assert sorted(ours["old"]) == [i for i, p in enumerate(spec.paras) if present(p, "old")]
    assert sorted(ours["new"]) == [i for i, p in enumerate(spec.paras) if present(p, "new")]
    assert eval(repr(spec)) == spec


def _decimal(spec: Spec) -> Spec:
    """The spec without w:isLgl and every format but decimalZero and "none" decimal: the labels w:isLgl should
    give, computed by another path."""
    keep = ("decimalZero", "none")
    abstracts = tuple(tuple(dataclasses.replace(level, fmt=level.fmt if level.fmt in keep else "decimal", legal=False)
                            for level in levels) for levels in spec.abstracts)
    return dataclasses.replace(spec, abstracts=abstracts)


_ARTICLE = Spec(((Lvl("upperRoman", "Article %1."), Lvl("decimalZero", "Section %1.%2", legal=True),
                  Lvl("lowerLetter", "(%3)"), Lvl("lowerRoman", "(%1.%2.%3.%4)", legal=True)),), (Num(0),), (),
                tuple(Para(Props(None, 1, level)) for level in (0, 1, 2, 3, 1, 0, 3)))


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example(_ARTICLE)
def test_legal_numbering_shows_every_level_in_decimal(spec: Spec) -> None:
    """w:isLgl (ECMA-376 17.9.4): the levels a legal level shows are written in decimal, except decimalZero, which
    keeps its leading zero (Word's own "Article I / Section 1.01" list: "Section %1.%2" with decimalZero and isLgl is
    "Section 1.01"; Open-XML-PowerTools' ListItemRetriever exempts decimalZero). Counting does not depend on
    formats, so these labels are those of the spec with its formats made decimal. (No legal level shows a "none"
    level here: the generator keeps "none" to its own level.)"""
    ours, decimal = resdiff_labels(spec), resdiff_labels(_decimal(spec))
    for side in ("old", "new"):
        for index, para in enumerate(spec.paras):
            if index in ours[side] and _is_legal(spec, para, side):
                assert ours[side][index] == decimal[side][index], (spec, side, index)


def _is_legal(spec: Spec, para: Para, side: str) -> bool:
    props = para.old if side == "old" and para.change == "ppr" else para.props
    assert props is not None
    if side == "old" and para.change == "numins":
        return False
    num, level = props.num, props.level
    if num is None and props.style:
        style = next(s for s in spec.styles if s.id == props.style)
        num, level = style.num, style.level if style.level is not None else 0
    if not num:
        return False
    return spec.abstracts[spec.nums[num - 1].abstract][level].legal


# ---- Word's rules resdiff was missing, fixed on the way --------------------------------------------------------------

_NUM1 = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'


def test_a_level_skipped_on_the_way_down_counts_as_used_at_its_start_value() -> None:
    """A level-0 item after a deeper first item is "2.": Word numbers it so "by design" (Microsoft KB Q110380,
    "Heading 1 style starts with 2 when numbered", after a Heading 2), and an item of a skipped level continues
    from that level's start. LibreOffice does the same, and Open-XML-PowerTools' ListItemRetriever fills the levels
    a paragraph skips with their w:start and counts on from them."""
    abstract = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "decimal", "%1.") + lvl(1, "lowerLetter", "%1.%2.")
                + lvl(2, "lowerRoman", "%1.%2.%3.", start=3) + "</w:abstractNum>")
    body = "".join(item(f"item {k}", level=level) for k, level in enumerate((2, 0, 2, 1, 0)))
    assert labels(package(body, abstract + _NUM1)) == ["1.a.iii.\t", "2.\t", "2.a.iii.\t", "2.b.\t", "3.\t"]


def test_legal_numbering_keeps_the_leading_zero_of_decimal_zero() -> None:
    """w:isLgl writes the levels a label shows in decimal (ECMA-376 Part 1 17.9.4, whose example shows the third level
    of "A / A.a" as "1.2.1"), except decimalZero: Word's own "Article I. / Section 1.01" list is "Section %1.%2" with
    decimalZero and w:isLgl, shown "Section 1.01"; Open-XML-PowerTools' ListItemRetriever keeps decimalZero under
    isLgl for that reason."""
    ecma = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "upperLetter", "%1") + lvl(1, "lowerLetter", "%1.%2")
            + lvl(2, "lowerRoman", "%1.%2.%3", extra="<w:isLgl/>") + "</w:abstractNum>")
    body = "".join(item(f"item {k}", level=level) for k, level in enumerate((0, 1, 1, 2, 2, 0, 1, 2)))
    assert labels(package(body, ecma + _NUM1)) == [
        "A\t", "A.a\t", "A.b\t", "1.2.1\t", "1.2.2\t", "B\t", "B.a\t", "2.1.1\t"]
    article = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "upperRoman", "Article %1.")
               + lvl(1, "decimalZero", "Section %1.%2", extra="<w:isLgl/>") + "</w:abstractNum>")
    body = "".join(item(f"item {k}", level=level) for k, level in enumerate((0, 1, 1, 0, 1)))
    assert labels(package(body, article + _NUM1)) == [
        "Article I.\t", "Section 1.01\t", "Section 1.02\t", "Article II.\t", "Section 2.01\t"]
