"""Recover inline changes of a flattened paragraph from its base (old) text.

Flattening keeps deleted text, so the base text O is a subsequence of the flattened text M and what M has beyond
O is exactly the inserted text. diff-match-patch finds it; its lossless semantic cleanup slides each insertion
to word boundaries, so `2018Bucarest` splits as `2018` | `Bucarest`. Which base text was *deleted* is not in M
and O alone (DOMAIN.md §3.3); resdiff infers a deletion only where the text before an insertion has the same
shape and contains a number — a year, a resolution or document number (`Dubaï, 2018` → `Bucarest, 2022`,
`68/198` → `76/189`, `CMDT-17` → `22`) — and otherwise reports where a replacement may hide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\d+|[^\W\d_]+|\s+|.", re.UNICODE)
EQUAL, INSERT, DELETE = 0, 1, -1


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str  # "same", "inserted", "deleted" (inferred), "missing" (base text the flattened text lacks)


# diff-match-patch's cost grows with (n + m) · d; without its wall-clock deadline (which made the result depend on
# the machine) the size is bounded instead: beyond this, what lies between the common prefix and suffix is taken
# as one insertion and the base text it replaces as missing — coarse, exact, and the same everywhere.
MAX_CHARACTERS = 20_000


def split_inserted(base: str, merged: str) -> list[Piece]:
    """Pieces of `merged` (and base text missing from it), with inferred deletions."""
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    if len(base) + len(merged) > MAX_CHARACTERS:
        head = engine.diff_commonPrefix(base, merged)
        tail = engine.diff_commonSuffix(base[head:], merged[head:])
        diffs = [(EQUAL, base[:head]), (DELETE, base[head:len(base) - tail]),
                 (INSERT, merged[head:len(merged) - tail]), (EQUAL, base[len(base) - tail:])]
    else:
        diffs = engine.diff_main(base, merged, False)
        engine.diff_cleanupSemanticLossless(diffs)
    pieces: list[Piece] = []
    for op, text in diffs:
        if op == EQUAL:
            pieces.append(Piece(text, "same"))
        elif op == INSERT:
            pieces.extend(_with_inferred_deletion(pieces, text))
        else:
            pieces.append(Piece(text, "missing"))
    return _merge(pieces)


def _with_inferred_deletion(pieces: list[Piece], inserted: str) -> list[Piece]:
    """If the text just before the insertion mirrors it and holds a number, it is what the insertion replaced."""
    shape = _shape(inserted)
    if not pieces or pieces[-1].kind != "same" or not any(ch.isdigit() for ch in inserted):
        return [Piece(inserted, "inserted")]
    before = pieces[-1].text
    tokens = _TOKEN.findall(before)
    count = len(_TOKEN.findall(inserted))
    if count and len(tokens) >= count:
        candidate = "".join(tokens[-count:])
        if _shape(candidate) == shape and candidate != inserted:
            pieces[-1] = Piece(before[: len(before) - len(candidate)], "same")
            return [Piece(candidate, "deleted"), Piece(inserted, "inserted")]
    return [Piece(inserted, "inserted")]


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
        if out and out[-1].kind == piece.kind:
            out[-1] = Piece(out[-1].text + piece.text, piece.kind)
        else:
            out.append(piece)
    return out
