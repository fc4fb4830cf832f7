"""Compare two versions of a resolution into one tracked Document — the redline is a document like any other.

Paragraphs are paired by content (`resdiff.align.paragraphs`), never by label, so a renumbered clause is one
paragraph whose label changed (`{--g--}{++f++})`) and not a deletion plus an insertion. Inside a pair the text
is diffed at word granularity (`resdiff.align.words`); a note reference is one token of that text, so adding or
removing a footnote is tracked like a word, and the notes themselves are compared the same way. Unpaired
paragraphs become whole-paragraph deletions and insertions, or moves when the same text left one place and
arrived at another. Every writer then applies: accept() gives the new version back, reject() the old one.
"""

from __future__ import annotations

from resdiff.align.paragraphs import find_merges, find_moves, find_splits, match_paragraphs
from resdiff.align.words import diff_words
from resdiff.model import Document, Note, NoteRef, Paragraph, Revision, RevisionKind, Span, iter_paragraphs
from resdiff.views import merge_spans

_NOTE_BASE = 0xE000  # private-use characters stand for note references inside the text that is diffed
_BREAK = "\U0010fffd"  # stands for the paragraph mark between the two halves of a split or a merge


def diff_documents(old: Document, new: Document, *, author: str | None = None, date: str | None = None) -> Document:
    """The tracked Document that turns `old` into `new` (each taken as its resolved side if it is tracked)."""
    before, after = old.old(), new.new()
    stamp = _Stamp(author, date)
    refs = _References()
    blocks = diff_paragraphs(list(iter_paragraphs(before.blocks)), list(iter_paragraphs(after.blocks)), stamp, refs)
    redline = Document(blocks=tuple(blocks), notes=_diff_notes(before.notes, after.notes, stamp, refs))
    return redline.with_template(old.source) if old.source is not None else redline


def diff_paragraphs(before: list[Paragraph], after: list[Paragraph], stamp: _Stamp,
                    refs: _References) -> list[Paragraph]:
    old_texts, new_texts = [refs.text(p) for p in before], [refs.text(p) for p in after]
    pairs = match_paragraphs(old_texts, new_texts)
    splits, merges = find_splits(old_texts, new_texts, pairs), find_merges(old_texts, new_texts, pairs)
    moves = dict(find_moves(old_texts, new_texts, pairs))
    moved_to = {n: o for o, n in moves.items()}
    paired_old = {o: n for o, n in pairs} | {second: -1 for second in merges.values()}
    pair_of_new = {n: o for o, n in pairs}
    second_halves = set(splits.values())
    blocks: list[Paragraph] = []
    next_old = 0

    def flush_old(until: int) -> None:
        nonlocal next_old
        while next_old < until:
            if next_old not in paired_old:
                kind: RevisionKind = "moved_from" if next_old in moves else "deleted"
                blocks.append(_whole(before[next_old], stamp(kind)))
            next_old += 1

    for index, paragraph in enumerate(after):
        if index in second_halves:
            continue
        if index in pair_of_new:
            old_index = pair_of_new[index]
            flush_old(old_index)
            if index in splits:
                blocks.extend(_split(before[old_index], paragraph, after[splits[index]], stamp, refs))
            elif old_index in merges:
                blocks.extend(_merged(before[old_index], before[merges[old_index]], paragraph, stamp, refs))
            else:
                blocks.append(_changed(before[old_index], paragraph, stamp, refs))
            next_old = max(old_index, merges.get(old_index, old_index)) + 1
        else:
            # deletions before insertions in the same gap, as Word's Compare shows them
            following = next((pair_of_new[k] for k in range(index + 1, len(after)) if k in pair_of_new), len(before))
            flush_old(following)
            kind = "moved_to" if index in moved_to else "inserted"
            blocks.append(_whole(paragraph, stamp(kind)))  # type: ignore[arg-type]
    flush_old(len(before))
    return blocks


def _diff_notes(before: tuple[Note, ...], after: tuple[Note, ...], stamp: _Stamp,
                refs: _References) -> tuple[Note, ...]:
    """Notes compared by kind and id; a note on one side only is all deleted (or inserted)."""
    old_by_key = {(n.kind, n.id): n for n in before}
    new_by_key = {(n.kind, n.id): n for n in after}
    keys = list(old_by_key) + [k for k in new_by_key if k not in old_by_key]
    notes = []
    for kind, note_id in keys:
        old_note, new_note = old_by_key.get((kind, note_id)), new_by_key.get((kind, note_id))
        old_paragraphs = list(iter_paragraphs(old_note.blocks)) if old_note else []
        new_paragraphs = list(iter_paragraphs(new_note.blocks)) if new_note else []
        notes.append(Note(kind=kind, id=note_id, blocks=tuple(diff_paragraphs(old_paragraphs, new_paragraphs, stamp,
                                                                               refs))))
    return tuple(notes)


class _Stamp:
    def __init__(self, author: str | None, date: str | None) -> None:
        self.author, self.date = author, date

    def __call__(self, kind: RevisionKind) -> tuple[Revision, ...]:
        return (Revision(kind=kind, author=self.author, date=self.date),)


class _References:
    """Note references as single characters of the compared text, and back."""

    def __init__(self) -> None:
        self.codes: dict[NoteRef, str] = {}
        self.refs: dict[str, NoteRef] = {}

    def text(self, paragraph: Paragraph) -> str:
        return "".join(self._code(s.note) if s.note is not None else s.text for s in paragraph.spans)

    def _code(self, ref: NoteRef) -> str:
        if ref not in self.codes:
            code = chr(_NOTE_BASE + len(self.codes))
            self.codes[ref], self.refs[code] = code, ref
        return self.codes[ref]

    def spans(self, text: str, revisions: tuple[Revision, ...]) -> list[Span]:
        out: list[Span] = []
        plain = ""
        for ch in text:
            if ch in self.refs:
                if plain:
                    out.append(Span(text=plain, revisions=revisions))
                    plain = ""
                out.append(Span(note=self.refs[ch], revisions=revisions))
            else:
                plain += ch
        if plain:
            out.append(Span(text=plain, revisions=revisions))
        return out


def _whole(paragraph: Paragraph, revisions: tuple[Revision, ...]) -> Paragraph:
    spans = tuple(s.model_copy(update={"revisions": revisions}) for s in paragraph.spans)
    return paragraph.model_copy(update={"spans": spans, "mark": revisions})


def _changed(old: Paragraph, new: Paragraph, stamp: _Stamp, refs: _References) -> Paragraph:
    """One paragraph in both versions: its text (label and note references included) diffed by words."""
    old_text, new_text = refs.text(old), refs.text(new)
    if old_text == new_text:
        return new
    # Labels need no special case: a label is a word of the text, so g) → f) diffs as {--g--}{++f++}).
    spans: list[Span] = []
    for op, text in diff_words(old_text, new_text):
        revisions = () if op == 0 else stamp("inserted" if op > 0 else "deleted")
        spans.extend(refs.spans(text, revisions))
    return new.model_copy(update={"spans": merge_spans(spans)})


def _split(old: Paragraph, first: Paragraph, second: Paragraph, stamp: _Stamp,
           refs: _References) -> list[Paragraph]:
    """One old paragraph became two: the first half ends with an inserted paragraph mark."""
    halves = _halves(refs.text(old), refs.text(first) + _BREAK + refs.text(second), stamp, refs)
    return [first.model_copy(update={"spans": merge_spans(halves[0]), "mark": stamp("inserted")}),
            second.model_copy(update={"spans": merge_spans(halves[1])})]


def _merged(first: Paragraph, second: Paragraph, new: Paragraph, stamp: _Stamp,
            refs: _References) -> list[Paragraph]:
    """Two old paragraphs became one: the first ends with a deleted paragraph mark."""
    halves = _halves(refs.text(first) + _BREAK + refs.text(second), refs.text(new), stamp, refs)
    return [first.model_copy(update={"spans": merge_spans(halves[0]), "mark": stamp("deleted")}),
            new.model_copy(update={"spans": merge_spans(halves[1])})]


def _halves(old_text: str, new_text: str, stamp: _Stamp, refs: _References) -> tuple[list[Span], list[Span]]:
    """Word-diff two texts one of which holds the break character; cut the spans where it falls."""
    halves: tuple[list[Span], list[Span]] = ([], [])
    current = 0
    for op, text in diff_words(old_text, new_text):
        revisions = () if op == 0 else stamp("inserted" if op > 0 else "deleted")
        head, found, tail = text.partition(_BREAK)
        halves[current].extend(refs.spans(head, revisions))
        if found:
            current = 1
            halves[1].extend(refs.spans(tail, revisions))
    return halves
