"""Word-granular diff: diff-match-patch over tokens, so that no change splits a word, a number or an object.

diff-match-patch diffs characters; each distinct token (a word, a number with its separators such as `68/198` or
`8.1`, a run of spaces, a punctuation mark — or any hashable key a caller uses for a note reference or a picture)
is first mapped to one code point, the way its own `diff_linesToChars` does for lines, and the result is mapped
back. Semantic cleanup then merges small common pieces caught between changes, so `Dubai, 2018` → `Bucharest,
2022` is one replacement, not two.

The result depends on the input only: diff-match-patch's wall-clock deadline is off, and what is left to align
after the common prefix and suffix is bounded (`MAX_MIDDLE_TOKENS`); beyond it the middle is one replacement —
coarse but exact, and the same on any machine. This is the only module that speaks diff-match-patch's API.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|\s+|.", re.UNICODE | re.DOTALL)
_FIRST_CODE = 0x10000  # above the surrogates: every later code point is a valid str character
_MAX_CODES = 0x110000 - _FIRST_CODE
# diff-match-patch's bisection costs about (n + m) · d steps; with the middle capped the worst case stays a few
# seconds in pure Python, and real paragraphs (a few hundred tokens) never reach the cap.
MAX_MIDDLE_TOKENS = 4000

Piece = tuple[int, int]  # (op, number of tokens): 0 common, -1 only in old, 1 only in new


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


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
    head = _common_prefix(old, new)
    tail = _common_prefix(old[head:][::-1], new[head:][::-1])
    middle_old, middle_new = old[head:len(old) - tail], new[head:len(new) - tail]
    pieces: list[Piece] = [(0, head)] if head else []
    if len(middle_old) + len(middle_new) > MAX_MIDDLE_TOKENS or len(set(middle_old) | set(middle_new)) > _MAX_CODES:
        pieces += [p for p in ((-1, len(middle_old)), (1, len(middle_new))) if p[1]]
    else:
        pieces += _join_citations(_dmp_pieces(middle_old, middle_new), middle_old, middle_new)
    if tail:
        pieces.append((0, tail))
    return _normalise(pieces)


def _common_prefix(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _dmp_pieces(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Piece]:
    if not old or not new:
        return [p for p in ((-1, len(old)), (1, len(new))) if p[1]]
    table: dict[Hashable, str] = {}

    def encode(items: Sequence[Hashable]) -> str:
        return "".join(table.setdefault(item, chr(_FIRST_CODE + len(table))) for item in items)

    old_code, new_code = encode(old), encode(new)
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
        separator = common and _is_separator(old[at:at + group[0][1]])
        if separator and out and out[-1][0][0] != 0 and index + 1 < len(groups) and _replaces(out[-1]) \
                and _replaces(groups[index + 1]):
            out[-1] = out[-1] + [(-1, group[0][1]), (1, group[0][1])]
        elif out and not common and out[-1][0][0] != 0:
            out[-1] = out[-1] + group
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
