"""Akoma Ntoso: clause tree → AKN 3.0 (render_akn) → clause tree (read_akn), and schema validity of the output.

Round trip: `tree → AKN → tree` must give the same `model_dump()` except for what AKN does not carry:
  * `messages` (the builder's warnings about its source text; a reader of clean markup has none to give),
  * each clause's `spans` (AKN keeps only the text's old/new sides as <ins>/<del>: no revision authors, dates or
    ids; the label is in <num>, not in the spans) and `paragraph` (the index of a paragraph in a Word file).
Everything else is compared: kind, number, revision, old_revision, language, title, preamble, proposal, reasons,
annexes, footnotes; per section call, key, kind, language, status, old_call, intro; per clause id, old/new label,
status, old/new text, footnotes, children, and the computed action / renumbered / moved.

Schema: the OASIS akomantoso30.xsd of the corpus imports `./xml.xsd` (the W3C schema of the xml: namespace), which
is neither in the corpus nor in any installed package. The import is resolved to a local xml.xsd next to the
schema when one exists, else to the four xml: attribute declarations written out below (no download, no copy).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

import akn
import resdiff
from corpus import ROOT, corpus_path
from resdiff.errors import UnreadableInputError, UnsafeInputError
from resdiff.model import Clause, Resolution, Revision, Section, Span
from resdiff.parse.akn import read_akn, read_akn_components
from resdiff.parse.structure import build_tree
from resdiff.render.akn import AKN_NS, render_akn

_XML_NAMESPACE_SCHEMA = b"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang">
    <xs:simpleType>
      <xs:union memberTypes="xs:language">
        <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value=""/></xs:restriction></xs:simpleType>
      </xs:union>
    </xs:simpleType>
  </xs:attribute>
  <xs:attribute name="space">
    <xs:simpleType>
      <xs:restriction base="xs:NCName">
        <xs:enumeration value="default"/><xs:enumeration value="preserve"/>
      </xs:restriction>
    </xs:simpleType>
  </xs:attribute>
  <xs:attribute name="base" type="xs:anyURI"/>
  <xs:attribute name="id" type="xs:ID"/>
</xs:schema>
"""

SAMPLE = """MOD\tABC/1/2
RESOLUTION 99 (REV. {--DUBAI, 2018--}{++BUCHAREST, 2022++})
A test title
The Plenipotentiary Conference of the International Telecommunication Union (Bucharest, 2022),
a stray paragraph before any call
considering
a)\tfirst item[^1]
b)\tsecond {--old--}{++new++} text
{--c)\tdeleted item--}
{++c)\tinserted item++}
{--d--}{++e++})\trenumbered item
f)\twith children:
i)\tchild one
ii)\tchild {++changed++} two
noting
recognizing
a)\tx
resolves
to do the following:
1\tfirst
2\tthird with sub:
a)\tsub a
i)\tdeep i
b)\tsub b
{--instructs the Secretary-General--}{++instructs the Director++}
1\tgo
{++invites Member States++}
to act
further considering
a)\tlate recital
Reasons: because.
ANNEX 1
some annex text

[^1]: the note
"""


class _XmlNamespace(etree.Resolver):
    def __init__(self, local: Path) -> None:
        super().__init__()
        self.local = local

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url and url.endswith("xml.xsd"):
            if self.local.exists():
                return self.resolve_filename(str(self.local), context)
            return self.resolve_string(_XML_NAMESPACE_SCHEMA, context)
        return None


@cache
def schema() -> etree.XMLSchema:
    xsd = corpus_path("akn4itu-itu-pp18", "akomantoso30.xsd")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    parser.resolvers.add(_XmlNamespace(xsd.parent / "xml.xsd"))
    return etree.XMLSchema(etree.parse(str(xsd), parser))


@cache
def pp18() -> tuple[akn.AknComponent, ...]:
    return tuple(akn.components(akn.parse(corpus_path("akn4itu-itu-pp18", "pp18_final_acts_akn.xml"))))


def comparable(tree: Resolution) -> dict[str, object]:
    def clause(data: dict[str, object]) -> dict[str, object]:
        data = {k: v for k, v in data.items() if k not in ("spans", "paragraph")}
        data["children"] = [clause(c) for c in data["children"]]  # type: ignore[attr-defined]
        return data

    dump = tree.model_dump()
    dump.pop("messages")
    dump["sections"] = [dict(s, clauses=[clause(c) for c in s["clauses"]]) for s in dump["sections"]]
    return dump


def assert_valid(xml: str) -> None:
    document = etree.fromstring(xml.encode("utf-8"))
    validator = schema()
    if not validator.validate(document):
        errors = "\n".join(str(e) for e in list(validator.error_log)[:5])
        pytest.fail(f"not valid against akomantoso30.xsd:\n{errors}")


def round_trip(tree: Resolution, name: str) -> str:
    xml = render_akn(tree)
    back = read_akn(xml.encode("utf-8"), name)
    assert comparable(back) == comparable(tree), name
    return xml


def all_eids(xml: str) -> list[str]:
    return etree.fromstring(xml.encode("utf-8")).xpath("//@eId")


# ---- round trips and validity ------------------------------------------------------------------------------


def test_pp18_round_trip_and_schema() -> None:
    """All 64 PP-18 texts: built from the text tests/akn.py extracts, written, validated, read back."""
    components = pp18()
    assert len(components) == 64
    for component in components:
        tree = build_tree(resdiff.read(component.text.encode("utf-8"), format="txt"))
        xml = round_trip(tree, component.eid)
        assert_valid(xml)
        eids = all_eids(xml)
        assert len(eids) == len(set(eids)), component.eid


def test_res130_tracked_round_trip_and_schema() -> None:
    tree = build_tree(resdiff.read(ROOT / "fixtures" / "res130-iap" / "proposal.docx"))
    assert any(c.status != "unchanged" for s in tree.sections for c in s.clauses)
    xml = round_trip(tree, "res130")
    assert_valid(xml)
    root = etree.fromstring(xml.encode("utf-8"))
    ns = {"a": AKN_NS}
    # the tracked changes are AKN inline <ins>/<del>; a deleted clause keeps its place, wrapped in <del>
    assert root.xpath("count(//a:p/a:ins)", namespaces=ns) > 10
    assert root.xpath("count(//a:p/a:del)", namespaces=ns) > 10
    deleted = [c for s in tree.sections for c in s.clauses if c.status == "deleted"]
    assert deleted
    for recital in root.xpath("//a:recital[a:num/a:del and not(a:num/a:ins)]", namespaces=ns):
        p = recital.find(f"{{{AKN_NS}}}p")
        assert p.text is None and len(p) >= 1 and all(etree.QName(c).localname in ("del", "noteRef") for c in p)
    # the title's revision, the proposal and the footnote survive
    assert root.xpath("string(//a:docNumber)", namespaces=ns) == "130 (RÉV. DUBAÏ, 2018RÉV. bucarest, 2022)"
    assert root.xpath("//a:noteRef/@marker", namespaces=ns) == ["1"] * len(root.xpath("//a:noteRef", namespaces=ns))
    assert render_akn(tree) == xml  # stable


def test_sample_round_trip_and_schema() -> None:
    """Every construct at once: a section without a call, an empty preamble section, nested items under a
    recital and under a paragraph, intro lines, a renamed and an inserted call, a preamble call after the
    operative part, an inserted/deleted/renumbered clause, a footnote, proposal, reasons, an annex."""
    tree = build_tree(resdiff.read(SAMPLE.encode("utf-8"), format="critic"))
    assert {s.status for s in tree.sections} == {"unchanged", "modified", "inserted"}
    assert tree.annexes and tree.reasons and tree.proposal and tree.old_revision and tree.footnotes
    xml = round_trip(tree, "sample")
    assert_valid(xml)
    eids = all_eids(xml)
    assert len(eids) == len(set(eids))
    for expected in ("recs_2__rec_a", "recs_2__rec_c", "recs_2__rec_c-2", "recs_2__rec_f__blist_1__item_ii",
                     "hcont_1__para_2__list_1__point_a__list_1__point_i"):
        assert expected in eids


def test_moved_text_and_empty_tree() -> None:
    moved = (Revision(kind="moved_from"),)
    clause = Clause(
        id="c1", old_label="a)", new_label="a)", label_source="typed", status="modified", old_text="one two",
        new_text="two one",
        spans=(Span(text="a)\t"), Span(text="one ", revisions=moved), Span(text="two"),
               Span(text=" one", revisions=(Revision(kind="moved_to"),))),
    )
    tree = Resolution(kind="RESOLUTION", number="1", language="en", sections=(
        Section(call="resolves", key="resolves", kind="operative", language="en", clauses=(clause,)),))
    xml = round_trip(tree, "moved")
    assert_valid(xml)
    assert 'class="moved_from"' in xml and read_akn(xml.encode(), "moved").sections[0].clauses[0].moved
    xml = round_trip(Resolution(), "empty")
    assert_valid(xml)


def test_control_characters_are_replaced() -> None:
    clause = Clause(id="c1", new_label="1", old_label="1", old_text="a\x0bb", new_text="a\x0bb")
    tree = Resolution(sections=(Section(call="resolves", key="resolves", kind="operative", clauses=(clause,)),))
    xml = render_akn(tree)
    assert_valid(xml)
    assert read_akn(xml.encode(), "x").sections[0].clauses[0].new_text == "a\ufffdb"


# ---- reading AKN4UN as published -------------------------------------------------------------------------


def test_read_pp18_components_as_marked_up() -> None:
    """read_akn of each PP-18 component gives a Resolution with the AKN's own structure (no repair)."""
    data = corpus_path("akn4itu-itu-pp18", "pp18_final_acts_akn.xml").read_bytes()
    trees = read_akn_components(data, "pp18")
    components = {c.eid: c for c in pp18()}
    assert list(trees) == list(components)
    for eid, tree in trees.items():
        component = components[eid]
        assert f"{tree.kind} {tree.number} ({tree.revision})" == component.title_line, eid
        assert tree.title == component.subtitle and tree.preamble == component.formula
        counts = tuple((len(s.clauses), sum(len(c.children) for c in s.clauses)) for s in tree.sections)
        assert counts == component.counts, eid
        assert [s.call for s in tree.sections] == [s.call for s in component.sections], eid
    res130 = read_akn(data, "pp18", component="cmp_res_130")
    assert comparable(res130) == comparable(trees["cmp_res_130"])
    derived = corpus_path("akn4itu-itu-pp18", "DERIVED_res_130_rev_dubai_2018.akn.xml").read_bytes()
    assert comparable(read_akn(derived, "derived")) == comparable(res130)
    single = read_akn(corpus_path("akn4itu-itu-pp18", "res_2.xml").read_bytes(), "res_2.xml")
    assert (single.kind, single.number, single.language) == ("RESOLUTION", "2", "en")
    assert single.sections[0].key == "considering" and single.sections[0].kind == "preamble"


def test_bad_input() -> None:
    with pytest.raises(UnreadableInputError, match="not well-formed"):
        read_akn(b"<akomaNtoso", "a.xml")
    with pytest.raises(UnsafeInputError, match="DOCTYPE"):
        read_akn(b'<!DOCTYPE a [<!ENTITY x "y">]><akomaNtoso xmlns="' + AKN_NS.encode() + b'"/>', "a.xml")
    with pytest.raises(UnreadableInputError, match="not an Akoma Ntoso"):
        read_akn(b"<html/>", "a.xml")
    with pytest.raises(UnreadableInputError, match="no statement"):
        read_akn(b'<akomaNtoso xmlns="' + AKN_NS.encode() + b'"/>', "a.xml")
    collection = b'<akomaNtoso xmlns="' + AKN_NS.encode() + b'"><documentCollection><components>' + (
        b'<component eId="a"><statement name="resolution"><mainBody/></statement></component>'
        b'<component eId="b"><statement name="resolution"><mainBody/></statement></component>'
    ) + b"</components></documentCollection></akomaNtoso>"
    with pytest.raises(UnreadableInputError, match="2 documents"):
        read_akn(collection, "c.xml")
    with pytest.raises(UnreadableInputError, match="no component 'z'"):
        read_akn(collection, "c.xml", component="z")
    assert read_akn(collection, "c.xml", component="b").sections == ()
