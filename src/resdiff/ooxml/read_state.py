"""The .docx reader's state for one document, and the small element → model helpers its modules share.

The reader is three layers of one object: `ReaderState` (this module: what is read so far, messages, limits),
`InlineReader` (`read_inline`: paragraph and run content) and `BodyReader` (`read_body`: blocks, tables, notes).
Each dispatches the children it walks through a table (local name → handler) with an explicit ignored set; an
element in neither is reported once per document (`unknown`), never dropped silently.

Only WordprocessingML names (Transitional or Strict) count as known or unknown: `local()` gives '' for every other
namespace. OMML equations and mc:AlternateContent are read where Word puts them; everything else from another
namespace — w14/w15/w16* extensions, custom vocabularies — is skipped as a group: Word writes those only in
namespaces it declares mc:Ignorable, and a consumer that does not understand an ignorable namespace ignores its
elements (ECMA-376 Part 3, 10.2.1); each stands beside WordprocessingML that says the same for older readers.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from lxml import etree

from resdiff.model import (
    Block,
    Markup,
    Message,
    Numbering,
    ParagraphFormat,
    PropertyChange,
    Revision,
    RevisionKind,
    RunFormat,
    Span,
)
from resdiff.model.document import ChangeTarget
from resdiff.ooxml.names import attr, attrs, child, local
from resdiff.ooxml.package import Package
from resdiff.ooxml.read_objects import InlineState
from resdiff.ooxml.relations import RelationshipReader
from resdiff.ooxml.streamed import StreamedPart
from resdiff.ooxml.styles import style_names
from resdiff.ooxml.vocabulary import REVISION_RANGE_MARKS
from resdiff.records import record

# Word itself nests tables only a few levels deep; far deeper nesting only comes from crafted files, and the model
# (and its JSON form) would recurse past what the serializer handles.
MAX_TABLE_DEPTH = 32

# Elements that are never content, wherever they stand: ignored between blocks and inside paragraphs alike.
NOT_CONTENT: dict[str, str] = {
    "proofErr": "where the spelling or grammar checker found an error: editing state, not content",
    "permStart": "start of a range only some users may edit (document protection), not content",
    "permEnd": "end of a range only some users may edit, not content",
    **{name: "delimits a tracked move or custom XML change; the content is read from the revision itself"
       for name in REVISION_RANGE_MARKS},
}


@record
class ReaderState:
    """What the reader of one package has read so far, and what it reports."""

    package: Package
    markup: Markup
    messages: list[Message] = field(default_factory=list)
    style_ids: set[str] = field(default_factory=set)  # the styles and lists the content uses
    num_ids: set[str] = field(default_factory=set)
    styles: dict[str, str] = field(default_factory=dict)  # style id → style name
    objects: InlineState = field(init=False)  # containers, fields and objects of the part being read
    pending: list[Span] = field(default_factory=list)  # range marks between blocks, for the next paragraph
    table_depth: int = 0
    text_box_depth: int = 0
    _reported: set[str] = field(default_factory=set)  # what report_once has reported
    _formats: dict[object, RunFormat | None] = field(default_factory=dict)  # a w:rPr's key → its format
    stream: StreamedPart | None = None  # the main part as it is parsed, when it is large (resdiff.ooxml.streamed)

    def __post_init__(self) -> None:
        self.styles = style_names(self.package)
        self.objects = InlineState(self.package, self.package.main_part, RelationshipReader(self.package))

    def blocks(self, container: etree._Element) -> list[Block]:
        """The blocks of a body, cell, note or text box (the body reader's; a text box in a run needs it)."""
        raise NotImplementedError

    def unknown(self, el: etree._Element) -> None:
        """Report an element the reader does not know, once per document: it and its content are not read."""
        name = local(el)
        self.report_once(name, f"w:{name} in {where(el)} is not read; its content is skipped")

    def report_once(self, key: str, text: str) -> None:
        if key not in self._reported:
            self._reported.add(key)
            self.messages.append(Message(level="info", code="unknown-element", text=text, file=self.package.source))

    def uses(self, style_id: str | None, numbering: Numbering | None) -> None:
        if style_id:
            self.style_ids.add(style_id)
        if numbering is not None:
            self.num_ids.add(numbering.num_id)


def where(el: etree._Element) -> str:
    """The element that holds `el`, for a message: 'w:tc', 'mc:Choice'."""
    parent = el.getparent()
    if parent is None:
        return "the part's root"
    name = local(parent)
    return f"w:{name}" if name else f"{parent.prefix or ''}:{etree.QName(parent).localname}".lstrip(":")


def revision(el: etree._Element, kind: RevisionKind) -> Revision:
    author, date, rid = attrs(el, "author", "date", "id")
    return Revision(kind=kind, author=author, date=date, id=rid)


def property_change(el: etree._Element | None, target: ChangeTarget, old: dict[str, Any] | None = None
                    ) -> PropertyChange:
    assert el is not None
    return PropertyChange(target=target, author=attr(el, "author"), date=attr(el, "date"),
                          id=attr(el, "id"), old=old or {})


def val(el: etree._Element | None) -> str | None:
    return attr(el, "val") if el is not None else None


def numbering(numpr: etree._Element | None) -> Numbering | None:
    if numpr is None:
        return None
    num_id = val(child(numpr, "numId"))
    if num_id is None:
        return None
    level = val(child(numpr, "ilvl"))
    return Numbering(num_id=num_id, level=int(level) if level and level.isascii() and level.isdigit() else 0)


def dump(fmt: ParagraphFormat | None) -> dict[str, Any] | None:
    return fmt.model_dump() if fmt is not None else None
