"""The amendment in Akoma Ntoso: identifiers that survive renumbering, the lifecycle, the passive modifications.

Identifiers. A clause's eId is built from its label (AKN naming convention), so a renumbered clause gets a new
eId; its wId is "the identifier that the structure used to have in the original version" (akomantoso30.xsd,
attribute group idreq): the eId the same writer gives the clause when it writes the old version alone — the old
sections and clauses only, by their old labels. Every clause that exists in the old version has one (an inserted
clause has none), so the wIds of a text are the same before and after `resdiff renumber` tracks its renumbering.

Amendment. For a tracked tree (something inserted, deleted, modified or renumbered, or the revision line
changed), <meta> gets:

- <lifecycle>: a `generation` event for the old version (dated by the year of its revision line, "Rev. Dubai,
  2018" → 2018-01-01) and an `amendment` event for this one, each with the document behind it in <references>
  (<original> for the old expression, <passiveRef> for the amending document: the proposal named by the tag
  line, else this revision);
- <analysis><passiveModifications>: one <textualMod> per change, with the amending document as <source> and the
  changed element as <destination>: `insertion` (a clause or section added), `repeal` (deleted: the element
  keeps its place, its text inside <del>), `substitution` (text changed; also the call line and the title's
  revision), `renumbering` (a label changed, <previous> pointing at the clause in the old expression, by
  its eId there: its wId here).

The URIs of the old expression and of the amending document follow the FRBR pattern of this document's own
(`/akn/un/statement/deliberation/{body}/{date}/…`); they are resdiff's construction, not an official registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from typing import Literal

from lxml import etree

from resdiff.model import Clause, Resolution, Section
from resdiff.records import record
from resdiff.render.akn_inline import Ids, eid_part, q, sub

Side = Literal["tracked", "old"]


@record
class IdPlan:
    """eIds of the sections (by index in `Resolution.sections`) and clauses (by `Clause.id`) of one view."""

    sections: dict[int, str] = field(default_factory=dict)
    clauses: dict[str, str] = field(default_factory=dict)


def plan_ids(tree: Resolution, side: Side) -> IdPlan:
    """The eIds of the tracked document (every section and clause, labelled by the new label, else the old) or of
    the old version alone (what exists there, by the old label) — the writer's scheme in both cases:
    `recs_{n}__rec_{label}` (nested `…__blist_1__item_{label}`) in the preamble, `hcont_{n}__para_{label}`
    (nested `…__list_1__point_{label}`) from the first operative section on; an unlabelled clause is `u{position}`,
    a clash gets `-2`."""
    present = [(i, s) for i, s in enumerate(tree.sections) if side == "tracked" or s.status != "inserted"]
    operative = next((k for k, (_, s) in enumerate(present) if s.kind == "operative"), len(present))
    plan, ids = IdPlan(), Ids()
    for k, (index, section) in enumerate(present):
        preamble = k < operative
        eid = ids.make(f"recs_{k + 1}" if preamble else f"hcont_{k - operative + 1}")
        plan.sections[index] = eid
        if preamble and not section.clauses:
            continue  # a <container name="recitals">: no clause ids under it
        child = "__rec_" if preamble else "__para_"
        _plan_clauses(section.clauses, eid + child, preamble, side, ids, plan)
    return plan


def _plan_clauses(clauses: tuple[Clause, ...], prefix: str, preamble: bool, side: Side, ids: Ids,
                  plan: IdPlan) -> None:
    present = [c for c in clauses if side == "tracked" or c.status != "inserted"]
    for position, clause in enumerate(present, 1):
        label = clause.old_label if side == "old" else (
            clause.new_label if clause.new_label is not None else clause.old_label)
        eid = ids.make(prefix + (eid_part(label) or f"u{position}"))
        plan.clauses[clause.id] = eid
        if clause.children:
            lists = ids.make(f"{eid}__blist_1" if preamble else f"{eid}__list_1")
            _plan_clauses(clause.children, lists + ("__item_" if preamble else "__point_"), preamble, side, ids,
                          plan)


def is_amendment(tree: Resolution) -> bool:
    """Whether the tree carries an amendment (tracked changes to write as a lifecycle), not only a text."""
    return (tree.old_revision is not None and tree.old_revision != tree.revision) or any(
        s.status != "unchanged" for s in tree.sections) or any(
        c.status != "unchanged" or c.renumbered for c in all_clauses(tree))


def clauses_in(clauses: tuple[Clause, ...]) -> Iterator[Clause]:
    """Clauses and their sub-items, depth-first in document order."""
    for clause in clauses:
        yield clause
        yield from clauses_in(clause.children)


def all_clauses(tree: Resolution) -> Iterator[Clause]:
    """Every clause of every section, in document order."""
    for section in tree.sections:
        yield from clauses_in(section.clauses)


@record(frozen=True)
class Expressions:
    """What the lifecycle names: the FRBR work URI, the language, and the old and new expressions' dates."""

    work: str
    language: str
    old_date: str
    new_date: str


def old_date(tree: Resolution, new_date: str) -> str:
    """The old version's date: 1 January of the year of its revision line, else the new one's."""
    years = re.findall(r"\b(1[89]\d\d|2\d\d\d)\b", tree.old_revision or "")
    return f"{years[-1]}-01-01" if years else new_date


def write_lifecycle(meta: etree._Element, tree: Resolution, where: Expressions) -> None:
    """<lifecycle> after <identification> (the schema's order); its documents go in `add_references`."""
    lifecycle = sub(meta, "lifecycle", source="#resdiff")
    sub(lifecycle, "eventRef", eId="evt_1", date=where.old_date, source="#ro_original", type="generation")
    sub(lifecycle, "eventRef", eId="evt_2", date=where.new_date, source="#ro_amendment", type="amendment")


def add_references(references: etree._Element, tree: Resolution, where: Expressions) -> None:
    """<original> (the old expression) and <passiveRef> (the amending document) before the TLC references."""
    old_title = " ".join(x for x in (tree.kind, tree.number, f"({tree.old_revision})" if tree.old_revision else "")
                         if x)
    references.insert(0, _element("original", eId="ro_original", href=f"{where.work}/{where.language}@"
                                  f"{where.old_date}", showAs=old_title or "original version"))
    if tree.proposal is not None:
        href = f"{where.work}/proposal-{eid_part(tree.proposal.symbol).lower()}"
        shown = f"{tree.proposal.action} {tree.proposal.symbol}"
    else:
        href, shown = f"{where.work}/{where.language}@{where.new_date}", tree.revision or "amended version"
    references.insert(1, _element("passiveRef", eId="ro_amendment", href=href, showAs=shown))


def _element(tag: str, **attrs: str) -> etree._Element:
    return etree.Element(q(tag), attrs)


def write_modifications(meta: etree._Element, tree: Resolution, where: Expressions, eids: IdPlan,
                        wids: IdPlan, title_eid: str | None) -> None:
    """<analysis><passiveModifications>: one <textualMod> per change, in document order."""
    mods = list(_modifications(tree, eids, wids, title_eid))
    if not mods:
        return
    passive = sub(sub(meta, "analysis", source="#resdiff"), "passiveModifications")
    for number, (kind, destination, previous) in enumerate(mods, 1):
        mod = sub(passive, "textualMod", type=kind, eId=f"pmod_{number}")
        sub(mod, "source", href="#ro_amendment")
        sub(mod, "destination", href=f"#{destination}")
        if previous is not None:  # the clause's eId in the old expression (its wId here)
            sub(mod, "previous", href=f"{where.work}/{where.language}@{where.old_date}#{previous}")


_SECTION_MODS = {"inserted": "insertion", "deleted": "repeal", "modified": "substitution"}


def _modifications(tree: Resolution, eids: IdPlan, wids: IdPlan,
                   title_eid: str | None) -> Iterator[tuple[str, str, str | None]]:
    if title_eid is not None and tree.old_revision is not None and tree.old_revision != tree.revision:
        yield "substitution", title_eid, None
    for index, section in enumerate(tree.sections):
        if section.status in _SECTION_MODS:
            yield _SECTION_MODS[section.status], eids.sections[index], None
        yield from _clause_modifications(section, eids, wids)


def _clause_modifications(section: Section, eids: IdPlan, wids: IdPlan) -> Iterator[tuple[str, str, str | None]]:
    for clause in clauses_in(section.clauses):
        eid = eids.clauses[clause.id]
        if clause.status == "inserted":
            yield "insertion", eid, None
        elif clause.status == "deleted":
            yield "repeal", eid, None
        else:
            if clause.status == "modified" and clause.old_text != clause.new_text:
                yield "substitution", eid, None
            if clause.renumbered:
                yield "renumbering", eid, wids.clauses.get(clause.id)
