"""Paragraph labels (DOMAIN.md §3.1, §3.2): the forms ITU texts use, and the laws that tie parse, print, order
and step together.

Ranges in the strategies follow what the token grammar accepts: letters `a)` … `zz)` (ordinal 1–52), numbers
up to three digits, Roman numerals of up to seven characters (`i)` … `lxxxvii)`, ordinal 1–87), decimal parts up
to three digits, and adverbs `bis` … `decies` (rank 2–10).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resdiff.labels import (
    ADVERBS,
    BULLETS,
    SCRIPTS,
    Label,
    follows,
    from_roman,
    is_sequence,
    parse_label,
    readings,
    split_label,
    to_roman,
)


def label(token: str, prefer: str = "letter") -> Label:
    parsed = parse_label(token, prefer=prefer)  # type: ignore[arg-type]
    assert parsed is not None, token
    return parsed


def kinds(token: str) -> list[tuple[str, int, int]]:
    return [(r.kind, r.ordinal, r.rank) for r in readings(token)]


# --- every label form of DOMAIN §3.1 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("a)", [("letter", 1, 0)]),
        ("b)", [("letter", 2, 0)]),
        ("r)", [("letter", 18, 0)]),
        ("z)", [("letter", 26, 0)]),
        ("aa)", [("letter", 27, 0)]),
        ("bb)", [("letter", 28, 0)]),
        ("z bis)", [("letter", 26, 2)]),
        ("a bis)", [("letter", 1, 2)]),
        ("j bis)", [("letter", 10, 2)]),
        ("j ter)", [("letter", 10, 3)]),
        ("k bis)", [("letter", 11, 2)]),
        ("1", [("number", 1, 0)]),
        ("12", [("number", 12, 0)]),
        ("4 bis", [("number", 4, 2)]),
        ("5 bis", [("number", 5, 2)]),
        ("2 ter", [("number", 2, 3)]),
        ("6 ter", [("number", 6, 3)]),
        ("2 quinquies", [("number", 2, 5)]),
        ("2 sexies", [("number", 2, 6)]),
        ("2 septies", [("number", 2, 7)]),
        ("2 octies", [("number", 2, 8)]),
        ("2 novies", [("number", 2, 9)]),
        ("2 nonies", [("number", 2, 9)]),
        ("2 decies", [("number", 2, 10)]),
        ("iv)", [("roman", 4, 0)]),
        ("ii)", [("letter", 35, 0), ("roman", 2, 0)]),
        ("iii)", [("roman", 3, 0)]),
        ("vi)", [("roman", 6, 0)]),
        ("ix)", [("roman", 9, 0)]),
        ("xiv)", [("roman", 14, 0)]),
        ("iii bis)", [("roman", 3, 2)]),
        # Doubled letters that are no canonical numeral are letters only.
        ("ll)", [("letter", 38, 0)]),
        ("vv)", [("letter", 48, 0)]),
        ("cc)", [("letter", 29, 0), ("roman", 200, 0)]),
        # `l quater)` is in the seed as a letter; `l` is also Roman 50, so both readings stand.
        ("l quater)", [("letter", 12, 4), ("roman", 50, 4)]),
    ],
)
def test_label_forms(token: str, expected: list[tuple[str, int, int]]) -> None:
    assert kinds(token) == expected


@pytest.mark.parametrize(("token", "roman"), [("i)", 1), ("v)", 5), ("x)", 10), ("x bis)", 10)])
def test_single_roman_letters_are_ambiguous(token: str, roman: int) -> None:
    letter_reading, roman_reading = readings(token)
    assert letter_reading.kind == "letter" and letter_reading.ordinal == ord(token[0]) - ord("a") + 1
    assert roman_reading.kind == "roman" and roman_reading.ordinal == roman
    assert label(token) == letter_reading  # letters are the default preference
    assert label(token, prefer="roman") == roman_reading


def test_iv_is_roman_only() -> None:
    assert [r.kind for r in readings("iv)")] == ["roman"]
    assert label("iv)") == label("iv)", prefer="roman") == Label("roman", 4)


def test_nonies_is_a_spelling_of_novies() -> None:
    assert label("4 nonies") == label("4 novies") == Label("number", 4, rank=9)
    assert str(label("j nonies)")) == "j novies)"
    assert label("4 octies").next_adverb() == label("4 nonies")


def test_decies_closes_the_adverb_series() -> None:
    assert ADVERBS[-1] == "decies"
    assert label("4 novies").next_adverb() == label("4 decies")
    assert str(label("4 decies")) == "4 decies"


@pytest.mark.parametrize(("token", "parts"), [("8.1", (8, 1)), ("8.2", (8, 2)), ("4.1", (4, 1)), ("1.1.1", (1, 1, 1))])
def test_decimal_labels(token: str, parts: tuple[int, ...]) -> None:
    assert readings(token) == [Label("decimal", 0, parts=parts)]
    assert str(label(token)) == token


@pytest.mark.parametrize("bullet", ["•", "–"])
def test_bullets(bullet: str) -> None:
    assert readings(bullet) == [Label("bullet", 0, bullet=bullet)]
    assert str(label(bullet)) == bullet


def test_adverb_separator_is_any_whitespace() -> None:
    assert label("4  bis") == label("4\tbis") == label("4 bis")


@pytest.mark.parametrize(
    "token",
    ["", " ", "A)", "(a)", "aaa)", "a", "iiii)", "vx)", "iiv)", "UIT-T", "4 bisque", "1234",
     "4 bis bis", "§", "ab)", "аб)"],
)
def test_not_labels(token: str) -> None:
    assert readings(token) == []
    assert parse_label(token) is None


# --- stepping and ordering --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "prefer", "after"),
    [
        ("g)", "letter", "h)"),
        ("z)", "letter", "aa)"),
        ("aa)", "letter", "bb)"),
        ("j ter)", "letter", "k)"),
        ("4", "number", "5"),
        ("4 bis", "number", "5"),
        ("ii)", "roman", "iii)"),
        ("iii)", "roman", "iv)"),
        ("ix)", "roman", "x)"),
        ("8.1", "decimal", "8.2"),
        ("1.1.9", "decimal", "1.1.10"),
    ],
)
def test_successor(token: str, prefer: str, after: str) -> None:
    current = label(token, prefer)
    assert current.successor() == label(after, prefer)
    assert str(current.successor()) == after
    assert follows(current, current.successor())


@pytest.mark.parametrize(
    ("token", "prefer", "after"),
    [
        ("4", "number", "4 bis"),
        ("4 bis", "number", "4 ter"),
        ("j)", "letter", "j bis)"),
        ("j bis)", "letter", "j ter)"),
        ("l ter)", "letter", "l quater)"),
        ("ii)", "roman", "ii bis)"),
    ],
)
def test_next_adverb(token: str, prefer: str, after: str) -> None:
    current = label(token, prefer)
    assert current.next_adverb() == label(after, prefer)
    assert str(current.next_adverb()) == after


@pytest.mark.parametrize("token", ["8.1", "•", "–"])
def test_decimals_and_bullets_take_no_adverb(token: str) -> None:
    with pytest.raises(ValueError, match="no ordinal adverb"):
        label(token).next_adverb()


def test_key_orders_inserted_items() -> None:
    keys = [label(t).key for t in ["4", "4 bis", "4 ter", "4 quater", "4 decies", "5"]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert label("8.1").key < label("8.2").key < label("8.10").key


@pytest.mark.parametrize(
    ("token", "prefer", "opens"),
    [
        ("a)", "letter", True),
        ("1", "number", True),
        ("i)", "roman", True),
        ("8.1", "decimal", True),
        ("•", "bullet", True),
        ("b)", "letter", False),
        ("i)", "letter", False),
        ("2", "number", False),
        ("a bis)", "letter", False),
        ("4 bis", "number", False),
        ("8.2", "decimal", False),
    ],
)
def test_series_openers(token: str, prefer: str, opens: bool) -> None:
    assert follows(None, label(token, prefer)) is opens


def test_context_decides_letter_or_roman() -> None:
    """DOMAIN §3.1: after `h)`, `i)` is a letter; the Roman reading does not continue a letter series."""
    h = label("h)")
    letter_i, roman_i = readings("i)")
    assert follows(h, letter_i) and not follows(h, roman_i)
    assert follows(None, roman_i) and not follows(None, letter_i)


@pytest.mark.parametrize(
    ("tokens", "prefer", "valid"),
    [
        (["a)", "b)", "c)", "c bis)", "d)"], "letter", True),
        (["1", "2", "3", "4", "4 bis", "5"], "number", True),
        (["1", "2", "2 ter"], "number", False),
        (["1", "2", "4"], "number", False),
        (["1", "2", "2"], "number", False),
        (["1", "3", "2"], "number", False),
        (["i)", "ii)", "iii)", "iv)", "v)"], "roman", True),
        (["8.1", "8.2", "8.3"], "decimal", True),
        (["8.1", "8.3"], "decimal", False),
        (["8.1", "8.1.1"], "decimal", False),
        (["•", "•", "•"], "bullet", True),
        ([], "letter", True),
    ],
)
def test_is_sequence_examples(tokens: list[str], prefer: str, valid: bool) -> None:
    assert is_sequence([label(t, prefer) for t in tokens]) is valid


def test_inserted_letters_chain() -> None:
    chain = [label(t) for t in ["j)", "j bis)", "j ter)", "j quater)", "k)"]]
    assert all(follows(a, b) for a, b in itertools.pairwise(chain))
    assert not is_sequence(chain)  # a series opens with `a)`


@pytest.mark.parametrize(
    ("token", "script", "ordinal"),
    [("أ)", "arabic", 1), ("ب)", "arabic", 2), ("а)", "cyrillic", 1), ("б)", "cyrillic", 2)],
)
def test_other_scripts(token: str, script: str, ordinal: int) -> None:
    assert readings(token) == [Label("letter", ordinal, script=script)]
    assert str(label(token)) == token


def test_mixed_kinds_do_not_form_a_series() -> None:
    assert not follows(label("a)"), label("б)"))
    assert not follows(label("a)"), label("1"))
    assert not follows(label("1"), label("1.1"))
    assert not is_sequence([label("1"), label("•")])


# --- split_label ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 bis\tà promouvoir", ("4 bis", "à promouvoir")),
        ("1\tto continue", ("1", "to continue")),
        ("a)\tla Résolution", ("a)", "la Résolution")),
        ("j ter)\tto encourage", ("j ter)", "to encourage")),
        ("l quater)\tque", ("l quater)", "que")),
        ("iv)\tto study", ("iv)", "to study")),
        ("8.1\tthe plan", ("8.1", "the plan")),
        ("•\tMember States", ("•", "Member States")),
        ("a) la Résolution", ("a)", "la Résolution")),
        ("4 bis à promouvoir", ("4 bis", "à promouvoir")),
        ("1\t", ("1", "")),
    ],
)
def test_split_label(text: str, expected: tuple[str, str]) -> None:
    assert split_label(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2018 was a year", "12 months later", "8.1 per cent of", "UIT-T\t", "", "1", "a)", "Resolution 130\tx",
     "considering\ta)"],
)
def test_split_label_refusals(text: str) -> None:
    assert split_label(text) is None


# --- Roman numerals ---------------------------------------------------------------------------------------------


def test_roman_round_trip_1_to_399() -> None:
    for n in range(1, 400):
        assert from_roman(to_roman(n)) == n, n


@pytest.mark.parametrize(
    ("numeral", "value"), [("i", 1), ("iv", 4), ("ix", 9), ("xiv", 14), ("xl", 40), ("xc", 90), ("cccxcix", 399)]
)
def test_roman_values(numeral: str, value: int) -> None:
    assert to_roman(value) == numeral
    assert from_roman(numeral) == value


@pytest.mark.parametrize("numeral", ["iiii", "vx", "iiv", "ic", "il", "xxxx", "vv", "ll", "viv", "IV", "", "m", "a"])
def test_non_canonical_roman_rejected(numeral: str) -> None:
    assert from_roman(numeral) is None


# --- laws -------------------------------------------------------------------------------------------------------

ranks = st.sampled_from([0, *range(2, len(ADVERBS) + 2)])
letters = st.sampled_from(sorted(SCRIPTS)).flatmap(
    lambda script: st.builds(
        lambda n, r: Label("letter", n, r, script=script), st.integers(1, 2 * len(SCRIPTS[script])), ranks
    )
)
numbers = st.builds(lambda n, r: Label("number", n, r), st.integers(1, 999), ranks)
romans = st.builds(lambda n, r: Label("roman", n, r), st.integers(1, 87), ranks)
decimals = st.builds(
    lambda parts: Label("decimal", 0, parts=tuple(parts)), st.lists(st.integers(1, 999), min_size=2, max_size=4)
)
bullets = st.builds(lambda b: Label("bullet", 0, bullet=b), st.sampled_from(BULLETS))
adverbable = st.one_of(letters, numbers, romans)
ordered = st.one_of(adverbable, decimals)
any_label = st.one_of(ordered, bullets)
rest = st.sampled_from(["to continue", "à promouvoir", "la Résolution", "que la", "x", "", "2018", "bis", "a)"])


@given(any_label)
def test_law_print_then_parse_gives_the_label(lab: Label) -> None:
    text = str(lab)
    options = readings(text)
    assert lab in options
    assert parse_label(text, prefer=lab.kind) == lab
    # Every reading prints back as the same token; at most one reading per kind.
    assert all(str(r) == text for r in options)
    assert len({r.kind for r in options}) == len(options)


@given(any_label, rest)
def test_law_split_label_finds_the_printed_label(lab: Label, tail: str) -> None:
    text = str(lab)
    assert split_label(f"{text}\t{tail}") == (text, tail)


@given(ordered)
def test_law_successor_follows_and_sorts_after(lab: Label) -> None:
    assert follows(lab, lab.successor())
    assert lab.key < lab.successor().key
    assert not follows(lab.successor(), lab)


@given(adverbable)
def test_law_next_adverb_follows_and_sorts_between(lab: Label) -> None:
    inserted = lab.next_adverb()
    assert follows(lab, inserted)
    assert follows(inserted, inserted.next_adverb())
    assert follows(inserted, lab.successor())
    assert lab.key < inserted.key < lab.successor().key
    assert not follows(lab, inserted.next_adverb())  # `4` → `4 ter` skips `4 bis`


def _first(kind: str, parents: list[int], script: str) -> Label:
    if kind == "decimal":
        return Label("decimal", 0, parts=(*parents, 1))
    return Label(kind, 1, script=script if kind == "letter" else "latin")  # type: ignore[arg-type]


@st.composite
def sequences(draw: st.DrawFn) -> list[Label]:
    """A valid series: the kind's first label, then successor or next_adverb steps (decimals: successor only)."""
    kind = draw(st.sampled_from(["letter", "number", "roman", "decimal"]))
    parents = draw(st.lists(st.integers(1, 99), min_size=1, max_size=2))
    current = _first(kind, parents, draw(st.sampled_from(sorted(SCRIPTS))))
    out = [current]
    for adverb in draw(st.lists(st.booleans(), max_size=20)):
        if adverb and kind != "decimal" and current.rank < len(ADVERBS) + 1:
            current = current.next_adverb()
        else:
            current = current.successor()
        out.append(current)
    return out


@given(sequences())
def test_law_built_sequences_are_sequences(seq: list[Label]) -> None:
    assert is_sequence(seq)
    assert all(a.key < b.key for a, b in itertools.pairwise(seq))
    assert [parse_label(str(x), prefer=x.kind) for x in seq] == seq


@given(sequences().filter(lambda s: len(s) >= 3), st.data())
def test_law_removing_an_inner_item(seq: list[Label], data: st.DataObject) -> None:
    index = data.draw(st.integers(1, len(seq) - 2))
    removed, after = seq[index], seq[index + 1]
    # Only the last inserted item before a plain label (`4 bis` in `4, 4 bis, 5`) can go without leaving a gap.
    leaves_gap = removed.rank == 0 or after.rank > 0
    assert is_sequence(seq[:index] + seq[index + 1:]) is (not leaves_gap)


@given(sequences(), st.data())
def test_law_duplicating_an_item(seq: list[Label], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(seq) - 1))
    assert not is_sequence(seq[: index + 1] + seq[index:])


@given(sequences().filter(lambda s: len(s) >= 2), st.data())
def test_law_swapping_adjacent_items(seq: list[Label], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(seq) - 2))
    assert seq[index] != seq[index + 1]
    swapped = [*seq[:index], seq[index + 1], seq[index], *seq[index + 2:]]
    assert not is_sequence(swapped)


@given(st.integers(1, 399))
def test_law_roman_round_trip(n: int) -> None:
    assert from_roman(to_roman(n)) == n


@given(st.text(alphabet="ivxlc", min_size=1, max_size=9))
def test_law_from_roman_accepts_only_canonical_numerals(text: str) -> None:
    value = from_roman(text)
    assert value is None or to_roman(value) == text
