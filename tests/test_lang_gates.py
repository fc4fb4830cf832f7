"""The gates of resdiff.lang (issue 20): a line is matched against a language's call phrases, title forms and annex
patterns only where a cheap test says it may match, and the answers are those of trying everything.

Each matcher is run with its gate and with the gate replaced by one that lets every line through, on lines made
of the languages' own words (call phrases, title forms, annex kinds, optional prefixes) and of the characters that
folding drops, widens or unifies.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resdiff import lang
from resdiff.lang.tables import LanguageTable, _raw, fold, language_table


def _words() -> list[str]:
    words = []
    for code in lang.LANGUAGES:
        data = _raw(code)
        words.extend(p.phrase for p in lang.call_phrases(code))
        words.extend(form.replace("{number}", " 130 ") for item in data.get("title", {}).get("forms", [])
                     for form in item.get("verified", []) + item.get("unverified", []))
        words.extend(data.get("annex", {}).get("kinds", []) + data.get("annex", {}).get("links", []))
        words.extend(data.get("optional_prefixes", []))
    return words


_PIECES = [*_words(), "", " ", ",", ":", "：", ";", "*", "\t", "a)", "1", "2", "(Dubai, 2018)", "（2018年，迪拜）", "’", "‑",
           "\u064b", "\u0640", "ß", "İ", "Etats", "the", "Secretary-General", "[bookmark: x]", "_____", "x" * 60]


def _lines() -> st.SearchStrategy[str]:
    piece = st.sampled_from(_PIECES) | st.text(max_size=4)
    return st.lists(piece, min_size=1, max_size=6).map("".join) | st.builds(
        lambda parts, upper: (" ".join(parts)).upper() if upper else " ".join(parts),
        st.lists(piece, min_size=1, max_size=4), st.booleans())


def _every_start(text: str, codes: tuple[str, ...]) -> list[tuple[int, LanguageTable, int]]:
    """Where a phrase may start, ungated: at 0 and after each optional prefix, in every table asked."""
    folded = fold(text)[0]
    return [(priority, table, start) for priority, table in enumerate(map(language_table, codes))
            for start in [0] + [len(p) for p in table.prefixes if folded.startswith(p)]]


@settings(max_examples=400, deadline=None)
@given(_lines(), st.sampled_from([None, *lang.LANGUAGES]))
def test_the_gated_matchers_find_what_the_ungated_ones_find(line: str, language: str | None) -> None:
    gated = (lang.match_call(line, language), lang.match_title(line), lang.match_annex(line))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lang, "call_starts", _every_start)
        patch.setattr(lang, "may_be_title", lambda text: True)
        patch.setattr(lang, "may_be_annex", lambda light: True)
        assert (lang.match_call(line, language), lang.match_title(line), lang.match_annex(line)) == gated


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_every_call_phrase_passes_its_gate(code: str) -> None:
    for phrase in lang.call_phrases(code):
        match = lang.match_call(phrase.phrase, code)
        assert match is not None and match.key == phrase.key, phrase
