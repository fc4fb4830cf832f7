"""What a paragraph holds besides text, read for the model: hyperlinks and fields around text (containers),
pictures, bookmarks, comment ranges and references (inline objects).

Kept so that a redline or a merged draft written from the model is the document the drafter sent, not its text:
each object keeps its element verbatim and the relationships it needs (`resdiff.ooxml.relations`). Fields follow
ECMA-376 17.16.18: w:fldChar begin, the code in w:instrText, separate, the result, end; the result is the text
of the document, the code is kept on the container. A field that spans paragraphs (a table of contents) keeps its
result as text and loses its field-ness: splitting it into one field per paragraph would make each a whole TOC.
"""

from __future__ import annotations

import copy
from dataclasses import field

from lxml import etree

from resdiff.model import Container, InlineObject, ParagraphFormat, Revision, Span
from resdiff.model.document import ContainerKind
from resdiff.ooxml.names import W14, W15, attr, local
from resdiff.ooxml.package import Package
from resdiff.ooxml.relations import RelationshipReader
from resdiff.ooxml.vocabulary import RANGE_MARKS
from resdiff.records import record

_CONTAINER_KINDS: dict[str, ContainerKind] = {"hyperlink": "hyperlink", "fldSimple": "simple_field",
                                           "sdt": "content_control"}


@record
class _Field:
    code: str = ""
    container: Container | None = None  # set at w:fldChar separate
    produced: bool = False  # whether any result text was read
    spanning: bool = False  # the field went on past the end of a paragraph


@record
class InlineState:
    """The reader's state for containers and objects while it walks one part."""

    package: Package
    part: str
    rels: RelationshipReader
    _stack: list[Container] = field(default_factory=list)
    _fields: list[_Field] = field(default_factory=list)
    _bookmarks: dict[str, str] = field(default_factory=dict)
    _comments: dict[str, str] | None = None
    _parents: dict[str, str] = field(default_factory=dict)
    namespace: str | None = None
    """The main part's namespace, where it is read as it is parsed (else asked of its tree when needed)."""

    def containers(self) -> tuple[Container, ...]:
        return tuple(self._stack)

    def enter(self, el: etree._Element) -> Container:
        """A w:hyperlink or w:fldSimple around the content read next (`leave` when it is read)."""
        shell = etree.Element(el.tag, dict(el.attrib), nsmap=el.nsmap)
        kind = _CONTAINER_KINDS[local(el)]
        if kind == "content_control":  # w:sdtPr and w:sdtEndPr kept; the content is the text read inside it
            shell.extend(copy.deepcopy(c) for c in el if local(c) in ("sdtPr", "sdtEndPr"))
            etree.SubElement(shell, str(el.tag).replace("}sdt", "}sdtContent"))
        container = Container(kind=kind, xml=etree.tostring(shell, encoding="unicode"),
                              relationships=self.rels.of(shell, self.part))
        self._stack.append(container)
        return container

    def leave(self, container: Container) -> None:
        self._remove(container)

    # ---- complex fields -----------------------------------------------------------------------------------------
    def field_char(self, kind: str | None, revisions: tuple[Revision, ...], out: list[Span]) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields and self._fields[-1].container is None:
            top = self._fields[-1]
            top.container = Container(kind="field", xml=top.code.strip())
            if not top.spanning:
                self._stack.append(top.container)
        elif kind == "end" and self._fields:
            top = self._fields.pop()
            if top.container is not None:
                self._remove(top.container)
            if not top.produced and top.code.strip() and not self.in_code():
                field_object = _field_object(top.code.strip(), self.package, self.namespace)
                out.append(Span(object=field_object, revisions=revisions))

    def instruction(self, text: str) -> None:
        if self._fields and self._fields[-1].container is None:
            self._fields[-1].code += text

    def in_code(self) -> bool:
        return any(f.container is None for f in self._fields)

    def outside_fields(self) -> bool:
        """Whether no complex field is open: text read now is neither a field's code nor its result."""
        return not self._fields

    def produced(self) -> None:
        for f in self._fields:
            f.produced = True

    def end_paragraph(self, spans: list[Span]) -> list[Span]:
        """Fields still open at the end of a paragraph span paragraphs: their result stays plain text."""
        open_fields = [f for f in self._fields if f.container is not None and not f.spanning]
        if not open_fields:
            return spans
        gone = [f.container for f in open_fields]
        for f in open_fields:
            f.spanning = True
            assert f.container is not None
            self._remove(f.container)
        return [s.model_copy(update={"containers": tuple(c for c in s.containers if not any(c is g for g in gone))})
                if s.containers else s for s in spans]

    # ---- objects ------------------------------------------------------------------------------------------------
    def range_mark(self, el: etree._Element, revisions: tuple[Revision, ...]) -> Span:
        kind = RANGE_MARKS[local(el)]
        mark_id = attr(el, "id") or ""
        if kind == "bookmark_start":
            ref = self._bookmarks[mark_id] = attr(el, "name") or ""
        elif kind == "bookmark_end":
            ref = self._bookmarks.get(mark_id, "")
        else:
            ref = self.comment(mark_id)
            return Span(object=InlineObject(kind=kind, xml=_verbatim(el), ref=ref, parent=self._parents.get(mark_id)),
                        revisions=revisions)
        return Span(object=InlineObject(kind=kind, xml=_verbatim(el), ref=ref), revisions=revisions)

    def comment_reference(self, el: etree._Element, revisions: tuple[Revision, ...]) -> Span:
        comment_id = attr(el, "id") or ""
        ref = self.comment(comment_id)
        return Span(object=InlineObject(kind="comment", xml=_verbatim(el), ref=ref,
                                        parent=self._parents.get(comment_id)), revisions=revisions)

    def picture(self, el: etree._Element, revisions: tuple[Revision, ...]) -> Span:
        return Span(object=InlineObject(kind="picture", xml=_verbatim(el), relationships=self.rels.of(el, self.part)),
                    revisions=revisions)

    def page_break(self, el: etree._Element) -> InlineObject:
        return InlineObject(kind="break", xml=_verbatim(el))

    def equation(self, el: etree._Element, revisions: tuple[Revision, ...], text: str) -> Span:
        return Span(text=text, object=InlineObject(kind="math", xml=_verbatim(el)), revisions=revisions,
                    containers=self.containers())

    def empty_field(self, el: etree._Element, revisions: tuple[Revision, ...]) -> Span:
        """A w:fldSimple with no result runs."""
        return Span(object=InlineObject(kind="field", xml=_verbatim(el), relationships=self.rels.of(el, self.part)),
                    revisions=revisions)

    def section_parts(self, fmt: ParagraphFormat | None, ppr: etree._Element | None) -> ParagraphFormat | None:
        """A paragraph's properties with the headers and footers its section break needs (see ParagraphFormat)."""
        sect = next((c for c in ppr if local(c) == "sectPr"), None) if ppr is not None else None
        if fmt is None or sect is None:
            return fmt
        kept = self.rels.of(sect, self.part)
        return fmt.model_copy(update={"relationships": kept}) if kept else fmt

    def comment(self, comment_id: str) -> str:
        """The w:comment element a range or reference points at, verbatim (empty if the package has none)."""
        if self._comments is None:
            self._comments = {}
            last_paragraph: dict[str, str] = {}  # w14:paraId of a comment's last paragraph → its w:id
            for part in self.package.related(self.package.main_part, "comments"):
                for el in self.package.xml(part):
                    if local(el) == "comment":
                        self._comments[attr(el, "id") or ""] = _verbatim(el)
                        paragraphs = [p for p in el if local(p) == "p"]
                        para_id = paragraphs[-1].get(f"{{{W14}}}paraId") if paragraphs else None
                        if para_id:
                            last_paragraph[para_id] = attr(el, "id") or ""
            self._parents = self._threads(last_paragraph)
        return self._comments.get(comment_id, "")

    def _threads(self, last_paragraph: dict[str, str]) -> dict[str, str]:
        """Reply → the comment it answers: w15:commentEx ties a comment's last paragraph (w15:paraId) to its
        parent's ([MS-DOCX] 2.5.2: commentsExtended part)."""
        parents: dict[str, str] = {}
        for part in self.package.related(self.package.main_part, "commentsExtended"):
            for el in self.package.xml(part):
                child_id = last_paragraph.get(el.get(f"{{{W15}}}paraId") or "")
                parent_id = last_paragraph.get(el.get(f"{{{W15}}}paraIdParent") or "")
                if child_id and parent_id:
                    parents[child_id] = parent_id
        return parents

    def _remove(self, container: Container) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index] is container:
                del self._stack[index]
                return


def _verbatim(el: etree._Element) -> str:
    clean = copy.deepcopy(el)
    clean.tail = None
    return str(etree.tostring(clean, encoding="unicode"))


def _field_object(code: str, package: Package, namespace: str | None) -> InlineObject:
    """A field without result text (a PAGE field not yet updated, a bookmark's SET) as one object."""
    ns = (namespace if namespace is not None else etree.QName(package.xml(package.main_part)).namespace) or ""
    el = etree.Element(f"{{{ns}}}fldSimple", {f"{{{ns}}}instr": code}, nsmap={"w": ns})
    return InlineObject(kind="field", xml=etree.tostring(el, encoding="unicode"))
