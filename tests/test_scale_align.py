"""Issue 20, aligning in linear time: language versions (`parallel`), flattened text against its base
(`untangle --base`) and renumbering (`renumber`) on resolutions of thousands of clauses.

Each was quadratic (measured in CPU seconds at 1,500 and 6,000 clauses, before the fix): `parallel` aligned each
section's clauses by a dynamic programme over every pair (3.2 and 52 s, and a table of 36 million cells);
`untangle --base` scored every base paragraph against every flattened one (1.5 and 16 s, more than a gigabyte of
scores); `renumber` looked for each clause's numbered sibling by walking back over all the clauses before it (0.2
and 1.7 s). Now the first two anchor what is unchanged (`matching_blocks`) and align only the gaps between, and the
siblings are found in one pass. Each test runs the operation at n and 4n: linear work grows 4x, quadratic 16x; the
bound is 8x (CPU time, best of three, `assert_grows_linearly`)."""

from __future__ import annotations

import io

import resdiff
from test_reliability_text import assert_grows_linearly

HEAD = "RESOLUTION 1 (REV. DUBAI, 2018)\n\nThe Plenipotentiary Conference,\n\nresolves\n\n"


def _text(lines: list[str]) -> bytes:
    return (HEAD + "\n".join(lines) + "\n").encode()


def _clauses(count: int, changed: bool = False) -> bytes:
    """`count` numbered clauses; in the changed version every fifth says something else."""
    return _text([f"{i + 1}\tthat {'newer' if changed and i % 5 == 0 else 'old'} text {i};" for i in range(count)])


def test_parallel_aligns_versions_of_thousands_of_clauses_in_linear_time() -> None:
    def run(data: bytes) -> object:
        return resdiff.parallel([resdiff.read(data, name="en.txt"), resdiff.read(data, name="fr.txt")])

    assert_grows_linearly(run, _clauses, 4_000)
    # the same structure, whatever the words: nothing to report
    assert resdiff.parallel([resdiff.read(_clauses(30), name="en.txt"),
                             resdiff.read(_clauses(30, changed=True), name="fr.txt")]) == []


def test_untangle_aligns_thousands_of_paragraphs_to_their_base_in_linear_time() -> None:
    bases: dict[int, resdiff.Document] = {}

    def crafted(count: int) -> bytes:
        bases[count] = resdiff.read(_clauses(count), name="base.txt")
        return str(count).encode() + b"\n" + _flattened(count)

    def run(data: bytes) -> object:
        count, flat = data.split(b"\n", 1)
        return resdiff.untangle(io.BytesIO(flat), base=bases[int(count)])

    assert_grows_linearly(run, crafted, 8_000)
    small = resdiff.untangle(io.BytesIO(_flattened(10)), base=resdiff.read(_clauses(10), name="base.txt"))
    assert resdiff.render(small, "md").decode().count("that old{++newer++} text") == 2  # clauses 1 and 6


def _flattened(count: int) -> bytes:
    """Text extracted from a tracked document that inserted "newer" after "old" in every fifth clause."""
    return _text([f"{i + 1}\tthat {'oldnewer' if i % 5 == 0 else 'old'} text {i};" for i in range(count)])


def test_renumber_finds_numbered_siblings_in_linear_time() -> None:
    """Clauses `a)`, `a bis)`, … in one series: each is renumbered, and each looks for its numbered sibling."""
    def crafted(count: int) -> bytes:
        return _text([f"{chr(97 + i % 26)}{' bis' if i % 3 else ''})\tthat item {i};" for i in range(count)])

    assert_grows_linearly(lambda data: resdiff.renumber(resdiff.read(data, name="labels.txt")), crafted, 6_000)


def test_the_warning_on_a_long_unsolved_series_names_its_first_labels_and_their_count() -> None:
    """1,100 labels in one series (4-digit numbers read as two glued ones leave no valid reading): the warning
    named every label, a line of thousands of characters; now the first twelve and how many there are."""
    doc = resdiff.untangle(io.BytesIO(_text([f"{i + 1}\tthat item {i};" for i in range(1100)])))
    (warning,) = [m for m in doc.messages if m.code == "numbering-unsolved"]
    assert warning.text == ("no reading of the labels 1 2 3 4 5 6 7 8 9 10 11 12 … (1100 labels) gives valid old "
                            "and new series; the least broken one was taken")


def test_a_gap_too_large_for_the_programme_is_paired_by_position() -> None:
    """Beyond MAX_GAP_CELLS pairs between anchors, both aligners pair the gap's items by position, never making a
    pair that scores 0; on a gap where every item changed in place that is what the full programme finds too."""
    from resdiff.align.against_base import _coverage, align_paragraphs
    from resdiff.align.paragraphs import best_pairs as needleman_wunsch
    from resdiff.align.parallel import best_pairs
    from resdiff.align.words import MAX_GAP_CELLS

    count = 600  # 360,000 pairs: over the bound
    assert count * count > MAX_GAP_CELLS
    left, right = [f"a{i}" for i in range(count)], [f"b{i}" for i in range(count)]  # no key in common
    assert best_pairs(left, right, lambda i, j: 1) == [(k, k) for k in range(count)]
    assert best_pairs(left, right, lambda i, j: int(i % 2 == 0)) == [(k, k) for k in range(0, count, 2)]
    base = [f"{i + 1}\tthat old text {i};" for i in range(count)]
    flat = [f"{i + 1}\tthat old new text {i};" for i in range(count)]  # every paragraph changed: no anchor
    assert align_paragraphs(base, flat) == [(k, k) for k in range(count)]
    assert needleman_wunsch(_coverage(base[:40], flat[:40])) == [(k, k) for k in range(40)]
    assert align_paragraphs(base, flat[:1] + ["unrelated"] * (count - 1)) == [(0, 0)]
