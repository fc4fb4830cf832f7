"""Plain-text writer: one paragraph per line, table cells in document order, notes after the body."""

from __future__ import annotations

from resdiff.errors import UsageError
from resdiff.model import Document, Paragraph, iter_paragraphs, note_label
from resdiff.numbered import type_labels


def render_text(doc: Document) -> str:
    doc = type_labels(doc)  # Word's list numbers as the text shows them (resdiff.numbered)
    if doc.side is None and doc.has_revisions:
        raise UsageError(None, "plain text cannot show tracked changes; accept or reject them first")
    lines = [paragraph_text(p) for p in iter_paragraphs(doc.blocks)]
    notes = doc.cited_notes()
    if notes:
        lines.append("")
        for note in notes:
            body = " ".join(paragraph_text(p) for p in iter_paragraphs(note.blocks)).strip()
            lines.append(f"[{note_label(note.kind, note.id)}] {body}".rstrip())
    return "\n".join(lines) + "\n" if lines else ""


def paragraph_text(paragraph: Paragraph) -> str:
    return "".join(f"[{s.note.label}]" if s.note is not None else s.text for s in paragraph.spans)
