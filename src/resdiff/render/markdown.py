"""Markdown writer. Tracked changes are shown in CriticMarkup ({++ inserted ++}, {-- deleted --})."""

from __future__ import annotations

import re

from resdiff.model import Block, Document, Paragraph, Span, Table, iter_paragraphs

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")
_HEADING = re.compile(r"^(?:heading|titre|título|titulo)\s*(\d)$", re.IGNORECASE)


def render_markdown(doc: Document) -> str:
    chunks = [_block(b) for b in doc.blocks]
    notes = [n for n in doc.cited_notes() if any(p.spans for p in iter_paragraphs(n.blocks))]
    for note in notes:
        body = " ".join(_inline(p) for p in iter_paragraphs(note.blocks)).strip()
        chunks.append(f"[^{_label(note.kind, note.id)}]: {body}")
    return "\n\n".join(c for c in chunks if c is not None) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Table):
        return _table(block)
    text = _inline(block)
    level = _heading_level(block)
    if level and text.strip():
        return "#" * level + " " + text.strip()
    return text if text.strip() else ""  # Markdown has no blank paragraphs


def _heading_level(paragraph: Paragraph) -> int:
    match = _HEADING.match((paragraph.style or "").strip())
    return min(int(match.group(1)), 6) if match else 0


def _inline(paragraph: Paragraph) -> str:
    pieces = [_span(s) for s in paragraph.spans]
    text = _SUBSTITUTION.sub(r"{~~\1~>\2~~}", "".join(pieces)).replace("\n", "  \n")
    return text + _mark_suffix(paragraph)


# A deletion directly followed by an insertion is CriticMarkup's substitution.
_SUBSTITUTION = re.compile(r"\{--((?:(?!--\}).)*)--\}\{\+\+((?:(?!\+\+\}).)*)\+\+\}", re.DOTALL)


def _mark_suffix(paragraph: Paragraph) -> str:
    """A paragraph mark's revision, in the convention of `resdiff.parse.critic`: implied when the whole line is
    one group of the same kind, a final {++¶++} / {--¶--} otherwise, and an empty comment where a line that is
    wholly one group keeps an unchanged mark."""
    kinds = {s.status for s in paragraph.spans}
    whole = len(kinds) == 1 and len(paragraph.spans) == 1 and len(paragraph.spans[0].revisions) == 1
    line_kind = _GROUPS.get(next(iter(kinds))) if whole else None
    mark_kind = _GROUPS.get(paragraph.mark[-1].kind) if paragraph.mark else None
    if mark_kind == line_kind:
        return ""
    if mark_kind is None:
        return "{>><<}"
    return "{++¶++}" if mark_kind == "++" else "{--¶--}"


_GROUPS = {"inserted": "++", "moved_to": "++", "deleted": "--", "moved_from": "--"}


def _span(span: Span) -> str:
    text = f"[^{_label(span.note.kind, span.note.id)}]" if span.note is not None else _escape(span.text)
    status = span.status
    if status in ("inserted", "moved_to"):
        return "{++" + text + "++}"
    if status in ("deleted", "moved_from"):
        return "{--" + text + "--}"
    return text


def _table(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells = [" <br> ".join(_inline(p) for p in iter_paragraphs(c.blocks)).replace("\n", " ") for c in row.cells]
        rows.append("| " + " | ".join(cells) + " |")
    if not rows:
        return ""
    width = max(len(r.cells) for r in table.rows)
    rows.insert(1, "|" + " --- |" * width)
    return "\n".join(rows)


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _label(kind: str, note_id: str) -> str:
    return note_id if kind == "footnote" else f"e{note_id}"
