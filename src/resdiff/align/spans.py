"""The word diff of two paragraphs' spans, formatting carried along.

A paragraph is laid out as positions: one per character of its text spans, one per note reference or inline
object (an object that shows text — an equation — is still one position), one for the paragraph mark between
the halves of a split or a merge. Word tokens are ranges of positions, so the diff (`resdiff.align.words`) runs
on tokens while the result is cut from the spans by range, never rebuilt character by character: a paragraph of
n characters in k spans costs O(n + k), and no span is copied unless a range cuts it.

A token's key is its text, or for a note reference or an object what makes it the same thing in both versions
(`resdiff.ooxml.relations.identity`); a word inside a hyperlink or a field has its containers in its key, so a link
added or removed around a word is a replacement. Common tokens take their new formatting; where the old one
differed, the span records it as a tracked formatting change.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Hashable, Sequence
from itertools import accumulate, islice

from resdiff.align.words import diff_tokens, tokens
from resdiff.model import FormatChange, Paragraph, Revision, RunFormat, Span
from resdiff.ooxml.relations import identity
from resdiff.records import record

BREAK: tuple[str] = ("paragraph mark",)  # the key of the paragraph mark between the two halves of a split


@record
class Laid:
    """A paragraph (or two, with a BREAK between them) as tokens over positions."""

    keys: list[Hashable]
    # token k covers positions bounds[k] .. bounds[k + 1]; machine integers, as a paragraph may have millions
    bounds: array[int]
    spans: list[Span | None]  # None: the paragraph mark of a split or a merge
    starts: list[int]  # span i covers positions starts[i] .. starts[i + 1]

    @classmethod
    def of(cls, paragraph: Paragraph) -> Laid:
        laid = cls([], array("q", [0]), [], [0])
        laid._add(paragraph)
        return laid

    def then(self, other: Paragraph) -> Laid:
        """This paragraph, its paragraph mark, and `other` after it."""
        laid = Laid(list(self.keys), array("q", self.bounds), list(self.spans), list(self.starts))
        laid._append(BREAK, None, 1)
        laid._add(other)
        return laid

    def _add(self, paragraph: Paragraph) -> None:
        text_run: list[Span] = []
        for span in paragraph.spans:
            if _is_mark(span):
                text_run.append(span)  # a bookmark or comment range has no width: it neither splits nor is a word
            elif span.note is not None or span.object is not None:
                self._words(text_run)
                text_run = []
                self._append(_object_key(span), span, 1)
            elif span.text:
                text_run.append(span)
        self._words(text_run)

    def _append(self, key: Hashable, span: Span | None, size: int) -> None:
        self.keys.append(key)
        self.bounds.append(self.bounds[-1] + size)
        self.spans.append(span)
        self.starts.append(self.starts[-1] + size)

    def _words(self, run: list[Span]) -> None:
        if not run:
            return
        base = self.bounds[-1]
        for span in run:
            self.spans.append(span)
            self.starts.append(self.starts[-1] + len(span.text))
        text = "".join(s.text for s in run)
        words = tokens(text)
        self.bounds.extend(islice(accumulate(map(len, words), initial=base), 1, None))
        if not any(s.containers for s in run):
            self.keys.extend(words)
            return
        at = base
        for word in words:
            self.keys.append(self._key_in_containers(word, at, at + len(word)))
            at += len(word)

    def _key_in_containers(self, token: str, start: int, end: int) -> Hashable:
        containers = {_containers_key(s) for s in self.slice(start, end) if s is not None}
        return token if containers == {()} else (token, tuple(sorted(containers, key=repr)))

    def uniform(self) -> tuple[RunFormat | None] | None:
        """(the format,) if every position has that one format and there is no range mark nor paragraph mark,
        else None."""
        formats = {s.format for s in self.spans if s is not None}
        if len(formats) != 1 or None in self.spans or any(_is_mark(s) for s in self.spans):
            return None
        return (formats.pop(),)

    def slice(self, start: int, end: int, revisions: tuple[Revision, ...] | None = None) -> list[Span | None]:
        """The spans over positions start .. end, the first and last cut to the range, each given `revisions` if
        that is not None (one copy per span: a long paragraph has many pieces). A range mark (no width) at
        position p belongs to the slice with start <= p < end, or to the last one if p is the very end."""
        out: list[Span | None] = []
        count, total = len(self.spans), self.starts[-1]
        index = bisect_left(self.starts, start, 0, count)
        if index > 0 and self.starts[index - 1] < start < self.starts[index]:
            index -= 1  # a span that begins before the slice and runs into it
        while index < count:
            span, s0, s1 = self.spans[index], self.starts[index], self.starts[index + 1]
            if s0 >= end and not (s0 == s1 == end == total):
                break
            cut = s0 < start or s1 > end
            update: dict[str, object] = {} if revisions is None else {"revisions": revisions}
            if span is not None and span.text and span.note is None and span.object is None and cut:
                update["text"] = span.text[max(start, s0) - s0:min(end, s1) - s0]
            out.append(span.model_copy(update=update) if span is not None and update else span)
            index += 1
        return out


def _object_key(span: Span) -> Hashable:
    """A note reference or an inline object as one token: the same thing in both versions has the same key."""
    if span.note is not None:
        return ("note", span.note.kind, span.note.id)
    assert span.object is not None
    obj = span.object
    ref = identity(obj.ref) if obj.ref and obj.kind.startswith("comment") else obj.ref
    return ("object", obj.kind, identity(obj.xml, obj.relationships), ref, _containers_key(span))


def _is_mark(span: Span | None) -> bool:
    return span is not None and span.object is not None and span.object.kind in _MARKS


_MARKS = frozenset({"bookmark_start", "bookmark_end", "comment_start", "comment_end"})


def _containers_key(span: Span) -> tuple[Hashable, ...]:
    return tuple((c.kind, identity(c.xml, c.relationships) if c.kind != "field" else c.xml) for c in span.containers)


def diff_spans(old: Laid, new: Laid, revisions: Callable[[bool], tuple[Revision, ...]],
               format_change: Callable[[RunFormat | None], FormatChange] | None) -> list[Span | None]:
    """Tracked spans that turn `old` into `new`: `revisions(True)` marks inserted text, `revisions(False)` deleted
    text; `format_change` (None: formatting not tracked) records a common word's old formatting."""
    out: list[Span | None] = []
    at_old = at_new = 0
    # both paragraphs in one format, without range marks: common text needs no comparison of the two sides
    same_format = old.uniform()
    if same_format != new.uniform():
        same_format = None
    for op, count in diff_tokens(old.keys, new.keys):
        if op == 0:
            new_part = new.slice(new.bounds[at_new], new.bounds[at_new + count])
            if same_format is None:
                old_part = old.slice(old.bounds[at_old], old.bounds[at_old + count])
                new_part = _marks_reconciled(old_part, _same(old_part, new_part, format_change), revisions)
            out.extend(new_part)
            at_old, at_new = at_old + count, at_new + count
            continue
        side, at = (new, at_new) if op > 0 else (old, at_old)
        out.extend(side.slice(side.bounds[at], side.bounds[at + count], revisions(op > 0)))
        at_old, at_new = (at_old, at_new + count) if op > 0 else (at_old + count, at_new)
    return out


def _same(old: list[Span | None], new: list[Span | None],
          format_change: Callable[[RunFormat | None], FormatChange] | None) -> list[Span | None]:
    """Text common to both versions, in its new formatting; where the old formatting differed, a tracked
    formatting change records it."""
    if format_change is None or _format_runs(old) == _format_runs(new):
        return new
    old_formats = [s.format if s is not None else None for s in old for _ in range(_size(s))]
    out: list[Span | None] = []
    at = 0
    for span in new:
        size = _size(span)
        if span is None or size == 0:
            out.append(span)
            at += size
            continue
        cut = at
        for position in range(at + 1, at + size + 1):
            if position == at + size or old_formats[position] != old_formats[cut]:
                text = span.text[cut - at:position - at] if span.note is None and span.object is None else span.text
                previous = old_formats[cut]
                out.append(span.model_copy(update={
                    "text": text, "format_change": format_change(previous) if previous != span.format else None}))
                cut = position
        at += size
    return out


def _marks_reconciled(old: list[Span | None], new: list[Span | None],
                      revisions: Callable[[bool], tuple[Revision, ...]]) -> list[Span | None]:
    """Text common to both versions with the range marks of both: a mark only the new version has is inserted, one
    only the old version had is kept, deleted, at the same place in the text."""
    old_keys = {_object_key(s) for s in old if s is not None and _is_mark(s)}
    new_keys = {_object_key(s) for s in new if s is not None and _is_mark(s)}
    if old_keys == new_keys:
        return new
    lost: list[tuple[int, Span]] = []
    at = 0
    for span in old:
        if span is not None and _is_mark(span) and _object_key(span) not in new_keys:
            lost.append((at, span.model_copy(update={"revisions": revisions(False)})))
        at += _size(span)
    out: list[Span | None] = []
    at = 0
    for span in new:
        while lost and lost[0][0] <= at:
            out.append(lost.pop(0)[1])
        if span is not None and _is_mark(span) and _object_key(span) not in old_keys:
            span = span.model_copy(update={"revisions": revisions(True)})
        out.append(span)
        at += _size(span)
    out.extend(span for _, span in lost)
    return out


def _size(span: Span | None) -> int:
    if _is_mark(span):
        return 0
    return 1 if span is None or span.note is not None or span.object is not None else len(span.text)


def _format_runs(spans: Sequence[Span | None]) -> list[tuple[RunFormat | None, int]]:
    """Formats and how many positions each covers, neighbours with the same format joined."""
    runs: list[tuple[RunFormat | None, int]] = []
    for span in spans:
        if _is_mark(span):
            continue
        fmt = span.format if span is not None else None
        if runs and runs[-1][0] == fmt:
            runs[-1] = (fmt, runs[-1][1] + _size(span))
        else:
            runs.append((fmt, _size(span)))
    return runs
