"""Akoma Ntoso 3.0 → clause tree: the reader of `resdiff.render.akn` output and of AKN4UN texts such as the
PP-18 Final Acts of techpolicycomms/akn4itu.

The markup is read as it stands, without repairing it: a <recital> or <paragraph> without <num> is an unlabelled
clause even when its text starts with "a)". Inline <ins>/<del> give each clause, label, call and the revision in
<docNumber> its old and new side, and the clause status follows from them exactly as `build_tree` derives it from
a tracked document (old side missing: inserted; new side missing: deleted; texts differ: modified). Clause ids are
numbered `c1`, `c2`, … in document order, as `build_tree` numbers them. Each clause's spans are the text of its
<p> only (no label), one span per <ins>/<del>/unchanged run, with revisions that have no author or date; footnote
references come from <noteRef marker="…"> (or an inline <authorialNote marker="…">) and the note texts from
<meta><notes>.
"""

from __future__ import annotations

from dataclasses import field

from lxml import etree

from resdiff import lang
from resdiff.errors import UnreadableInputError
from resdiff.model import (
    Annex,
    Clause,
    ClauseStatus,
    Message,
    NoteRef,
    Proposal,
    Resolution,
    Revision,
    RevisionKind,
    Section,
    Span,
)
from resdiff.ooxml.package import parse_xml
from resdiff.parse.drafts import FrontMatter, SectionDraft
from resdiff.records import record

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DOCUMENT_TYPES = frozenset({
    "statement", "doc", "act", "bill", "debateReport", "debate", "amendmentList", "officialGazette",
    "judgment", "portion", "amendment",
})
_OLD = frozenset({"unchanged", "deleted", "moved_from"})
_NEW = frozenset({"unchanged", "inserted", "moved_to"})
_KINDS: dict[str, RevisionKind] = {"inserted": "inserted", "deleted": "deleted", "moved_from": "moved_from",
                                   "moved_to": "moved_to"}
"""The statuses that are revisions ("absent", an insertion later deleted, is on neither side: no span)."""


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element | None, *names: str) -> list[etree._Element]:
    if element is None:
        return []
    return [c for c in element if isinstance(c.tag, str) and (not names or _local(c) in names)]


def _child(element: etree._Element | None, *names: str) -> etree._Element | None:
    found = _children(element, *names)
    return found[0] if found else None


# ---- inline content ----------------------------------------------------------------------------------------


@record
class _Inline:
    """Mixed content read as runs of (status, text), plus the footnote references in order."""

    runs: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    marked: bool = False
    """Whether any <ins>/<del> was seen."""

    def add(self, status: str, text: str | None) -> None:
        if text:
            self.runs.append((status, text))
            if status in _KINDS:
                self.spans.append(Span(text=text, revisions=(Revision(kind=_KINDS[status]),)))
            elif status == "unchanged":
                self.spans.append(Span(text=text))

    def side(self, side: str) -> str:
        keep = _OLD if side == "old" else _NEW
        return "".join(text for status, text in self.runs if status in keep)

    def sides(self) -> tuple[str | None, str | None]:
        old, new = self.side("old").strip(), self.side("new").strip()
        return old or None, new or None


def _read_inline(element: etree._Element | None, into: _Inline | None = None, status: str = "unchanged") -> _Inline:
    out = into if into is not None else _Inline()
    if element is None:
        return out
    out.add(status, element.text)
    for child in element:
        name = _local(child)
        if name == "noteRef" or name == "authorialNote":
            marker = child.get("marker") or (child.get("href") or "").lstrip("#") or child.get("eId") or "?"
            out.notes.append(marker)
            out.spans.append(Span(note=NoteRef(kind="footnote", id=marker)))
        elif name in ("ins", "del"):
            out.marked = True
            moved = (child.get("class") or "").split()
            if name == "ins":
                inner = "moved_to" if "moved_to" in moved else "inserted"
            else:
                inner = "moved_from" if "moved_from" in moved else "deleted"
            if status != "unchanged":  # an insertion later deleted (or the reverse): on neither side
                inner = "absent"
            _read_inline(child, out, inner)
        elif name:  # <i>, <b>, <inline>, <span>, <ref>, …: their text belongs to the paragraph
            _read_inline(child, out, status)
        out.add(status, child.tail)
    return out


def _read_blocks(blocks: list[etree._Element]) -> _Inline:
    """Several <p> of one item read as one paragraph, joined by a space."""
    out = _Inline()
    for index, block in enumerate(blocks):
        if index:
            out.add("unchanged", " ")
        _read_inline(block, out)
    return out


def _plain(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return _read_inline(element).side("new").strip()


# ---- the reader --------------------------------------------------------------------------------------------


@record
class _Reader:
    source: str
    counter: int = 0
    messages: list[Message] = field(default_factory=list)

    def warn(self, code: str, text: str, element: etree._Element | None = None) -> None:
        eid = element.get("eId") if element is not None else None
        self.messages.append(Message(level="warning", code=code, text=text, data={"eId": eid} if eid else {}))

    def document(self, document: etree._Element) -> Resolution:
        head = FrontMatter()
        meta = _child(document, "meta")
        footnotes: dict[str, str] = {}
        for notes in _children(meta, "notes"):
            for note in _children(notes, "note"):
                marker = note.get("marker") or note.get("eId") or "?"
                footnotes[marker] = " ".join(
                    t for t in (_plain(p) for p in note.iter(f"{{{AKN_NS}}}p")) if t
                )
        self.preface(_child(document, "preface"), head)
        preamble = _child(document, "preamble")
        formula = _child(preamble, "formula")
        if formula is not None:
            head.preamble = " ".join(t for t in (_plain(p) for p in _children(formula, "p")) if t)
        sections: list[Section] = []
        for block in _children(preamble, "recitals", "container"):
            if _local(block) == "recitals" or block.get("name") == "recitals":
                sections.append(self.recitals(block))
        for block in _children(_child(document, "mainBody")):
            if _local(block) == "hcontainer":
                if block.get("name") == "empty" and not len(_children(block)):
                    continue
                sections.append(self.hcontainer(block))
            else:
                self.warn("akn-skipped", f"<{_local(block)}> in <mainBody> is not read (only <hcontainer>)", block)
        conclusions = _child(document, "conclusions")
        for container in _children(conclusions, "container"):
            if container.get("name") == "reasons":
                head.reasons = " ".join(t for t in (_plain(p) for p in _children(container, "p")) if t)
        annexes = []
        for attachment in _children(_child(document, "attachments"), "attachment"):
            doc = _child(attachment)
            if doc is None:
                continue
            heading = next((c for c in _children(_child(doc, "preface"), "container")
                            if c.get("name") == "heading"), None)
            annexes.append(Annex(
                heading=" ".join(t for t in (_plain(p) for p in _children(heading, "p")) if t),
                paragraphs=tuple(_plain(p) or "" for p in _children(_child(doc, "mainBody"), "p")),
            ))
        main = _child(document, "mainBody")
        language = (document.get(XML_LANG) or (main.get(XML_LANG) if main is not None else None)
                    or next((s.language for s in sections if s.language), None))
        head.language = language
        return head.resolution(sections, annexes, footnotes, self.messages)

    def preface(self, preface: etree._Element | None, head: FrontMatter) -> None:
        title: list[str] = []
        for block in _children(preface):
            name, role = _local(block), block.get("name")
            if name == "container" and role == "proposal":
                p = _child(block, "p")
                parts = {i.get("name"): _plain(i) for i in _children(p, "inline")}
                action, symbol = parts.get("action"), parts.get("symbol")
                if action and symbol:
                    head.proposal = Proposal(action=action, symbol=symbol)
                else:
                    words = (_plain(p) or "").split(None, 1)
                    if len(words) == 2:
                        head.proposal = Proposal(action=words[0], symbol=words[1])
            elif name == "longTitle":
                self.long_title(_child(block, "p"), head)
            elif name == "container" and role == "title":
                title += [t for t in (_plain(p) for p in _children(block, "p")) if t]
        if title:
            head.title = " ".join(title)

    def long_title(self, p: etree._Element | None, head: FrontMatter) -> None:
        doc_type = _plain(next(iter(p.iter(f"{{{AKN_NS}}}docType")), None)) if p is not None else None
        doc_number = next(iter(p.iter(f"{{{AKN_NS}}}docNumber")), None) if p is not None else None
        parts = {i.get("name"): i for i in _children(doc_number, "inline")}
        if "number" in parts or "revision" in parts:  # resdiff's own markup
            head.kind = doc_type or None
            head.number = _plain(parts.get("number"))
            if "revision" in parts:
                old, new = _read_inline(parts["revision"]).sides()
                head.revision = new
                if old != new:
                    head.old_revision = old
            return
        line = " ".join(x for x in (doc_type, _plain(doc_number)) if x)
        match = lang.match_title(line) if line else None
        if match is not None:
            head.kind, head.number, head.revision = match.kind, match.number, match.revision
        elif line:
            head.kind = doc_type or None
            head.number = _plain(doc_number) or None
            self.warn("akn-title", f"{line!r} is not a title line resdiff knows")

    # ---- sections ------------------------------------------------------------------------------------------
    def section(self, call_element: etree._Element | None, intro: list[str],
                clauses: tuple[Clause, ...]) -> Section:
        draft = SectionDraft(intro=tuple(intro))
        if call_element is not None:
            read = _Inline()
            for i in call_element.iter(f"{{{AKN_NS}}}i"):
                _read_inline(i, read)
            old, new = read.sides()
            call = new if new is not None else old
            if call is not None:
                match = (lang.match_call(new) if new else None) or (lang.match_call(old) if old else None)
                draft.call, draft.key = call, match.key if match else None
                draft.kind, draft.language = (match.kind, match.language) if match else (None, None)
                if old is None:
                    draft.status = "inserted"
                elif new is None:
                    draft.status = "deleted"
                elif read.marked:
                    draft.status, draft.old_call = "modified", old
        return draft.section(clauses)

    def recitals(self, block: etree._Element) -> Section:
        if _local(block) == "container":  # a preamble call without clauses
            paragraphs = _children(block, "p")
            call = next((p for p in paragraphs if p.find(f"{{{AKN_NS}}}i") is not None), None)
            intro = [t for p in paragraphs if p is not call and (t := _plain(p))]
            return self.section(call, intro, ())
        intro_element = _child(block, "intro")
        paragraphs = _children(intro_element, "p")
        call = next((p for p in paragraphs if p.find(f"{{{AKN_NS}}}i") is not None), None)
        intro = [t for p in paragraphs if p is not call and (t := _plain(p))]
        clauses = tuple(self.item(r) for r in _children(block, "recital"))
        return self.section(call, intro, clauses)

    def hcontainer(self, block: etree._Element) -> Section:
        heading = _child(block, "heading")
        intro = [t for p in _children(_child(block, "intro"), "p") if (t := _plain(p))]
        clauses: list[Clause] = []
        for child in _children(block):
            if _local(child) in ("paragraph", "point", "hcontainer", "subparagraph", "clause", "alinea"):
                clauses.append(self.hier(child))
            elif _local(child) == "list":
                clauses += [self.hier(point) for point in _children(child, "point", "paragraph")]
        return self.section(heading, intro, tuple(clauses))

    # ---- clauses -------------------------------------------------------------------------------------------
    def clause(self, element: etree._Element, text: _Inline, children_of: list[etree._Element],
               kind: str) -> Clause:
        self.counter += 1
        identifier = f"c{self.counter}"
        label = _read_inline(_child(element, "num"))
        old_label, new_label = label.sides()
        old_text, new_text = text.sides()
        old_exists = old_label is not None or old_text is not None
        new_exists = new_label is not None or new_text is not None
        if old_exists and old_text is None:
            old_text = ""
        if new_exists and new_text is None:
            new_text = ""
        status: ClauseStatus
        if not old_exists and not new_exists:  # an empty item: both sides, no text
            old_text = new_text = None
            status = "unchanged"
        elif not old_exists:
            old_text, status = None, "inserted"
        elif not new_exists:
            new_text, status = None, "deleted"
        else:
            status = "unchanged" if old_text == new_text else "modified"
        children = tuple(self.hier(c) if kind == "hier" else self.item(c) for c in children_of)
        return Clause(
            id=identifier, old_label=old_label, new_label=new_label, status=status, old_text=old_text,
            # an AKN <num> is text: whether Word generated it is not recorded
            label_source="typed" if old_label is not None or new_label is not None else None, new_text=new_text,
            spans=tuple(text.spans), footnotes=tuple(text.notes), children=children,
        )

    def item(self, element: etree._Element) -> Clause:
        """A <recital> or blockList <item>: <num>, <p>s, nested <blockList><item>s."""
        text = _read_blocks(_children(element, "p"))
        children = [i for block_list in _children(element, "blockList") for i in _children(block_list, "item")]
        return self.clause(element, text, children, "item")

    def hier(self, element: etree._Element) -> Clause:
        """A <paragraph>/<point>: <num>, <content> or <intro> <p>s, nested <list><point>s (also the PP-18
        converter's <content> followed by a <list>, which the schema does not allow)."""
        blocks = _children(_child(element, "content"), "p") or _children(_child(element, "intro"), "p")
        text = _read_blocks(blocks)
        children = []
        for child in _children(element):
            if _local(child) == "list":
                children += _children(child, "point", "paragraph")
            elif _local(child) in ("point", "paragraph", "subparagraph"):
                children.append(child)
        return self.clause(element, text, children, "hier")


def _documents(data: bytes, source: str) -> list[tuple[str, etree._Element]]:
    root = parse_xml(data, source, "the Akoma Ntoso document")
    if _local(root) != "akomaNtoso" or etree.QName(root).namespace != AKN_NS:
        raise UnreadableInputError(source, f"not an Akoma Ntoso 3.0 document (the root element is "
                                           f"{etree.QName(root).localname!r} in {etree.QName(root).namespace!r})")
    found: list[tuple[str, etree._Element]] = []
    for document in _children(root):
        if _local(document) == "documentCollection":
            for component in _children(_child(document, "components"), "component"):
                inner = _child(component, *_DOCUMENT_TYPES)
                if inner is not None:
                    found.append((component.get("eId") or f"cmp_{len(found) + 1}", inner))
        elif _local(document) == "component":  # one component cut out of a collection, as is
            inner = _child(document, *_DOCUMENT_TYPES)
            if inner is not None:
                found.append((document.get("eId") or f"cmp_{len(found) + 1}", inner))
        elif _local(document) in _DOCUMENT_TYPES:
            found.append((document.get("eId") or document.get("name") or _local(document), document))
    if not found:
        raise UnreadableInputError(source, "the Akoma Ntoso document holds no statement or other document")
    return found


def read_akn_components(data: bytes, source: str) -> dict[str, Resolution]:
    """Every document of an Akoma Ntoso file (the components of a documentCollection, keyed by eId)."""
    return {eid: _Reader(source).document(document) for eid, document in _documents(data, source)}


def read_akn(data: bytes, source: str, *, component: str | None = None) -> Resolution:
    """The clause tree of an Akoma Ntoso document. A documentCollection (the PP-18 Final Acts) needs
    `component`: a component eId ("cmp_res_130"); a file holding one document needs none."""
    documents = _documents(data, source)
    if component is not None:
        chosen = [d for eid, d in documents if eid == component]
        if not chosen:
            raise UnreadableInputError(source, f"no component {component!r} (there are {len(documents)}: "
                                               f"{', '.join(eid for eid, _ in documents[:5])}, …)")
        return _Reader(source).document(chosen[0])
    if len(documents) > 1:
        raise UnreadableInputError(source, f"the file holds {len(documents)} documents; choose one with "
                                           f"component= ({', '.join(eid for eid, _ in documents[:5])}, …)")
    return _Reader(source).document(documents[0][1])
