"""Citations replaced in flattened text, as the six languages write them (DOMAIN.md §1.1, §3.3).

A citation names a place and a year: "(Rev. Buenos Aires, 2017)", "(RÉV. DUBAÏ, 2018)", "(Пересм. Дубай, 2018 г.)"
with the place first; "（2018年，迪拜，修订版）" year first, with a one-letter year suffix and a full-width comma
(or none: "2018年迪拜"); "(المراجَع في دبي، 2018)" with the Arabic comma, the place after a preposition inside
the brackets. A proposal replaces the place and year, or the whole bracketed citation ("(Dubai, 2018)(Bucharest,
2022)", "（2018年，迪拜）（2022年，布加勒斯特）"). When an insertion has one of these shapes and the base text on its
deletion side ends (`del-ins`) or starts (`ins-del`) with the same shape, that text is what it replaced.
"""

from __future__ import annotations

import re
from typing import Literal

Glue = Literal["del-ins", "ins-del"]

_PLACE = r"[^\W\d_]+(?:[\s'’\-][^\W\d_]+)*"
_YEAR = r"(?:1[89]|20)\d\d(?:\s?[^\W\d_]{1,2}\.)?"  # the Russian year suffix: "2018 г."
# year first: a year suffix letter ("年") and/or a comma before the place
_YEAR_FIRST = r"(?:1[89]|20)\d\d(?:[^\W\d_][,，]?|[,，])\s?"
_CITED = rf"(?:{_PLACE}[,،]\s?{_YEAR}|{_YEAR_FIRST}{_PLACE})"
# inserted: the place and year, maybe with the revision word ("Rev. Bucharest, 2022", "ПЕРЕСМ. ПУСАН, 2014 Г.")
_INSERTED = re.compile(rf"\s?(?:[^\W\d_]+\.\s)?{_CITED}")
# deleted: the place and year that start after "(", after a revision word ("Rev. ") or after "; " (a history)
_BEFORE = re.compile(rf"(?:(?<=[(（])|(?<=\.\s)|(?<=;\s)){_CITED}$")
_AFTER = re.compile(rf"^{_CITED}(?=[);,）；，،]|$)")
_OPENS = re.compile(r"(?:[(（]|\.\s|;\s)$")
_WHOLE = re.compile(_CITED)
# a whole bracketed citation: a year inside brackets, bounded so that a search looks at a character a bounded
# number of times
_BRACKETED = r"[(（][^()（）]{0,80}?(?:1[89]|20)\d\d[^()（）]{0,80}[)）]"
_BRACKETED_WHOLE = re.compile(_BRACKETED)
_BRACKETED_BEFORE = re.compile(rf"{_BRACKETED}$")
_BRACKETED_AFTER = re.compile(rf"^{_BRACKETED}")
# words before the place inside the brackets: at most this many characters are looked at
_INSIDE = 80


def replaced_citation(inserted: str, near: str, other: str, glue: Glue) -> int:
    """How many characters of `near` (the base text on the insertion's deletion side; `other` is on its other
    side) a citation-shaped insertion replaced; 0 if it has no citation's shape or `near` none of the same."""
    if _BRACKETED_WHOLE.fullmatch(inserted):
        found = _BRACKETED_BEFORE.search(near) if glue == "del-ins" else _BRACKETED_AFTER.match(near)
        if found:
            return len(found.group(0))
    if not _INSERTED.fullmatch(inserted):
        return 0
    if glue == "del-ins":
        inside = _inside(near)
        start = _place_start(inside)
        if start >= 0 and _WHOLE.fullmatch(inside[start:]):  # before "(": the place of "(المراجع في دبي" is one word
            return len(inside) - start
        found = _BEFORE.search(near)
        return len(found.group(0)) if found else 0
    inside = _inside(other)
    if _OPENS.search(other) or (inside and _place_start(inside) == len(inside)):
        found = _AFTER.match(near)
        return len(found.group(0)) if found else 0
    return 0


def _inside(text: str) -> str:
    """The text after the last opening bracket, if that bracket is still open and near; "" otherwise."""
    opening = max(text.rfind("("), text.rfind("（"))
    inside = text[opening + 1 :]
    if opening < 0 or len(inside) > _INSIDE or ")" in inside or "）" in inside:
        return ""
    return inside


def _place_start(inside: str) -> int:
    """Where a place may start inside a citation's brackets: after the first word `resdiff.lang` says a place
    follows (`[untangle] place_after`) and a space ("المراجَع في |دبي، 2018"); -1 if there is none."""
    from resdiff.lang.tables import function_words

    words = function_words("place_after")
    for word in re.finditer(r"(\S+)\s", inside):
        if word.group(1).casefold() in words:
            return word.end()
    return -1
