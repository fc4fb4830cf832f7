"""Comments (w:comment) — how delegates and the secretariat annotate a proposal — as a typed view of a document.

The model keeps a comment where the reader found it (`resdiff.model.InlineObject`): range marks (`comment_start`,
`comment_end`) around the text it is about and a reference (`comment`) where Word shows its mark, each object's
`ref` being the w:comment element verbatim. `list_comments` reads them in document order into `Comment` values
(author, date, initials, text, the commented text on each side of the tracked changes, where it starts); nothing
stores that list, so a redline, an accepted view or a merged draft lists exactly the comments it carries.

Replies: Word 2013 and later writes a reply as a w:comment of its own, anchored where the comment it answers is,
and ties the two in word/commentsExtended.xml (w15:paraIdParent), a part the reader does not read. A reply is
therefore listed as a comment of its own, next to the one it answers, as pandoc shows it; the thread itself is not
known here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import field
from typing import Literal

from lxml import etree

from resdiff.model import Block, Document, InlineObject, Span, iter_paragraphs
from resdiff.model.tree import Comment
from resdiff.ooxml.names import WORD_NAMESPACES
from resdiff.records import record

__all__ = ["COMMENT_KINDS", "Comment", "CommentMarks", "CommentText", "comment_key", "comment_text", "comments_in",
           "list_comments"]

COMMENT_KINDS = frozenset({"comment_start", "comment_end", "comment"})
"""The kinds of `InlineObject` that belong to a comment: its range marks and its reference."""

Part = Literal["body", "footnote", "endnote"]


@record(frozen=True)
class CommentText:
    """What a comment element says, apart from where it stands: its id, who wrote it, when, and its text."""

    id: str
    author: str | None = None
    initials: str | None = None
    date: str | None = None
    text: str = ""

    def line(self) -> str:
        """'author: text' on one line (paragraphs joined by ' ¶ '), as the text writers show a comment."""
        text = " ¶ ".join(self.text.split("\n"))
        return f"{self.author}: {text}" if self.author else text


def comment_key(obj: InlineObject) -> str:
    """What ties a comment's range marks and reference together: its w:comment element (as the .docx writer
    ties them), or the mark's own id where the package had no such element."""
    return obj.ref or f"#{_mark_id(obj.xml)}"


def comment_text(obj: InlineObject) -> CommentText:
    """The comment a range mark or reference belongs to, read from its w:comment element."""
    if obj.ref:
        return _read_comment(obj.ref)
    return CommentText(id=_mark_id(obj.xml))


def list_comments(doc: Document) -> list[Comment]:
    """Every comment of the document, body first and then the notes, in the order in which they start."""
    walk = _Walk()
    walk.blocks(doc.blocks, "body", None)
    for note in doc.notes:
        walk.blocks(note.blocks, note.kind, note.id)
    return [draft.comment() for draft in walk.found.values()]


def comments_in(spans: Iterable[Span]) -> dict[str, Comment]:
    """The comments that start in one paragraph's spans (a cell of the synoptic table, a paragraph of the HTML
    page), by `comment_key`; their anchor is the part of it in this paragraph, their paragraph 1."""
    walk = _Walk()
    walk.spans(tuple(spans), "body", None, 1)
    walk.close()
    return {key: draft.comment() for key, draft in walk.found.items() if draft.starts}


class CommentMarks:
    """The comment marks of one paragraph, for a writer that shows comments in the text (Markdown, HTML): which
    ranges were begun in an earlier paragraph, and where each comment is shown — at its reference, where Word
    shows its mark, or at the end of its range if its reference is not in this paragraph."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self._kinds: dict[str, set[str]] = {}
        for span in spans:
            if span.object is not None and span.object.kind in COMMENT_KINDS:
                self._kinds.setdefault(comment_key(span.object), set()).add(span.object.kind)

    def continued(self) -> set[str]:
        """The comments whose range ends in this paragraph but started in an earlier one."""
        return {key for key, kinds in self._kinds.items() if "comment_end" in kinds and "comment_start" not in kinds}

    def shown_at(self, obj: InlineObject) -> bool:
        return obj.kind == "comment" or (obj.kind == "comment_end" and "comment" not in self._kinds[comment_key(obj)])


# ---- walking the spans ------------------------------------------------------------------------------------------

@record
class _Draft:
    """A comment read so far: where it starts, its anchor on each side."""

    about: CommentText
    part: Part
    note: str | None
    paragraph: int
    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    parent: str | None = None
    starts: bool = True
    """False when the first thing seen of it is the end of its range: it started before the spans walked."""

    def comment(self) -> Comment:
        return Comment(id=self.about.id, author=self.about.author, initials=self.about.initials,
                       date=self.about.date, text=self.about.text, anchor_old="".join(self.old).strip(),
                       anchor_new="".join(self.new).strip(), part=self.part, note=self.note,
                       paragraph=self.paragraph, parent=self.parent)


@record
class _Walk:
    found: dict[str, _Draft] = field(default_factory=dict)
    open: dict[str, _Draft] = field(default_factory=dict)
    """The comments whose range is open, kept apart: each span of text goes to every one of them, and finding them
    among all the comments found, span by span, was quadratic (8,000 comments took 9 s)."""

    def blocks(self, blocks: tuple[Block, ...], part: Part, note: str | None) -> None:
        for index, paragraph in enumerate(iter_paragraphs(blocks), start=1):
            self.spans(paragraph.spans, part, note, index)
            for draft in self.open.values():  # a range that goes on into the next paragraph
                draft.old.append("\n")
                draft.new.append("\n")
        self.close()  # a range never closed ends with its part

    def spans(self, spans: tuple[Span, ...], part: Part, note: str | None, paragraph: int) -> None:
        for span in spans:
            obj = span.object
            if obj is not None and obj.kind in COMMENT_KINDS:
                key = comment_key(obj)
                draft = self.found.get(key)
                if draft is None:
                    draft = self.found[key] = _Draft(comment_text(obj), part, note, paragraph,
                                                     starts=obj.kind != "comment_end")
                if obj.kind == "comment_start":
                    self.open[key] = draft
                elif obj.kind == "comment_end":
                    self.open.pop(key, None)
                draft.parent = draft.parent or obj.parent
                continue
            if span.note is not None:
                continue
            for draft in self.open.values():
                if span.on("old"):
                    draft.old.append(span.text)
                if span.on("new"):
                    draft.new.append(span.text)

    def close(self) -> None:
        self.open.clear()


# ---- the comment element ------------------------------------------------------------------------------------------

# The reader hands a comment over as its element verbatim, so its fields are read here by the element's plain
# names (attributes id, author, date, initials; paragraphs p of runs with text t, tab, br and cr). A comment the
# reader gave as data (as it gives a revision) would make this go. The element comes from the model, which may
# have been read from JSON: one that declares entities, or is broken, is a comment without text.
_CHARACTERS = {"tab": "\t", "br": "\n", "cr": "\n"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@functools.lru_cache(maxsize=1024)
def _read_comment(xml: str) -> CommentText:
    el = _parse(xml)
    if el is None:
        return CommentText(id="")
    fields = {etree.QName(name).localname: value for name, value in el.attrib.items()}
    paragraphs: list[str] = []
    for node in el.iter():
        name = _word_name(node)
        if name == "p":
            paragraphs.append("")
        elif paragraphs and name == "t":
            paragraphs[-1] += node.text or ""
        elif paragraphs and name in _CHARACTERS:
            paragraphs[-1] += _CHARACTERS[name]
    return CommentText(id=fields.get("id", ""), author=fields.get("author") or None,
                       initials=fields.get("initials") or None, date=fields.get("date") or None,
                       text="\n".join(paragraphs).strip())


def _parse(xml: str) -> etree._Element | None:
    if "<!DOCTYPE" in xml or "<!ENTITY" in xml:  # as the package's parts (resdiff.ooxml.package.parse_xml)
        return None
    try:
        return etree.fromstring(xml, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _word_name(node: etree._Element) -> str:
    if not isinstance(node.tag, str):
        return ""
    name = etree.QName(node)
    return name.localname if name.namespace in WORD_NAMESPACES else ""


def _mark_id(xml: str) -> str:
    el = _parse(xml)
    attributes = el.attrib.items() if el is not None else []
    return next((value for name, value in attributes if etree.QName(name).localname == "id"), "")
