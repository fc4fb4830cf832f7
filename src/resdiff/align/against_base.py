"""Flattened paragraphs against the base text: which base paragraph each one is (order-keeping, by how much of
the base paragraph it holds), and its glued text split into what the base has and what was inserted or deleted
(`resdiff.align.inline`), labels and note references kept where they were."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from resdiff.align.inline import Glue, Piece, split_inserted
from resdiff.align.paragraphs import best_pairs
from resdiff.align.words import MAX_GAP_CELLS, anchored_pairs
from resdiff.labels import split_label
from resdiff.model import NoteRef, Paragraph, Revision, Span, spans_with_notes

if TYPE_CHECKING:
    from numpy.typing import NDArray

_INSERTED = (Revision(kind="inserted"),)
_DELETED = (Revision(kind="deleted"),)


def shown_text(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:28] + "…" + text[-28:])


def broken_lines(base: list[str], flat: list[str]) -> dict[int, int]:
    """Flattened paragraphs that are the lines of one base paragraph broken at its manual line breaks (the
    extraction writes a line break as a new line, e.g. in a subtitle): flat index → base index."""
    def squash(text: str) -> str:
        return "".join(text.split())

    wanted = {squash(text): b for b, text in enumerate(base) if len(text) > 20}
    found: dict[int, int] = {}
    for start in range(len(flat)):
        joined = ""
        for end in range(start, min(start + 6, len(flat))):
            joined += squash(flat[end])
            if end > start and joined in wanted:
                found.update({f: wanted[joined] for f in range(start, end + 1)})
    return found


def old_text(paragraph: Paragraph) -> str:
    return paragraph.text_on("old")


def align_paragraphs(base: list[str], flat: list[str]) -> list[tuple[int, int]]:
    """Order-keeping pairs of (base paragraph, flattened paragraph).

    A base paragraph is a subsequence of its flattened paragraph (deleted text is kept), so the score is the
    share of the base paragraph found in order in the flattened one: LCS / len(base), from the Indel distance.
    Paragraphs the proposal left as they were are anchored first (`matching_blocks`, patience style); only the gaps
    between them are scored and aligned by Needleman–Wunsch, a gap of more than `MAX_GAP_CELLS` pairs by position.
    Scoring every pair made `untangle --base` take 18 s and 1.4 GB on 6,000 paragraphs, growing with their square."""
    anchors = [text or object() for text in base], [text or object() for text in flat]  # empty ones score 0
    return anchored_pairs(*anchors, lambda b0, b1, f0, f1: _align_gap(base[b0:b1], flat[f0:f1], b0, f0))


def _align_gap(base: list[str], flat: list[str], b0: int, f0: int) -> list[tuple[int, int]]:
    if not base or not flat:
        return []
    if len(base) * len(flat) > MAX_GAP_CELLS:
        return [(b0 + k, f0 + k) for k in range(min(len(base), len(flat))) if _coverage([base[k]], [flat[k]])[0, 0]]
    return [(b0 + i, f0 + j) for i, j in best_pairs(_coverage(base, flat))]


def _coverage(base: list[str], flat: list[str]) -> NDArray[Any]:
    """The score of every base paragraph against every flattened one: its share found in order, in percent, 0
    below 80."""
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    distances = process.cdist(base, flat, scorer=Indel.distance, workers=1, dtype=np.int32)
    base_lengths = np.array([len(b) for b in base], dtype=float)[:, None]
    flat_lengths = np.array([len(f) for f in flat], dtype=float)[None, :]
    common = (base_lengths + flat_lengths - distances) / 2
    coverage = np.where(base_lengths > 0, common / np.maximum(base_lengths, 1), 0.0)
    return np.where(coverage >= 0.8, coverage * 100, 0.0)


def split_against(paragraph: Paragraph, base_text: str, glue: Glue) -> tuple[Paragraph, list[Piece]]:
    """Rebuild the paragraph's untracked spans from the base; labels and whole-paragraph changes stay as they are."""
    if absent_on_new(paragraph):
        return paragraph, []
    label_spans, body, note_positions = _label_and_body(paragraph)
    split = split_label(base_text)
    base_body = base_text[len(split[0]):] if split and label_spans else base_text
    pieces = split_inserted(base_body, body, glue)
    spans: list[Span] = list(label_spans)
    position = 0
    for piece in pieces:
        if piece.kind == "missing":
            continue
        revisions = {"same": (), "inserted": _INSERTED, "deleted": _DELETED}[piece.kind]
        spans.extend(_with_notes(piece.text, position, revisions, note_positions))
        position += len(piece.text)
    spans.extend(Span(note=ref) for at, ref in note_positions if at >= position)
    return paragraph.model_copy(update={"spans": tuple(spans)}), pieces


def absent_on_new(paragraph: Paragraph) -> bool:
    return any(r.kind == "deleted" for r in paragraph.mark)


def _label_and_body(paragraph: Paragraph) -> tuple[list[Span], str, list[tuple[int, NoteRef]]]:
    """Tracked label spans, the untracked body text, and where note references sit in that body."""
    label: list[Span] = []
    body = ""
    notes: list[tuple[int, NoteRef]] = []
    in_label = True
    for span in paragraph.spans:
        if in_label and (span.revisions or span.text == ")") and span.note is None:
            label.append(span)
            continue
        in_label = False
        if span.note is not None:
            notes.append((len(body), span.note))
        else:
            body += span.text
    if not any(s.revisions for s in label):
        body = "".join(s.text for s in label) + body
        notes = [(at + len("".join(s.text for s in label)), ref) for at, ref in notes]
        label = []
    return label, body, notes


def _with_notes(text: str, start: int, revisions: tuple[Revision, ...],
                notes: list[tuple[int, NoteRef]]) -> list[Span]:
    """The piece of body text at `start` with the note references that sit inside it (unchanged themselves)."""
    inside = ((at - start, at - start, ref) for at, ref in notes
              if start <= at < start + len(text) or (at == start and not text))
    return spans_with_notes(text, inside, revisions, tracked_notes=False)
