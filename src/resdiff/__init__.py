"""resdiff: read, consolidate and compare amended resolutions with tracked changes."""

from __future__ import annotations

from pathlib import Path

from resdiff.errors import ResdiffError, UnreadableInputError, UnsafeInputError, UsageError
from resdiff.model import (
    Cell,
    Document,
    Message,
    Note,
    NoteRef,
    Paragraph,
    PropertyChange,
    Revision,
    RevisionRecord,
    Row,
    Span,
    Table,
)
from resdiff.parse import read
from resdiff.render import render, write


def diff(old: Document, new: Document, *, author: str | None = None, date: str | None = None) -> Document:
    """The redline of two versions as a tracked Document: clauses paired by content across renumbering,
    text diffed by words. `diff(a, b).reject()` is `a` and `diff(a, b).accept()` is `b`."""
    from resdiff.align.diff import diff_documents

    return diff_documents(old, new, author=author, date=date)


def untangle(source: str | Path | bytes, *, base: Document | None = None) -> Document:
    """The tracked document behind text extracted from a tracked .docx (Apache POI / Tika style).

    Labels glued together (`gf)`, `1213`) are split into old and new and whole-paragraph insertions and
    deletions recovered; with `base` (the old text, e.g. `resdiff.read("official.docx").old()`), inline
    insertions are recovered too, deletions where they replace a number, and base text missing from the proposal
    is reported. Ambiguities and doubts are `Document.messages`."""
    from resdiff.align.untangle import untangle as _untangle
    from resdiff.parse.flat import read_flat
    from resdiff.ooxml.package import read_source

    data, name = read_source(source)
    return _untangle(read_flat(data, name), base)

__all__ = [
    "Cell",
    "Document",
    "Message",
    "Note",
    "NoteRef",
    "Paragraph",
    "PropertyChange",
    "ResdiffError",
    "Revision",
    "RevisionRecord",
    "Row",
    "Span",
    "Table",
    "UnreadableInputError",
    "UnsafeInputError",
    "UsageError",
    "diff",
    "read",
    "render",
    "untangle",
    "write",
]
__version__ = "0.1.0"
