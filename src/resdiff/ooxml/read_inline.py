"""Reading what a paragraph holds: runs and their text, revisions around them, hyperlinks, fields and content
controls, range marks, pictures, shapes with text boxes, and equations.

The children of a paragraph (or of anything read as if it stood in one) go through `IN_PARAGRAPH`, those of a run
through `IN_RUN`; `IGNORED_IN_PARAGRAPH` and `IGNORED_IN_RUN` name what is skipped on purpose, and why. Anything
else is reported once per document (see `resdiff.ooxml.read_state` for which namespaces count).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from resdiff.errors import UnsafeInputError
from resdiff.model import FormatChange, NoteRef, Revision, RevisionKind, RunFormat, Span
from resdiff.ooxml.formatting import run_format
from resdiff.ooxml.names import WORD_NAMESPACES, attr, child, local, math_local
from resdiff.ooxml.read_objects import InlineState
from resdiff.ooxml.read_shapes import chosen_branch, flatten, has_revisions, is_alternate_content, sides, text_boxes
from resdiff.ooxml.read_state import MAX_TABLE_DEPTH, NOT_CONTENT, ReaderState, revision
from resdiff.ooxml.revisions import formatting_kind
from resdiff.ooxml.vocabulary import RANGE_MARKS, REVISION_KINDS
from resdiff.records import record

Revisions = tuple[Revision, ...]

IGNORED_IN_PARAGRAPH: dict[str, str] = {
    **NOT_CONTENT,
    "pPr": "the paragraph's properties, read by the paragraph itself",
    "sdtPr": "a content control's properties, kept verbatim on its container",
    "sdtEndPr": "a content control's end-mark properties, kept verbatim on its container",
    "customXmlPr": "the properties of custom XML markup, whose content is read as if it stood in the paragraph",
    "smartTagPr": "the properties of a smart tag, whose content is read as if it stood in the paragraph",
    "subDoc": "a link to a subdocument of a master document: its text is in another file",
}
IGNORED_IN_RUN: dict[str, str] = {
    "rPr": "the run's formatting, read by the run itself",
    "lastRenderedPageBreak": "where the page broke when Word last laid the document out, not content",
    "annotationRef": "the mark inside a comment's own text; the comment is kept whole from its reference",
    "footnoteRef": "the number inside a footnote's own text; the note's reference in the text is read",
    "endnoteRef": "the number inside an endnote's own text; the note's reference in the text is read",
    "separator": "the line above the notes of a page, in the separator notes (which are not read)",
    "continuationSeparator": "the line above notes continued from the previous page, in the separator notes",
    **{name: "a date block of a legacy header or footer, filled in when the page is shown"
       for name in ("dayShort", "dayLong", "monthShort", "monthLong", "yearShort", "yearLong")},
    "pgNum": "the current page number, filled in when the page is shown",
    "ruby": "a phonetic guide (East Asian typography): not modelled, its text is not read",
    "contentPart": "ink or other content stored in a part of its own: not modelled",
    "embedObject": "an embedded object without a picture of itself: not modelled",
    "movie": "a legacy embedded movie: not modelled",
}
# What `InlineReader._children` reads without `run`: runs of text only, whose properties hold no revision.
_RUN_TAGS = frozenset(f"{{{ns}}}r" for ns in WORD_NAMESPACES)
_TEXT_TAGS = frozenset(f"{{{ns}}}{name}" for ns in WORD_NAMESPACES for name in ("t", "delText"))
_RPR_TAGS = frozenset(f"{{{ns}}}rPr" for ns in WORD_NAMESPACES)
_REVISION_TAGS: dict[str, RevisionKind] = {f"{{{ns}}}{name}": kind for ns in WORD_NAMESPACES
                                           for name, kind in REVISION_KINDS.items()}
_NOT_FORMAT_TAGS = frozenset(f"{{{ns}}}{name}" for ns in WORD_NAMESPACES for name in (*REVISION_KINDS, "rPrChange"))
# Characters a run spells as an element of their own.
RUN_CHARACTERS = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "\u2011", "softHyphen": "\u00ad"}


@record
class Run:
    """What every span of one run shares: its revisions, formatting and formatting change."""

    objects: InlineState
    revisions: Revisions
    format: RunFormat | None
    format_change: FormatChange | None

    def span(self, text: str = "", **extra: Any) -> Span:
        self.objects.produced()
        return Span(text=text, revisions=self.revisions, format=self.format, format_change=self.format_change,
                    containers=self.objects.containers(), **extra)


class InlineReader(ReaderState):
    """The reader of paragraph content; `BodyReader` adds blocks."""

    def inline(self, el: etree._Element, revs: Revisions, out: list[Span]) -> None:
        name = local(el)
        if name:
            handler = IN_PARAGRAPH.get(name)
            if handler is not None:
                handler(self, el, revs, out)
            elif name not in IGNORED_IN_PARAGRAPH:
                self.unknown(el)
        elif math_local(el) in ("oMathPara", "oMath"):
            out.extend(self.equations(el, revs))
        elif is_alternate_content(el):
            # Markup compatibility at paragraph level wraps runs: read the branch Word would show (the first
            # mc:Choice; mc:Fallback only without one), never both, since they duplicate each other.
            branch = chosen_branch(el)
            if branch is not None:
                self._children(branch, revs, out)

    def _children(self, el: etree._Element, revs: Revisions, out: list[Span],
                  children: Iterable[etree._Element] | None = None) -> None:
        """Children read as if they stood in the paragraph itself (smart tags, custom XML, bidi overrides …).

        Neighbouring runs that hold only text and have the same properties become one span as they are read (the
        paragraph's spans are merged so in the end anyway): a paragraph of a million such runs is one span, not a
        million model objects built and then joined (issue 20)."""
        texts: list[str] = []  # the text of the plain runs read since the last span
        key: object = None  # their w:rPr's key (`_format_key`)
        plain_ok = self.objects.outside_fields()
        for c in el if children is None else children:  # `children`: a paragraph's as they are parsed
            tag = c.tag
            plain = self._plain_run(c) if plain_ok and tag in _RUN_TAGS else None
            if plain is None:
                if texts:
                    out.append(self._plain_span(key, "".join(texts), revs))
                    texts = []
                kind = _REVISION_TAGS.get(tag)  # type: ignore[arg-type]  # a comment has a function for a tag
                if kind is not None:  # w:ins, w:del …: what `_revised` does, without dispatching by local name
                    revised = revs + (revision(c, kind),)
                    # the commonest wrapper holds one run of text: its span is what reading the wrapper's
                    # children would give, without a call of its own (4 % of reading a paragraph of tracked runs)
                    only = c[0] if plain_ok and len(c) == 1 else None
                    inner = self._plain_run(only) if only is not None and only.tag in _RUN_TAGS else None
                    if inner is not None:
                        out.append(self._plain_span(inner[0], inner[1], revised))
                    else:
                        self._children(c, revised, out)
                else:
                    self.inline(c, revs, out)
                plain_ok = self.objects.outside_fields()  # a run may open or close a complex field
            elif texts and plain[0] == key:
                texts.append(plain[1])
            else:
                if texts:
                    out.append(self._plain_span(key, "".join(texts), revs))
                key, texts = plain[0], [plain[1]]
        if texts:
            out.append(self._plain_span(key, "".join(texts), revs))

    def _plain_run(self, r: etree._Element) -> tuple[object, str] | None:
        """A run of text only (w:t, w:delText), after properties that hold no revision: a key that tells runs of
        one format apart (`_format_key`) and its text; None for any other run, read by `run`."""
        if len(r) == 1:  # the commonest runs: <w:r><w:t>…</w:t></w:r> and <w:r><w:rPr>…</w:rPr><w:t>…</w:t></w:r>
            only = r[0]
            return (None, only.text or "") if only.tag in _TEXT_TAGS else None
        key: object = None
        texts: list[str] = []
        for c in r:
            tag = c.tag
            if tag in _TEXT_TAGS:
                texts.append(c.text or "")
            elif tag in _RPR_TAGS and key is None and not texts and self.markup == "revisions":
                key = self._format_key(c)
                if key is None:
                    return None
            else:
                return None
        return key, "".join(texts)

    def _format_key(self, rpr: etree._Element) -> object:
        """What two w:rPr of one part with the same formatting share (None: the w:rPr holds a revision). The
        commonest w:rPr, one property without attributes (<w:b/>, <w:i/>), is keyed by its tag; any other by its
        serialised XML. A document has a few dozen formats: each is read once, then found by its key."""
        if len(rpr) == 1 and not rpr.attrib and not rpr[0].attrib:
            tag = rpr[0].tag
            if tag in _NOT_FORMAT_TAGS:
                return None
            key: object = (self.objects.part, tag)
        else:
            if any(e.tag in _NOT_FORMAT_TAGS for e in rpr):
                return None
            key = etree.tostring(rpr)
        if key not in self._formats:
            fmt = self._formats[key] = run_format(rpr)
            if fmt is not None and fmt.style:
                self.style_ids.add(fmt.style)
        return key

    def _plain_span(self, key: object, text: str, revs: Revisions) -> Span:
        return Span(text=text, revisions=revs, format=self._formats[key] if key is not None else None,
                    containers=self.objects.containers())

    def _revised(self, el: etree._Element, revs: Revisions, out: list[Span]) -> None:
        self._children(el, revs + (revision(el, REVISION_KINDS[local(el)]),), out)

    def _container(self, el: etree._Element, revs: Revisions, out: list[Span]) -> None:
        """A hyperlink or simple field: kept around the content read inside it."""
        if local(el) == "fldSimple" and not any(local(c) == "r" for c in el.iter()):
            out.append(self.objects.empty_field(el, revs))
            return
        container = self.objects.enter(el)
        self._children(el, revs, out)
        self.objects.leave(container)

    def _content_control(self, el: etree._Element, revs: Revisions, out: list[Span]) -> None:
        content = child(el, "sdtContent")
        if content is not None:
            container = self.objects.enter(el)  # a content control: its properties kept around its text
            self._children(content, revs, out)
            self.objects.leave(container)

    def _range_mark(self, el: etree._Element, revs: Revisions, out: list[Span]) -> None:
        if not self.objects.in_code():
            out.append(self.objects.range_mark(el, revs))

    # ---- runs ---------------------------------------------------------------------------------------------------
    def run(self, r: etree._Element, revs: Revisions, out: list[Span]) -> None:
        rpr = child(r, "rPr")
        fmt, format_change = run_format(rpr), None
        if fmt is not None and fmt.style:
            self.style_ids.add(fmt.style)
        if rpr is not None:
            revs = revs + tuple(revision(e, REVISION_KINDS[local(e)]) for e in rpr if local(e) in REVISION_KINDS)
            change = child(rpr, "rPrChange")
            if change is not None:
                format_change = FormatChange(author=attr(change, "author"), date=attr(change, "date"),
                                             id=attr(change, "id"), old=run_format(child(change, "rPr")))
            if self.markup == "formatting":
                kind = formatting_kind(rpr)
                if kind:
                    revs = revs + (Revision(kind=kind),)
        run = Run(self.objects, revs, fmt, format_change)
        for el in r:
            name = local(el)
            handler = IN_FIELD_CODE.get(name)
            if handler is not None:
                handler(self, el, run, out)
            elif self.objects.in_code():  # between a field's begin and separate: its code, not the document's text
                continue
            elif name:
                handler = IN_RUN.get(name)
                if handler is not None:
                    handler(self, el, run, out)
                elif name not in IGNORED_IN_RUN:
                    self.unknown(el)
            elif is_alternate_content(el):
                self._shape(el, run, out)

    def _text(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        if not self.objects.in_code():
            out.append(run.span(el.text or ""))

    def _instruction(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        self.objects.instruction(el.text or "")  # field codes are instructions, kept on the field, not text

    def _field_char(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        self.objects.field_char(attr(el, "fldCharType"), run.revisions, out)

    def _break(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        if attr(el, "type") in ("page", "column"):
            # a page or column break is a line break in the text, and kept as what it is for .docx writers
            out.append(run.span("\n", object=self.objects.page_break(el)))
        else:
            out.append(run.span("\n"))

    def _character(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        out.append(run.span(RUN_CHARACTERS[local(el)]))

    def _symbol(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        out.append(run.span(symbol(el)))

    def _note_reference(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        out.append(run.span(note=NoteRef(kind="footnote" if local(el) == "footnoteReference" else "endnote",
                                         id=attr(el, "id") or "")))

    def _comment_reference(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        out.append(self.objects.comment_reference(el, run.revisions))

    def _shape(self, el: etree._Element, run: Run, out: list[Span]) -> None:
        out.extend(shape.model_copy(update={"format": run.format, "containers": self.objects.containers()})
                   for shape in self.drawing(el, run.revisions))

    # ---- pictures, shapes and equations -------------------------------------------------------------------------
    def drawing(self, el: etree._Element, revs: Revisions, *, resolved: bool = False) -> list[Span]:
        """A picture or shape as one object. A shape's text box (w:txbxContent) is text of the document:
        dropping it lost data (issue #9); the object carries it as its text, set off by '\n' before and after and
        between its paragraphs so that its words do not run into the paragraph's own. A shape with tracked changes
        inside is the shape before them (deleted) and after them (inserted); one whose text box cites notes is read
        as spans of this paragraph, so that the notes stay cited (the shape itself is then not kept)."""
        boxes = list(text_boxes(chosen_branch(el) if is_alternate_content(el) else el))
        if not boxes:
            return [self.objects.picture(el, revs)]
        spans: list[Span] = []
        for number, box in enumerate(boxes):
            if number == 0:
                spans.append(Span(text="\n", revisions=revs))
            spans.extend(self.text_box(box, revs))
            spans.append(Span(text="\n", revisions=revs))
        if any(s.note for s in spans):
            return spans
        if has_revisions(el) and not resolved:
            return [span for side, side_revs in sides(el, revs)
                    for span in self.drawing(side, side_revs, resolved=True)]
        shape = self.objects.picture(el, revs)
        return [shape.model_copy(update={"text": "".join(s.text for s in spans), "object": shape.object and
                                         shape.object.model_copy(update={"kind": "text_box"})})]

    def text_box(self, box: etree._Element, revs: Revisions) -> list[Span]:
        """The spans of a text box's blocks, under the revisions of the run that anchors it."""
        if self.text_box_depth >= MAX_TABLE_DEPTH:
            raise UnsafeInputError(self.package.source, f"text boxes are nested more than {MAX_TABLE_DEPTH} deep")
        self.text_box_depth += 1
        try:
            return flatten(self.blocks(box), revs)
        finally:
            self.text_box_depth -= 1

    def equations(self, el: etree._Element, revs: Revisions) -> list[Span]:
        """An equation is one object whose text is its characters. One edited with tracked changes inside is
        read as the equation before, deleted, and the equation after, inserted: each side is an equation."""
        out = []
        for side, side_revs in sides(el, revs):
            spans: list[Span] = []
            self.math(side, (), spans)
            text = "".join(s.text for s in spans)
            if text:
                out.append(self.objects.equation(side, side_revs, text))
        return out

    def math(self, el: etree._Element, revs: Revisions, out: list[Span]) -> None:
        """OMML: text is in m:t; a tracked math run wraps its m:t in w:ins/w:del inside m:r."""
        for node in el:
            if math_local(node) == "t":
                out.append(Span(text=node.text or "", revisions=revs))
            elif local(node) in REVISION_KINDS:
                self.math(node, revs + (revision(node, REVISION_KINDS[local(node)]),), out)
            elif local(node) == "rPr":
                marks = tuple(revision(e, REVISION_KINDS[local(e)]) for e in node if local(e) in REVISION_KINDS)
                if marks:
                    revs = revs + marks
            elif math_local(node) and not math_local(node).endswith("Pr"):
                self.math(node, revs, out)


def symbol(sym: etree._Element) -> str:
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


InlineHandler = Callable[[InlineReader, etree._Element, Revisions, list[Span]], None]
RunHandler = Callable[[InlineReader, etree._Element, Run, list[Span]], None]

# Children of a paragraph, of a hyperlink or field, and of whatever is read as if it stood in the paragraph.
IN_PARAGRAPH: dict[str, InlineHandler] = {
    "r": InlineReader.run,
    **{name: InlineReader._revised for name in REVISION_KINDS},
    **{name: InlineReader._children for name in ("smartTag", "customXml", "sdtContent", "bdo", "dir")},
    "hyperlink": InlineReader._container,
    "fldSimple": InlineReader._container,
    "sdt": InlineReader._content_control,
    **{name: InlineReader._range_mark for name in RANGE_MARKS},
}
# Children of a run read even inside a field's code (they make up the code, or end it).
IN_FIELD_CODE: dict[str, RunHandler] = {
    "t": InlineReader._text,
    "delText": InlineReader._text,
    "instrText": InlineReader._instruction,
    "delInstrText": InlineReader._instruction,
    "fldChar": InlineReader._field_char,
}
# The other children of a run (skipped inside a field's code).
IN_RUN: dict[str, RunHandler] = {
    **{name: InlineReader._character for name in RUN_CHARACTERS},
    "br": InlineReader._break,
    "sym": InlineReader._symbol,
    "footnoteReference": InlineReader._note_reference,
    "endnoteReference": InlineReader._note_reference,
    "commentReference": InlineReader._comment_reference,
    **{name: InlineReader._shape for name in ("drawing", "pict", "object")},
}
