"""Match the paragraphs of two versions, order kept, by content — labels do not count.

Staged from cheap to expensive (as WmlComparer does): paragraphs identical once their labels are set aside are
anchored first (patience-style, `resdiff.align.words.matching_blocks`: linear on real documents, bounded on any);
only the gaps between anchors are scored, with rapidfuzz's ratio and a cutoff, and aligned by Needleman–Wunsch.
So old `g)` that became new `f)` is one pair, and a 10 000-paragraph document never meets an all-pairs matrix.

Every score has a bounded cost, so the result depends on the input only and its cost on the input's size:
rapidfuzz's ratio costs about len(a) · len(b) / 64 steps, so texts beyond `MAX_SCORED_CHARS` of those are
scored by the words they share instead (`bag_ratio`, linear), and a gap of more than `MAX_GAP_CELLS` pairs is
aligned by position.
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter, deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from resdiff.align.words import MAX_GAP_CELLS, anchored_pairs
from resdiff.labels import split_label

if TYPE_CHECKING:
    from numpy.typing import NDArray

SIMILARITY_CUTOFF = 55.0
# A lone old and a lone new paragraph left between two pairs are the same clause rewritten if they share this much.
REWRITE_CUTOFF = 30.0
# Characters of one side times characters of the other that rapidfuzz scores exactly (a few milliseconds).
MAX_SCORED_CHARS = 2**30
# Word lookups the word-bag scores of one gap may take; beyond, the gap is aligned by position.
MAX_BAG_LOOKUPS = 2_000_000


def body(text: str) -> str:
    """A paragraph's text without its label, whitespace normalised: what identifies it across renumbering."""
    split = split_label(text)
    return " ".join((split[1] if split else text).split())


def match_paragraphs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Order-keeping pairs (old index, new index) of paragraphs that are the same clause."""
    old_keys, new_keys = [body(t) for t in old], [body(t) for t in new]
    return anchored_pairs(old_keys, new_keys, lambda o0, o1, n0, n1: _align_gap(old_keys, new_keys, o0, o1, n0, n1))


def _align_gap(old: list[str], new: list[str], o0: int, o1: int, n0: int, n1: int) -> list[tuple[int, int]]:
    rows, cols = o1 - o0, n1 - n0
    if not rows or not cols:
        return []
    scores = scores_of(old[o0:o1], new[n0:n1], SIMILARITY_CUTOFF)
    if scores is None:
        return [(o0 + k, n0 + k) for k in range(min(rows, cols))]
    pairs = [(o0 + i, n0 + j) for i, j in best_pairs(scores)]
    return _pair_lone_rewrites(old, new, o0, o1, n0, n1, pairs)


def scores_of(old: Sequence[str], new: Sequence[str], cutoff: float
              ) -> list[array[float]] | list[list[float]] | None:
    """The similarity (0–100, 0 below `cutoff`) of every old text to every new one: rapidfuzz's ratio where its
    cost is bounded, else `bag_ratio`; None if there are too many pairs for either."""
    if len(old) * len(new) > MAX_GAP_CELLS:
        return None
    if sum(map(len, old)) * sum(map(len, new)) <= MAX_SCORED_CHARS:
        # float32 rows, as rapidfuzz's cdist gave (its matrix is float32): the same scores to the last bit, so the
        # same alignment, without cdist's numpy (a quarter of a second to import, more than the scoring costs;
        # Needleman–Wunsch below visits every cell in Python anyway)
        ratio = fuzz.ratio
        return [array("f", [ratio(a, b, score_cutoff=cutoff) for b in new]) for a in old]
    old_bags, new_bags = [_bag(t) for t in old], [_bag(t) for t in new]
    if sum(min(len(x), len(y)) for x in old_bags for y in new_bags) > MAX_BAG_LOOKUPS:
        return None
    rows = [[_bag_score(x, y, len(a) + len(b)) for y, b in zip(new_bags, new)] for x, a in zip(old_bags, old)]
    return [[score if score >= cutoff else 0.0 for score in row] for row in rows]


def similarity(a: str, b: str) -> float:
    """rapidfuzz's ratio (0–100) where its cost is bounded, else `bag_ratio`."""
    return fuzz.ratio(a, b) if len(a) * len(b) <= MAX_SCORED_CHARS else bag_ratio(a, b)


def bag_ratio(a: str, b: str) -> float:
    """The ratio two texts would have if their common words were in the same order (an upper bound of the
    ratio of their words): linear, for texts too long for rapidfuzz's ratio."""
    return _bag_score(_bag(a), _bag(b), len(a) + len(b))


def _bag(text: str) -> Counter[str]:
    return Counter(text.split())


def _bag_score(a: Counter[str], b: Counter[str], length: int) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    common = sum(min(count, large[word]) * (len(word) + 1) for word, count in small.items() if word in large)
    return min(100.0, 200.0 * common / length) if length else 100.0


def best_pairs(scores: Sequence[Sequence[float]] | NDArray[Any]) -> list[tuple[int, int]]:
    """Needleman–Wunsch: the order-keeping set of (row, column) pairs with the highest total score; a zero
    score never pairs."""
    rows = len(scores)
    cols = len(scores[0]) if rows else 0
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            best[i][j] = max(best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + float(scores[i - 1][j - 1]))
    pairs = []
    i, j = rows, cols
    while i and j:
        score = float(scores[i - 1][j - 1])
        if score and best[i][j] == best[i - 1][j - 1] + score:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _pair_lone_rewrites(old: list[str], new: list[str], o0: int, o1: int, n0: int, n1: int,
                        pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Between consecutive pairs, one unmatched old and one unmatched new paragraph in the same place are most
    likely one clause heavily rewritten (a new Declaration replacing an old one), not a deletion and an insertion."""
    bounds = [(o0 - 1, n0 - 1)] + pairs + [(o1, n1)]
    out = list(pairs)
    for (a0, b0), (a1, b1) in itertools.pairwise(bounds):
        if a1 - a0 == 2 and b1 - b0 == 2 and similarity(old[a0 + 1], new[b0 + 1]) >= REWRITE_CUTOFF:
            out.append((a0 + 1, b0 + 1))
    return sorted(out)


MOVE_CUTOFF = 85.0  # an edited clause that moved must still be mostly the same text
MOVE_MIN_LENGTH = 20  # short paragraphs ("a)", "considering") are too alike to be called moves when they differ


def find_moves(old: list[str], new: list[str], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Unmatched old and new paragraphs that are one clause moved to another place (or section): the same body
    first, then bodies that are nearly the same (a clause moved and edited), best pairs first."""
    matched_old = {a for a, _ in pairs}
    matched_new = {b for _, b in pairs}
    waiting: dict[str, deque[int]] = {}  # a deque: many unmatched paragraphs may share a body
    for index, text in enumerate(old):
        if index not in matched_old and (key := body(text)):
            waiting.setdefault(key, deque()).append(index)
    moves = []
    for index, text in enumerate(new):
        if index not in matched_new and (key := body(text)) and waiting.get(key):
            moves.append((waiting[key].popleft(), index))
    taken_old = matched_old | {o for o, _ in moves}
    taken_new = matched_new | {n for _, n in moves}
    rest_old = [i for i in range(len(old)) if i not in taken_old and len(body(old[i])) >= MOVE_MIN_LENGTH]
    rest_new = [i for i in range(len(new)) if i not in taken_new and len(body(new[i])) >= MOVE_MIN_LENGTH]
    scores = scores_of([body(old[i]) for i in rest_old], [body(new[j]) for j in rest_new], MOVE_CUTOFF) \
        if rest_old and rest_new else None
    if scores is not None:
        candidates = sorted(((float(scores[a][b]), a, b) for a in range(len(rest_old)) for b in range(len(rest_new))
                             if scores[a][b]), key=lambda c: (-c[0], c[1], c[2]))
        paired_old: set[int] = set()
        paired_new: set[int] = set()
        for _, a, b in candidates:
            if a not in paired_old and b not in paired_new:
                paired_old.add(a)
                paired_new.add(b)
                moves.append((rest_old[a], rest_new[b]))
    return sorted(moves, key=lambda m: m[1])


JOINED_CUTOFF = 90.0
JOINED_GAIN = 10.0


def find_splits(old: list[str], new: list[str], pairs: list[tuple[int, int]]) -> dict[int, int]:
    """Paired paragraphs whose old text is the new text plus the next, unpaired new paragraph: one paragraph
    split in two. Returns {new index of the first half: new index of the second}."""
    return _joined(old, new, pairs, split=True)


def find_merges(old: list[str], new: list[str], pairs: list[tuple[int, int]]) -> dict[int, int]:
    """The other way round: {old index of the first half: old index of the second} for two paragraphs merged."""
    return _joined(old, new, pairs, split=False)


def _joined(old: list[str], new: list[str], pairs: list[tuple[int, int]], *, split: bool) -> dict[int, int]:
    paired_old = {o for o, _ in pairs}
    paired_new = {n for _, n in pairs}
    out = {}
    for o, n in pairs:
        nxt = n + 1 if split else o + 1
        pool, taken = (new, paired_new) if split else (old, paired_old)
        if nxt >= len(pool) or nxt in taken or not body(pool[nxt]):
            continue
        whole, half = (body(old[o]), body(new[n])) if split else (body(new[n]), body(old[o]))
        together = similarity(whole, half + " " + body(pool[nxt]))
        if together >= JOINED_CUTOFF and together >= similarity(whole, half) + JOINED_GAIN:
            out[n if split else o] = nxt
    return out
