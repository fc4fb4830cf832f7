"""Compare two versions of a resolution into one tracked Document — the redline is a document like any other.

Paragraphs are paired by content (`resdiff.align.paragraphs`), never by label, so a renumbered clause is one
paragraph whose label changed (`{--g--}{++f++})`) and not a deletion plus an insertion. Inside a pair the text
is diffed at word granularity (`resdiff.align.words`). Unpaired paragraphs become whole-paragraph deletions and
insertions, or moves when the same text left one place and arrived at another. Every writer then applies:
accept() gives the new version back, reject() the old one.
"""

from __future__ import annotations

from resdiff.align.paragraphs import find_moves, match_paragraphs
from resdiff.align.words import diff_words
from resdiff.labels import split_label
from resdiff.model import Document, Paragraph, Revision, RevisionKind, Span, iter_paragraphs
from resdiff.views import merge_spans


def diff_documents(old: Document, new: Document, *, author: str | None = None, date: str | None = None) -> Document:
    """The tracked Document that turns `old` into `new` (each taken as its resolved side if it is tracked)."""
    before = [p for p in iter_paragraphs(old.old().blocks)]
    after = [p for p in iter_paragraphs(new.new().blocks)]
    old_texts, new_texts = [_plain(p) for p in before], [_plain(p) for p in after]
    pairs = match_paragraphs(old_texts, new_texts)
    moves = dict(find_moves(old_texts, new_texts, pairs))
    moved_to = {n: o for o, n in moves.items()}
    stamp = _Stamp(author, date)
    paired_old = {o: n for o, n in pairs}
    blocks: list[Paragraph] = []
    next_old = 0

    def flush_old(until: int) -> None:
        nonlocal next_old
        while next_old < until:
            if next_old not in paired_old:
                kind: RevisionKind = "moved_from" if next_old in moves else "deleted"
                blocks.append(_whole(before[next_old], stamp(kind)))
            next_old += 1

    pair_of_new = {n: o for o, n in pairs}
    for index, paragraph in enumerate(after):
        if index in pair_of_new:
            flush_old(pair_of_new[index])
            blocks.append(_changed(before[pair_of_new[index]], paragraph, stamp))
            next_old = pair_of_new[index] + 1
        else:
            # deletions before insertions in the same gap, as Word's Compare shows them
            following = next((pair_of_new[k] for k in range(index + 1, len(after)) if k in pair_of_new), len(before))
            flush_old(following)
            kind = "moved_to" if index in moved_to else "inserted"
            blocks.append(_whole(paragraph, stamp(kind)))  # type: ignore[arg-type]
    flush_old(len(before))
    redline = Document(blocks=tuple(blocks), notes=new.new().notes or old.old().notes)
    return redline.with_template(old.source) if old.source is not None else redline


class _Stamp:
    def __init__(self, author: str | None, date: str | None) -> None:
        self.author, self.date = author, date

    def __call__(self, kind: RevisionKind) -> tuple[Revision, ...]:
        return (Revision(kind=kind, author=self.author, date=self.date),)


def _plain(paragraph: Paragraph) -> str:
    return "".join(s.text for s in paragraph.spans if s.note is None)


def _whole(paragraph: Paragraph, revisions: tuple[Revision, ...]) -> Paragraph:
    spans = tuple(s.model_copy(update={"revisions": revisions}) for s in paragraph.spans)
    return paragraph.model_copy(update={"spans": spans, "mark": revisions})


def _changed(old: Paragraph, new: Paragraph, stamp: _Stamp) -> Paragraph:
    """One paragraph in both versions: its label and text diffed; note references kept from the new side."""
    old_text, new_text = _plain(old), _plain(new)
    if old_text == new_text:
        return new
    spans: list[Span] = []
    old_split, new_split = split_label(old_text), split_label(new_text)
    if old_split and new_split:
        spans.extend(_label_spans(old_split[0], new_split[0], stamp))
        old_text = old_text[len(old_split[0]):]
        new_text = new_text[len(new_split[0]):]
    for op, text in diff_words(old_text, new_text):
        revisions = () if op == 0 else stamp("inserted" if op > 0 else "deleted")
        spans.append(Span(text=text, revisions=revisions))
    return new.model_copy(update={"spans": merge_spans(_place_notes(spans, new))})


def _place_notes(spans: list[Span], new: Paragraph) -> list[Span]:
    """Put the new side's note references back at their offsets in the new text."""
    notes: list[tuple[int, Span]] = []
    offset = 0
    for span in new.spans:
        if span.note is not None:
            notes.append((offset, span))
        else:
            offset += len(span.text)
    out: list[Span] = []
    position = 0  # characters of the new text emitted so far
    for span in spans:
        if not span.on("new"):
            out.append(span)
            continue
        text = span.text
        while notes and notes[0][0] < position + len(text):
            cut = notes[0][0] - position
            if cut > 0:
                out.append(span.model_copy(update={"text": text[:cut]}))
            out.append(notes.pop(0)[1])
            text, position = text[max(cut, 0):], position + max(cut, 0)
        if text:
            out.append(span.model_copy(update={"text": text}))
            position += len(text)
    out.extend(note for _, note in notes)
    return out


def _label_spans(old: str, new: str, stamp: _Stamp) -> list[Span]:
    """`g)` → `f)` as {--g--}{++f++}), the shared closing parenthesis kept once."""
    if old == new:
        return [Span(text=old)]
    closing = ")" if old.endswith(")") and new.endswith(")") else ""
    cut = len(closing)
    spans = [Span(text=old[: len(old) - cut], revisions=stamp("deleted")),
             Span(text=new[: len(new) - cut], revisions=stamp("inserted"))]
    return spans + ([Span(text=closing)] if closing else [])
