"""Clause tree → Akoma Ntoso 3.0 (the AKN4UN profile ITU's akn4itu prototype used for the PP-18 Final Acts).

Layout (read back by `resdiff.parse.akn.read_akn`)::

    <akomaNtoso><statement name="resolution" xml:lang="en">
      <meta> identification (FRBRWork / FRBRExpression / FRBRManifestation), references, notes (footnote texts)
      <preface> [container name="proposal"]  longTitle (docType, docNumber)  [container name="title"]
      <preamble> formula name="enactingFormula"; one <recitals> per preamble section
                 (<intro><p><i>call</i></p> [intro lines as more <p>]</intro>, <recital><num/><p/></recital>,
                 nested items as <blockList><item>); a preamble section without clauses is a
                 <container name="recitals"> (AKN requires at least one <recital>)
      <mainBody> one <hcontainer name="{call key}"> per section from the first operative one on
                 (<heading><i>call</i></heading>, intro lines as <intro><p>, <paragraph><num/><content><p/>,
                 a paragraph with sub-items: <paragraph><num/><intro><p/></intro><list><point>…)
      <conclusions> [container name="reasons"]
      <attachments> one <attachment><doc name="annex"> per annex

Tracked trees: every <p>, <num>, call and docNumber shows both sides with AKN's inline <ins>/<del> (a moved
span is <del class="moved_from"> / <ins class="moved_to">); a deleted clause keeps its place with its label and
text inside <del>, an inserted one inside <ins>. Authors and dates of revisions are not written (AKN inline
<ins>/<del> have no place for them). Footnote references are <noteRef href="#note_…" marker="{id}"/> at their
place in the text; the note texts are <note> elements in <meta><notes>.

A tracked tree also carries the amendment itself (`resdiff.render.akn_lifecycle`): each clause of the old version
has a wId (its eId in the old version, which survives renumbering), and <meta> a <lifecycle> (generation of
the old version, the amendment) and <analysis><passiveModifications> with one <textualMod> per change
(insertion, repeal, substitution, renumbering).

eIds follow the AKN naming convention and are built from labels: `recs_1__rec_a`, `hcont_3__para_4bis`,
`hcont_3__para_4__list_1__point_ii`; an unlabelled clause is `…__para_u2` (its position); a clash gets `-2`.
"""

from __future__ import annotations

import re

from lxml import etree

from resdiff import lang
from resdiff.model import Clause, Resolution, Section
from resdiff.records import record
from resdiff.render.akn_inline import (
    AKN_NS,
    XML_NS,
    Ids,
    append_text,
    clean,
    eid_part,
    inline,
    q,
    segments,
    sub,
    two_sides,
)
from resdiff.render.akn_lifecycle import (
    Expressions,
    IdPlan,
    add_references,
    all_clauses,
    is_amendment,
    old_date,
    plan_ids,
    write_lifecycle,
    write_modifications,
)

# ISO 639-1 (the tree's language) → ISO 639-2 (FRBRlanguage, AKN URIs)
LANGUAGE_CODES = {"en": "eng", "fr": "fra", "es": "spa", "ar": "ara", "ru": "rus", "zh": "zho"}
DOC_ABBREVIATIONS = {"RESOLUTION": "res", "DECISION": "dec", "RECOMMENDATION": "rec", "OPINION": "opinion"}
# Block containers are indented; everything else holds mixed content, whose whitespace is text.
_INLINE = frozenset({"p", "num", "heading", "docType", "docNumber", "i", "ins", "del", "inline", "noteRef"})


# ---- the document ----------------------------------------------------------------------------------------


@record(frozen=True)
class _Ids:
    """The ids a document is written with: its registry (lists, notes), the planned eIds of sections and clauses
    (akn_lifecycle.plan_ids), the wIds of the clauses of the old version, the note ids."""

    registry: Ids
    eids: IdPlan
    wids: IdPlan
    notes: dict[str, str]


def _title_line(tree: Resolution) -> str:
    line = " ".join(x for x in (tree.kind, tree.number) if x)
    if tree.revision:
        line = f"{line} ({tree.revision})" if line else f"({tree.revision})"
    return line


def _date(tree: Resolution, date: str | None) -> tuple[str, str]:
    if date:
        return date, "adoption"
    years = re.findall(r"\b(1[89]\d\d|2\d\d\d)\b", tree.revision or "")
    if years:
        return f"{years[-1]}-01-01", "year"  # only the year is known
    return "0001-01-01", "unknown"


def _body(tree: Resolution) -> str:
    """The deliberating body in the FRBR URI, named by the enacting formula (resdiff.lang); a text without one
    is taken for a Plenipotentiary Conference text, the commonest."""
    return lang.match_body(tree.preamble or "") or "itu-pp"


def _identification(meta: etree._Element, tree: Resolution, language: str, date: str, date_name: str,
                    body: str, component: str = "main") -> None:
    kind = (tree.kind or "resolution").upper()
    number = eid_part(tree.number) or "0"
    work = _work(tree, date, body)
    expression = f"{work}/{language}@{date}"
    ident = sub(meta, "identification", source="#resdiff")
    frbr = sub(ident, "FRBRWork")
    sub(frbr, "FRBRthis", value=f"{work}/!{component}")
    sub(frbr, "FRBRuri", value=work)
    sub(frbr, "FRBRdate", date=date, name=date_name)
    sub(frbr, "FRBRauthor", href=f"#{body}")
    sub(frbr, "FRBRcountry", value="un")
    sub(frbr, "FRBRsubtype", value="deliberation")
    sub(frbr, "FRBRnumber", value=f"{DOC_ABBREVIATIONS.get(kind, kind.lower())}-{number}",
         showAs=clean(_title_line(tree)) or None)
    frbr = sub(ident, "FRBRExpression")
    sub(frbr, "FRBRthis", value=f"{expression}/!{component}")
    sub(frbr, "FRBRuri", value=expression)
    sub(frbr, "FRBRdate", date=date, name=date_name)
    sub(frbr, "FRBRauthor", href=f"#{body}")
    sub(frbr, "FRBRlanguage", language=language)
    frbr = sub(ident, "FRBRManifestation")
    sub(frbr, "FRBRthis", value=f"{expression}/!{component}.xml" if component != "main" else f"{expression}/.xml")
    sub(frbr, "FRBRuri", value=f"{expression}/.xml")
    sub(frbr, "FRBRdate", date=date, name="XMLMarkup")
    sub(frbr, "FRBRauthor", href="#resdiff")


def _work(tree: Resolution, date: str, body: str) -> str:
    kind = (tree.kind or "resolution").upper()
    return f"/akn/un/statement/deliberation/{body}/{date}/{DOC_ABBREVIATIONS.get(kind, kind.lower())}-" \
           f"{eid_part(tree.number) or '0'}"


def render_akn(tree: Resolution, *, language: str | None = None, date: str | None = None,
               body: str | None = None) -> str:
    """The clause tree as an Akoma Ntoso 3.0 statement (AKN4UN profile), as a UTF-8 XML string.

    `language` is the ISO 639-2 code of the expression (FRBRlanguage, the `eng@` of the URIs); by default the
    tree's own language mapped to ISO 639-2 ("fr" → "fra"), else "eng". `date` (YYYY-MM-DD) is the adoption
    date in the FRBR URIs; by default 1 January of the year in the revision ("REV. DUBAI, 2018" → 2018-01-01,
    FRBRdate name="year"). `body` is the deliberating body of the URI (itu-pp, itu-wtsa, …), guessed from the
    enacting formula by default.
    """
    language = language or LANGUAGE_CODES.get(tree.language or "", "eng")
    date, date_name = _date(tree, date)
    body = body or _body(tree)
    kind = (tree.kind or "resolution").lower()
    name = kind if kind in ("resolution", "decision", "recommendation") else "resolution"
    root = etree.Element(q("akomaNtoso"), nsmap={None: AKN_NS})
    statement = sub(root, "statement", name=name)
    ids = _plan(tree)
    eids, note_ids = ids.eids, ids.notes

    meta = sub(statement, "meta")
    _identification(meta, tree, language, date, date_name, body)
    amendment = is_amendment(tree)
    where = Expressions(_work(tree, date, body), language, old_date(tree, date), date)
    if amendment:
        write_lifecycle(meta, tree, where)
        has_title = tree.kind is not None or tree.number is not None or tree.revision is not None
        write_modifications(meta, tree, where, eids, ids.wids, "longTitle_1" if has_title else None)
    references = _references(meta, tree, body, note_ids)
    if amendment:
        add_references(references, tree, where)

    _preface(statement, tree)
    operative = next((i for i, s in enumerate(tree.sections) if s.kind == "operative"), len(tree.sections))
    preamble_sections, body_sections = tree.sections[:operative], tree.sections[operative:]
    if tree.preamble is not None or preamble_sections:
        preamble = sub(statement, "preamble", eId="preamble")
        if tree.preamble is not None:
            sub(sub(preamble, "formula", name="enactingFormula", eId="formula_1"), "p", tree.preamble)
        for index, section in enumerate(preamble_sections):
            _recitals(preamble, section, eids.sections[index], ids)
    main = sub(statement, "mainBody", eId="body")
    if tree.language:  # <statement> has no xml:lang in the schema; the tree's language goes on the body
        main.set(f"{{{XML_NS}}}lang", tree.language)
    for index, section in enumerate(body_sections, operative):
        _hcontainer(main, section, eids.sections[index], ids)
    if not body_sections:  # mainBody may not be empty
        sub(main, "hcontainer", name="empty", eId="hcont_empty")
    if tree.reasons is not None:
        conclusions = sub(statement, "conclusions", eId="conclusions")
        sub(sub(conclusions, "container", name="reasons", eId="container_reasons"), "p", tree.reasons)
    if tree.annexes:
        _attachments(sub(statement, "attachments"), tree, language, date, date_name, body)
    _indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + str(etree.tostring(root, encoding="unicode")) + "\n"


def _plan(tree: Resolution) -> _Ids:
    registry = Ids()
    eids = plan_ids(tree, "tracked")
    for eid in [*eids.sections.values(), *eids.clauses.values()]:
        registry.make(eid)
    note_ids = {note: registry.make(f"note_{eid_part(note) or 'x'}") for note in tree.footnotes}
    for clause in all_clauses(tree):
        for note in clause.footnotes:
            if note not in note_ids:
                note_ids[note] = registry.make(f"note_{eid_part(note) or 'x'}")
    return _Ids(registry, eids, plan_ids(tree, "old"), note_ids)


def _references(meta: etree._Element, tree: Resolution, body: str, note_ids: dict[str, str]) -> etree._Element:
    references = sub(meta, "references", source="#resdiff")
    sub(references, "TLCOrganization", eId="itu", href="/ontology/organizations/itu",
        showAs="International Telecommunication Union")
    sub(references, "TLCOrganization", eId=body, href=f"/ontology/organizations/{body}", showAs=body)
    sub(references, "TLCOrganization", eId="resdiff", href="/ontology/organizations/resdiff",
        showAs="resdiff (software that wrote this markup)")
    if tree.footnotes:
        notes = sub(meta, "notes", source="#resdiff")
        for note, text in tree.footnotes.items():
            sub(sub(notes, "note", eId=note_ids[note], marker=note), "p", text)
    return references


def _attachments(attachments: etree._Element, tree: Resolution, language: str, date: str, date_name: str,
                 body: str) -> None:
    for index, annex in enumerate(tree.annexes, 1):
        attachment = sub(attachments, "attachment", eId=f"att_{index}")
        doc = sub(attachment, "doc", name="annex")
        _identification(sub(doc, "meta"), tree, language, date, date_name, body, component=f"annex_{index}")
        preface = sub(doc, "preface")
        sub(sub(preface, "container", name="heading", eId="container_heading"), "p", annex.heading)
        annex_body = sub(doc, "mainBody")
        for paragraph in annex.paragraphs:
            sub(annex_body, "p", paragraph)
        if not annex.paragraphs:
            sub(annex_body, "hcontainer", name="empty", eId="hcont_empty")


def _preface(statement: etree._Element, tree: Resolution) -> None:
    if tree.proposal is None and tree.kind is None and tree.number is None and tree.revision is None \
            and tree.title is None:
        return
    preface = sub(statement, "preface")
    if tree.proposal is not None:
        p = sub(sub(preface, "container", name="proposal", eId="container_proposal"), "p")
        sub(p, "inline", tree.proposal.action, name="action")
        append_text(p, "\t")
        sub(p, "inline", tree.proposal.symbol, name="symbol")
    if tree.kind is not None or tree.number is not None or tree.revision is not None:
        p = sub(sub(preface, "longTitle", eId="longTitle_1"), "p")
        if tree.kind is not None:
            sub(p, "docType", tree.kind)
            append_text(p, " ")
        number = sub(p, "docNumber")
        if tree.number is not None:
            sub(number, "inline", tree.number, name="number")
        if tree.revision is not None or tree.old_revision is not None:
            append_text(number, " (" if tree.number is not None else "(")
            two_sides(sub(number, "inline", name="revision"),
                       tree.old_revision if tree.old_revision is not None else tree.revision, tree.revision)
            append_text(number, ")")
    if tree.title is not None:
        sub(sub(preface, "container", name="title", eId="container_title"), "p", tree.title)


def _call(parent: etree._Element, section: Section) -> None:
    """The italic call line, with its old and new side where the tracked document changed it."""
    i = sub(parent, "i")
    if section.status == "inserted":
        sub(i, "ins", section.call)
    elif section.status == "deleted":
        sub(i, "del", section.call)
    elif section.status == "modified":
        sub(i, "del", section.old_call if section.old_call is not None else section.call)
        sub(i, "ins", section.call)
    else:
        append_text(i, section.call or "")


def _num(parent: etree._Element, clause: Clause) -> None:
    if clause.old_label is None and clause.new_label is None:
        return
    two_sides(sub(parent, "num"), clause.old_label, clause.new_label)


def _p(parent: etree._Element, clause: Clause, note_ids: dict[str, str]) -> None:
    inline(sub(parent, "p"), segments(clause), note_ids)


def _clause_element(parent: etree._Element, tag: str, clause: Clause, ids: _Ids) -> etree._Element:
    """The element of a clause, with its planned eId and, if the old version has it, its wId."""
    return sub(parent, tag, eId=ids.eids.clauses[clause.id], wId=ids.wids.clauses.get(clause.id))


def _list_id(clause: Clause, ids: _Ids, suffix: str) -> str:
    return ids.registry.make(f"{ids.eids.clauses[clause.id]}__{suffix}")


def _recitals(preamble: etree._Element, section: Section, eid: str, ids: _Ids) -> None:
    if not section.clauses:
        container = sub(preamble, "container", name="recitals", eId=eid)
        if section.call is not None:
            _call(sub(container, "p"), section)
        for line in section.intro:
            sub(container, "p", line)
        if section.call is None and not section.intro:
            sub(container, "p")
        return
    recitals = sub(preamble, "recitals", eId=eid)
    if section.call is not None or section.intro:
        intro = sub(recitals, "intro")
        if section.call is not None:
            _call(sub(intro, "p"), section)
        for line in section.intro:
            sub(intro, "p", line)
    for clause in section.clauses:
        _item_body(_clause_element(recitals, "recital", clause, ids), clause, ids)


def _item_body(element: etree._Element, clause: Clause, ids: _Ids) -> None:
    """<num>, <p> and nested items as <blockList><item> (recitals hold blocks, not hierarchies)."""
    _num(element, clause)
    _p(element, clause, ids.notes)
    if clause.children:
        block_list = sub(element, "blockList", eId=_list_id(clause, ids, "blist_1"))
        for child in clause.children:
            _item_body(_clause_element(block_list, "item", child, ids), child, ids)


def _hcontainer(main: etree._Element, section: Section, eid: str, ids: _Ids) -> None:
    name = re.sub(r"\W+", "_", section.key) if section.key else ("call" if section.call else "nocall")
    hcontainer = sub(main, "hcontainer", name=name, eId=eid)
    if section.call is not None:
        _call(sub(hcontainer, "heading"), section)
    if section.intro:
        intro = sub(hcontainer, "intro")
        for line in section.intro:
            sub(intro, "p", line)
    for clause in section.clauses:
        _hier(hcontainer, "paragraph", clause, ids)


def _hier(parent: etree._Element, tag: str, clause: Clause, ids: _Ids) -> None:
    element = _clause_element(parent, tag, clause, ids)
    _num(element, clause)
    if not clause.children:
        _p(sub(element, "content"), clause, ids.notes)
        return
    _p(sub(element, "intro"), clause, ids.notes)
    list_element = sub(element, "list", eId=_list_id(clause, ids, "list_1"))
    for child in clause.children:
        _hier(list_element, "point", child, ids)


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent block containers only: whitespace inside <p>, <num>, … would be text."""
    if etree.QName(element).localname in _INLINE or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level
