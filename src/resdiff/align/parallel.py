"""Language versions of one resolution aligned by structure, never by text (issue 17).

Translations share no words, so every pairing here is made from what the versions share: the title, the sections'
call-word meanings (`Section.key`, the same key in every language: "recalling", "rappelant" and "напоминая" are
`recalling`), the labels on each side (`a)`, `أ)` and `а)` are the first letter; `4 bis` ranks after `4`) and the
nesting. The first version is the reference; every other version is aligned to it, list by list, with a
maximum-score alignment that keeps the order (a score per pair, no pair below 1), and the rows of all versions
are merged: a row holds one cell per version, None where a version has nothing there.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import field
from typing import TypeVar

from resdiff.align.words import MAX_GAP_CELLS, anchored_pairs
from resdiff.labels import LabelKind, parse_label
from resdiff.model import Clause, Document, Resolution, Section
from resdiff.records import record

__all__ = ["Alignment", "Row", "Version", "align_versions", "label_key", "section_paragraph", "title_paragraph"]

T = TypeVar("T")
LabelKey = tuple[object, ...]


@record(frozen=True)
class Version:
    """One language version: the name its findings carry (a file name), the document and its clause tree."""

    name: str
    doc: Document
    tree: Resolution


@record(frozen=True)
class Row:
    """One row of the aligned versions: a section's call line (`clause` None in every cell) or a clause.

    `sections[i]` is version i's section index (None if the version lacks the section), `cells[i]` its clause;
    `depth` is 0 for a section row, 1 for its clauses, 2 for their sub-items; `orphan[i]` says that version i's
    enclosing section or clause is already missing, so that a missing row is reported once, at its top."""

    sections: tuple[int | None, ...]
    cells: tuple[Clause | None, ...]
    depth: int
    orphan: tuple[bool, ...]


@record(frozen=True)
class Alignment:
    versions: tuple[Version, ...]
    rows: tuple[Row, ...]
    section_maps: tuple[dict[int, int], ...] = field(default=())
    """For each version: its section index → the reference's section index, where the two are aligned."""


def label_key(label: str, siblings_before: int, prefer: LabelKind = "letter") -> LabelKey:
    """What a label means across scripts and languages: its place in its series and its adverb (`c)`, `ج)` and
    `в)` are (3, 0); `4 bis` is (4, 2)). Bullets all read the same, so a bullet's key is its place among its
    sibling bullets. A label resdiff cannot read is compared as written. `prefer` reads `i)` as a letter (the
    ninth, at the top of a section) or a Roman number (the first, under a clause), as `parse_label` does."""
    parsed = parse_label(label.strip(), prefer=prefer)
    if parsed is None:
        return ("text", " ".join(label.split()))
    if parsed.kind == "bullet":
        return ("bullet", siblings_before)
    return ("n", *parsed.key)


def _keys(clauses: Sequence[Clause], side: str, prefer: LabelKind) -> list[LabelKey | None]:
    """The label key of each clause on one side (None where the clause is not on that side). Unlabelled
    paragraphs and bullets count among themselves, so that a section's one paragraph meets the other version's
    one."""
    keys: list[LabelKey | None] = []
    plain = bullets = 0
    for clause in clauses:
        label = clause.old_label if side == "old" else clause.new_label
        text = clause.old_text if side == "old" else clause.new_text
        if label is None:
            plain += text is not None
            keys.append(("plain", plain) if text is not None else None)
            continue
        key = label_key(label, bullets, prefer)
        bullets += key[0] == "bullet"
        keys.append(key)
    return keys


def best_pairs(left: Sequence[Hashable], right: Sequence[Hashable], score: Callable[[int, int], int]
               ) -> list[tuple[int, int]]:
    """The order-keeping pairing of `left` and `right` of highest total score (pairs scoring 0 are never made).
    Runs of equal keys (`left[i] == right[j]`: the pair scores all either item can) are anchored first, patience
    style (`matching_blocks`: linear on real input, bounded on any); only the gaps between them are aligned by
    the dynamic programme of a longest common subsequence, with weights, and a gap of more than `MAX_GAP_CELLS`
    pairs by position. The programme over whole lists took 51 s and a table of 36 million cells for two
    versions of 6,000 clauses, and would take gigabytes for 50,000."""
    return anchored_pairs(left, right, lambda i0, i1, j0, j1: _gap_pairs(score, i0, i1, j0, j1))


def _gap_pairs(score: Callable[[int, int], int], i0: int, i1: int, j0: int, j1: int) -> list[tuple[int, int]]:
    n, m = i1 - i0, j1 - j0
    if n * m > MAX_GAP_CELLS:
        return [(i0 + k, j0 + k) for k in range(min(n, m)) if score(i0 + k, j0 + k) > 0]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = score(i0 + i, j0 + j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + s if s > 0 else 0)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = score(i0 + i, j0 + j)
        if s > 0 and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i0 + i, j0 + j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def merge_rows(lengths: Sequence[int], pairings: Sequence[list[tuple[int, int]]]) -> list[tuple[int | None, ...]]:
    """Rows of indices, one per version, from each other version's pairing with the reference (version 0): the
    reference's items in order, each with its partners; another version's unpaired items get rows of their own
    just before the next item that version paired (in the order of the versions)."""
    partner = [dict(p) for p in pairings]
    rows: list[tuple[int | None, ...]] = []
    next_of = [0] * len(pairings)  # per other version: its first item not yet in a row

    def flush(version: int, until: int) -> None:
        while next_of[version] < until:
            cells: list[int | None] = [None] * (len(pairings) + 1)
            cells[version + 1] = next_of[version]
            rows.append(tuple(cells))
            next_of[version] += 1

    for index in range(lengths[0]):
        for version, pairs in enumerate(partner):
            if index in pairs:
                flush(version, pairs[index])
        rows.append((index, *(pairs.get(index) for pairs in partner)))
        for version, pairs in enumerate(partner):
            if index in pairs:
                next_of[version] = pairs[index] + 1
    for version in range(len(pairings)):
        flush(version, lengths[version + 1])
    return rows


def _scorer(left: Sequence[T], right: Sequence[T], score: Callable[[T, T], int]) -> Callable[[int, int], int]:
    return lambda i, j: score(left[i], right[j])


def _section_score(a: Section, b: Section) -> int:
    if a.key is not None and a.key == b.key:
        return 2
    return 1 if a.kind == b.kind else 0  # the same place in the preamble or the operative part


_Keys = tuple[LabelKey | None, LabelKey | None]


def _section_keys(sections: Sequence[Section]) -> list[Hashable]:
    """What anchors a section: its call's meaning; one without (an unknown call) anchors nothing."""
    return [s.key if s.key is not None else object() for s in sections]


def _anchors(keys: Sequence[_Keys]) -> list[Hashable]:
    """A clause's label keys on both sides anchor it, unless it has none (equal, they would score 0)."""
    return [k if any(x is not None for x in k) else object() for k in keys]


def _clause_score(a: _Keys, b: _Keys) -> int:
    """3 for each side whose labels mean the same; else 1 where both clauses are on a side, so that a clause
    whose label is another in one version only stays in its place (PAR004) rather than splitting into a clause
    missing from each version: one label in common outweighs any run of such pairs around it."""
    same = sum(1 for x, y in zip(a, b, strict=True) if x is not None and x == y)
    if same:
        return 3 * same
    return 1 if any(x is not None and y is not None for x, y in zip(a, b, strict=True)) else 0


def align_versions(versions: Sequence[Version]) -> Alignment:
    """Every version aligned to the first: sections by call meaning and kind, then clauses by labels, nesting
    followed (sub-items are aligned inside their aligned clauses)."""
    reference = versions[0].tree.sections
    pairings = [best_pairs(_section_keys(reference), _section_keys(v.tree.sections),
                           _scorer(reference, v.tree.sections, _section_score)) for v in versions[1:]]
    rows: list[Row] = []
    for indices in merge_rows([len(v.tree.sections) for v in versions], pairings):
        sections = [v.tree.sections[i] if i is not None else None for v, i in zip(versions, indices, strict=True)]
        rows.append(Row(indices, (None,) * len(versions), 0, (False,) * len(versions)))
        rows.extend(_clause_rows(indices, [s.clauses if s else () for s in sections], 1,
                                 tuple(s is None for s in sections)))
    maps = ({i: i for i in range(len(reference))}, *({j: i for i, j in p} for p in pairings))
    return Alignment(tuple(versions), tuple(rows), maps)


def _clause_rows(sections: tuple[int | None, ...], lists: list[tuple[Clause, ...]], depth: int,
                 orphan: tuple[bool, ...]) -> list[Row]:
    prefer: LabelKind = "roman" if depth > 1 else "letter"  # sub-items are i), ii)… in every language
    keys = [list(zip(_keys(c, "old", prefer), _keys(c, "new", prefer), strict=True)) for c in lists]
    pairings = [best_pairs(_anchors(keys[0]), _anchors(k), _scorer(keys[0], k, _clause_score)) for k in keys[1:]]
    rows: list[Row] = []
    for indices in merge_rows([len(c) for c in lists], pairings):
        cells = tuple(c[i] if i is not None else None for c, i in zip(lists, indices, strict=True))
        rows.append(Row(sections, cells, depth, orphan))
        children = [c.children if c is not None else () for c in cells]
        if any(children):
            missing = tuple(o or c is None for o, c in zip(orphan, cells, strict=True))
            rows.extend(_clause_rows(sections, children, depth + 1, missing))
    return rows


def section_paragraph(section: Section) -> int | None:
    """The 0-based paragraph of a section's call line, where it can be told: before its intro lines and its
    first clause (the tree keeps no paragraph for a call line)."""
    for clause in section.clauses:
        if clause.paragraph >= 0:
            return max(clause.paragraph - len(section.intro) - 1, 0)
    return None


def title_paragraph(version: Version) -> int | None:
    """The 0-based paragraph of the title line: the first that has the resolution's number."""
    number = version.tree.number
    if not number:
        return None
    for index, paragraph in enumerate(version.doc.paragraphs()):
        if number in paragraph.text_on("new") or number in paragraph.text_on("old"):
            return index
    return None
