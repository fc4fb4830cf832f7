"""What resdiff reports about a document besides the document itself: messages (recoverable oddities) and the
rows of its revision list."""

from __future__ import annotations

from typing import Literal

from resdiff.model.base import _Value, field, value


@value
class Message(_Value):
    """A recoverable oddity found while reading or processing (mammoth's messages, pandoc's warnings), as data:
    where it is comes in fields, never inside `text`, so no code has to parse a message back."""

    level: Literal["info", "warning"]
    code: str
    """A stable name for the kind of oddity ("unknown-element", "numbering-ambiguous" …)."""
    text: str
    """What a person reads: what was found and what resdiff did about it."""
    file: str | None = None
    """The input it was found in, as the caller named it."""
    paragraph: int | None = None
    """1-based position of the paragraph in `Document.paragraphs()` (for text input, its line), like check's."""
    section: str | None = None
    """The call line of the section it is in, where the clause tree is known."""
    old_label: str | None = None
    new_label: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    """Anything else a program may want (`{"version": "old"}`, `{"proposal": "EUR"}` …)."""


@value
class RevisionRecord(_Value):
    """One row of `Document.revisions()`: a revision and the text it touches, located by paragraph."""

    kind: str
    author: str | None
    date: str | None
    text: str
    paragraph: int
    """1-based position in `Document.paragraphs()` (or the note's paragraphs); 0 for a table's own revisions
    (rows, cells, table properties), which belong to no paragraph."""
    part: Literal["body", "footnote", "endnote"] = "body"
    id: str | None = None
