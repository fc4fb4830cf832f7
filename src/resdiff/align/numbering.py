"""Split flattened label tokens into (old label, new label) by a search over the whole series.

Text extracted from a tracked document glues a deleted label to the inserted one: `gf)` is old g) → new f),
`1213` old 12 → new 13. A token may also be a paragraph that exists on one side only (a plain `f)` deleted
before `gf)`, a plain `n)` inserted before `no)`). Each token has several readings; the chosen ones must make
the old labels one valid series and the new labels another (bis/ter allowed on either side). This is a shortest
path over the tokens (dynamic programming on the last old and new label), not a set of local rules.

Costs prefer the reading with the fewest whole-paragraph insertions and deletions and no bis/ter on the old
side (adopted texts are renumbered), and follow the evidence of
closing punctuation (DOMAIN.md §3.2): an item ending `,;` (or `.;`, or whose text runs on after a final `.`) was
the last of the old series, so what follows it is new; one ending `;,` is the new last, so what follows is gone.
Readings that another path reaches at nearly the same cost are reported as ambiguities with their alternatives.

The glue order says which part of a glued token or of glued closing punctuation is the deleted one: `del-ins`
(Apache POI / Tika, the default) puts the deleted text first (`gf)` is g) → f), `,;` is "," → ";"), `ins-del`
puts the inserted text first (`fg)` is g) → f), `;,` is "," → ";"). Read in the wrong order, a document whose
only evidence is glued labels is the mirror image of itself (old and new swapped), equally valid; bis/ter labels
and closing punctuation are what break the tie (`Solution.cost`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from resdiff.labels import Label, follows, token_readings
from resdiff.records import record

Glue = Literal["del-ins", "ins-del"]

INSERTED_OR_DELETED = 2.0
# Adopted texts are renumbered sequentially (none of the 64 PP-18 texts has a bis/ter label, DOMAIN.md §3.1),
# so a bis/ter label on the old side is less likely than one more inserted paragraph.
OLD_ADVERB = 5.0
AGAINST_EVIDENCE = 5.0
# A plain ";" before the last item is weak evidence that the last item existed on both sides: the punctuation
# change may hide inside another tracked change. Its alternatives stay within the ambiguity margin.
WEAK_EVIDENCE = 0.5
BROKEN_SERIES = 100.0
AMBIGUITY_MARGIN = INSERTED_OR_DELETED + WEAK_EVIDENCE

# Closing punctuation that says an item was the last of the old series (its "," or "." replaced by ";", or a
# final "." the text runs on after) or of the new one (its ";" replaced by "," or "."), per glue order.
# Chinese ends items with full-width "；" "，" "。" (no space after a final "。" the text runs on from), Arabic
# with "؛" "،".
_SEMI = ";；؛"
_STOPS = ",.，。،"
_OLD_LAST = {
    "del-ins": re.compile(rf"(?:[{_STOPS}][{_SEMI}]\s*$)|(?:(?:\.\s+|。，?)[a-zà-ÿ\u0600-\u06ff\u4e00-\u9fff].*"
                          rf"[{_SEMI}]\s*$)", re.DOTALL),
    "ins-del": re.compile(rf"[{_SEMI}]\s*[{_STOPS}]\s*$"),
}
_NEW_LAST = {
    "del-ins": re.compile(rf"[{_SEMI}]\s*[{_STOPS}]\s*$"),
    "ins-del": re.compile(rf"[{_STOPS}][{_SEMI}]\s*$"),
}

# The marks each pattern can end on (before white space), looked at first: see _closes.
_OLD_LAST_END = {"del-ins": _SEMI, "ins-del": _STOPS}
_NEW_LAST_END = {"del-ins": _STOPS, "ins-del": _SEMI}


_Ends = tuple[bool, bool, str]


@lru_cache(maxsize=1024)
def _closes(text: str, glue: Glue) -> _Ends:
    """Whether the text's closing punctuation says its item was the last of the old series, and of the new one,
    and the evidence it carries on by default ("both" after a plain ";", see `_evidence`). Read once per item (the
    search over states asked it for every state and reading), and only where the text ends on a mark a pattern
    can end on: the run-on pattern's ".*" otherwise searched to the end from every ". a", and a line of ". a" ×
    20,000 took 24 s."""
    end = text.rstrip()[-1:]
    if not end:
        return False, False, ""
    old = end in _OLD_LAST_END[glue] and _OLD_LAST[glue].search(text) is not None
    new = end in _NEW_LAST_END[glue] and _NEW_LAST[glue].search(text) is not None
    return old, new, "both" if end in _SEMI else ""


@record(frozen=True)
class Reading:
    """One way to read a token: the label on each side (None where the paragraph does not exist)."""

    old: Label | None
    new: Label | None
    old_text: str | None  # the label as written on that side, e.g. "g)" / "f)"
    new_text: str | None
    cut: int | None = None  # for a glued token, where its first label (the deleted one in del-ins order) ends


@record(frozen=True)
class Item:
    token: str  # e.g. "gf)", "1213", "4 bis"
    text: str  # the paragraph's text after the label (used for punctuation evidence)


@record(frozen=True)
class Ambiguity:
    index: int
    token: str
    chosen: Reading
    alternatives: tuple[Reading, ...]


@record(frozen=True)
class Solution:
    readings: tuple[Reading, ...]
    ambiguities: tuple[Ambiguity, ...]
    broken: bool  # no reading makes both series valid; the least broken one was taken
    cost: float = 0.0  # of the chosen readings: what the glue orders are compared by


def _labels(token: str, kinds: frozenset[str]) -> tuple[Label, ...]:
    """The readings of a token, or of one part of a glued token, of one of `kinds`."""
    return tuple(r for r in token_readings(token) if r.kind in kinds)


def candidate_readings(token: str, kinds: frozenset[str], glue: Glue = "del-ins") -> list[Reading]:
    """Every reading of a token whose labels are of one of `kinds`; a glued token's first part is the old label
    in `del-ins` order, the new one in `ins-del` order."""
    return list(_candidates(token, kinds, glue)[0])


# One object per distinct label for all searches, so that a state's key can be its labels' identities (a label's
# hash is computed in Python) and a token's readings and steps serve every search. The labels of the kinds searched
# are a few thousand (numbers to 999, letters to "zz", Roman numerals, with adverbs); should the table fill up
# (decimal labels asked for directly), a search shares its labels itself (`_shared`).
_ONE: dict[Label, Label] = {}
_MOST_LABELS = 1 << 16


def _one(label: Label | None) -> Label | None:
    if label is None:
        return None
    return _ONE.get(label) or (_ONE.setdefault(label, label) if len(_ONE) < _MOST_LABELS else label)


@lru_cache(maxsize=4096)
def _candidates(token: str, kinds: frozenset[str], glue: Glue) -> tuple[tuple[Reading, ...], bool]:
    """`candidate_readings` made once per token (tokens recur in every section: a), b), 1, 2 …), and whether their
    labels are interned (`_one`)."""
    closing = ")" if token.endswith(")") else ""
    body = token[: -1] if closing else token
    out: list[tuple[Label | None, Label | None, str | None, str | None, int | None]] = []
    for label in _labels(token, kinds):
        out += [(label, label, token, token, None), (label, None, token, None, None), (None, label, None, token, None)]
    for cut in range(1, len(body)):
        old_part, new_part = body[:cut].strip(), body[cut:].strip()
        if glue == "ins-del":
            old_part, new_part = new_part, old_part
        if not old_part or not new_part or old_part == new_part:
            continue
        olds = _labels(old_part + closing, kinds)
        news = _labels(new_part + closing, kinds)
        for old in olds:
            for new in news:
                if old.kind == new.kind and old.script == new.script:
                    out.append((old, new, old_part + closing, new_part + closing, cut))
    readings = tuple(Reading(_one(old), _one(new), old_text, new_text, cut)
                     for old, new, old_text, new_text, cut in out)
    return readings, len(_ONE) < _MOST_LABELS  # while the table has room, every label is in it


def solve(items: list[Item], kinds: frozenset[str], glue: Glue = "del-ins") -> Solution:
    """Choose a reading per item so that both sides form valid series at the least cost."""
    options, steps = _prepared(items, kinds, glue)
    forward, moves = _forward(steps)
    if not forward or not forward[-1]:
        return Solution((), (), False)
    rest = _backward(forward, moves)
    end = min(forward[-1], key=lambda key: forward[-1][key][0])
    total, path = forward[-1][end][0], _path(forward, end)
    chosen = tuple(options[i][k] for i, k in enumerate(path))
    ambiguities = []
    for index, item in enumerate(items):
        before = forward[index - 1] if index else _FIRST
        through = _through(before, moves[index], rest[index + 1])
        alternatives = tuple(reading for k, reading in enumerate(options[index]) if k != path[index]
                             and through.get(k, BROKEN_SERIES) <= total + AMBIGUITY_MARGIN + 1e-9
                             and through.get(k, BROKEN_SERIES) < BROKEN_SERIES)
        if alternatives:
            ambiguities.append(Ambiguity(index, item.token, chosen[index], alternatives))
    return Solution(chosen, tuple(ambiguities), total >= BROKEN_SERIES, total)


def _prepared(items: list[Item], kinds: frozenset[str], glue: Glue) -> tuple[list[tuple[Reading, ...]], list[_Steps]]:
    """Each item's readings (one that reads no label where it has none) and its steps. A step depends on the
    item's token, its closing punctuation and whether it is the last item only, so with interned labels the steps
    are made once for all the items alike (`_item_steps`)."""
    last = len(items) - 1
    found = [_candidates(item.token, kinds, glue) for item in items]
    if all(interned for _, interned in found):
        options = [readings or (Reading(None, None, item.token, item.token),)
                   for (readings, _), item in zip(found, items, strict=True)]
        return options, [_item_steps(item.token, kinds, glue, _closes(item.text, glue), index == last)
                         for index, item in enumerate(items)]
    options = [tuple(row) for row in _shared([list(readings) or [Reading(None, None, item.token, item.token)]
                                              for (readings, _), item in zip(found, items, strict=True)])]
    return options, [_steps(options[index], _closes(item.text, glue), index == last)
                     for index, item in enumerate(items)]


def _shared(options: list[list[Reading]]) -> list[list[Reading]]:
    """The readings with one object per distinct label, so that a state's key can be its labels' identities: a
    label's hash is computed in Python, and hashing states was most of the search's time. Labels mostly come
    shared already (`token_readings`), so each object is looked up by its identity first, hashed once at most."""
    one: dict[Label, Label] = {}
    seen: dict[int, Label] = {}  # id → the shared label; the labels stay alive in `options` meanwhile

    def shared(label: Label | None) -> Label | None:
        if label is None:
            return None
        found = seen.get(id(label))
        if found is None:
            found = seen[id(label)] = one.setdefault(label, label)
        return found

    out = []
    for choices in options:
        row = []
        for r in choices:
            old, new = shared(r.old), shared(r.new)
            row.append(r if old is r.old and new is r.new else Reading(old, new, r.old_text, r.new_text, r.cut))
        out.append(row)
    return out


# A state is (last old label, last new label, evidence carried from the previous item), known in the tables by its
# key (the labels' identities: see _one). A forward table maps each state's key after an item to (least cost so
# far, the key before the item, the reading taken, the state): the path is followed back from the end, never
# copied per state (which made a series of n items cost n² time).
State = tuple[Label | None, Label | None, str]
Key = tuple[int, int, str]
Table = dict[Key, tuple[float, Key | None, int, State]]
_START: State = (None, None, "")
# States that cost this much more than the best one after the same item are dropped: a path that far behind
# would need the best ones to break a series it keeps (BROKEN_SERIES) just to catch up, and kept, states that
# lag by one inserted item more at each step made a series of n items cost n² (500 items: 74 s).
BEAM = BROKEN_SERIES
Move = tuple[Key, int, float, Key]
# One reading of an item as the search uses it: its index, old and new label and their identities, its cost and the
# evidence it carries on; an item's steps by the evidence carried in from the items before (`_steps`)
_Step = tuple[int, Label | None, Label | None, int, int, float, str]
_Steps = dict[str, tuple[_Step, ...]]
_FIRST: Table = {(id(None), id(None), ""): (0.0, None, -1, _START)}
_NEVER = float("inf")


@lru_cache(maxsize=4096)
def _item_steps(token: str, kinds: frozenset[str], glue: Glue, ends: _Ends, last: bool) -> _Steps:
    """`_steps` of an item whose labels are interned (`_candidates`): the same for every item alike."""
    return _steps(_candidates(token, kinds, glue)[0] or (Reading(None, None, token, token),), ends, last)


def _steps(choices: tuple[Reading, ...], ends: _Ends, last: bool) -> _Steps:
    """What each reading of one item costs and says whatever the state before it but its labels, worked out once
    per item: the search asked the item's punctuation again for every state and reading, most of its time."""
    old_last, new_last, default = ends
    out: dict[str, list[_Step]] = {"": [], "old-last": [], "new-last": [], "both": []}
    for k, reading in enumerate(choices):
        old, new = reading.old, reading.new
        one_sided = old is None or new is None
        # an item's own glued punctuation says it existed on the side whose last item it was
        own = (AGAINST_EVIDENCE if old is None and old_last else 0.0) + (
            AGAINST_EVIDENCE if new is None and new_last else 0.0) + (
            INSERTED_OR_DELETED if one_sided else 0.0) + (OLD_ADVERB if old is not None and old.rank else 0.0)
        # what the item's closing punctuation says about the items after it
        says = "old-last" if old is not None and old_last else "new-last" if new is not None and new_last else None
        # by the evidence carried in (all costs are small multiples of 0.5: their sums are exact in any order)
        by_carried = {
            "": (own, says or default),
            "old-last": (own + (AGAINST_EVIDENCE if old is not None else 0.0), _evidence(says, one_sided, "old-last",
                                                                                         default)),
            "new-last": (own + (AGAINST_EVIDENCE if new is not None else 0.0), _evidence(says, one_sided, "new-last",
                                                                                         default)),
            "both": (own + (WEAK_EVIDENCE if last and one_sided else 0.0), says or default),
        }
        for carried, (cost, evidence) in by_carried.items():
            out[carried].append((k, old, new, id(old), id(new), cost, evidence))
    return {carried: tuple(steps) for carried, steps in out.items()}


def _evidence(says: str | None, one_sided: bool, carried: str, default: str) -> str:
    """What an item's closing punctuation says about the items after it, given what it says itself."""
    if says is not None:
        return says
    if one_sided and carried in ("old-last", "new-last"):
        return carried  # an item that exists on one side only does not change what the other side ended with
    # A plain ";" says the series went on after this item on both sides — which only tells something about
    # the last item: had it been added (or dropped), this item's ";" would show a tracked "," too.
    return default


def _forward(steps: list[_Steps]) -> tuple[list[Table], list[list[Move]]]:
    """The forward tables, and each item's moves (key before, reading, its cost, key after) between the states
    kept: the backward pass and the alternatives are then read off the moves, the costs computed once."""
    tables: list[Table] = []
    moves: list[list[Move]] = []
    current = _FIRST
    # Whether a label may follow the last one, by their identities (the last one's first): the states of an item
    # share a few last labels.
    fits: dict[int, dict[int, bool]] = {}
    for item_steps in steps:
        following, made = _advance(current, item_steps, fits)
        tables.append(following)
        moves.append(made)
        current = following
    return tables, moves


def _advance(current: Table, steps: _Steps, fits: dict[int, dict[int, bool]]) -> tuple[Table, list[Move]]:
    """The states after one item (within the beam of the best) and the moves to them that break no series.

    A move that breaks a series is not kept for the backward pass: the moves serve the alternatives only, which
    cost less than BROKEN_SERIES in all. Left out, they make `_backward` give no cost, instead of one of at least
    BROKEN_SERIES, for states whose every way on breaks a series, and `_through` none for readings that would cost
    that much: the same alternatives either way (most moves out of a state that lags behind are of this kind).
    Every move is still tried against the states, in order: the order the states come in breaks ties."""
    following: Table = {}
    made: list[Move] = []
    floor = _NEVER  # the least total so far
    best_of = following.get
    for key, (cost, _, _, (last_old, last_new, carried)) in current.items():
        key_old, key_new, _ = key
        after_old = fits.get(key_old)
        if after_old is None:
            after_old = fits[key_old] = {}
        after_new = fits.get(key_new)
        if after_new is None:
            after_new = fits[key_new] = {}
        for k, old, new, old_id, new_id, step, evidence in steps[carried]:
            if old is not None:
                fit = after_old.get(old_id)
                if fit is None:
                    fit = after_old[old_id] = follows(last_old, old)
                if not fit:
                    step += BROKEN_SERIES
            if new is not None:
                fit = after_new.get(new_id)
                if fit is None:
                    fit = after_new[new_id] = follows(last_new, new)
                if not fit:
                    step += BROKEN_SERIES
            total = cost + step
            after_key = (key_old if old is None else old_id, key_new if new is None else new_id, evidence)
            if step < BROKEN_SERIES:
                made.append((key, k, step, after_key))
            best = best_of(after_key)
            if best is None or total < best[0]:
                following[after_key] = (total, key, k, (old or last_old, new or last_new, evidence))
                if total < floor:
                    floor = total
    kept = {key: entry for key, entry in following.items() if entry[0] <= floor + BEAM}
    # a move into a state the beam drops leads nowhere
    return kept, [move for move in made if move[3] in kept]


def _path(forward: list[Table], end: Key) -> tuple[int, ...]:
    """The readings taken on the way to `end`, followed back through the tables."""
    path = []
    key: Key | None = end
    for table in reversed(forward):
        assert key is not None
        _, key, k, _ = table[key]
        path.append(k)
    return tuple(reversed(path))


def _backward(forward: list[Table], moves: list[list[Move]]) -> list[dict[Key, float]]:
    """rest[i][state] = least cost of items i.. given the state before item i, for the states the forward pass
    kept; built from the last item back in a loop (a recursion as deep as the series overflowed the stack at a
    few hundred items)."""
    count = len(moves)
    rest: list[dict[Key, float]] = [{} for _ in range(count + 1)]
    rest[count] = dict.fromkeys(forward[-1], 0.0)
    for index in range(count - 1, -1, -1):
        after, here = rest[index + 1], rest[index]
        for state, _, step, following in moves[index]:
            total = step + after.get(following, _NEVER)
            if total < here.get(state, _NEVER):
                here[state] = total
    return rest


def _through(before: Table, moves: list[Move], rest: dict[Key, float]) -> dict[int, float]:
    """Least total cost of a path through each reading of one item (by its index), given the tables around it."""
    best: dict[int, float] = {}
    for state, k, step, following in moves:
        total = before[state][0] + step + rest.get(following, _NEVER)
        if total < best.get(k, _NEVER):
            best[k] = total
    return best
