"""Word-granular text diff: diff-match-patch over word tokens, so that no change splits a word or a number.

diff-match-patch diffs characters; each token (a word, a number with its separators such as `68/198` or `8.1`,
a run of spaces, a punctuation mark) is first mapped to one private character, the way its own
`diff_linesToChars` does for lines, then the result is mapped back. Semantic cleanup then merges small common
pieces caught between changes, so `Dubai, 2018` → `Bucharest, 2022` is one replacement, not two. This is the
only module that speaks diff-match-patch's API.
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|\s+|.", re.UNICODE)
_FIRST_PRIVATE = 0xF0000  # supplementary private use area: never in real text, room for 65 534 distinct tokens


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> list[tuple[int, str]]:
    """(op, text) pieces: 0 common, -1 only in `old`, 1 only in `new`; concatenations give back both texts."""
    if old == new:
        return [(0, old)] if old else []
    table: dict[str, str] = {}
    symbols: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in tokens(text):
            if token not in table:
                if len(symbols) >= 65534:
                    return ""
                table[token] = chr(_FIRST_PRIVATE + len(symbols))
                symbols.append(token)
            out.append(table[token])
        return "".join(out)

    old_code, new_code = encode(old), encode(new)
    if (old and not old_code) or (new and not new_code):  # too many distinct tokens: fall back to characters
        old_code, new_code, symbols = old, new, []
    engine = diff_match_patch()
    engine.Diff_Timeout = 5.0
    diffs = engine.diff_main(old_code, new_code, False)
    engine.diff_cleanupSemantic(diffs)
    if not symbols:
        return [(op, text) for op, text in diffs if text]
    decoded = [(op, "".join(symbols[ord(ch) - _FIRST_PRIVATE] for ch in code)) for op, code in diffs if code]
    return _join_citations(decoded)


def _join_citations(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Fold a bare separator (", ", " ") caught between two replacements into them, so that a citation such as
    `Dubai, 2018` → `Bucharest, 2022` stays one replacement."""
    groups: list[list[tuple[int, str]]] = []
    for op, text in diffs:
        if groups and (op != 0) == (groups[-1][0][0] != 0):
            groups[-1].append((op, text))
        else:
            groups.append([(op, text)])
    out: list[list[tuple[int, str]]] = []
    for index, group in enumerate(groups):
        separator = group[0][0] == 0 and not any(ch.isalnum() for _, t in group for ch in t) and len(
            "".join(t for _, t in group)) <= 3
        if separator and out and out[-1][0][0] != 0 and index + 1 < len(groups) and _replaces(out[-1]) \
                and _replaces(groups[index + 1]):
            text = "".join(t for _, t in group)
            out[-1] = out[-1] + [(-1, text), (1, text)]
            continue
        if out and group[0][0] != 0 and out[-1][0][0] != 0:
            out[-1] = out[-1] + group
        else:
            out.append(group)
    result: list[tuple[int, str]] = []
    for group in out:
        if group[0][0] == 0:
            result.append((0, "".join(t for _, t in group)))
        else:
            deleted = "".join(t for op, t in group if op < 0)
            inserted = "".join(t for op, t in group if op > 0)
            result.extend(piece for piece in ((-1, deleted), (1, inserted)) if piece[1])
    return result


def _replaces(group: list[tuple[int, str]]) -> bool:
    return any(op < 0 for op, _ in group) and any(op > 0 for op, _ in group)
