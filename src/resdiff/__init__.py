"""resdiff: read, consolidate and compare amended resolutions with tracked changes."""

from __future__ import annotations

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
    "read",
    "render",
    "write",
]
__version__ = "0.1.0"
