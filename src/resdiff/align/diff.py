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

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

from resdiff.align.definitions import combined_definitions
from resdiff.align.paragraphs import find_merges, find_moves, find_splits, match_paragraphs
from resdiff.align.words import diff_tokens, tokens
from resdiff.ooxml.relations import identity
from resdiff.model import (
    Block,
    Document,
    FormatChange,
    Note,
    Paragraph,
    PropertyChange,
    Revision,
    RevisionKind,
    RunFormat,
    Span,
    Table,
)
from resdiff.views import merge_spans

Formatting = Literal["track", "ignore"]
_BREAK = ("paragraph mark",)  # the key of the paragraph mark between the two halves of a split or a merge
_OBJECT = "\ufffc"  # stands for a note reference in the text paragraphs are matched by (never diffed)
_TABLE = "\u2063table\u2063 "  # prefixes a table's text so that no paragraph pairs with it


@dataclass(frozen=True)
class Stamp:
    """Who and when for every revision the diff makes, and whether formatting changes are tracked."""

    author: str | None
    date: str | None
    formatting: Formatting = "track"

    def __call__(self, kind: RevisionKind) -> tuple[Revision, ...]:
        return (Revision(kind=kind, author=self.author, date=self.date),)

    def format_change(self, old: RunFormat | None) -> FormatChange:
        return FormatChange(author=self.author, date=self.date, old=old)


def diff_documents(old: Document, new: Document, *, author: str | None = None, date: str | None = None,
                   formatting: Formatting = "track") -> Document:
    """The tracked Document that turns `old` into `new` (each taken as its resolved side if it is tracked)."""
    before = old.old()
    definitions, after = combined_definitions(old, new.new())
    stamp = Stamp(author, date, formatting)
    return Document(blocks=tuple(diff_blocks(before.blocks, after.blocks, stamp)),
                    notes=_diff_notes(before.notes, after.notes, stamp), definitions=definitions)


def diff_blocks(before: Sequence[Block], after: Sequence[Block], stamp: Stamp) -> list[Block]:
    """Old and new blocks as one tracked sequence: pairs diffed, the rest deleted, inserted or moved."""
    from resdiff.align.tables import diff_table, whole_table

    old_texts, new_texts = [block_text(b) for b in before], [block_text(b) for b in after]
    pairs = [(o, n) for o, n in match_paragraphs(old_texts, new_texts)
             if isinstance(before[o], Paragraph) == isinstance(after[n], Paragraph)]
    is_paragraph = _paragraph_indices(before), _paragraph_indices(after)
    splits = {n: m for n, m in find_splits(old_texts, new_texts, pairs).items()
              if {n, m} <= is_paragraph[1] and {o for o, k in pairs if k == n} <= is_paragraph[0]}
    merges = {o: m for o, m in find_merges(old_texts, new_texts, pairs).items()
              if {o, m} <= is_paragraph[0] and {k for p, k in pairs if p == o} <= is_paragraph[1]}
    moves = {o: n for o, n in find_moves(old_texts, new_texts, pairs)
             if o in is_paragraph[0] and n in is_paragraph[1]}
    moved_to = {n: o for o, n in moves.items()}
    paired_old = {o: n for o, n in pairs} | {second: -1 for second in merges.values()}
    pair_of_new = {n: o for o, n in pairs}
    second_halves = set(splits.values())
    blocks: list[Block] = []
    next_old = 0

    def flush_old(until: int) -> None:
        nonlocal next_old
        while next_old < until:
            if next_old not in paired_old:
                block = before[next_old]
                kind: RevisionKind = "moved_from" if next_old in moves else "deleted"
                blocks.append(whole(block, stamp(kind)) if isinstance(block, Paragraph)
                              else whole_table(block, stamp(kind)))
            next_old += 1

    for index, block in enumerate(after):
        if index in second_halves:
            continue
        if index in pair_of_new:
            old_index = pair_of_new[index]
            flush_old(old_index)
            old_block = before[old_index]
            if isinstance(block, Table) and isinstance(old_block, Table):
                blocks.append(diff_table(old_block, block, stamp))
            elif isinstance(block, Paragraph) and isinstance(old_block, Paragraph):
                if index in splits:
                    second = after[splits[index]]
                    assert isinstance(second, Paragraph)
                    blocks.extend(_split(old_block, block, second, stamp))
                elif old_index in merges:
                    first_half = before[merges[old_index]]
                    assert isinstance(first_half, Paragraph)
                    blocks.extend(_merged(old_block, first_half, block, stamp))
                else:
                    blocks.append(diff_paragraph(old_block, block, stamp))
            next_old = max(old_index, merges.get(old_index, old_index)) + 1
        else:
            # deletions before insertions in the same gap, as Word's Compare shows them
            following = next((pair_of_new[k] for k in range(index + 1, len(after)) if k in pair_of_new), len(before))
            flush_old(following)
            if isinstance(block, Table):
                blocks.append(whole_table(block, stamp("inserted")))
            else:
                blocks.append(whole(block, stamp("moved_to" if index in moved_to else "inserted")))
    flush_old(len(before))
    return blocks


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


def diff_paragraph(old: Paragraph, new: Paragraph, stamp: Stamp) -> Paragraph:
    """One paragraph in both versions: its text (label and note references included) diffed by words, changed
    formatting and paragraph properties tracked."""
    changes = _property_changes(old, new, stamp)
    if old.spans == new.spans:
        return new.model_copy(update={"property_changes": changes}) if changes else new
    # Labels need no special case: a label is a word of the text, so g) → f) diffs as {--g--}{++f++}).
    spans = _diff_spans(_Tokens.of(old), _Tokens.of(new), stamp)
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


@dataclass
class _Tokens:
    """A paragraph as diff tokens: the key of each token and the pieces of spans it is made of."""

    keys: list[Hashable]
    pieces: list[list[Span]]

    @classmethod
    def of(cls, paragraph: Paragraph) -> _Tokens:
        keys: list[Hashable] = []
        pieces: list[list[Span]] = []
        text_run: list[Span] = []
        for span in paragraph.spans:
            if span.note is not None or span.object is not None:
                _tokenize(text_run, keys, pieces)
                text_run = []
                keys.append(_object_key(span))
                pieces.append([span])
            elif span.text:
                text_run.append(span)
        _tokenize(text_run, keys, pieces)
        return cls(keys, pieces)

    def extend(self, other: _Tokens) -> _Tokens:
        return _Tokens(self.keys + [_BREAK] + other.keys, self.pieces + [[]] + other.pieces)


def _object_key(span: Span) -> Hashable:
    """A note reference or an inline object as one token: the same thing in both versions has the same key."""
    if span.note is not None:
        return ("note", span.note.kind, span.note.id)
    assert span.object is not None
    obj = span.object
    ref = identity(obj.ref) if obj.ref and obj.kind.startswith("comment") else obj.ref
    return ("object", obj.kind, identity(obj.xml, obj.relationships), ref, _containers_key(span))


def _containers_key(span: Span) -> tuple[Hashable, ...]:
    return tuple((c.kind, identity(c.xml, c.relationships) if c.kind != "field" else c.xml) for c in span.containers)


def _tokenize(run: list[Span], keys: list[Hashable], pieces: list[list[Span]]) -> None:
    """Word tokens of a run of text spans; a token that crosses a format boundary is made of several pieces."""
    text = "".join(s.text for s in run)
    index, start = 0, 0  # the span holding position `at`, and where that span starts in `text`
    at = 0
    for token in tokens(text):
        end = at + len(token)
        parts = []
        while at < end:
            span = run[index]
            stop = min(end, start + len(span.text))
            parts.append(span if (at, stop) == (start, start + len(span.text))
                         else span.model_copy(update={"text": text[at:stop]}))
            at = stop
            if at == start + len(span.text):
                start, index = at, index + 1
        # a word inside a hyperlink or a field is not the same word outside it: the link is added or removed
        containers = {_containers_key(part) for part in parts}
        keys.append(token if containers == {()} else (token, tuple(sorted(containers, key=repr))))
        pieces.append(parts)


def _diff_spans(old: _Tokens, new: _Tokens, stamp: Stamp) -> list[Span | None]:
    """Tracked spans; None where the paragraph mark of a split or a merge falls."""
    out: list[Span | None] = []
    at_old = at_new = 0
    for op, count in diff_tokens(old.keys, new.keys):
        if op == 0:
            for k in range(count):
                out.extend(_same(old.pieces[at_old + k], new.pieces[at_new + k], stamp))
            at_old, at_new = at_old + count, at_new + count
            continue
        side, at = (new, at_new) if op > 0 else (old, at_old)
        revisions = stamp("inserted" if op > 0 else "deleted")
        for k in range(at, at + count):
            if side.keys[k] == _BREAK:
                out.append(None)
            out.extend(s.model_copy(update={"revisions": revisions}) for s in side.pieces[k])
        at_old, at_new = (at_old, at_new + count) if op > 0 else (at_old + count, at_new)
    return out


def _same(old: list[Span], new: list[Span], stamp: Stamp) -> list[Span]:
    """A token common to both versions, in its new formatting; where the old formatting differed, a tracked
    formatting change records it."""
    if stamp.formatting == "ignore" or [s.format for s in old] == [s.format for s in new] and \
            [len(s.text) for s in old] == [len(s.text) for s in new]:
        return new
    old_formats = [s.format for s in old for _ in range(max(len(s.text), 1))]
    out: list[Span] = []
    at = 0
    for span in new:
        size = max(len(span.text), 1)
        cut = at
        for position in range(at, at + size + 1):
            if position == at + size or old_formats[position] != old_formats[cut]:
                out.append(_with_old_format(span, span.text[cut - at:position - at] if span.text else "",
                                            old_formats[cut], stamp))
                cut = position
        at += size
    return out


def _with_old_format(span: Span, text: str, old: RunFormat | None, stamp: Stamp) -> Span:
    change = stamp.format_change(old) if old != span.format else None
    return span.model_copy(update={"text": text, "format_change": change})


def _split(old: Paragraph, first: Paragraph, second: Paragraph, stamp: Stamp) -> list[Paragraph]:
    """One old paragraph became two: the first half ends with an inserted paragraph mark."""
    halves = _halves(_diff_spans(_Tokens.of(old), _Tokens.of(first).extend(_Tokens.of(second)), stamp))
    # On the old side the first half joins the second, which keeps its own properties (Word's rule, see
    # resdiff.views): so the second half carries the old paragraph's properties as its tracked change.
    return [first.model_copy(update={"spans": halves[0], "mark": stamp("inserted")}),
            second.model_copy(update={"spans": halves[1], "property_changes": _property_changes(old, second, stamp)})]


def _merged(first: Paragraph, second: Paragraph, new: Paragraph, stamp: Stamp) -> list[Paragraph]:
    """Two old paragraphs became one: the first ends with a deleted paragraph mark."""
    halves = _halves(_diff_spans(_Tokens.of(first).extend(_Tokens.of(second)), _Tokens.of(new), stamp))
    return [first.model_copy(update={"spans": halves[0], "mark": stamp("deleted")}),
            new.model_copy(update={"spans": halves[1], "property_changes": _property_changes(second, new, stamp)})]


def _halves(spans: list[Span | None]) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    cut = spans.index(None) if None in spans else len(spans)
    return (merge_spans(s for s in spans[:cut] if s is not None),
            merge_spans(s for s in spans[cut + 1:] if s is not None))


