"""Writing what a paragraph holds: runs with their formatting, revisions around them, hyperlinks and fields around
those, and inline objects with their relationships and ids made valid for the package written.

Revision marks wrap runs (w:ins/w:del hold runs and range marks, ECMA-376 17.13.5.18); a hyperlink or a field
wraps the revisions, since w:ins cannot hold a w:hyperlink. A complex field's own runs (begin, code, separate,
end) carry the revisions all of its result shares, so that a field deleted whole leaves nothing behind on Accept.
Ids that number things within one package — bookmarks, comments, drawings — are given anew, one per thing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from copy import deepcopy

from lxml import etree

from resdiff.model import Container, Relationship, Revision, RunFormat, Span
from resdiff.ooxml.definitions import DefinitionWriter
from resdiff.ooxml.formatting import build_rpr, parse_fragment
from resdiff.ooxml.names import W_TRANSITIONAL, attr, w
from resdiff.ooxml.relations import R_NAMESPACES, PackageBuilder
from resdiff.ooxml.vocabulary import RANGE_KINDS
from resdiff.ooxml.write_elements import (
    FieldCharType,
    add_text,
    deletes,
    field_char_run,
    field_code_run,
    move_range,
    note_reference,
    revision_attributes,
    revision_tag,
    run_properties_change,
    superscript,
)

W = W_TRANSITIONAL
_KEPT_FORMATS = 1024

Group = Span | tuple[Container, list["Group"]]
"""Spans nested under the containers they share (hyperlinks, fields, content controls)."""


class InlineWriter:
    """Writes spans into paragraphs of one package; keeps the ids and the comments it hands out."""

    def __init__(self, builder: PackageBuilder | None, part: str, *, author: str, date: str | None,
                 styles: DefinitionWriter | None = None) -> None:
        self.builder = builder
        self.styles = styles
        self.part = part
        self.author = author
        self.date = date
        self.next_id = 1
        self.comments: dict[str, str] = {}  # w:comment XML → the id given to it
        self._bookmarks: dict[str, str] = {}
        self._drawings = 0
        self._formats: dict[RunFormat, etree._Element | None] = {}  # built run properties, copied for each run

    # ---- revisions ------------------------------------------------------------------------------------------------
    def revision_attrs(self, author: str | None, date: str | None) -> dict[str, str]:
        """The attributes of the next revision, by its author at its date (the writer's own where it has none)."""
        attrs = revision_attributes(self.next_id, author or self.author, date or self.date)
        self.next_id += 1
        return attrs

    def revision(self, tag: str, rev: Revision) -> etree._Element:
        """An empty revision element (`tag`: w:ins, w:del, w:cellIns …) for `rev`, with the next id: a paragraph
        mark's, a row's, or the wrapper of tracked content."""
        return self.element(tag, self.revision_attrs(rev.author, rev.date))

    # ---- elements of the part written -----------------------------------------------------------------------------
    # lxml moves an element into another document in time quadratic in its size when its subtree holds xml:space
    # attributes (each one's namespace is looked up anew, in a list that grows by one entry per lookup). So what
    # will hold many runs (a paragraph, a table, a row, a cell, a revision's wrapper, a hyperlink) is made in the
    # document of the part it is written to, and only small pieces (a run) ever cross from another document.
    def element(self, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
        """A new, empty w:`tag`, of the document of the part being written."""
        if self.builder is None:
            return etree.Element(w(tag), attrs)
        return self.builder.xml(self.part).makeelement(w(tag), attrs)

    def adopted(self, el: etree._Element) -> etree._Element:
        """`el`, parsed on its own and still small, remade in the document of the part being written."""
        if self.builder is None:
            return el
        made = self.builder.xml(self.part).makeelement(el.tag, el.attrib, nsmap=el.nsmap)
        made.text = el.text
        made.extend(list(el))
        return made

    def wrapped(self, node: etree._Element, revisions: Sequence[Revision]) -> etree._Element:
        for rev in reversed(revisions):
            wrapper = self.revision(revision_tag(rev), rev)
            wrapper.append(node)
            node = wrapper
        return node

    # ---- paragraph content ----------------------------------------------------------------------------------------
    def write(self, parent: etree._Element, spans: Sequence[Span]) -> None:
        """A paragraph's content; the text of a move sits inside a named range, which is what ties the text that
        left (w:moveFrom) to the text that arrived (w:moveTo) in Word (ECMA-376 17.13.5.22-25)."""
        for _ in self.writing(parent, spans):
            pass

    def writing(self, parent: etree._Element, spans: Sequence[Span]) -> Iterator[int]:
        """`write`, step by step: after each span or container written at the end of `parent`, how many children
        `parent` was given (`resdiff.ooxml.write_stream` serialises a long paragraph while it is written)."""
        moves = {(rev.kind, rev.move): rev for span in spans for rev in span.revisions if rev.move}
        ends = []
        for (kind, name), rev in moves.items():
            start, end = move_range(kind, name or "", self.revision_attrs(rev.author, rev.date))
            parent.append(start)
            ends.append(end)
        yield len(moves)
        for group in _group(list(spans), 0):
            yield self._write_group(parent, group)
        parent.extend(ends)
        yield len(ends)

    def _write_group(self, parent: etree._Element, group: Group) -> int:
        """Writes `group` at the end of `parent`; how many children that gave `parent` (counted, since `len` of an
        lxml element walks its children)."""
        if isinstance(group, Span):
            elements = self.span(group)
            parent.extend(elements)
            return len(elements)
        container, members = group
        if container.kind == "field":
            shared = _shared_revisions(members)
            parent.append(self._field_run("begin", shared))
            parent.append(self._code_run(container.xml, shared))
            parent.append(self._field_run("separate", shared))
            added = sum(self._write_group(parent, member) for member in members)
            parent.append(self._field_run("end", shared))
            return added + 4
        el = self.adopted(self.relink(parse_fragment(container.xml, W), container.relationships))
        parent.append(el)
        inside = el.find(w("sdtContent")) if container.kind == "content_control" else el
        for member in members:
            self._write_group(inside if inside is not None else el, member)
        return 1

    def span(self, span: Span) -> list[etree._Element]:
        """The elements of one span: a run (or range mark) inside its revisions."""
        obj = span.object
        if obj is not None and obj.kind in RANGE_KINDS:
            return [self.wrapped(self._range_mark(parse_fragment(obj.xml, W), obj.kind, obj.ref), span.revisions)]
        if obj is not None and obj.kind == "math":
            return [self._equation(parse_fragment(obj.xml, W), span.revisions)]
        if obj is not None and obj.kind == "field":
            # a field without result, written as a complex field: its runs can be tracked, a w:fldSimple cannot
            code = attr(parse_fragment(obj.xml, W), "instr") or ""
            return [self._field_run("begin", span.revisions), self._code_run(code, span.revisions),
                    self._field_run("end", span.revisions)]
        return [self.wrapped(self.run(span, deletes(span.revisions)), span.revisions)]

    def run(self, span: Span, deleted: bool) -> etree._Element:
        r = etree.Element(w("r"))
        rpr = self._rpr(span.format)
        if span.note is not None and span.format is None:
            rpr = superscript()
        if span.format_change is not None:
            rpr = rpr if rpr is not None else etree.Element(w("rPr"))
            change = span.format_change
            rpr.append(run_properties_change(self.revision_attrs(change.author, change.date), self._rpr(change.old)))
        if rpr is not None:
            r.append(rpr)
        if span.note is not None:
            note_reference(r, span.note.kind, span.note.id)
        elif span.object is not None:
            r.append(self._object(span))
        else:
            add_text(r, span.text, deleted)
        return r

    def _rpr(self, fmt: RunFormat | None) -> etree._Element | None:
        """The run properties of `fmt`, a copy of those built for it before: a document has few formats and many
        runs, and building them was a quarter of writing a redline of many runs. At most `_KEPT_FORMATS` are kept,
        so that a document whose every run has its own format does not hold them all twice."""
        if fmt is None:
            return None
        if fmt in self._formats:
            built = self._formats[fmt]
        else:
            built = self._build_rpr(fmt)
            if len(self._formats) < _KEPT_FORMATS:
                self._formats[fmt] = built
        return deepcopy(built) if built is not None else None

    def _build_rpr(self, fmt: RunFormat) -> etree._Element | None:
        rpr = build_rpr(fmt, W)
        style = rpr.find(w("rStyle")) if rpr is not None else None
        if style is not None and self.styles is not None:
            style.set(w("val"), self.styles.style(style.get(w("val")) or ""))
        return rpr

    # ---- objects --------------------------------------------------------------------------------------------------
    def _object(self, span: Span) -> etree._Element:
        obj = span.object
        assert obj is not None
        el = self.relink(parse_fragment(obj.xml, W), obj.relationships)
        if obj.kind == "comment":
            el.set(w("id"), self._comment_id(obj.ref or ""))
        for node in el.iter():
            if isinstance(node.tag, str) and node.tag.endswith("}docPr"):
                self._drawings += 1  # drawing ids must be unique in the document (ECMA-376 20.4.2.5)
                node.set("id", str(self._drawings))
        return el

    def _equation(self, el: etree._Element, revisions: Sequence[Revision]) -> etree._Element:
        """An equation inserted or deleted: w:ins / w:del go inside each math run, around its properties and text,
        as Word writes them (they cannot hold an m:oMath or an m:r)."""
        if not revisions:
            return el
        for run in [node for node in el.iter() if isinstance(node.tag, str) and node.tag.endswith("}r")
                    and node.tag != w("r")]:
            content = [c for c in run if not (isinstance(c.tag, str) and c.tag.endswith("}rPr") and c.tag != w("rPr"))]
            wrapper: etree._Element | None = None
            for rev in reversed(revisions):
                outer = self.revision(revision_tag(rev), rev)
                if wrapper is None:
                    outer.extend(content)
                else:
                    outer.append(wrapper)
                wrapper = outer
            if wrapper is not None:
                run.append(wrapper)
        return el

    def _range_mark(self, el: etree._Element, kind: str, ref: str | None) -> etree._Element:
        if kind.startswith("comment"):
            el.set(w("id"), self._comment_id(ref or ""))
        else:
            el.set(w("id"), self._bookmarks.setdefault(ref or f"#{attr(el, 'id')}", str(len(self._bookmarks))))
        return el

    def _comment_id(self, comment: str) -> str:
        return self.comments.setdefault(comment, str(len(self.comments)))

    def relink(self, el: etree._Element, relationships: Sequence[Relationship]) -> etree._Element:
        """The element with its relationship ids replaced by those of the package written (relationships added)."""
        if not relationships or self.builder is None:
            return el
        new_ids = {rel.id: self.builder.relate(self.part, rel) for rel in relationships}
        for node in el.iter():
            for key, value in list(node.attrib.items()):
                if key.startswith("{") and key[1:].partition("}")[0] in R_NAMESPACES and value in new_ids:
                    node.set(key, new_ids[value])
        return el

    # ---- complex fields -------------------------------------------------------------------------------------------
    def _field_run(self, kind: FieldCharType, revisions: Sequence[Revision]) -> etree._Element:
        return self.wrapped(field_char_run(kind), revisions)

    def _code_run(self, code: str, revisions: Sequence[Revision]) -> etree._Element:
        return self.wrapped(field_code_run(code, deletes(revisions)), revisions)


def _group(spans: list[Span], depth: int) -> list[Group]:
    """Spans nested under their containers: neighbours that share a container at this depth go in one."""
    out: list[Group] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        if len(span.containers) <= depth:
            out.append(span)
            index += 1
            continue
        container = span.containers[depth]
        end = index
        while end < len(spans) and len(spans[end].containers) > depth and spans[end].containers[depth] == container:
            end += 1
        out.append((container, _group(spans[index:end], depth + 1)))
        index = end
    return out


def _shared_revisions(groups: list[Group]) -> tuple[Revision, ...]:
    """The revisions every span under a field has: the field's own runs take them."""
    leaves = list(_leaves(groups))
    if not leaves:
        return ()
    return tuple(r for r in leaves[0].revisions if all(r in leaf.revisions for leaf in leaves[1:]))


def _leaves(groups: list[Group]) -> Iterator[Span]:
    for group in groups:
        if isinstance(group, Span):
            yield group
        else:
            yield from _leaves(group[1])
