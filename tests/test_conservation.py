"""Conservation of text: the reader drops no character of a document's text (project issue #9).

An oracle that shares no code with resdiff's reader walks word/document.xml and the footnote and endnote parts
with lxml, takes every character of every w:t, w:delText and m:t in document order and classifies it by its
ancestors: under w:ins / w:moveTo, or in a run (w:r, m:r) whose w:rPr holds w:ins / w:moveTo, or in a row
(w:trPr/w:ins) or cell (w:cellIns) inserted, it is absent from the old side; likewise w:del / w:moveFrom /
w:cellDel for the new side (a character can be absent from both: an insertion deleted later). Then

    resdiff's old view == the oracle's characters present on the old side (all of them but the inserted ones)
    resdiff's new view == the oracle's characters present on the new side (all of them but the deleted ones)

as strings in document order, so that old view + inserted text and new view + deleted text account for every
character. Paragraph-mark joins move text between paragraphs but keep its order, so the concatenated text is
compared, not paragraph by paragraph.

What resdiff intentionally does not read is excluded by these rules, and only by them:

* Field codes. w:instrText / w:delInstrText are not text. A w:t between a field's fldChar "begin" and its
  "separate" is part of the field's instruction too: Word puts the *result* of a field nested in another
  field's code there (``{ IF { REF x } = "" ... }``); it is never displayed as such. Field state follows the
  fldChar elements in document order, across paragraphs, restarting in each note.
* Duplicated alternatives. Of an mc:AlternateContent only the first mc:Choice is counted: the mc:Fallback (a VML
  copy of a DrawingML shape) holds the same text box text again.
* Separator notes (w:footnote/w:endnote of type separator, continuationSeparator, continuationNotice).

Text-box text (w:txbxContent) is NOT excluded: the reader keeps it as spans of the paragraph that anchors the
shape, at the anchor's position. Element characters (tabs, breaks, no-break and soft hyphens) are not w:t text
and are removed from both sides before comparing; a w:sym matches any one character (or none: an undecodable
symbol).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

import resdiff
from corpus import CORPUS, corpus_path, spread_sample
from resdiff.model import iter_paragraphs

W_NS = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main")
M_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math")
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

ELEMENT_CHARACTERS = str.maketrans("", "", "\t\n\r\u2011\u00ad")
SYM = "\x00"  # the oracle's placeholder for one w:sym
ABSENT_FROM_OLD = frozenset({"ins", "moveTo", "cellIns"})
ABSENT_FROM_NEW = frozenset({"del", "moveFrom", "cellDel"})
SEPARATOR_NOTES = frozenset({"separator", "continuationSeparator", "continuationNotice"})

ALL_DOCX = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.docx")) if CORPUS.exists() else []
SAMPLE = spread_sample(ALL_DOCX, 60)


def _w(el: etree._Element) -> str:
    """Local name of a WordprocessingML element, '' otherwise."""
    if not isinstance(el.tag, str):
        return ""
    q = etree.QName(el)
    return q.localname if q.namespace in W_NS else ""


def _m(el: etree._Element) -> str:
    if not isinstance(el.tag, str):
        return ""
    q = etree.QName(el)
    return q.localname if q.namespace in M_NS else ""


def _mc(el: etree._Element) -> str:
    if not isinstance(el.tag, str):
        return ""
    q = etree.QName(el)
    return q.localname if q.namespace == MC_NS else ""


@dataclass
class Tally:
    """The oracle's text of one document: each side in document order, and the counts by class."""

    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # plain / inserted / deleted / both / field_code

    def add(self, text: str, removed: set[str]) -> None:
        if "old" not in removed:
            self.old.append(text)
        if "new" not in removed:
            self.new.append(text)
        kind = {frozenset(): "plain", frozenset({"old"}): "inserted", frozenset({"new"}): "deleted"}.get(
            frozenset(removed), "both"
        )
        self.counts[kind] += len(text)


def _removed_by(el: etree._Element, stop: etree._Element) -> set[str]:
    """The sides an element of text is absent from, from its ancestors up to `stop`."""
    removed: set[str] = set()
    for a in el.iterancestors():
        if a is stop:
            break
        markers = [_w(a)]
        name = _w(a) or _m(a)
        if name == "r":  # run-level revision markers: w:r/w:rPr/w:ins, m:r/w:rPr/w:del
            markers += [_w(m) for rpr in a if _w(rpr) == "rPr" for m in rpr]
        elif name == "tr":
            markers += [_w(m) for trpr in a if _w(trpr) == "trPr" for m in trpr]
        elif name == "tc":
            markers += [_w(m) for tcpr in a if _w(tcpr) == "tcPr" for m in tcpr]
        for marker in markers:
            if marker in ABSENT_FROM_OLD:
                removed.add("old")
            elif marker in ABSENT_FROM_NEW:
                removed.add("new")
    return removed


def _skipped(el: etree._Element) -> bool:
    """An mc:Fallback after a Choice, or a later mc:Choice: a duplicate of the text counted in the first Choice."""
    if _mc(el) == "Fallback":
        return any(_mc(s) == "Choice" for s in el.itersiblings(preceding=True))
    if _mc(el) == "Choice":
        return any(_mc(s) == "Choice" for s in el.itersiblings(preceding=True))
    return False


def tally_story(root: etree._Element, tally: Tally) -> None:
    """Walk one story (the body, or one note) in document order."""
    fields: list[str] = []

    def walk(el: etree._Element) -> None:
        for c in el:
            if _skipped(c):
                continue
            name = _w(c)
            if name == "fldChar":
                kind = next((v for k, v in c.attrib.items() if etree.QName(k).localname == "fldCharType"), None)
                if kind == "begin":
                    fields.append("code")
                elif kind == "separate" and fields:
                    fields[-1] = "result"
                elif kind == "end" and fields:
                    fields.pop()
            elif name in ("t", "delText") or _m(c) == "t":
                text = (c.text or "").translate(ELEMENT_CHARACTERS)
                if name and "code" in fields:
                    tally.counts["field_code"] += len(text)
                else:
                    tally.add(text, _removed_by(c, root))
            elif name == "sym" and "code" not in fields:
                tally.add(SYM, _removed_by(c, root))
            else:
                walk(c)

    walk(root)


def _rels(parts: dict[str, bytes], part: str) -> list[tuple[str, str]]:
    name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if name not in parts:
        return []
    out = []
    for rel in etree.fromstring(parts[name]):
        if rel.tag == f"{{{REL_NS}}}Relationship" and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(part), target)
            out.append((rel.get("Type") or "", posixpath.normpath(path)))
    return out


def oracle(data: bytes) -> Tally:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    main = next((t for ty, t in _rels(parts, "") if ty.endswith("/officeDocument") and t in parts),
                "word/document.xml")
    tally = Tally()
    root = etree.fromstring(parts[main])
    body = next(c for c in root if _w(c) == "body")
    tally_story(body, tally)
    for kind in ("footnote", "endnote"):
        for ty, target in _rels(parts, main):
            if ty.endswith(f"/{kind}s") and target in parts:
                for note in etree.fromstring(parts[target]):
                    note_type = next((v for k, v in note.attrib.items() if etree.QName(k).localname == "type"), None)
                    if _w(note) == kind and note_type not in SEPARATOR_NOTES:
                        tally_story(note, tally)
    return tally


def model_text(doc: resdiff.Document) -> str:
    blocks = list(doc.blocks) + [b for n in doc.notes for b in n.blocks]
    return "".join(p.text for p in iter_paragraphs(tuple(blocks))).translate(ELEMENT_CHARACTERS)


def compare(expected: str, actual: str) -> str | None:
    """None when `actual` is `expected` (each SYM matching one character or none), else what differs."""
    pattern = ".?".join(re.escape(segment) for segment in expected.split(SYM))
    if re.fullmatch(pattern, actual, re.DOTALL):
        return None
    plain = expected.replace(SYM, "")
    dropped = Counter(plain) - Counter(actual)
    added = Counter(actual) - Counter(plain)
    at = next((i for i, (a, b) in enumerate(zip(plain, actual)) if a != b), min(len(plain), len(actual)))
    return (
        f"{sum(dropped.values())} characters dropped {dict(dropped.most_common(8))}, "
        f"{sum(added.values())} extra {dict(added.most_common(8))}; first difference at {at}: "
        f"expected {plain[max(0, at - 30):at + 30]!r}, read {actual[max(0, at - 30):at + 30]!r}"
    )


def check(relative: str) -> Tally:
    path = corpus_path(relative)
    data = Path(path).read_bytes()
    try:
        doc = resdiff.read(data, name=relative)
    except resdiff.ResdiffError:
        pytest.skip("the reader refuses this document; conservation is about documents it accepts")
    tally = oracle(data)
    problems = []
    for side, view, expected in (("old", doc.old(), tally.old), ("new", doc.new(), tally.new)):
        difference = compare("".join(expected), model_text(view))
        if difference:
            problems.append(f"{side} view: {difference}")
    assert not problems, f"{relative}: " + " | ".join(problems)
    return tally


# ---- unit checks of the oracle and of the rules --------------------------------------------------------------

W = W_NS[0]


def _docx(body: str) -> bytes:
    import docx  # python-docx builds a valid package to put the body into

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    out = io.BytesIO()
    xml = f'<w:document xmlns:w="{W}" xmlns:mc="{MC_NS}"><w:body>{body}</w:body></w:document>'.encode()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, xml if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


TEXTBOX = (
    '<w:p><w:r><w:t>before </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<w:txbxContent><w:p><w:pPr><w:rPr><w:del w:id="9" w:author="A"/></w:rPr></w:pPr><w:r><w:t>box</w:t></w:r></w:p>'
    '<w:p><w:ins w:id="8" w:author="A"><w:r><w:t>one</w:t></w:r></w:ins></w:p></w:txbxContent></w:drawing>'
    '</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p><w:p><w:r><w:t>one</w:t>'
    '</w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t> after</w:t></w:r></w:p>'
)


@pytest.mark.parametrize(("body", "old", "new"), [
    (('<w:p><w:r><w:t>a</w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>b</w:delText></w:r></w:del>'
     '<w:ins w:id="2" w:author="A"><w:r><w:t>c</w:t></w:r></w:ins></w:p>'), "ab", "ac"),
    ('<w:p><w:r><w:rPr><w:del w:id="1" w:author="A"/></w:rPr><w:t>x</w:t></w:r><w:r><w:t>y</w:t></w:r></w:p>',
     "xy", "y"),
    (('<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:r><w:t>joined </w:t></w:r></w:p>'
     '<w:p><w:r><w:t>here</w:t></w:r></w:p>'), "joined here", "joined here"),
    (('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
     '<w:r><w:t>code</w:t></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
     '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'), "7", "7"),
    (('<w:tbl><w:tr><w:trPr><w:del w:id="1" w:author="A"/></w:trPr><w:tc><w:p><w:r><w:t>row</w:t></w:r></w:p>'
     '</w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>kept</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'), "rowkept", "kept"),
    (TEXTBOX, "before box after", "before boxone after"),
], ids=["ins-del", "run-marker", "mark-join", "field-code", "deleted-row", "text-box"])
def test_oracle_and_reader_agree_on_small_documents(body: str, old: str, new: str) -> None:
    data = _docx(body)
    tally = oracle(data)
    doc = resdiff.read(data, name="small.docx")
    assert "".join(tally.old) == old and "".join(tally.new) == new
    assert compare(old, model_text(doc.old())) is None, model_text(doc.old())
    assert compare(new, model_text(doc.new())) is None, model_text(doc.new())


def test_a_dropped_character_is_reported() -> None:
    assert compare("abc", "ac") is not None
    assert compare("a" + SYM + "c", "a\u2022c") is None


# ---- the corpus -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("relative", SAMPLE)
def test_no_text_is_dropped_sample(relative: str) -> None:
    check(relative)


@pytest.mark.slow
@pytest.mark.parametrize("relative", ALL_DOCX)
def test_no_text_is_dropped(relative: str) -> None:
    check(relative)
