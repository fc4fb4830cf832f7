"""Compare two versions of a resolution into one tracked Document — the redline is a document like any other.

Blocks are paired by content (`resdiff.align.paragraphs`), never by label, so a renumbered clause is one
paragraph whose label changed (`{--g--}{++f++})`) and not a deletion plus an insertion; a table pairs with a table
and its rows are paired the same way (`resdiff.align.tables`). Inside a pair the text is diffed at word
granularity (`resdiff.align.words`) with each word's formatting carried along: a note reference is one token, a
word whose formatting changed is a tracked formatting change (w:rPrChange), a paragraph whose style, numbering
or properties changed a tracked paragraph-property change (w:pPrChange). Unpaired blocks become whole-block
deletions and insertions, or moves when the same text left one place and arrived at another. Every writer then
applies: accept() gives the new version back, reject() the old one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from resdiff.align.definitions import combined_definitions
from resdiff.align.paragraphs import find_merges, find_moves, find_splits, match_paragraphs
from resdiff.align.spans import Laid, diff_spans
from resdiff.model import (
    Block,
    Document,
    FormatChange,
    Message,
    Note,
    Paragraph,
    PropertyChange,
    Revision,
    RevisionKind,
    RunFormat,
    Span,
    Table,
)
from resdiff.records import record
from resdiff.views import merge_spans

Formatting = Literal["track", "ignore"]
View = Literal["accepted", "rejected"]
_OBJECT = "\ufffc"  # stands for a note reference in the text paragraphs are matched by (never diffed)
_TABLE = "\u2063table\u2063 "  # prefixes a table's text so that no paragraph pairs with it


@record(frozen=True)
class Stamp:
    """Who and when for every revision the diff makes, and whether formatting changes are tracked."""

    author: str | None
    date: str | None
    formatting: Formatting = "track"

    def __call__(self, kind: RevisionKind, move: str | None = None) -> tuple[Revision, ...]:
        return (Revision(kind=kind, author=self.author, date=self.date, move=move),)

    def format_change(self, old: RunFormat | None) -> FormatChange:
        return FormatChange(author=self.author, date=self.date, old=old)

    def text(self, inserted: bool) -> tuple[Revision, ...]:
        return self("inserted" if inserted else "deleted")

    def spans(self, old: Laid, new: Laid) -> list[Span | None]:
        """The word diff of two laid-out paragraphs (`resdiff.align.spans`) with this stamp's revisions."""
        return diff_spans(old, new, self.text, self.format_change if self.formatting == "track" else None)


def diff_documents(old: Document, new: Document, *, author: str | None = None, date: str | None = None,
                   formatting: Formatting = "track", old_view: View = "accepted",
                   new_view: View = "accepted") -> Document:
    """The tracked Document that turns `old` into `new`. A version that itself carries tracked changes is taken
    in the view asked for (Word's Accept All by default), and the redline says so in its messages."""
    versions = ((old, "old", old_view), (new, "new", new_view))
    messages = [_tracked_input(doc, label, view) for doc, label, view in versions
                if doc.side is None and doc.has_revisions]
    before = old.new() if old_view == "accepted" else old.old()
    definitions, after = combined_definitions(old, new.new() if new_view == "accepted" else new.old())
    stamp = Stamp(author, date, formatting)
    return Document(blocks=tuple(diff_blocks(before.blocks, after.blocks, stamp)),
                    notes=_diff_notes(before.notes, after.notes, stamp), definitions=definitions,
                    messages=tuple(messages))


def _tracked_input(doc: Document, label: str, view: View) -> Message:
    count = len(doc.revisions())
    other = "rejected" if view == "accepted" else "accepted"
    return Message(level="warning", code="tracked-input",
                   text=f"the {label} version already has {count} tracked change{'s' if count != 1 else ''}; its "
                        f"{view} view (Word's {'Accept' if view == 'accepted' else 'Reject'} All) was compared "
                        f"(--{label}-view {other} for the other)", data={"version": label})


def diff_blocks(before: Sequence[Block], after: Sequence[Block], stamp: Stamp) -> list[Block]:
    """Old and new blocks as one tracked sequence: pairs diffed, the rest deleted, inserted or moved."""
    old_texts, new_texts = [block_text(b) for b in before], [block_text(b) for b in after]
    pairs = [(o, n) for o, n in match_paragraphs(old_texts, new_texts)
             if isinstance(before[o], Paragraph) == isinstance(after[n], Paragraph)]
    is_paragraph = _paragraph_indices(before), _paragraph_indices(after)
    # pairs join like with like, so a paired paragraph's partner is a paragraph too
    splits = {n: m for n, m in find_splits(old_texts, new_texts, pairs).items() if {n, m} <= is_paragraph[1]}
    merges = {o: m for o, m in find_merges(old_texts, new_texts, pairs).items() if {o, m} <= is_paragraph[0]}
    moves = {o: n for o, n in find_moves(old_texts, new_texts, pairs)
             if o in is_paragraph[0] and n in is_paragraph[1]}
    weave = _Weave(before, after, stamp, pairs, splits, merges, moves)
    for index, block in enumerate(after):
        if index in weave.second_halves:
            continue
        if index in weave.pair_of_new:
            weave.paired(index, block)
        else:
            weave.unpaired(index, block)
    weave.flush_old(len(before))
    return weave.blocks


class _Weave:
    """The tracked sequence being built: new blocks in order, the old blocks between them deleted (or moved away)
    as they are passed."""

    def __init__(self, before: Sequence[Block], after: Sequence[Block], stamp: Stamp, pairs: list[tuple[int, int]],
                 splits: dict[int, int], merges: dict[int, int], moves: dict[int, int]) -> None:
        self.before, self.after, self.stamp = before, after, stamp
        self.splits, self.merges, self.moves = splits, merges, moves
        self.moved_to = {n: o for o, n in moves.items()}
        self.paired_old = {o: n for o, n in pairs} | {second: -1 for second in merges.values()}
        self.pair_of_new = {n: o for o, n in pairs}
        self.second_halves = set(splits.values())
        # the old index of the next paired new block after each new block: one pass, not a scan per block
        self.following = [len(before)] * (len(after) + 1)
        for index in range(len(after) - 1, -1, -1):
            following = self.pair_of_new.get(index + 1) if index + 1 < len(after) else None
            self.following[index] = following if following is not None else self.following[index + 1]
        self.blocks: list[Block] = []
        self.next_old = 0

    def flush_old(self, until: int) -> None:
        from resdiff.align.tables import whole_table

        while self.next_old < until:
            if self.next_old not in self.paired_old:
                block = self.before[self.next_old]
                if self.next_old in self.moves and isinstance(block, Paragraph):
                    self.blocks.append(whole(block, self.stamp("moved_from", _move_name(self.moves[self.next_old]))))
                else:
                    self.blocks.append(whole(block, self.stamp("deleted")) if isinstance(block, Paragraph)
                                       else whole_table(block, self.stamp("deleted")))
            self.next_old += 1

    def paired(self, index: int, block: Block) -> None:
        from resdiff.align.tables import diff_table

        old_index = self.pair_of_new[index]
        self.flush_old(old_index)
        old_block, stamp = self.before[old_index], self.stamp
        if isinstance(block, Table) and isinstance(old_block, Table):
            self.blocks.append(diff_table(old_block, block, stamp))
        elif isinstance(block, Paragraph) and isinstance(old_block, Paragraph):
            if index in self.splits:
                second = self.after[self.splits[index]]
                assert isinstance(second, Paragraph)
                self.blocks.extend(_split(old_block, block, second, stamp))
            elif old_index in self.merges:
                first_half = self.before[self.merges[old_index]]
                assert isinstance(first_half, Paragraph)
                self.blocks.extend(_merged(old_block, first_half, block, stamp))
            else:
                self.blocks.append(diff_paragraph(old_block, block, stamp))
        self.next_old = max(old_index, self.merges.get(old_index, old_index)) + 1

    def unpaired(self, index: int, block: Block) -> None:
        from resdiff.align.tables import whole_table

        self.flush_old(self.following[index])  # deletions before insertions in a gap, as Word's Compare shows
        if isinstance(block, Table):
            self.blocks.append(whole_table(block, self.stamp("inserted")))
        elif index in self.moved_to:
            source = self.before[self.moved_to[index]]
            assert isinstance(source, Paragraph)
            self.blocks.append(_moved_here(source, block, self.stamp, _move_name(index)))
        else:
            self.blocks.append(whole(block, self.stamp("inserted")))


def block_text(block: Block) -> str:
    """The text a block is matched by: a paragraph's text (note references as one character), a table's cells."""
    if isinstance(block, Paragraph):
        return "".join(_OBJECT if s.note is not None else s.text for s in block.spans)
    return _TABLE + " ".join(block_text(b) for row in block.rows for cell in row.cells for b in cell.blocks)


def _paragraph_indices(blocks: Sequence[Block]) -> set[int]:
    return {index for index, block in enumerate(blocks) if isinstance(block, Paragraph)}


def _diff_notes(before: tuple[Note, ...], after: tuple[Note, ...], stamp: Stamp) -> tuple[Note, ...]:
    """Notes compared by kind and id; a note on one side only is all deleted (or inserted)."""
    old_by_key = {(n.kind, n.id): n for n in before}
    new_by_key = {(n.kind, n.id): n for n in after}
    keys = list(old_by_key) + [k for k in new_by_key if k not in old_by_key]
    notes = []
    for kind, note_id in keys:
        old_note, new_note = old_by_key.get((kind, note_id)), new_by_key.get((kind, note_id))
        blocks = diff_blocks(old_note.blocks if old_note else (), new_note.blocks if new_note else (), stamp)
        notes.append(Note(kind=kind, id=note_id, blocks=tuple(blocks)))
    return tuple(notes)


def whole(paragraph: Paragraph, revisions: tuple[Revision, ...]) -> Paragraph:
    """A paragraph deleted, inserted or moved whole: every span and the paragraph mark."""
    spans = tuple(s.model_copy(update={"revisions": revisions}) for s in paragraph.spans)
    return paragraph.model_copy(update={"spans": spans, "mark": revisions})


def _move_name(new_index: int) -> str:
    return f"resdiff-move-{new_index}"


def _moved_here(old: Paragraph, new: Paragraph, stamp: Stamp, name: str) -> Paragraph:
    """Where a moved clause arrived: its text marked moved-to, what was added on the way inserted (what was left
    out stays at the source, inside the moved-from text), changed formatting tracked."""
    arrived = stamp("moved_to", name)
    if old.spans == new.spans:
        return whole(new, arrived)
    spans = []
    for span in stamp.spans(Laid.of(old), Laid.of(new)):
        if span is not None and not (span.revisions and span.revisions[0].kind == "deleted"):
            spans.append(span if span.revisions else span.model_copy(update={"revisions": arrived}))
    return new.model_copy(update={"spans": merge_spans(spans), "mark": arrived})


def diff_paragraph(old: Paragraph, new: Paragraph, stamp: Stamp) -> Paragraph:
    """One paragraph in both versions: its text (label and note references included) diffed by words, changed
    formatting and paragraph properties tracked."""
    changes = _property_changes(old, new, stamp)
    if old.spans == new.spans:
        return new.model_copy(update={"property_changes": changes}) if changes else new
    # Labels need no special case: a label is a word of the text, so g) → f) diffs as {--g--}{++f++}).
    spans = stamp.spans(Laid.of(old), Laid.of(new))
    return new.model_copy(update={"spans": merge_spans(s for s in spans if s is not None),
                                  "property_changes": changes})


def _property_changes(old: Paragraph, new: Paragraph, stamp: Stamp) -> tuple[PropertyChange, ...]:
    if stamp.formatting == "ignore" or (old.style_id, old.style, old.numbering, old.format) == (
            new.style_id, new.style, new.numbering, new.format):
        return ()
    before = {"style": old.style, "style_id": old.style_id,
              "numbering": old.numbering.model_dump() if old.numbering else None,
              "format": old.format.model_dump() if old.format else None}
    return (PropertyChange(target="paragraph", author=stamp.author, date=stamp.date, old=before),)


def _split(old: Paragraph, first: Paragraph, second: Paragraph, stamp: Stamp) -> list[Paragraph]:
    """One old paragraph became two: the first half ends with an inserted paragraph mark."""
    halves = _halves(stamp.spans(Laid.of(old), Laid.of(first).then(second)))
    # On the old side the first half joins the second, which keeps its own properties (Word's rule, see
    # resdiff.views): so the second half carries the old paragraph's properties as its tracked change.
    return [first.model_copy(update={"spans": halves[0], "mark": stamp("inserted")}),
            second.model_copy(update={"spans": halves[1], "property_changes": _property_changes(old, second, stamp)})]


def _merged(first: Paragraph, second: Paragraph, new: Paragraph, stamp: Stamp) -> list[Paragraph]:
    """Two old paragraphs became one: the first ends with a deleted paragraph mark."""
    halves = _halves(stamp.spans(Laid.of(first).then(second), Laid.of(new)))
    return [first.model_copy(update={"spans": halves[0], "mark": stamp("deleted")}),
            new.model_copy(update={"spans": halves[1], "property_changes": _property_changes(second, new, stamp)})]


def _halves(spans: list[Span | None]) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    cut = spans.index(None) if None in spans else len(spans)
    return (merge_spans(s for s in spans[:cut] if s is not None),
            merge_spans(s for s in spans[cut + 1:] if s is not None))


