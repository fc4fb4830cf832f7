"""Recover inline changes of a flattened paragraph from its base (old) text.

Flattening keeps deleted text, so the base text O is a subsequence of the flattened text M and what M has beyond
O is exactly the inserted text. The alignment takes the fewest insertion runs (a dynamic programme over O and
the slack), then places each run among its equivalent positions by the glue order: where deleted and inserted
text were glued (`del-ins`: deleted first, as Apache POI / Tika write it; `ins-del`: inserted first), the run
starts (ends) at the glued seam — `impact ofthe likelihood of` is `the likelihood of` after `impact of`, not
` ofthe likelihood` — but never inside a word of the base text, and otherwise at a word boundary with its space
at its start (`50{++ (Rev. Geneva)++}`).

Which base text was *deleted* is not in M and O alone (DOMAIN.md §3.3). It is inferred only where the text on
the deletion side of an insertion (before it in `del-ins` order, after it in `ins-del`) has the insertion's
shape, as the patterns of real proposals have it: a citation's place and year (`(Rev. Buenos Aires,
2017Kigali, 2022)`, `(RÉV. DUBAÏ, 2018bucarest, 2022)`, `(Пересм. Дубай, 2018 г.Бухарест, 2022 г.)`), a
resolution, document or year number (`68/19876/189`, `WTDC-1722`), closing punctuation (`,;`, `;.`, `.,`, and a
final `.` the text runs on after in lower case). Where the seam itself shows glued text (`supportfoster`,
`(WTSA)WTSA`, `BDT;the`), or right after a function word of `resdiff.lang` the way a replaced word leaves it
(`Conference on, which contains`), and no pattern applies, the insertion is kept as a pure insertion and carries
a `doubt`: base text next to it may have been replaced, which only the new text could tell; the caller reports
it. A replacement whose groups carry their spaces and touch no such word, and a deletion with no insertion next
to it, leave flattened text that reads as unchanged: those no untangler can see.
"""

from __future__ import annotations

import re
from typing import Literal

from diff_match_patch import diff_match_patch

from resdiff.align.citations import replaced_citation
from resdiff.align.words import diff_words
from resdiff.records import record

Glue = Literal["del-ins", "ins-del"]

_TOKEN = re.compile(r"\d+|[^\W\d_]+|\s+|.", re.UNICODE)
EQUAL, INSERT, DELETE = 0, 1, -1


@record(frozen=True)
class Piece:
    text: str
    kind: str  # "same", "inserted", "deleted" (inferred), "missing" (base text the flattened text lacks)
    doubt: str = ""  # for an inserted piece: why base text beside it may have been replaced (to be reported)
    pattern: str = ""  # for an inferred deletion: the pattern that inferred it ("citation", "number", …)


# diff-match-patch's cost grows with (n + m) · min(n, m) in the worst case; without its wall-clock deadline (which
# made the result depend on the machine) the size is bounded instead: beyond this the texts are diffed by words
# (`resdiff.align.words.diff_words`, whose cost is bounded by their length) — coarser, exact, the same everywhere.
MAX_DIFF_CELLS = 4_000_000
# The run alignment keeps a table of (base length + 1) × (slack + 1) costs, filled one base character at a time.
MAX_CELLS = 12_000_000
MAX_RUN_ROWS = 50_000

_TERMINAL = ",;.:，；。：،؛"
_OPENERS = "([{“«‘„\"（《【「"
_CLOSERS = ",;.:!?)]}”»’…\"，；。：！？）》】」、،؛"
# Chinese puts no space after full-width punctuation, nor between a closing bracket and the next Chinese word,
# nor before a bracketed aside: those seams are word boundaries, not glued text. A Latin word right after "）"
# ("（WTSA）WTSA"), two quotations ("”“") and a title after a word ("行动计划《基加利") still read as glued.
_SPACED_AFTER = "，；。：、！？"
_SPACED_CLOSERS = "）》】」”"
_NUMBER = r"\d+(?:[/.\-‑]\d+)*"
_NUMBER_INSERTED = re.compile(rf"{_NUMBER}")
_NUMBER_BEFORE = re.compile(rf"(?<!\d)(?<!\d[/.\-‑]){_NUMBER}$")
_NUMBER_AFTER = re.compile(rf"^{_NUMBER}(?![\d/])")
_RUN_ON = re.compile(r"\s+[^\W\d_A-ZÀ-ÞА-Я]")


def split_inserted(base: str, merged: str, glue: Glue = "del-ins") -> list[Piece]:
    """Pieces of `merged` (and base text missing from it), with inferred deletions and doubts."""
    if len(base) <= MAX_RUN_ROWS and (len(base) + 1) * (len(merged) - len(base) + 1) <= MAX_CELLS \
            and _is_subsequence(base, merged):
        diffs = _placed(merged, _runs(base, merged), glue)
    else:
        diffs = _diff(base, merged)
    return _merge(_infer(diffs, glue))


def _diff(base: str, merged: str) -> list[tuple[int, str]]:
    """diff-match-patch's diff, for a flattened text that lacks some of the base text (untracked changes)."""
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    head = engine.diff_commonPrefix(base, merged)
    tail = engine.diff_commonSuffix(base[head:], merged[head:])
    rest_base, rest_merged = len(base) - head - tail, len(merged) - head - tail
    if (rest_base + rest_merged) * min(rest_base, rest_merged) > MAX_DIFF_CELLS:
        return [(op, text) for op, text in diff_words(base, merged)]
    diffs = engine.diff_main(base, merged, False)
    engine.diff_cleanupSemanticLossless(diffs)
    return [(op, text) for op, text in diffs]


def _is_subsequence(base: str, merged: str) -> bool:
    position = 0
    for char in base:
        position = merged.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


# Costs of the run alignment: each run of inserted characters, and (far less) each run edge inside a word.
_RUN = 1.0
_WORD_EDGE = 0.001


def _runs(base: str, merged: str) -> list[tuple[int, int]]:
    """The insertion runs (start, end in `merged`) of an alignment of `base` into `merged` with the fewest runs.

    A[i][s]: least cost with base[:i] aligned into merged[:i+s], merged[i+s-1] matched (or nothing yet); a run
    that ends before merged[i+s] started at some merged[i+t], t < s, from A[i][t]."""
    import numpy as np

    n, m = len(base), len(merged)
    slack = m - n
    if slack == 0:
        return []
    edge = np.zeros(m + 1)
    for p in range(1, m):
        if merged[p - 1].isalnum() and merged[p].isalnum():
            edge[p] = _WORD_EDGE
    codes_m = np.array([ord(c) for c in merged], dtype=np.int64)
    infinity = float(n + m + 1)
    table = np.full((n + 1, slack + 1), infinity)
    table[0, 0] = 0.0
    offsets = np.arange(slack + 1)
    for i in range(n):
        row = table[i]
        opened = np.full(slack + 1, infinity)
        opened[1:] = np.minimum.accumulate(row[:-1] + _RUN + edge[i + offsets[:-1]])
        match = codes_m[i + offsets] == ord(base[i])
        table[i + 1] = np.where(match, np.minimum(row, opened + edge[i + offsets]), infinity)
    runs: list[tuple[int, int]] = []
    i, s = n, slack
    closed = table[n, slack]
    opened_end = float(np.min(table[n, :slack] + _RUN + edge[n + offsets[:-1]]))
    state = "opened" if opened_end < closed else "matched"
    while i > 0 or s > 0:
        if state == "opened":
            costs = table[i, :s] + _RUN + edge[i + offsets[:s]]
            t = int(np.argmin(costs))
            runs.append((i + t, i + s))
            s, state = t, "matched"
            continue
        # table[i][s] came from matching base[i-1] with merged[i-1+s], after a match or after a run
        previous = table[i - 1, s]
        if s > 0:
            run_cost = float(np.min(table[i - 1, :s] + _RUN + edge[i - 1 + offsets[:s]])) + edge[i - 1 + s]
            if run_cost < previous:
                i, state = i - 1, "opened"
                continue
        i -= 1
    return sorted(runs)


def _placed(merged: str, runs: list[tuple[int, int]], glue: Glue) -> list[tuple[int, str]]:
    """EQUAL/INSERT pieces, each run moved to its best equivalent place (see the module docstring)."""
    placed: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(runs):
        low = placed[-1][1] if placed else 0
        high = runs[index + 1][0] if index + 1 < len(runs) else len(merged)
        first, last = start, start
        while first > low and merged[first - 1] == merged[end - (start - first) - 1]:
            first -= 1
        while end + (last - start) < high and merged[last] == merged[end + (last - start)]:
            last += 1
        length = end - start
        best = min(range(first, last + 1), key=lambda at: _placement(merged, at, at + length, glue))
        placed.append((best, best + length))
    out: list[tuple[int, str]] = []
    position = 0
    for start, end in placed:
        if start > position:
            out.append((EQUAL, merged[position:start]))
        out.append((INSERT, merged[start:end]))
        position = end
    if position < len(merged):
        out.append((EQUAL, merged[position:]))
    return out


def _glued(text: str, at: int) -> bool:
    """Whether position `at` (between text[at-1] and text[at]) reads as glued text (see `_joined`)."""
    return 0 < at < len(text) and _joined(text[at - 1], text[at])


def _placement(merged: str, start: int, end: int, glue: Glue) -> tuple[bool, bool, bool, bool, int]:
    """Sort key of a run's place: the far edge at a word boundary, the run not inside a word of the base text,
    the seam edge glued (where a replacement puts it), the run's space at its start, then nearest the seam side."""
    if glue == "del-ins":
        seam, far, towards = start, end, -start
    else:
        seam, far, towards = end, start, start
    inside = start > 0 and end < len(merged) and merged[start - 1].isalnum() and merged[end].isalnum()
    return (_glued(merged, far), inside, not _glued(merged, seam), not merged[start].isspace(), towards)


def _infer(diffs: list[tuple[int, str]], glue: Glue) -> list[Piece]:
    pieces: list[Piece] = []
    for op, text in diffs:
        if op == EQUAL:
            pieces.append(Piece(text, "same"))
        elif op == DELETE:
            pieces.append(Piece(text, "missing"))
        else:
            pieces.append(Piece(text, "inserted"))
    index = -1
    while index + 1 < len(pieces):
        index += 1
        piece = pieces[index]
        if piece.kind != "inserted":
            continue
        before = pieces[index - 1] if index and pieces[index - 1].kind == "same" else None
        after = pieces[index + 1] if index + 1 < len(pieces) and pieces[index + 1].kind == "same" else None
        near, other = (before, after) if glue == "del-ins" else (after, before)
        if near is None:
            continue
        at_end = after is None and index == len(pieces) - 1
        length, pattern = _deleted(piece.text, near.text, other.text if other else "", glue, at_end)
        if length and pattern == "shape" and not _bounded(near.text, length, glue):
            # `WTDC-22` for `WTDC-17, including …`: the text of the same shape was replaced, and maybe more
            pieces[index] = piece = Piece(piece.text, "inserted", doubt="a replacement of text of its shape, "
                                          "which may extend further")
        if length:
            if glue == "del-ins":
                kept, deleted = near.text[: len(near.text) - length], near.text[len(near.text) - length:]
                pieces[index - 1] = Piece(kept, "same")
                pieces.insert(index, Piece(deleted, "deleted", pattern=pattern))
                index += 1
            else:
                deleted, kept = near.text[:length], near.text[length:]
                pieces[index + 1] = Piece(kept, "same")
                pieces.insert(index + 1, Piece(deleted, "deleted", pattern=pattern))
            continue
        seam = (near.text[-1], piece.text[0]) if glue == "del-ins" else (piece.text[-1], near.text[0])
        if _joined(*seam):
            pieces[index] = Piece(piece.text, "inserted", doubt=f"glued to {seam[0] + seam[1]!r}")
        elif word := _after_function_word(piece.text, before.text if before else "", after.text if after else "",
                                          glue):
            pieces[index] = Piece(piece.text, "inserted", doubt=f"glued to the word {word!r}")
    return pieces


_LAST_WORD = re.compile(r"(?<![\w'’])([^\W\d_]+)\s?$")
_FIRST_WORD = re.compile(r"^\s?([^\W\d_]+)(?![\w'’])")


def _after_function_word(inserted: str, before: str, after: str, glue: Glue) -> str:
    """The function word (`resdiff.lang`) the insertion is glued to where that shows a replaced word: in
    `del-ins` order, an insertion right after one that starts with punctuation or another one (`Conference on,
    which contains`, `between in consultation with`); in `ins-del` order, one that ends with such a word right
    before another (`Faciliter la sur la création`). Only where every equivalent place of the insertion shows
    it (between words): `closely, {++as a matter of … and ++}as appropriate` may also be read `closely, as{++ a
    matter of … and as++} appropriate`, which would put it after "as". "" if none."""
    from resdiff.lang.tables import function_words

    words = function_words()
    either = words | function_words("conjunctions")
    found = ""
    for head, middle, tail in _rotations(before, inserted, after):
        if (head[-1:] + middle[:1]).isalnum() or (middle[-1:] + tail[:1]).isalnum():
            continue  # a place inside a word, not one the insertion could have been typed at
        if glue == "del-ins":
            last, first = _LAST_WORD.search(head), _FIRST_WORD.match(middle)
            punctuated = middle.lstrip()[:1] in (",", ";", ":", ".")
            if last is None or last.group(1).casefold() not in either or not (
                    punctuated or (first is not None and first.group(1).casefold() in either)):
                return ""
            found = last.group(1)
        else:
            last, first = _LAST_WORD.search(middle), _FIRST_WORD.match(tail)
            if last is None or first is None or last.group(1).casefold() not in words \
                    or first.group(1).casefold() not in either:
                return ""
            found = first.group(1)
    return found


def _rotations(before: str, inserted: str, after: str) -> list[tuple[str, str, str]]:
    """The insertion at each place that gives the same two texts: slid left over the end of `before` while it
    ends as the insertion ends, and right over the start of `after` while it starts as the insertion starts."""
    out = [(before, inserted, after)]
    b, i, a = before, inserted, after
    while b and b[-1] == i[-1]:
        b, i, a = b[:-1], b[-1] + i[:-1], i[-1] + a
        out.append((b, i, a))
    b, i, a = before, inserted, after
    while a and a[0] == i[0]:
        b, i, a = b + i[0], i[1:] + a[0], a[1:]
        out.append((b, i, a))
    return out


def _joined(left: str, right: str) -> bool:
    """Whether two characters that touch across an insertion's seam read as glued text (no space, and not a
    word followed by its punctuation or an opening bracket or quote followed by its word; two straight quotes
    are two quotations run together)."""
    if left.isspace() or right.isspace() or left in _SPACED_AFTER or right == "（":
        return False
    if left in _SPACED_CLOSERS and not right.isascii() and right not in _OPENERS:
        return False
    return (left == right == '"') or (right not in _CLOSERS and left not in _OPENERS)


def _deleted(inserted: str, near: str, other: str, glue: Glue, at_end: bool) -> tuple[int, str]:
    """How many characters of `near` (the base text on the deletion side) the insertion replaced, by pattern."""
    if glue == "del-ins":
        if inserted[0] in _TERMINAL and near[-1] in _TERMINAL:
            return 1, "punctuation"
        if near.endswith(".") and at_end and _RUN_ON.match(inserted) and inserted.rstrip()[-1:] in _TERMINAL:
            return 1, "punctuation"
        if cited := replaced_citation(inserted, near, other, glue):
            return cited, "citation"
        found = _NUMBER_BEFORE.search(near) if _NUMBER_INSERTED.fullmatch(inserted) else None
        if found and _separators(found.group(0)) == _separators(inserted) and found.group(0) != inserted:
            return len(found.group(0)), "number"
    else:
        if inserted[-1] in _TERMINAL and near[0] in _TERMINAL:
            return 1, "punctuation"
        if cited := replaced_citation(inserted, near, other, glue):
            return cited, "citation"
        found = _NUMBER_AFTER.match(near) if _NUMBER_INSERTED.fullmatch(inserted) else None
        if found and _separators(found.group(0)) == _separators(inserted) and found.group(0) != inserted:
            return len(found.group(0)), "number"
    return _same_shape(inserted, near, glue), "shape"


def _bounded(near: str, length: int, glue: Glue) -> bool:
    """Whether an inferred deletion ends where a deletion must end: at the base text's end or before (after) a
    closing bracket or a semicolon — a deletion that went on past those would leave the new text broken."""
    if glue == "del-ins":
        rest = near[: len(near) - length]
        return not rest or rest[-1] in "(;" or rest.endswith(("; ", ". "))
    rest = near[length:]
    return not rest or rest[0] in ");"


def _separators(number: str) -> str:
    return re.sub(r"\d+", "9", number)


def _same_shape(inserted: str, near: str, glue: Glue) -> int:
    """The length of the text beside the insertion with its shape, if that holds a number: `Dubaï, 2014` for
    `Kigali, 2022`, `CMDT-17` for `CMDT-22`; 0 if there is none."""
    if not any(ch.isdigit() for ch in inserted):
        return 0
    tokens = _TOKEN.findall(near)
    count = len(_TOKEN.findall(inserted))
    if not count or len(tokens) < count:
        return 0
    candidate = "".join(tokens[-count:] if glue == "del-ins" else tokens[:count])
    if _shape(candidate) == _shape(inserted) and candidate != inserted:
        return len(candidate)
    return 0


def _shape(text: str) -> tuple[str, ...]:
    out = []
    for token in _TOKEN.findall(text):
        if token.isdigit():
            out.append("9")
        elif token.isalpha():
            out.append("a")
        elif token.isspace():
            out.append(" ")
        else:
            out.append(token)
    return tuple(out)


def _merge(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and out[-1].kind == piece.kind and not out[-1].doubt and not piece.doubt \
                and out[-1].pattern == piece.pattern:
            out[-1] = Piece(out[-1].text + piece.text, piece.kind, pattern=piece.pattern)
        else:
            out.append(piece)
    return out
