"""Akoma Ntoso lifecycle (issue 16): wIds that survive renumbering, <lifecycle> events and one <textualMod> per
change, valid against akomantoso30.xsd. The expected changes come from the fixture's labels.tsv (written when
the fixture was made, not by resdiff); the wIds are checked against the eIds of the old version written alone
and against the text renumbered by `resdiff.renumbering`."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from lxml import etree

import resdiff
from resdiff.parse.structure import build_tree
from resdiff.render.akn import AKN_NS, render_akn
from resdiff.renumbering import renumber
from test_akn import assert_valid

ROOT = Path(__file__).resolve().parent.parent
RES130 = ROOT / "fixtures" / "res130-iap"
NS = {"a": AKN_NS}
CLAUSES = "//a:recital | //a:item | //a:paragraph | //a:point"


def _xml(doc: resdiff.Document) -> etree._Element:
    xml = render_akn(build_tree(doc))
    assert_valid(xml)
    return etree.fromstring(xml.encode("utf-8"))


def _text(element: etree._Element, side: str) -> str:
    """A clause's own text (its <p>, not its sub-items) on one side: <ins> left out for the old, <del> for the new."""
    p = element.find("a:p", NS) if element.find("a:p", NS) is not None else element.find("a:*/a:p", NS)
    drop = "ins" if side == "old" else "del"
    return " ".join("".join(t for t in p.xpath(f".//text()[not(ancestor::a:{drop})]", namespaces=NS)).split())


def _mods(root: etree._Element) -> Counter[str]:
    return Counter(root.xpath("//a:passiveModifications/a:textualMod/@type", namespaces=NS))


def test_the_proposals_changes_are_its_textual_modifications() -> None:
    root = _xml(resdiff.read(RES130 / "proposal.docx"))
    with (RES130 / "labels.tsv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    by_status = Counter(row["status"] for row in rows)
    renumbered = sum(1 for r in rows if r["old_label"] and r["new_label"] and r["old_label"] != r["new_label"])
    mods = _mods(root)
    assert mods["insertion"] >= by_status["inserted"] and mods["repeal"] >= by_status["deleted"]
    assert mods["renumbering"] == renumbered
    # every labelled clause the fixture says was modified is a substitution; the title's revision is one more
    assert mods["substitution"] >= by_status["modified"] + 1
    eids = set(root.xpath("//@eId"))
    assert all(d[1:] in eids for d in root.xpath("//a:textualMod/a:destination/@href", namespaces=NS))
    events = root.xpath("//a:lifecycle/a:eventRef", namespaces=NS)
    assert [(e.get("type"), e.get("date")) for e in events] == [("generation", "2018-01-01"),
                                                                 ("amendment", "2022-01-01")]
    assert root.xpath("string(//a:passiveRef/@showAs)", namespaces=NS) == "MOD IAP/76A35/1"


def test_a_clauses_wid_is_its_eid_in_the_old_version() -> None:
    """The old version written alone names each clause by its eId; the tracked document's clause with the same
    old text carries that eId as its wId, and <previous> of a renumbering points at it."""
    doc = resdiff.read(RES130 / "proposal.docx")
    tracked, old = _xml(doc), _xml(doc.old())
    old_eids: dict[str, list[str]] = {}
    for element in old.xpath(CLAUSES, namespaces=NS):
        old_eids.setdefault(_text(element, "old"), []).append(element.get("eId"))
    checked = 0
    for element in tracked.xpath(CLAUSES, namespaces=NS):
        wid = element.get("wId")
        if element.xpath("a:num/a:ins and not(a:num/a:del) and not(a:num/text())", namespaces=NS) or wid is None:
            continue  # inserted: no old version to name it
        assert wid in old_eids.get(_text(element, "old"), []), (element.get("eId"), wid)
        checked += 1
    assert checked >= 130
    previous = tracked.xpath("//a:textualMod[@type='renumbering']/a:previous/@href", namespaces=NS)
    assert previous and all(h.split("#")[1] in {e for v in old_eids.values() for e in v} for h in previous)


def test_wids_are_the_same_before_and_after_renumber() -> None:
    accepted = resdiff.read(RES130 / "proposal.docx").new()
    before = _xml(accepted)
    after = _xml(renumber(accepted, author="resdiff", date="2022-10-14"))
    wids_before = {_text(e, "new"): e.get("wId") for e in before.xpath(CLAUSES, namespaces=NS)}
    # the renumbered text's old side is the text before (a reference that follows its clause changes the new side)
    wids_after = {_text(e, "old"): e.get("wId") for e in after.xpath(CLAUSES, namespaces=NS)}
    assert wids_before == wids_after
    assert not before.xpath("//a:lifecycle", namespaces=NS)  # a clean text carries no amendment
    assert all(e.get("wId") == e.get("eId") for e in before.xpath(CLAUSES, namespaces=NS))
    # the eId changes where the label changes, and under a clause whose label changes (the path holds it)
    changed = {e.get("eId") for e in after.xpath(CLAUSES, namespaces=NS) if e.get("wId") != e.get("eId")}
    relabelled = {h[1:] for h in after.xpath("//a:textualMod[@type='renumbering']/a:destination/@href",
                                             namespaces=NS)}
    assert len(relabelled) > 10 and relabelled <= changed
    assert all(any(eid.startswith(r + "__") for r in relabelled) for eid in changed - relabelled)
    # labels change, and the clauses whose references follow them are substitutions
    rewritten = [e for e in after.xpath(CLAUSES, namespaces=NS) if e.xpath("a:*/a:p/a:ins | a:p/a:ins",
                                                                             namespaces=NS)]
    assert set(_mods(after)) == {"renumbering", "substitution"} and _mods(after)["substitution"] == len(rewritten)
