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

eIds follow the AKN naming convention and are built from labels: `recs_1__rec_a`, `hcont_3__para_4bis`,
`hcont_3__para_4__list_1__point_ii`; an unlabelled clause is `…__para_u2` (its position); a clash gets `-2`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from resdiff import lang
from resdiff.model import Clause, Resolution, Section, Span

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# ISO 639-1 (the tree's language) → ISO 639-2 (FRBRlanguage, AKN URIs)
LANGUAGE_CODES = {"en": "eng", "fr": "fra", "es": "spa", "ar": "ara", "ru": "rus", "zh": "zho"}
DOC_ABBREVIATIONS = {"RESOLUTION": "res", "DECISION": "dec", "RECOMMENDATION": "rec", "OPINION": "opinion"}
# Block containers are indented; everything else holds mixed content, whose whitespace is text.
_INLINE = frozenset({"p", "num", "heading", "docType", "docNumber", "i", "ins", "del", "inline", "noteRef"})
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _q(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _clean(text: str) -> str:
    """Control characters XML 1.0 cannot hold (Word's vertical tab, …) become U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    element = etree.SubElement(parent, _q(tag), {k: v for k, v in attrs.items() if v is not None})
    if text:
        element.text = _clean(text)
    return element


def _append_text(parent: etree._Element, text: str) -> None:
    """Append text at the end of `parent`'s content (after its last child, if any)."""
    text = _clean(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# ---- inline content: the two sides of one paragraph --------------------------------------------------------


def _segments(clause: Clause) -> list[tuple[str, str]]:
    """The clause's own text (label cut off) as (status, text) runs; status is 'unchanged', 'inserted',
    'deleted', 'moved_to', 'moved_from' or 'note' (text = the note id). Read back, the old side (unchanged +
    deleted) is `old_text` and the new side `new_text` exactly; when the spans cannot be cut so (an unusual
    label split), the whole old text is shown deleted and the new text inserted."""
    segments = _span_segments(clause) if clause.spans else None
    if segments is not None and _sides(segments) == (clause.old_text, clause.new_text):
        return segments
    fallback: list[tuple[str, str]] = []
    if clause.old_text is not None and clause.old_text == clause.new_text:
        fallback.append(("unchanged", clause.old_text))
    else:
        if clause.old_text:
            fallback.append(("deleted", clause.old_text))
        if clause.new_text:
            fallback.append(("inserted", clause.new_text))
    fallback += [("note", note) for note in clause.footnotes]
    return fallback


def _sides(segments: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """What a reader gets back for the text part of a clause (mirrors parse.akn): stripped sides, None if empty."""
    old = "".join(t for s, t in segments if s in ("unchanged", "deleted", "moved_from")).strip()
    new = "".join(t for s, t in segments if s in ("unchanged", "inserted", "moved_to")).strip()
    return old or None, new or None


def _range(spans: tuple[Span, ...], side: str, text: str | None) -> tuple[int, int] | None:
    if text is None:
        return (0, 0)
    full = "".join(s.text for s in spans if s.note is None and s.on(side)).rstrip()  # type: ignore[arg-type]
    if not full.endswith(text):
        return None
    return len(full) - len(text), len(full)


def _span_segments(clause: Clause) -> list[tuple[str, str]] | None:
    old_range = _range(clause.spans, "old", clause.old_text)
    new_range = _range(clause.spans, "new", clause.new_text)
    if old_range is None or new_range is None:
        return None
    runs: list[tuple[str, str]] = []

    def add(status: str, text: str) -> None:
        if runs and runs[-1][0] == status and status != "note":
            runs[-1] = (status, runs[-1][1] + text)
        else:
            runs.append((status, text))

    o = n = 0
    for span in clause.spans:
        on_old, on_new = span.on("old"), span.on("new")
        if span.note is not None:
            if on_old or on_new:
                runs.append(("note", span.note.id))
            continue
        kinds = {r.kind for r in span.revisions}
        for char in span.text:
            keep_old = on_old and old_range[0] <= o < old_range[1]
            keep_new = on_new and new_range[0] <= n < new_range[1]
            if keep_old and keep_new:
                add("unchanged", char)
            elif keep_old:
                add("moved_from" if "moved_from" in kinds else "deleted", char)
            elif keep_new:
                add("moved_to" if "moved_to" in kinds else "inserted", char)
            o += on_old
            n += on_new
    return runs


def _inline(parent: etree._Element, segments: Iterable[tuple[str, str]], notes: dict[str, str]) -> None:
    for status, text in segments:
        if status == "note":
            _sub(parent, "noteRef", href=f"#{notes.get(text, _token(text))}", marker=text)
        elif status == "unchanged":
            _append_text(parent, text)
        else:
            tag = "ins" if status in ("inserted", "moved_to") else "del"
            mark = _sub(parent, tag, text)
            if status.startswith("moved"):
                mark.set("class", status)


def _two_sides(parent: etree._Element, old: str | None, new: str | None, *, tracked: bool = True) -> None:
    """A short value with an old and a new side (label, call, revision): plain when equal, else <del><ins>."""
    if old == new or not tracked:
        if new:
            _append_text(parent, new)
        return
    if old:
        _sub(parent, "del", old)
    if new:
        _sub(parent, "ins", new)


# ---- eIds ------------------------------------------------------------------------------------------------


def _token(label: str | None) -> str:
    """A label as an eId part: "a)" → "a", "4 bis)" → "4bis", "1.1" → "1-1" (ids are unique, not pretty)."""
    return "-".join(re.findall(r"\w+", re.sub(r"\s+", "", label or "")))


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, wanted: str) -> str:
        eid, n = wanted, 1
        while eid in self.used:
            n += 1
            eid = f"{wanted}-{n}"
        self.used.add(eid)
        return eid


# ---- the document ----------------------------------------------------------------------------------------


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
    number = _token(tree.number) or "0"
    work = f"/akn/un/statement/deliberation/{body}/{date}/{DOC_ABBREVIATIONS.get(kind, kind.lower())}-{number}"
    expression = f"{work}/{language}@{date}"
    ident = _sub(meta, "identification", source="#resdiff")
    frbr = _sub(ident, "FRBRWork")
    _sub(frbr, "FRBRthis", value=f"{work}/!{component}")
    _sub(frbr, "FRBRuri", value=work)
    _sub(frbr, "FRBRdate", date=date, name=date_name)
    _sub(frbr, "FRBRauthor", href=f"#{body}")
    _sub(frbr, "FRBRcountry", value="un")
    _sub(frbr, "FRBRsubtype", value="deliberation")
    _sub(frbr, "FRBRnumber", value=f"{DOC_ABBREVIATIONS.get(kind, kind.lower())}-{number}",
         showAs=_clean(_title_line(tree)) or None)
    frbr = _sub(ident, "FRBRExpression")
    _sub(frbr, "FRBRthis", value=f"{expression}/!{component}")
    _sub(frbr, "FRBRuri", value=expression)
    _sub(frbr, "FRBRdate", date=date, name=date_name)
    _sub(frbr, "FRBRauthor", href=f"#{body}")
    _sub(frbr, "FRBRlanguage", language=language)
    frbr = _sub(ident, "FRBRManifestation")
    _sub(frbr, "FRBRthis", value=f"{expression}/!{component}.xml" if component != "main" else f"{expression}/.xml")
    _sub(frbr, "FRBRuri", value=f"{expression}/.xml")
    _sub(frbr, "FRBRdate", date=date, name="XMLMarkup")
    _sub(frbr, "FRBRauthor", href="#resdiff")


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
    root = etree.Element(_q("akomaNtoso"), nsmap={None: AKN_NS})
    statement = _sub(root, "statement", name=name)
    ids = _Ids()
    note_ids = {note: ids.make(f"note_{_token(note) or 'x'}") for note in tree.footnotes}
    for clause in _walk_all(tree):
        for note in clause.footnotes:
            if note not in note_ids:
                note_ids[note] = ids.make(f"note_{_token(note) or 'x'}")

    meta = _sub(statement, "meta")
    _identification(meta, tree, language, date, date_name, body)
    references = _sub(meta, "references", source="#resdiff")
    _sub(references, "TLCOrganization", eId="itu", href="/ontology/organizations/itu",
         showAs="International Telecommunication Union")
    _sub(references, "TLCOrganization", eId=body, href=f"/ontology/organizations/{body}", showAs=body)
    _sub(references, "TLCOrganization", eId="resdiff", href="/ontology/organizations/resdiff",
         showAs="resdiff (software that wrote this markup)")
    if tree.footnotes:
        notes = _sub(meta, "notes", source="#resdiff")
        for note, text in tree.footnotes.items():
            _sub(_sub(notes, "note", eId=note_ids[note], marker=note), "p", text)

    _preface(statement, tree)
    operative = next((i for i, s in enumerate(tree.sections) if s.kind == "operative"), len(tree.sections))
    preamble_sections, body_sections = tree.sections[:operative], tree.sections[operative:]
    if tree.preamble is not None or preamble_sections:
        preamble = _sub(statement, "preamble", eId="preamble")
        if tree.preamble is not None:
            _sub(_sub(preamble, "formula", name="enactingFormula", eId="formula_1"), "p", tree.preamble)
        for index, section in enumerate(preamble_sections, 1):
            _recitals(preamble, section, f"recs_{index}", ids, note_ids)
    main = _sub(statement, "mainBody", eId="body")
    if tree.language:  # <statement> has no xml:lang in the schema; the tree's language goes on the body
        main.set(f"{{{XML_NS}}}lang", tree.language)
    for index, section in enumerate(body_sections, 1):
        _hcontainer(main, section, f"hcont_{index}", ids, note_ids)
    if not body_sections:  # mainBody may not be empty
        _sub(main, "hcontainer", name="empty", eId="hcont_empty")
    if tree.reasons is not None:
        conclusions = _sub(statement, "conclusions", eId="conclusions")
        _sub(_sub(conclusions, "container", name="reasons", eId="container_reasons"), "p", tree.reasons)
    if tree.annexes:
        attachments = _sub(statement, "attachments")
        for index, annex in enumerate(tree.annexes, 1):
            attachment = _sub(attachments, "attachment", eId=f"att_{index}")
            doc = _sub(attachment, "doc", name="annex")
            _identification(_sub(doc, "meta"), tree, language, date, date_name, body, component=f"annex_{index}")
            preface = _sub(doc, "preface")
            _sub(_sub(preface, "container", name="heading", eId="container_heading"), "p", annex.heading)
            annex_body = _sub(doc, "mainBody")
            if annex.paragraphs:
                for paragraph in annex.paragraphs:
                    _sub(annex_body, "p", paragraph)
            else:
                _sub(annex_body, "hcontainer", name="empty", eId="hcont_empty")
    _indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + str(etree.tostring(root, encoding="unicode")) + "\n"


def _walk_all(tree: Resolution) -> Iterable[Clause]:
    def walk(clauses: tuple[Clause, ...]) -> Iterable[Clause]:
        for clause in clauses:
            yield clause
            yield from walk(clause.children)

    for section in tree.sections:
        yield from walk(section.clauses)


def _preface(statement: etree._Element, tree: Resolution) -> None:
    if tree.proposal is None and tree.kind is None and tree.number is None and tree.revision is None \
            and tree.title is None:
        return
    preface = _sub(statement, "preface")
    if tree.proposal is not None:
        p = _sub(_sub(preface, "container", name="proposal", eId="container_proposal"), "p")
        _sub(p, "inline", tree.proposal.action, name="action")
        _append_text(p, "\t")
        _sub(p, "inline", tree.proposal.symbol, name="symbol")
    if tree.kind is not None or tree.number is not None or tree.revision is not None:
        p = _sub(_sub(preface, "longTitle", eId="longTitle_1"), "p")
        if tree.kind is not None:
            _sub(p, "docType", tree.kind)
            _append_text(p, " ")
        number = _sub(p, "docNumber")
        if tree.number is not None:
            _sub(number, "inline", tree.number, name="number")
        if tree.revision is not None or tree.old_revision is not None:
            _append_text(number, " (" if tree.number is not None else "(")
            _two_sides(_sub(number, "inline", name="revision"),
                       tree.old_revision if tree.old_revision is not None else tree.revision, tree.revision)
            _append_text(number, ")")
    if tree.title is not None:
        _sub(_sub(preface, "container", name="title", eId="container_title"), "p", tree.title)


def _call(parent: etree._Element, section: Section) -> None:
    """The italic call line, with its old and new side where the tracked document changed it."""
    i = _sub(parent, "i")
    if section.status == "inserted":
        _sub(i, "ins", section.call)
    elif section.status == "deleted":
        _sub(i, "del", section.call)
    elif section.status == "modified":
        _sub(i, "del", section.old_call if section.old_call is not None else section.call)
        _sub(i, "ins", section.call)
    else:
        _append_text(i, section.call or "")


def _num(parent: etree._Element, clause: Clause) -> None:
    if clause.old_label is None and clause.new_label is None:
        return
    _two_sides(_sub(parent, "num"), clause.old_label, clause.new_label)


def _p(parent: etree._Element, clause: Clause, note_ids: dict[str, str]) -> None:
    _inline(_sub(parent, "p"), _segments(clause), note_ids)


def _label_ids(clauses: tuple[Clause, ...]) -> list[str]:
    out = []
    for position, clause in enumerate(clauses, 1):
        label = clause.new_label if clause.new_label is not None else clause.old_label
        out.append(_token(label) or f"u{position}")
    return out


def _recitals(preamble: etree._Element, section: Section, eid: str, ids: _Ids, notes: dict[str, str]) -> None:
    eid = ids.make(eid)
    if not section.clauses:
        container = _sub(preamble, "container", name="recitals", eId=eid)
        if section.call is not None:
            _call(_sub(container, "p"), section)
        for line in section.intro:
            _sub(container, "p", line)
        if section.call is None and not section.intro:
            _sub(container, "p")
        return
    recitals = _sub(preamble, "recitals", eId=eid)
    if section.call is not None or section.intro:
        intro = _sub(recitals, "intro")
        if section.call is not None:
            _call(_sub(intro, "p"), section)
        for line in section.intro:
            _sub(intro, "p", line)
    for clause, token in zip(section.clauses, _label_ids(section.clauses), strict=True):
        recital = _sub(recitals, "recital", eId=ids.make(f"{eid}__rec_{token}"))
        _item_body(recital, clause, recital.get("eId"), ids, notes)


def _item_body(element: etree._Element, clause: Clause, eid: str, ids: _Ids, notes: dict[str, str]) -> None:
    """<num>, <p> and nested items as <blockList><item> (recitals hold blocks, not hierarchies)."""
    _num(element, clause)
    _p(element, clause, notes)
    if clause.children:
        block_list = _sub(element, "blockList", eId=ids.make(f"{eid}__blist_1"))
        for child, token in zip(clause.children, _label_ids(clause.children), strict=True):
            item = _sub(block_list, "item", eId=ids.make(f"{block_list.get('eId')}__item_{token}"))
            _item_body(item, child, item.get("eId"), ids, notes)


def _hcontainer(main: etree._Element, section: Section, eid: str, ids: _Ids, notes: dict[str, str]) -> None:
    eid = ids.make(eid)
    name = re.sub(r"\W+", "_", section.key) if section.key else ("call" if section.call else "nocall")
    hcontainer = _sub(main, "hcontainer", name=name, eId=eid)
    if section.call is not None:
        _call(_sub(hcontainer, "heading"), section)
    if section.intro:
        intro = _sub(hcontainer, "intro")
        for line in section.intro:
            _sub(intro, "p", line)
    for clause, token in zip(section.clauses, _label_ids(section.clauses), strict=True):
        _hier(hcontainer, "paragraph", clause, f"{eid}__para_{token}", ids, notes)


def _hier(parent: etree._Element, tag: str, clause: Clause, eid: str, ids: _Ids, notes: dict[str, str]) -> None:
    element = _sub(parent, tag, eId=ids.make(eid))
    eid = element.get("eId")
    _num(element, clause)
    if not clause.children:
        _p(_sub(element, "content"), clause, notes)
        return
    _p(_sub(element, "intro"), clause, notes)
    list_element = _sub(element, "list", eId=ids.make(f"{eid}__list_1"))
    for child, token in zip(clause.children, _label_ids(clause.children), strict=True):
        _hier(list_element, "point", child, f"{list_element.get('eId')}__point_{token}", ids, notes)


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
