"""Word-granular diff: diff-match-patch over tokens, so that no change splits a word, a number or an object.

diff-match-patch diffs characters; each distinct token (a word, a number with its separators such as `68/198` or
`8.1`, a run of spaces, a punctuation mark — or any hashable key a caller uses for a note reference or a picture)
is first mapped to one code point, the way its own `diff_linesToChars` does for lines, and the result is mapped
back. Semantic cleanup then merges small common pieces caught between changes, so `Dubai, 2018` → `Bucharest,
2022` is one replacement, not two.

The result depends on the input only, and its cost is bounded by the input's size: diff-match-patch's wall-clock
deadline is off, so what it is given is bounded instead. A middle (what is left after the common prefix and
suffix) whose worst case fits `MAX_DMP_CELLS` — every real paragraph — is diffed whole. A larger one is first
anchored patience-style (`matching_blocks`: tokens that occur once on each side — or equally often, a few
times — in an order both sides keep, then the regions between them the same way); each gap is then given to
diff-match-patch while a budget of `DMP_CELLS_PER_TOKEN` per token lasts, and beyond it is one replacement —
coarse but exact, and the same on any machine. This is the only module that speaks diff-match-patch's API.

The engine is diff-match-patch's C++ port (fast-diff-match-patch: Google's algorithm and cleanup in C++, 50-75×
the Python original's speed) where it is installed and takes every code point, else the Python original: both
give the same pieces (tests/test_words_engine.py), so a redline does not depend on which one ran.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Hashable, Sequence

NativeDiff = Callable[..., list[tuple[str, int]]]
try:
    from fast_diff_match_patch import diff as _native
except ImportError:  # pragma: no cover - a platform without its wheel: the Python original, same pieces
    _native = None
# On Windows it refuses characters outside the Basic Multilingual Plane, where the token codes are
NATIVE: NativeDiff | None = _native if sys.platform != "win32" else None
_OPS = {"=": 0, "-": -1, "+": 1}

_TOKEN = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|\s+|.", re.UNICODE | re.DOTALL)
_RUN_END = re.compile(r"\s\S")
_CHUNK = 1 << 20
_FIRST_CODE = 0x10000  # above the surrogates: every later code point is a valid str character
_MAX_CODES = 0x110000 - _FIRST_CODE
# diff-match-patch's bisection costs about (n + m) · min(n, m) steps in the worst case (about a microsecond each in
# pure Python): one call is held to a second or so, which real paragraphs (a few hundred tokens) never reach.
MAX_DMP_CELLS = 1_000_000
# What a middle beyond that may spend on diff-match-patch in its gaps, per token: the whole diff stays linear.
DMP_CELLS_PER_TOKEN = 1
# How many tokens the anchoring may visit, per token: regions it has no budget left for are gaps.
ANCHOR_VISITS_PER_TOKEN = 16
MIN_ANCHORED_REGION = 64  # tokens, both sides together: smaller regions are diffed whole, which costs little
# Anchors may be tokens that occur up to this many times on each side (the k-th paired with the k-th): text that
# repeats its words (numbers drawn from a small range, a list of like items) has few unique ones.
MAX_ANCHOR_COUNT = 4

Piece = tuple[int, int]  # (op, number of tokens): 0 common, -1 only in old, 1 only in new


def tokens(text: str) -> list[str]:
    """The text's tokens. A long text is read a megabyte at a time, each word kept once (a text repeats its
    words): its tokens then take the memory of their list, not of millions of strings, even for a moment."""
    if len(text) <= _CHUNK:
        return _TOKEN.findall(text)
    seen: dict[str, str] = {}
    out: list[str] = []
    start = 0
    while start < len(text):
        # cut where a run of spaces ends: no token spans that (tokens other than spaces hold no space)
        cut = _RUN_END.search(text, start + _CHUNK)
        end = cut.end() - 1 if cut else len(text)
        words = _TOKEN.findall(text, start, end)
        out.extend(map(seen.setdefault, words, words))
        start = end
    return out


def diff_words(old: str, new: str) -> list[tuple[int, str]]:
    """(op, text) pieces: 0 common, -1 only in `old`, 1 only in `new`; concatenations give back both texts."""
    if old == new:
        return [(0, old)] if old else []
    old_tokens, new_tokens = tokens(old), tokens(new)
    out: list[tuple[int, str]] = []
    at_old = at_new = 0
    for op, count in diff_tokens(old_tokens, new_tokens):
        source, at = (new_tokens, at_new) if op > 0 else (old_tokens, at_old)
        out.append((op, "".join(source[at:at + count])))
        if op <= 0:
            at_old += count
        if op >= 0:
            at_new += count
    return out


def diff_tokens(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Piece]:
    """The pieces that turn `old` into `new`. String tokens count as text for the citation rule; other keys are
    opaque (a note reference, a picture)."""
    head = _common_run(old, 0, len(old), new, 0, len(new), 1)
    tail = _common_run(old, head, len(old), new, head, len(new), -1)
    middle_old, middle_new = old[head:len(old) - tail], new[head:len(new) - tail]
    pieces: list[Piece] = [(0, head)] if head else []
    if _dmp_cost(middle_old, middle_new) <= MAX_DMP_CELLS:
        pieces += _join_citations(_dmp_pieces(middle_old, middle_new), middle_old, middle_new)
    else:
        pieces += _join_citations(_anchored(middle_old, middle_new), middle_old, middle_new)
    if tail:
        pieces.append((0, tail))
    return _normalise(pieces)


def _dmp_cost(old: Sequence[Hashable], new: Sequence[Hashable]) -> int:
    """diff-match-patch's worst-case steps on these tokens (more than it can encode: more than any budget)."""
    cost = (len(old) + len(new)) * min(len(old), len(new))
    if cost and len(old) + len(new) > _MAX_CODES and len(set(old) | set(new)) > _MAX_CODES:
        return MAX_DMP_CELLS * len(old) * len(new) + 1
    return cost


def _anchored(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Piece]:
    """The pieces of a middle too large for one diff-match-patch call: its matching blocks, and each gap between
    them diffed while the budget lasts, or else replaced whole. A gap that shares no token with its other side
    is a replacement, which is what diff-match-patch would say, without asking it."""
    budget = MAX_DMP_CELLS + DMP_CELLS_PER_TOKEN * (len(old) + len(new))
    pieces: list[Piece] = []
    at_old = at_new = 0
    for a, b, size in matching_blocks(old, new) + [(len(old), len(new), 0)]:
        gap_old, gap_new = old[at_old:a], new[at_new:b]
        cost = _dmp_cost(gap_old, gap_new)
        if cost > 2 and cost <= min(budget, MAX_DMP_CELLS) and not set(gap_old).isdisjoint(gap_new):
            budget -= cost
            pieces += _dmp_pieces(gap_old, gap_new)
        else:
            pieces += [p for p in ((-1, len(gap_old)), (1, len(gap_new))) if p[1]]
        pieces.append((0, size))
        at_old, at_new = a + size, b + size
    return _normalise(pieces)


MAX_GAP_CELLS = 250_000
"""Pairs of one gap between anchors that an aligner scores all of; a larger gap (pathological input) is aligned
by position."""

Gap = Callable[[int, int, int, int], list[tuple[int, int]]]
"""Pairs for the items old[o0:o1] and new[n0:n1] between two anchored runs: (o0, o1, n0, n1) → (old, new) pairs."""


def anchored_pairs(old: Sequence[Hashable], new: Sequence[Hashable], gap: Gap) -> list[tuple[int, int]]:
    """Order-keeping (old index, new index) pairs: the runs of equal items `matching_blocks` finds pair one for one,
    and `gap` pairs what lies between them, so that only the gaps meet an all-pairs alignment."""
    pairs: list[tuple[int, int]] = []
    old_at = new_at = 0
    for a, b, size in [*matching_blocks(old, new), (len(old), len(new), 0)]:
        pairs.extend(gap(old_at, a, new_at, b))
        pairs.extend((a + k, b + k) for k in range(size))
        old_at, new_at = a + size, b + size
    return pairs


def matching_blocks(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[tuple[int, int, int]]:
    """Runs (old start, new start, length) common to both sequences, in order on both sides, as difflib's
    `get_matching_blocks` gives them (without its final empty block) but found patience-style, in linear time on
    real input: the common prefix and suffix, then the tokens that occur once on each side (or equally often,
    up to `MAX_ANCHOR_COUNT` times) kept where their order agrees (longest increasing subsequence), each grown
    over the equal tokens around it, then the regions between them in the same way — a token repeated in the
    whole may be unique within a region. A region of `MIN_ANCHORED_REGION` tokens or fewer is left to the
    caller's finer alignment. The visits are bounded (`ANCHOR_VISITS_PER_TOKEN`), so adversarial input (a
    sequence against its reverse) leaves gaps rather than taking quadratic time."""
    visits = ANCHOR_VISITS_PER_TOKEN * (len(old) + len(new))
    found: list[tuple[int, int, int]] = []
    # a stack of regions (a0, a1, b0, b1) and of found blocks (a, b, size), popped in order of the sequences
    stack: list[tuple[int, ...]] = [(0, len(old), 0, len(new))]
    while stack:
        item = stack.pop()
        if len(item) == 3:
            found.append((item[0], item[1], item[2]))
            continue
        a0, a1, b0, b1 = item
        head = _common_run(old, a0, a1, new, b0, b1, 1)
        tail = _common_run(old, a0 + head, a1, new, b0 + head, b1, -1)
        if tail:
            stack.append((a1 - tail, b1 - tail, tail))
        a0, b0, a1, b1 = a0 + head, b0 + head, a1 - tail, b1 - tail
        size = (a1 - a0) + (b1 - b0)
        # a small region is left to the gap's diff, which finds its best alignment for little
        if a0 < a1 and b0 < b1 and MIN_ANCHORED_REGION < size <= visits:
            visits -= size
            anchors = _anchors(old[a0:a1], new[b0:b1])
            if anchors:
                stack.extend(reversed(_split_at_anchors(old, new, a0, a1, b0, b1, anchors)))
        if head:
            stack.append((a0 - head, b0 - head, head))
    return _joined_blocks(found)


def _common_run(old: Sequence[Hashable], a0: int, a1: int, new: Sequence[Hashable], b0: int, b1: int,
                step: int) -> int:
    """How many tokens the two regions share at their start (step 1) or at their end (step -1): slices of
    doubling length compared at once, then halved, so a long common run costs C-speed comparisons."""
    most = min(a1 - a0, b1 - b0)
    if not most or (old[a0] != new[b0] if step > 0 else old[a1 - 1] != new[b1 - 1]):
        return 0  # the usual case between two changes, answered without slicing
    low, width = 1, 1  # the first `low` tokens are known common
    while low < most:
        n = min(low + width, most)
        if not (old[a0:a0 + n] == new[b0:b0 + n] if step > 0 else old[a1 - n:a1] == new[b1 - n:b1]):
            break
        low, width = n, width * 2
    while width > 1 and low < most:
        width //= 2
        n = min(low + width, most)
        if old[a0:a0 + n] == new[b0:b0 + n] if step > 0 else old[a1 - n:a1] == new[b1 - n:b1]:
            low = n
    return low


def _anchors(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[tuple[int, int]]:
    """(i, j) of tokens that occur as often in `old` as in `new`, and at most `MAX_ANCHOR_COUNT` times (once:
    patience diff's unique tokens; a few times, the k-th occurrence paired with the k-th, as text that repeats
    its words needs), the longest run of them in the same order on both sides (patience sorting: O(k log k));
    the earliest such run where several are as long."""
    counts = Counter(new)
    rare = {key for key, count in Counter(old).items() if count <= MAX_ANCHOR_COUNT and counts[key] == count}
    if not rare:
        return []
    where: dict[Hashable, list[int]] = {}
    for j in [j for j, key in enumerate(new) if key in rare]:  # filtered at comprehension speed first
        where.setdefault(new[j], []).append(j)
    taken: Counter[Hashable] = Counter()
    matches: list[tuple[int, int]] = []
    for i in [i for i, key in enumerate(old) if key in rare]:
        key = old[i]
        matches.append((i, where[key][taken[key]]))
        taken[key] += 1
    tops: list[int] = []  # tops[k]: the smallest new index ending an increasing run of k + 1 matches
    top_match: list[int] = []  # the match (index in `matches`) of each top
    back: list[int] = []  # for each match, the match before it in its run (-1: none)
    for index, (_, j) in enumerate(matches):
        k = bisect_left(tops, j)
        back.append(top_match[k - 1] if k else -1)
        if k == len(tops):
            tops.append(j)
            top_match.append(index)
        else:
            tops[k], top_match[k] = j, index
    run, index = [], top_match[-1]
    while index >= 0:
        run.append(matches[index])
        index = back[index]
    return run[::-1]


def _split_at_anchors(old: Sequence[Hashable], new: Sequence[Hashable], a0: int, a1: int, b0: int, b1: int,
                      anchors: list[tuple[int, int]]) -> list[tuple[int, ...]]:
    """The anchors (offsets from a0, b0), each grown over the equal tokens before and after it, as blocks, and
    the regions between them that are worth anchoring again, in order. A region between two grown anchors
    starts and ends with a difference, so a small one is left to the gap's diff as it is."""
    out: list[tuple[int, ...]] = []
    at_a, at_b = a0, b0  # the end of the last block
    for index, (i, j) in enumerate(anchors):
        start_a, start_b, end_a, end_b = a0 + i, b0 + j, a0 + i + 1, b0 + j + 1
        if start_a < at_a:
            continue  # the previous anchor grew over this one
        back = _common_run(old, at_a, start_a, new, at_b, start_b, -1)
        start_a, start_b = start_a - back, start_b - back
        limit_a, limit_b = (a0 + anchors[index + 1][0], b0 + anchors[index + 1][1]) if index + 1 < len(anchors) \
            else (a1, b1)
        ahead = _common_run(old, end_a, limit_a, new, end_b, limit_b, 1)
        end_a, end_b = end_a + ahead, end_b + ahead
        if (start_a - at_a) + (start_b - at_b) > MIN_ANCHORED_REGION and start_a > at_a and start_b > at_b:
            out.append((at_a, start_a, at_b, start_b))
        out.append((start_a, start_b, end_a - start_a))
        at_a, at_b = end_a, end_b
    if (a1 - at_a) + (b1 - at_b) > MIN_ANCHORED_REGION and a1 > at_a and b1 > at_b:
        out.append((at_a, a1, at_b, b1))
    return out


def _joined_blocks(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for a, b, size in blocks:
        if out and out[-1][0] + out[-1][2] == a and out[-1][1] + out[-1][2] == b:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + size)
        elif size:
            out.append((a, b, size))
    return out


def _dmp_pieces(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Piece]:
    """diff-match-patch's diff and semantic cleanup of two token sequences, as pieces."""
    if not old or not new:
        return [p for p in ((-1, len(old)), (1, len(new))) if p[1]]
    table: dict[Hashable, str] = {}

    def encode(items: Sequence[Hashable]) -> str:
        return "".join(table.setdefault(item, chr(_FIRST_CODE + len(table))) for item in items)

    old_code, new_code = encode(old), encode(new)
    native = NATIVE  # read at each call: a test sets it to None to compare the engines
    if native is not None:
        # timelimit 0: no deadline, the same answer on every machine (size is bounded by the caller)
        counts = native(old_code, new_code, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True)
        return [(_OPS[op], n) for op, n in counts if n]
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # no deadline: the same answer on every machine (size is bounded by the caller)
    diffs = engine.diff_main(old_code, new_code, False)
    engine.diff_cleanupSemantic(diffs)
    return [(op, len(code)) for op, code in diffs if code]


def _join_citations(pieces: list[Piece], old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Piece]:
    """Fold a bare separator (", ", " ") caught between two replacements into them, so that a citation such as
    `Dubai, 2018` → `Bucharest, 2022` stays one replacement; and give each run of changes its deletions first."""
    groups: list[list[Piece]] = []
    for piece in pieces:
        if groups and (piece[0] != 0) == (groups[-1][0][0] != 0):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    at = 0  # position in `old` of the group being looked at (common pieces advance both sides alike)
    out: list[list[Piece]] = []
    for index, group in enumerate(groups):
        common = group[0][0] == 0
        # a separator is at most three characters, so at most three tokens: no long common run is sliced
        separator = common and group[0][1] <= 3 and _is_separator(old[at:at + group[0][1]])
        if separator and out and out[-1][0][0] != 0 and index + 1 < len(groups) and _replaces(out[-1]) \
                and _replaces(groups[index + 1]):
            out[-1].extend([(-1, group[0][1]), (1, group[0][1])])  # in place: a long chain of folds stays linear
        elif out and not common and out[-1][0][0] != 0:
            out[-1].extend(group)
        else:
            out.append(group)
        at += sum(n for op, n in group if op <= 0)
    result: list[Piece] = []
    for group in out:
        if group[0][0] == 0:
            result.append((0, sum(n for _, n in group)))
        else:
            result.extend(p for p in ((-1, sum(n for op, n in group if op < 0)),
                                      (1, sum(n for op, n in group if op > 0))) if p[1])
    return result


def _is_separator(items: Sequence[Hashable]) -> bool:
    if not all(isinstance(item, str) for item in items):
        return False
    text = "".join(str(item) for item in items)
    return len(text) <= 3 and not any(ch.isalnum() for ch in text)


def _replaces(group: list[Piece]) -> bool:
    return any(op < 0 for op, _ in group) and any(op > 0 for op, _ in group)


def _normalise(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces of the same kind joined, empty ones dropped."""
    out: list[Piece] = []
    for op, n in pieces:
        if n and out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + n)
        elif n:
            out.append((op, n))
    return out
