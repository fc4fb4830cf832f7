"""XREF001's quick tests before its searches (issue 20): they never skip a text where the search finds something.

`_caseless` folds a text as re.IGNORECASE compares characters, so that where re finds a word, the folded word is in
the folded text; `_matches` walks a text as `re.finditer("forward|backward")` did with one pattern per section."""

from __future__ import annotations

import random
import re

import pytest

from resdiff.check import xref
from resdiff.check.xref import _caseless, find_references, patterns
from resdiff.model import Section

# letters that IGNORECASE takes as equal in unusual ways (dotted and dotless i, long s, final sigma, Kelvin sign,
# micro sign, Cyrillic and Greek variants, ß and ẞ) with their plain and upper-case forms
TRICKY = "iIİıſsSσςΣKkKµμΜßẞвВᲀéÉeE ,'"


def test_caseless_keeps_every_match() -> None:
    assert xref._ALSO_EQUAL is not None  # CPython's re: the quick test is on
    rng = random.Random(20)
    seen = 0
    for _ in range(20000):
        word = "".join(rng.choice(TRICKY.strip()) for _ in range(rng.randint(1, 3)))
        text = "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 12)))
        if re.search(re.escape(word), text, re.IGNORECASE):
            seen += 1
            assert _caseless(word) in _caseless(text), (word, text)
    assert seen > 1000


def test_every_character_folds_to_one() -> None:
    text = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    assert len(_caseless(text)) == len(text)


@pytest.mark.parametrize("seed", range(3))
def test_references_are_those_of_one_pattern_per_section(seed: int) -> None:
    """The references found are those the single 'forward|backward' pattern of each section finds."""
    calls = ["resolves", "further resolves", "instructs the Secretary-General", "décide", "charge le Secrétaire "
             "général", "resuelve", "решает", "considering", "recognizing", "invites Member States"]
    table = patterns(tuple(Section(call=c) for c in calls))
    rng = random.Random(seed)
    nouns = ["paragraph", "point", "points", "paragraphe", "apartado", "пунктом", "items", "§"]
    labels = ["1", "2", "3 bis", "a)", "b)", "c) ter", "i)", "12", "x)", "а)"]
    joins = [", ", " and ", " et ", " to ", " – ", ",", " y "]
    links = ["of", "du", "de la", "del", "in", "раздела", "de l'", "of the"]
    fill = ["", " ", "  ", ", ", " «", "\n", " the ", " above", " of Resolution 45", " below,"]
    total = 0
    for _ in range(1500):
        parts = []
        for _ in range(rng.randint(1, 4)):
            labs = rng.choice(labels) + "".join(rng.choice(joins) + rng.choice(labels) for _ in range(rng.randint(0, 2)))
            call = rng.choice([*calls, "RESOLVES", "Décide", "further  resolves"])
            quote = rng.choice(["", " ", "«", " “ ", '"', "« «"])  # one opening quote may stand before the call
            parts.append(rng.choice([f"{rng.choice(nouns)} {labs} {rng.choice(links)} {quote}{call}",
                                     f"{call}{rng.choice([' ', ', ', '  '])}{labs}", "x"]) + rng.choice(fill))
        text = "".join(parts)
        expected = _reference(text, table)
        assert [(r.section, r.label, r.start, r.end) for r in find_references(text, table)] == expected
        total += len(expected)
    assert total > 1000  # forward and backward references were found


def _reference(text: str, table: list[xref.CallPattern]) -> list[tuple[int, str, int, int]]:
    """What find_references found with one compiled 'forward|backward' pattern per section (before issue 20)."""
    clean = text.translate(xref._APOSTROPHES)
    taken = bytearray(len(clean) + 1)
    found = []
    for entry in table:
        forward = rf"(?<![\w']){entry.body}{xref._tail().pattern}"
        pattern = re.compile(f"{forward}|{xref._lead()}{entry.body}(?![\\w])", re.IGNORECASE)
        for match in pattern.finditer(clean):
            start, end = match.span()
            if any(taken[start:end]) or xref._elsewhere(clean, end):
                continue
            group, more = ("label", "more") if match.group("label") is not None else ("label2", "more2")
            taken[start:end] = b"\x01" * (end - start)
            bare = re.compile(xref._BARE, re.IGNORECASE)
            labels = [match.group(group)] + [m.group() for m in bare.finditer(clean, match.start(more), match.end(more))]
            found.extend((entry.section, " ".join(label.split()), start, end) for label in labels)
    return sorted(found, key=lambda r: r[2])
