"""DOCX reader: a WordprocessingML package → `Document`, every tracked change kept as span state.

Elements are dispatched through handler tables with an explicit ignored set (as mammoth does); an element
that is neither is reported once by name as a message, never dropped silently.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from resdiff.errors import UnreadableInputError, UnsafeInputError
from resdiff.model import (
    Markup,
    Block,
    Cell,
    Document,
    FormatChange,
    Message,
    Note,
    NoteRef,
    Numbering,
    Paragraph,
    ParagraphFormat,
    PropertyChange,
    Revision,
    RevisionKind,
    Row,
    Side,
    Span,
    Table,
    absent_from,
)
from resdiff.ooxml.definitions import read_definitions
from resdiff.ooxml.formatting import paragraph_format, properties_xml, run_format
from resdiff.ooxml.names import MC, attr, child, local, math_local
from resdiff.ooxml.package import Package, open_package
from resdiff.ooxml.relations import RelationshipReader
from resdiff.parse.docx_objects import RANGE_MARKS, InlineState
from resdiff.ooxml.revisions import formatting_kind, resolve_part
from resdiff.ooxml.styles import style_names
from resdiff.views import merge_spans

# Word itself nests tables only a few levels deep; far deeper nesting only comes from crafted files, and the model
# (and its JSON form) would recurse past what the serializer handles.
MAX_TABLE_DEPTH = 32

REVISION_KINDS: dict[str, RevisionKind] = {
    "ins": "inserted",
    "del": "deleted",
    "moveFrom": "moved_from",
    "moveTo": "moved_to",
}
# Inline containers whose children are read as if they stood in the paragraph itself.
TRANSPARENT_INLINE = frozenset({"smartTag", "customXml", "sdtContent", "bdo", "dir"})
CONTAINERS = frozenset({"hyperlink", "fldSimple"})
IGNORED_INLINE = frozenset(
    {
        "pPr", "proofErr", "permStart",
        "permEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "sdtPr",
        "sdtEndPr", "customXmlPr", "smartTagPr", "customXmlInsRangeStart", "customXmlInsRangeEnd",
        "customXmlDelRangeStart", "customXmlDelRangeEnd", "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "subDoc",
    }
)
IGNORED_IN_RUN = frozenset(
    {
        "rPr", "lastRenderedPageBreak", "drawing", "pict", "object", "annotationRef", "footnoteRef", "endnoteRef",
        "separator", "continuationSeparator", "dayShort", "dayLong", "monthShort",
        "monthLong", "yearShort", "yearLong", "pgNum", "ruby", "contentPart", "embedObject", "movie",
    }
)
RUN_CHARACTERS = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "\u2011", "softHyphen": "\u00ad"}
IGNORED_BLOCK = frozenset(
    {
        "sectPr", "proofErr", "permStart",
        "permEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "sdtPr",
        "sdtEndPr", "customXmlPr", "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
        "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "tblPr", "tblGrid", "altChunk",
    }
)


def read_docx(data: bytes, source: str, *, markup: Markup = "revisions") -> Document:
    """Read a .docx held in `data`; `source` names it in errors and messages."""
    package = open_package(data, source)
    reader = _Reader(package, markup)
    blocks = reader.blocks(_body(package))
    notes = reader.notes()
    definitions = read_definitions(package, reader.style_ids, reader.num_ids)
    doc = Document(blocks=tuple(blocks), notes=tuple(notes), definitions=definitions, messages=tuple(reader.messages),
                   markup=markup)
    return doc.with_source(package)


def _body(package: Package) -> etree._Element:
    root = package.xml(package.main_part)
    body = child(root, "body")
    if body is None:
        raise_missing(package)
    return body


def raise_missing(package: Package) -> None:
    raise UnreadableInputError(package.source, f"{package.main_part} has no w:body; it is not a Word document")


@dataclass
class _Reader:
    package: Package
    markup: Markup
    messages: list[Message] = field(default_factory=list)
    _unknown: set[str] = field(default_factory=set)
    _styles: dict[str, str] = field(default_factory=dict)
    _table_depth: int = 0
    _text_box_depth: int = 0
    _objects: InlineState = field(init=False)
    _pending: list[Span] = field(default_factory=list)  # range marks between blocks, for the next paragraph
    style_ids: set[str] = field(default_factory=set)  # the styles and lists the content uses
    num_ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._styles = style_names(self.package)
        self._objects = InlineState(self.package, self.package.main_part, RelationshipReader(self.package))

    # ---- blocks -------------------------------------------------------------------------------------------
    def blocks(self, container: etree._Element) -> list[Block]:
        out: list[Block] = []
        for el in container:
            name = local(el)
            if name in RANGE_MARKS:
                # a bookmark or comment range opened or closed between paragraphs goes with the next paragraph
                self._pending.append(self._objects.range_mark(el, ()))
            elif name == "p":
                out.append(self.paragraph(el))
            elif name == "tbl":
                out.append(self.table(el))
            elif name in ("sdt", "customXml", "sdtContent"):
                inner = child(el, "sdtContent") if name == "sdt" else el
                if inner is not None:
                    out.extend(self.blocks(inner))
            elif name in ("ins", "del", "moveFrom", "moveTo"):
                # Block-level revision wrappers occur only around content controls or runs that Word
                # misplaced; their paragraphs are read as-is and the wrapper reported.
                self._note_unknown(f"block-level w:{name}")
                out.extend(self.blocks(el))
            elif name and name not in IGNORED_BLOCK:
                self._note_unknown(f"w:{name}")
        last = out[-1] if out else None
        if self._pending and isinstance(last, Paragraph):  # none follows in this container: the last one takes them
            out[-1] = last.model_copy(update={"spans": last.spans + tuple(self._pending)})
            self._pending = []
        return out

    def paragraph(self, p: etree._Element) -> Paragraph:
        spans: list[Span] = self._pending
        self._pending = []
        ppr = child(p, "pPr")
        mark: tuple[Revision, ...] = ()
        changes: list[PropertyChange] = []
        style_id = None
        numbering = None
        if ppr is not None:
            mark, changes, style_id, numbering = self._paragraph_properties(ppr)
        for el in p:
            self.inline(el, (), spans)
        self._uses(style_id, numbering)
        for change in changes:
            old = change.old
            self._uses(old.get("style_id"), Numbering(**old["numbering"]) if old.get("numbering") else None)
        return Paragraph(
            spans=merge_spans(self._objects.end_paragraph(spans)),
            mark=mark,
            style=self._styles.get(style_id, style_id) if style_id else None,
            style_id=style_id,
            numbering=numbering,
            format=self._objects.section_parts(paragraph_format(ppr), ppr),
            property_changes=tuple(changes),
        )

    def _uses(self, style_id: str | None, numbering: Numbering | None) -> None:
        if style_id:
            self.style_ids.add(style_id)
        if numbering is not None:
            self.num_ids.add(numbering.num_id)

    def _paragraph_properties(self, ppr: etree._Element):  # type: ignore[no-untyped-def]
        style_id = _val(child(ppr, "pStyle"))
        numbering = _numbering(child(ppr, "numPr"))
        mark: list[Revision] = []
        changes: list[PropertyChange] = []
        rpr = child(ppr, "rPr")
        if rpr is not None:
            for el in rpr:
                name = local(el)
                if name in REVISION_KINDS:
                    mark.append(_revision(el, REVISION_KINDS[name]))
                elif name == "rPrChange":
                    changes.append(_property_change(el, "paragraph_mark"))
        numpr = child(ppr, "numPr")
        if numpr is not None and child(numpr, "ins") is not None:
            changes.append(_property_change(child(numpr, "ins"), "numbering", {"inserted": True}))
        pchange = child(ppr, "pPrChange")
        if pchange is not None:
            old_ppr = child(pchange, "pPr")
            old_style = _val(child(old_ppr, "pStyle")) if old_ppr is not None else None
            old_num = _numbering(child(old_ppr, "numPr")) if old_ppr is not None else None
            old = {
                "style_id": old_style,
                "style": self._styles.get(old_style, old_style) if old_style else None,
                "numbering": old_num.model_dump() if old_num else None,
                "format": _dump(paragraph_format(old_ppr)),
            }
            changes.append(_property_change(pchange, "paragraph", old))
        if self.markup == "formatting" and rpr is not None:
            kind = formatting_kind(rpr)
            if kind:
                mark.append(Revision(kind=kind))
        return tuple(mark), changes, style_id, numbering

    def table(self, tbl: etree._Element) -> Table:
        self._table_depth += 1
        if self._table_depth > MAX_TABLE_DEPTH:
            raise UnsafeInputError(self.package.source, f"tables are nested more than {MAX_TABLE_DEPTH} deep")
        try:
            return self._table(tbl)
        finally:
            self._table_depth -= 1

    def _table(self, tbl: etree._Element) -> Table:
        rows: list[Row] = []
        changes: list[PropertyChange] = []
        tblpr = child(tbl, "tblPr")
        if tblpr is not None and child(tblpr, "tblPrChange") is not None:
            changes.append(_property_change(child(tblpr, "tblPrChange"), "table"))
        grid = child(tbl, "tblGrid")
        if grid is not None and child(grid, "tblGridChange") is not None:
            changes.append(_property_change(child(grid, "tblGridChange"), "table"))
        table_style = _val(child(tblpr, "tblStyle")) if tblpr is not None else None
        if table_style:
            self.style_ids.add(table_style)
        for tr in _rows(tbl):
            rows.append(self.row(tr, changes))
        return Table(rows=tuple(rows), property_changes=tuple(changes), properties=properties_xml(tblpr),
                     grid=properties_xml(grid))

    def row(self, tr: etree._Element, changes: list[PropertyChange]) -> Row:
        revisions: list[Revision] = []
        trpr = child(tr, "trPr")
        if trpr is not None:
            for el in trpr:
                name = local(el)
                if name in REVISION_KINDS:
                    revisions.append(_revision(el, REVISION_KINDS[name]))
                elif name == "trPrChange":
                    changes.append(_property_change(el, "row"))
        tblprex = child(tr, "tblPrEx")
        if tblprex is not None and child(tblprex, "tblPrExChange") is not None:
            changes.append(_property_change(child(tblprex, "tblPrExChange"), "row"))
        cells = [self.cell(tc, changes) for tc in _cells(tr)]
        return Row(cells=tuple(cells), revisions=tuple(revisions), properties=properties_xml(trpr))

    def cell(self, tc: etree._Element, changes: list[PropertyChange]) -> Cell:
        revisions: list[Revision] = []
        tcpr = child(tc, "tcPr")
        if tcpr is not None:
            for el in tcpr:
                name = local(el)
                if name == "cellIns":
                    revisions.append(_revision(el, "inserted"))
                elif name == "cellDel":
                    revisions.append(_revision(el, "deleted"))
                elif name in ("tcPrChange", "cellMerge"):
                    changes.append(_property_change(el, "cell"))
        return Cell(blocks=tuple(self.blocks(tc)), revisions=tuple(revisions), properties=properties_xml(tcpr))

    # ---- inline -------------------------------------------------------------------------------------------
    def inline(self, el: etree._Element, revs: tuple[Revision, ...], out: list[Span]) -> None:
        name = local(el)
        if name == "r":
            self.run(el, revs, out)
        elif name in REVISION_KINDS:
            inner = revs + (_revision(el, REVISION_KINDS[name]),)
            for c in el:
                self.inline(c, inner, out)
        elif name in TRANSPARENT_INLINE:
            for c in el:
                self.inline(c, revs, out)
        elif name in CONTAINERS:
            if name == "fldSimple" and not any(local(c) == "r" for c in el.iter()):
                out.append(self._objects.empty_field(el, revs))
                return
            container = self._objects.enter(el)
            for c in el:
                self.inline(c, revs, out)
            self._objects.leave(container)
        elif name in RANGE_MARKS:
            if not self._objects.in_code():
                out.append(self._objects.range_mark(el, revs))
        elif name == "sdt":
            content = child(el, "sdtContent")
            if content is not None:
                container = self._objects.enter(el)  # a content control: its properties kept around its text
                for c in content:
                    self.inline(c, revs, out)
                self._objects.leave(container)
        elif math_local(el) in ("oMathPara", "oMath"):
            out.extend(self.equations(el, revs))
        elif _is_alternate_content(el):
            # Markup compatibility at paragraph level wraps runs: read the branch Word would show (the first
            # mc:Choice; mc:Fallback only without one), never both, since they duplicate each other.
            branch = _chosen_branch(el)
            if branch is not None:
                for c in branch:
                    self.inline(c, revs, out)
        elif name and name not in IGNORED_INLINE:
            self._note_unknown(f"w:{name}")

    def run(self, r: etree._Element, revs: tuple[Revision, ...], out: list[Span]) -> None:
        rpr = child(r, "rPr")
        fmt, format_change = run_format(rpr), None
        if fmt is not None and fmt.style:
            self.style_ids.add(fmt.style)
        if rpr is not None:
            revs = revs + tuple(_revision(e, REVISION_KINDS[local(e)]) for e in rpr if local(e) in REVISION_KINDS)
            change = child(rpr, "rPrChange")
            if change is not None:
                format_change = FormatChange(author=attr(change, "author"), date=attr(change, "date"),
                                             id=attr(change, "id"), old=run_format(child(change, "rPr")))
            if self.markup == "formatting":
                kind = formatting_kind(rpr)
                if kind:
                    revs = revs + (Revision(kind=kind),)
        objects = self._objects

        def span(text: str = "", **extra: Any) -> Span:
            objects.produced()
            return Span(text=text, revisions=revs, format=fmt, format_change=format_change,
                        containers=objects.containers(), **extra)

        for el in r:
            name = local(el)
            if name in ("t", "delText"):
                if not objects.in_code():
                    out.append(span(el.text or ""))
            elif name in ("instrText", "delInstrText"):
                objects.instruction(el.text or "")  # field codes are instructions, kept on the field, not text
            elif name == "fldChar":
                objects.field_char(attr(el, "fldCharType"), revs, out)
            elif objects.in_code():
                continue
            elif name == "br" and attr(el, "type") in ("page", "column"):
                # a page or column break is a line break in the text, and kept as what it is for .docx writers
                out.append(span("\n", object=objects.page_break(el)))
            elif name in RUN_CHARACTERS:
                out.append(span(RUN_CHARACTERS[name]))
            elif name == "sym":
                out.append(span(_symbol(el)))
            elif name in ("footnoteReference", "endnoteReference"):
                note_kind = "footnote" if name == "footnoteReference" else "endnote"
                out.append(span(note=NoteRef(kind=note_kind, id=attr(el, "id") or "")))
            elif name == "commentReference":
                out.append(objects.comment_reference(el, revs))
            elif name in ("drawing", "pict", "object") or _is_alternate_content(el):
                out.extend(shape.model_copy(update={"format": fmt, "containers": objects.containers()})
                           for shape in self.drawing(el, revs))
            elif name and name not in IGNORED_IN_RUN:
                self._note_unknown(f"w:{name}")

    def drawing(self, el: etree._Element, revs: tuple[Revision, ...], *, resolved: bool = False) -> list[Span]:
        """A picture or shape as one object. A shape's text box (w:txbxContent) is text of the document:
        dropping it lost data (issue #9); the object carries it as its text, set off by '\n' before and after and
        between its paragraphs so that its words do not run into the paragraph's own. A shape with tracked changes
        inside is the shape before them (deleted) and after them (inserted); one whose text box cites notes is read
        as spans of this paragraph, so that the notes stay cited (the shape itself is then not kept)."""
        boxes = list(_text_boxes(_chosen_branch(el) if _is_alternate_content(el) else el))
        if not boxes:
            return [self._objects.picture(el, revs)]
        spans: list[Span] = []
        for number, box in enumerate(boxes):
            if number == 0:
                spans.append(Span(text="\n", revisions=revs))
            spans.extend(self.text_box(box, revs))
            spans.append(Span(text="\n", revisions=revs))
        if any(s.note for s in spans):
            return spans
        if _has_revisions(el) and not resolved:
            return [span for side, side_revs in _sides(el, revs)
                    for span in self.drawing(side, side_revs, resolved=True)]
        shape = self._objects.picture(el, revs)
        return [shape.model_copy(update={"text": "".join(s.text for s in spans), "object": shape.object and
                                         shape.object.model_copy(update={"kind": "text_box"})})]

    def text_box(self, box: etree._Element, revs: tuple[Revision, ...]) -> list[Span]:
        """The spans of a text box's blocks, under the revisions of the run that anchors it."""
        if self._text_box_depth >= MAX_TABLE_DEPTH:
            raise UnsafeInputError(self.package.source, f"text boxes are nested more than {MAX_TABLE_DEPTH} deep")
        self._text_box_depth += 1
        try:
            return _flatten(self.blocks(box), revs)
        finally:
            self._text_box_depth -= 1

    def equations(self, el: etree._Element, revs: tuple[Revision, ...]) -> list[Span]:
        """An equation is one object whose text is its characters. One edited with tracked changes inside is
        read as the equation before, deleted, and the equation after, inserted: each side is an equation."""
        out = []
        for side, side_revs in _sides(el, revs):
            text = self._math_text(side)
            if text:
                out.append(self._objects.equation(side, side_revs, text))
        return out

    def _math_text(self, el: etree._Element) -> str:
        spans: list[Span] = []
        self.math(el, (), spans)
        return "".join(s.text for s in spans)

    def math(self, el: etree._Element, revs: tuple[Revision, ...], out: list[Span]) -> None:
        """OMML: text is in m:t; a tracked math run wraps its m:t in w:ins/w:del inside m:r."""
        for node in el:
            if math_local(node) == "t":
                out.append(Span(text=node.text or "", revisions=revs))
            elif local(node) in REVISION_KINDS:
                self.math(node, revs + (_revision(node, REVISION_KINDS[local(node)]),), out)
            elif local(node) == "rPr":
                marks = tuple(_revision(e, REVISION_KINDS[local(e)]) for e in node if local(e) in REVISION_KINDS)
                if marks:
                    revs = revs + marks
            elif math_local(node) and not math_local(node).endswith("Pr"):
                self.math(node, revs, out)

    # ---- notes --------------------------------------------------------------------------------------------
    def notes(self) -> list[Note]:
        notes: list[Note] = []
        for kind, rel in (("footnote", "footnotes"), ("endnote", "endnotes")):
            for part in self.package.related(self.package.main_part, rel):
                for note in self.package.xml(part):
                    if local(note) != kind or attr(note, "type") in ("separator", "continuationSeparator",
                                                                     "continuationNotice"):
                        continue
                    self._objects = InlineState(self.package, part, self._objects.rels)
                    self._pending = []
                    notes.append(Note(kind=kind, id=attr(note, "id") or "", blocks=tuple(self.blocks(note))))
        return notes

    def _note_unknown(self, name: str) -> None:
        if name not in self._unknown:
            self._unknown.add(name)
            self.messages.append(
                Message(level="warning", code="unknown-element", text=f"{name} is not read; its content is skipped",
                        location=self.package.source)
            )


def _sides(el: etree._Element, revs: tuple[Revision, ...]) -> list[tuple[etree._Element, tuple[Revision, ...]]]:
    """An object with tracked changes inside (an equation, a shape's text box) as the object before them and the
    object after them: the first deleted, the second inserted — each side a whole object again. A side that the
    revisions around the object already remove is left out."""
    # the revision whose author and date the two sides take: a content change, else a formatting change
    marker = next((node for node in el.iter() if local(node) in _INNER_REVISIONS), None)
    if marker is None:
        return [(el, revs)]
    sides: tuple[tuple[Side, RevisionKind], ...] = (("old", "deleted"), ("new", "inserted"))
    kept = [(side, kind) for side, kind in sides if not absent_from(revs, side)]
    out = []
    for side, kind in kept:
        resolved = copy.deepcopy(el)
        resolve_part(resolved, side)
        out.append((resolved, revs + ((_revision(marker, kind),) if len(kept) == 2 else ())))
    if len(out) == 2 and etree.tostring(out[0][0], method="c14n") == etree.tostring(out[1][0], method="c14n"):
        return [(out[1][0], revs)]
    return out


_INNER_REVISIONS = frozenset(REVISION_KINDS) | {"rPrChange", "pPrChange"}


def _has_revisions(el: etree._Element) -> bool:
    return any(local(node) in _INNER_REVISIONS for node in el.iter())


def _is_alternate_content(el: etree._Element) -> bool:
    return bool(el.tag == f"{{{MC}}}AlternateContent")


def _chosen_branch(el: etree._Element) -> etree._Element | None:
    """The first mc:Choice of an mc:AlternateContent, or its mc:Fallback when it has no Choice."""
    choice = next((c for c in el if c.tag == f"{{{MC}}}Choice"), None)
    return choice if choice is not None else next((c for c in el if c.tag == f"{{{MC}}}Fallback"), None)


def _text_boxes(el: etree._Element | None):  # type: ignore[no-untyped-def]
    """The outermost w:txbxContent elements in a drawing, looking into one branch of each mc:AlternateContent
    (a nested text box is read by the reader of its container)."""
    for c in el if el is not None else ():
        if _is_alternate_content(c):
            branch = _chosen_branch(c)
            if branch is not None:
                yield from _text_boxes(branch)
        elif local(c) == "txbxContent":
            yield c
        elif isinstance(c.tag, str):
            yield from _text_boxes(c)


def _flatten(blocks: list[Block], revs: tuple[Revision, ...]) -> list[Span]:
    """Blocks as spans, outer revisions first. The '\n' after a paragraph carries its mark's revisions when a
    paragraph follows, so that it goes where the views and the XML transform join the two paragraphs; after a
    table, a cell or a row it carries only the revisions of what contains it (tables and cells are not joined)."""
    out: list[Span] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph):
            out += [s.model_copy(update={"revisions": revs + s.revisions}) for s in block.spans]
            if following is not None:
                mark = block.mark if isinstance(following, Paragraph) else ()
                out.append(Span(text="\n", revisions=revs + mark))
        else:
            cells = [(revs + row.revisions + cell.revisions, cell) for row in block.rows for cell in row.cells]
            for number, (cell_revs, cell) in enumerate(cells):
                out += _flatten(list(cell.blocks), cell_revs)
                if number + 1 < len(cells):
                    out.append(Span(text="\n", revisions=cell_revs))
            if following is not None:
                out.append(Span(text="\n", revisions=revs))
    return out


def _rows(tbl: etree._Element):  # type: ignore[no-untyped-def]
    for el in tbl:
        name = local(el)
        if name == "tr":
            yield el
        elif name in ("sdt", "customXml", "sdtContent"):
            inner = child(el, "sdtContent") if name == "sdt" else el
            if inner is not None:
                yield from _rows(inner)


def _cells(tr: etree._Element):  # type: ignore[no-untyped-def]
    for el in tr:
        name = local(el)
        if name == "tc":
            yield el
        elif name in ("sdt", "customXml", "sdtContent"):
            inner = child(el, "sdtContent") if name == "sdt" else el
            if inner is not None:
                yield from _cells(inner)


def _revision(el: etree._Element, kind: RevisionKind) -> Revision:
    return Revision(kind=kind, author=attr(el, "author"), date=attr(el, "date"), id=attr(el, "id"))


def _property_change(el: etree._Element | None, target: str, old: dict[str, Any] | None = None) -> PropertyChange:
    assert el is not None
    return PropertyChange(target=target, author=attr(el, "author"), date=attr(el, "date"),
                          id=attr(el, "id"), old=old or {})


def _dump(fmt: ParagraphFormat | None) -> dict[str, Any] | None:
    return fmt.model_dump() if fmt is not None else None


def _val(el: etree._Element | None) -> str | None:
    return attr(el, "val") if el is not None else None


def _numbering(numpr: etree._Element | None) -> Numbering | None:
    if numpr is None:
        return None
    num_id = _val(child(numpr, "numId"))
    if num_id is None:
        return None
    level = _val(child(numpr, "ilvl"))
    return Numbering(num_id=num_id, level=int(level) if level and level.isascii() and level.isdigit() else 0)


def _symbol(sym: etree._Element) -> str:
    code = attr(sym, "char") or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    # Symbol-font characters are stored in the private-use area F000–F0FF (ECMA-376 17.3.3.30).
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    if not 0 < value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return "\ufffd"  # not a character: keep a visible replacement rather than drop the symbol
    return chr(value)
