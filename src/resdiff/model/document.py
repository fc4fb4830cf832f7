"""The document model: a `Document` is a sequence of blocks (paragraphs and tables) plus footnotes and endnotes.
A paragraph is a sequence of spans; each span is text plus the revisions that apply to it, outermost first. The
old view (what the text was before the revisions) and the new view (after them) are derived by `Document.old()`
and `Document.new()`; nothing stores them twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any, ClassVar, Literal

from resdiff.model.base import Tagged, _Value, field, value
from resdiff.model.reports import Message, RevisionRecord

RevisionKind = Literal["inserted", "deleted", "moved_from", "moved_to"]
SpanStatus = Literal["unchanged", "inserted", "deleted", "moved_from", "moved_to"]
Side = Literal["old", "new"]
Markup = Literal["revisions", "formatting"]
"""How a document shows its changes: revision marks (w:ins/w:del), or underline and strike-through formatting."""

_REMOVED_FROM = {
    "new": frozenset({"deleted", "moved_from"}),
    "old": frozenset({"inserted", "moved_to"}),
}


@value
class Revision(_Value):
    """One tracked change: what happened, by whom, when. `id` is the source document's w:id, if any."""

    kind: RevisionKind
    author: str | None = None
    date: str | None = None
    id: str | None = None
    move: str | None = None
    """For a move: the name that ties the text that left (moved_from) to the text that arrived (moved_to)."""


def absent_from(revisions: tuple[Revision, ...], side: Side) -> bool:
    """Whether content carrying these revisions is missing from the given side.

    An insertion later deleted by another author (nested revisions) is absent from both sides.
    """
    removed = _REMOVED_FROM[side]
    for revision in revisions:  # noqa: SIM110 - a loop, not any(): called per span of every paragraph and side
        if revision.kind in removed:
            return True
    return False


@value
class NoteRef(_Value):
    """A reference mark to a footnote or endnote; the note's text lives in `Document.notes`."""

    kind: Literal["footnote", "endnote"]
    id: str

    @property
    def label(self) -> str:
        return note_label(self.kind, self.id)


def note_label(kind: str, note_id: str) -> str:
    """How text writers name a note: a footnote by its id, an endnote by `e` and its id (the two are numbered
    apart in Word, so `1` and `e1` can both exist)."""
    return note_id if kind == "footnote" else f"e{note_id}"


@value
class RunFormat(_Value):
    """Character formatting of a span: the common marks as data, and the source's run properties verbatim.

    Writers read the fields; a .docx writer writes `xml` (a w:rPr element, revision markers taken out) back
    unchanged when the fields still agree with it, so that properties the model does not name survive a round
    trip. A format built in code needs no `xml`."""

    bold: bool = False
    italic: bool = False
    underline: str | None = None
    """The underline style (single, double, …); None for none."""
    strike: bool = False
    double_strike: bool = False
    caps: bool = False
    small_caps: bool = False
    vert_align: Literal["superscript", "subscript"] | None = None
    highlight: str | None = None
    color: str | None = None
    font: str | None = None
    size: float | None = None
    """In points."""
    style: str | None = None
    """The character style's id."""
    xml: str | None = None

    def marks(self) -> RunFormat:
        """The same formatting without the verbatim XML: what two formats are compared by."""
        return self.model_copy(update={"xml": None}) if self.xml is not None else self


@value
class FormatChange(_Value):
    """A tracked formatting change of a span (w:rPrChange): who changed it, when, and the format before."""

    author: str | None = None
    date: str | None = None
    id: str | None = None
    old: RunFormat | None = None


@value
class Relationship(_Value):
    """A relationship an inline object or container needs: an external address (a hyperlink), or a part of the
    package (a picture) carried with its bytes, so that a writer can build it into any package."""

    id: str
    """The relationship id the object's XML uses (r:id, r:embed …), in the package it was read from."""
    type: str
    target: str
    external: bool = False
    content: bytes | None = None
    content_type: str | None = None


@value
class Container(_Value):
    """An element that wraps text: a hyperlink, a field whose result the text is, a content control.

    `xml` is the w:hyperlink, w:fldSimple or w:sdt element without its content (a w:sdt keeps its w:sdtPr and an
    empty w:sdtContent); for a complex field (w:fldChar … w:instrText … w:fldChar) `kind` is 'field' and `xml`
    its field code."""

    kind: ContainerKind
    xml: str
    relationships: tuple[Relationship, ...] = ()


ChangeTarget = Literal["run", "paragraph", "paragraph_mark", "numbering", "section", "table", "row", "cell"]
ContainerKind = Literal["hyperlink", "simple_field", "field", "content_control"]
ObjectKind = Literal["picture", "text_box", "math", "break", "field", "bookmark_start", "bookmark_end", "comment_start",
                     "comment_end", "comment"]


@value
class InlineObject(_Value):
    """Something in a paragraph that is not plain text: a picture, a shape with a text box, an equation, a page or
    column break, a field without result text, a bookmark or comment range mark, a comment reference. Diffed as
    one token; written back as `xml`, the element verbatim (w:drawing, w:pict and w:object are run content;
    range marks and m:oMath stand between runs). A text box's or an equation's span has the text it shows as its
    `text`, a break '\\n'; other objects none.

    `ref` ties the parts of one thing together across the document: a bookmark's name, or for comments the
    w:comment element (its text) verbatim."""

    kind: ObjectKind
    xml: str
    relationships: tuple[Relationship, ...] = ()
    ref: str | None = None
    parent: str | None = None
    """For a comment that answers another (a reply, Word 2013 and later): the w:id of the comment it answers."""


@value
class Span(_Value):
    """A run of text with one revision state and one format — or an inline object (then `text` is empty).
    Tabs are '\\t', line breaks '\\n'. `containers` are the hyperlinks and fields around it, outermost first."""

    text: str = ""
    revisions: tuple[Revision, ...] = ()
    note: NoteRef | None = None
    format: RunFormat | None = None
    format_change: FormatChange | None = None
    containers: tuple[Container, ...] = ()
    object: InlineObject | None = None

    @property
    def status(self) -> SpanStatus:
        """The innermost revision's kind, or 'unchanged'."""
        return self.revisions[-1].kind if self.revisions else "unchanged"

    def on(self, side: Side) -> bool:
        return not absent_from(self.revisions, side)


@value
class PropertyChange(_Value):
    """A formatting or property revision (w:rPrChange, w:pPrChange, w:tblPrChange, …), kept as metadata.

    `old` holds the properties before the change where resdiff models them (style name, numbering).
    """

    target: ChangeTarget
    author: str | None = None
    date: str | None = None
    id: str | None = None
    old: dict[str, Any] = field(default_factory=dict)


@value
class Numbering(_Value):
    """A paragraph's list membership (w:numPr): the numbering instance and the level in it."""

    num_id: str
    level: int = 0


@value
class ParagraphFormat(_Value):
    """Paragraph properties beyond style and numbering (indentation, spacing, keep-with-next, tabs, section
    breaks…): the alignment as data, the source's w:pPr verbatim for a .docx writer."""

    alignment: str | None = None
    xml: str | None = None
    relationships: tuple[Relationship, ...] = ()
    """The headers and footers a section break in `xml` refers to, with their bytes."""


@value
class Paragraph(_Value):
    """A paragraph: spans, the revision state of its paragraph mark, its style, numbering and properties."""

    type: Literal["paragraph"] = "paragraph"
    spans: tuple[Span, ...] = ()
    mark: tuple[Revision, ...] = ()
    style: str | None = None
    style_id: str | None = None
    numbering: Numbering | None = None
    format: ParagraphFormat | None = None
    property_changes: tuple[PropertyChange, ...] = ()
    bookmarks: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    def text_on(self, side: Side) -> str:
        """The text as it is on one side of the revisions (Reject All: old, Accept All: new), note references
        left out. The paragraph mark is not looked at: a paragraph whose mark is absent from a side still has
        its text there, joined to the next paragraph's (resdiff.views)."""
        # a span without revisions is on both sides: asked first, the call is made only for revised spans
        return "".join(s.text for s in self.spans if s.note is None and (not s.revisions or s.on(side)))

    @property
    def has_revisions(self) -> bool:
        return bool(self.mark) or any(s.revisions for s in self.spans)


@value
class Cell(_Value):
    """A table cell. `revisions` carries w:cellIns / w:cellDel; `properties` the source's w:tcPr verbatim."""

    blocks: tuple[Block, ...] = ()
    revisions: tuple[Revision, ...] = ()
    properties: str | None = None


@value
class Row(_Value):
    """A table row. `revisions` carries an inserted or deleted row (w:trPr/w:ins, w:trPr/w:del); `properties`
    the source's w:trPr verbatim, revision markers taken out."""

    cells: tuple[Cell, ...] = ()
    revisions: tuple[Revision, ...] = ()
    properties: str | None = None


@value
class Table(_Value):
    """A table: rows of cells, each cell a sequence of blocks; table-level property changes as metadata;
    `properties` and `grid` the source's w:tblPr and w:tblGrid verbatim."""

    type: Literal["table"] = "table"
    rows: tuple[Row, ...] = ()
    property_changes: tuple[PropertyChange, ...] = ()
    properties: str | None = None
    grid: str | None = None


Block = Annotated[Paragraph | Table, Tagged("type")]


@value
class Note(_Value):
    """A footnote or endnote: its id (as cited by `NoteRef`) and its blocks."""

    kind: Literal["footnote", "endnote"]
    id: str
    blocks: tuple[Block, ...] = ()


@value
class Definitions(_Value):
    """The style and list definitions the content refers to, verbatim, so that content written into another
    package (a redline into the old version's) brings along a style or a list that only the new version has."""

    styles: dict[str, str] = field(default_factory=dict)
    """Style id → its w:style element (the styles the content uses, and those they are based on)."""
    numbering: dict[str, str] = field(default_factory=dict)
    """Numbering instance id (w:numId) → a w:numbering element holding its w:abstractNum and its w:num."""


@value
class Document(_Value):
    """A document with its tracked changes. `old()` and `new()` give the two sides as revision-free documents."""

    schema_version: Literal[1] = 1
    """The version of this JSON form (schemas/document.schema.json, urn:resdiff:schema:document:1)."""
    blocks: tuple[Block, ...] = ()
    notes: tuple[Note, ...] = ()
    definitions: Definitions = field(default_factory=Definitions)
    messages: tuple[Message, ...] = ()
    side: Side | None = None
    """None for a tracked document; 'old' or 'new' once the revisions were resolved to that side."""
    markup: Markup = "revisions"
    """How the source showed its changes: revision marks, or underline/strike-through formatting."""

    source: Any = field(default=None, compare=False, repr=False)
    """The package this document was read from (a `resdiff.ooxml.package.Package`), for writers that transform
    the original rather than rebuild it; None for documents not read from a .docx. Not data: JSON leaves it out,
    and two documents with equal content are equal whatever their sources."""

    _json_skip: ClassVar[frozenset[str]] = frozenset({"source"})

    def with_source(self, source: Any) -> Document:
        return self.model_copy(update={"source": source})

    def old(self) -> Document:
        """The document as it was before its revisions (Word's Reject All)."""
        from resdiff.views import resolve_document

        return resolve_document(self, "old")

    def new(self) -> Document:
        """The document after its revisions (Word's Accept All)."""
        from resdiff.views import resolve_document

        return resolve_document(self, "new")

    accept: ClassVar[Callable[[Document], Document]] = new
    reject: ClassVar[Callable[[Document], Document]] = old

    def paragraphs(self) -> list[Paragraph]:
        """Body paragraphs in document order, table cells included."""
        return list(iter_paragraphs(self.blocks))

    def revisions(self) -> list[RevisionRecord]:
        from resdiff.views import list_revisions

        return list_revisions(self)

    @property
    def has_revisions(self) -> bool:
        return bool(self.revisions())

    def cited_notes(self) -> list[Note]:
        """The notes the body refers to, in the order of `notes` (a note without a reference is not shown)."""
        cited = {(s.note.kind, s.note.id) for p in iter_paragraphs(self.blocks) for s in p.spans if s.note is not None}
        return [n for n in self.notes if (n.kind, n.id) in cited]


def spans_with_notes(text: str, notes: Iterable[tuple[int, int, NoteRef]], revisions: tuple[Revision, ...] = (),
                     *, tracked_notes: bool = True) -> list[Span]:
    """`text` as spans, cut at its note references: each (start, end, ref), in order, puts a reference where
    `text[start:end]` was (a marker such as `[^1]`, or nothing when start == end). The text spans carry
    `revisions`, and so do the references unless `tracked_notes` is False."""
    spans: list[Span] = []
    position = 0
    for start, end, ref in notes:
        if start > position:
            spans.append(Span(text=text[position:start], revisions=revisions))
        spans.append(Span(note=ref, revisions=revisions if tracked_notes else ()))
        position = max(position, end)
    if position < len(text):
        spans.append(Span(text=text[position:], revisions=revisions))
    return spans


def iter_paragraphs(blocks: tuple[Block, ...]) -> Iterator[Paragraph]:
    """The paragraphs of `blocks` in document order, those of table cells included."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from iter_paragraphs(cell.blocks)


