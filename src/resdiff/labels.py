"""Paragraph labels of resolutions: parse, order and step them.

Preamble items are lettered `a)` … `z)` (then `aa)`, `bb)` …), operative items numbered `1`, `2` … without a
dot, nested items Roman `i)`, `ii)` …, bullets `•` / `–`, and annex or sub-items decimal `8.1`. Proposals insert
items with Latin ordinal adverbs after the label: `4 bis`, `j ter)`, `l quater)` … `decies` (DOMAIN.md §3.1).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from resdiff.records import record

LabelKind = Literal["letter", "number", "roman", "bullet", "decimal"]

# Lettered series in other scripts: Arabic texts letter items in abjad order (أ) ب) ج) د) …), Russian ones
# in Cyrillic alphabetical order (а) б) в) …), skipping letters that are not used for enumeration.
SCRIPTS = {
    "latin": "abcdefghijklmnopqrstuvwxyz",
    "arabic": "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ",
    "cyrillic": "абвгдежзиклмнопрстуфхцчшщэюя",
}
# Presentation forms and spelling variants that stand for the same Arabic letter.
_ARABIC_VARIANTS = {"ﻫ": "ه", "ة": "ه", "ا": "أ", "إ": "أ", "ى": "ي"}
_LETTER_CLASS = "a-z" + SCRIPTS["arabic"] + SCRIPTS["cyrillic"] + "".join(_ARABIC_VARIANTS)

ADVERBS = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")
_ADVERB_RANK = {name: rank for rank, name in enumerate(ADVERBS, start=2)} | {"nonies": 9}
BULLETS = "•–-·▪◦"
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

_ADVERB_RE = "|".join(sorted(_ADVERB_RANK, key=len, reverse=True))
# A decimal label has at most 10 numbers (`1.2.3.4` is the deepest resolutions use; a flattened proposal glues an
# old and a new one), and no label token is longer than LONGEST_TOKEN characters once its spaces are collapsed:
# longer text is not read as a label at all, so that the work per token is bounded (a line of 5,000 "1." is
# text, not a label to be split 10,000 ways).
_DEPTH = 9
LONGEST_TOKEN = 48
_TOKEN = re.compile(
    rf"""^(?:
        (?P<letters>[{_LETTER_CLASS}]{{1,2}})(?:\s+(?P<ladv>{_ADVERB_RE}))?\)
      | (?P<number>\d{{1,3}})(?:\s+(?P<nadv>{_ADVERB_RE}))?
      | (?P<decimal>\d{{1,3}}(?:\.\d{{1,3}}){{1,{_DEPTH}}})\.?
      | (?P<bullet>[{re.escape(BULLETS)}])
    )$""",
    re.VERBOSE,
)


@record(frozen=True)
class Label:
    """A parsed label. `ordinal` is the position in its series (a=1, aa=27; i=1 for Roman; 0 for bullets),
    `rank` the ordinal adverb (0 none, 2 bis, 3 ter, …); `parts` holds a decimal label's numbers."""

    kind: LabelKind
    ordinal: int
    rank: int = 0
    parts: tuple[int, ...] = ()
    bullet: str = ""
    script: str = "latin"

    @property
    def key(self) -> tuple[int, ...]:
        """Sort key within a series: `4` < `4 bis` < `4 ter` < `5`."""
        if self.kind == "decimal":
            return self.parts
        return (self.ordinal, self.rank)

    def __str__(self) -> str:
        adverb = f" {_adverb(self.rank)}" if self.rank else ""
        if self.kind == "letter":
            return f"{_letters(self.ordinal, self.script)}{adverb})"
        if self.kind == "roman":
            return f"{to_roman(self.ordinal)}{adverb})"
        if self.kind == "number":
            return f"{self.ordinal}{adverb}"
        if self.kind == "decimal":
            return ".".join(map(str, self.parts))
        return self.bullet

    def successor(self) -> Label:
        """The next plain label of the series: `g)` → `h)`, `4 bis` → `5`, `ii)` → `iii)`, `8.1` → `8.2`."""
        if self.kind == "decimal":
            return Label("decimal", 0, parts=self.parts[:-1] + (self.parts[-1] + 1,))
        if self.kind == "bullet":
            return self
        return Label(self.kind, self.ordinal + 1, script=self.script)

    def next_adverb(self) -> Label:
        """The label inserted right after this one: `4` → `4 bis`, `4 bis` → `4 ter`. Only letters, numbers and
        Roman numerals take an adverb (DOMAIN.md §3.1); a decimal or bullet label raises ValueError."""
        if self.kind in ("decimal", "bullet"):
            raise ValueError(f"a {self.kind} label takes no ordinal adverb: {self}")
        return Label(self.kind, self.ordinal, rank=self.rank + 1 if self.rank else 2, script=self.script)


def _adverb(rank: int) -> str:
    return ADVERBS[rank - 2] if 2 <= rank < len(ADVERBS) + 2 else f"({rank})"


def _letters(ordinal: int, script: str = "latin") -> str:
    """1 → a … 26 → z, 27 → aa, 28 → bb (UN-style doubling after the last letter)."""
    alphabet = SCRIPTS[script]
    letter = alphabet[(ordinal - 1) % len(alphabet)]
    return letter * ((ordinal - 1) // len(alphabet) + 1)


def _letter_ordinal(letters: str) -> tuple[int, str] | None:
    letters = "".join(_ARABIC_VARIANTS.get(ch, ch) for ch in letters)
    if len(letters) == 2 and letters[0] != letters[1]:
        return None
    for script, alphabet in SCRIPTS.items():
        if letters[0] in alphabet:
            return alphabet.index(letters[0]) + 1 + len(alphabet) * (len(letters) - 1), script
    return None


def to_roman(value: int) -> str:
    out = ""
    for number, numeral in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                            (4, "iv"), (1, "i")):
        while value >= number:
            out += numeral
            value -= number
    return out


def from_roman(text: str) -> int | None:
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for index, ch in enumerate(text):
        value = _ROMAN[ch]
        following = _ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total if to_roman(total) == text else None


def readings(token: str) -> list[Label]:
    """Every way to read a label token; `i)`, `v)`, `x)` … are both letters and Roman numerals. A token longer
    than LONGEST_TOKEN characters (spaces collapsed) has none."""
    if len(token) > 4 * LONGEST_TOKEN:  # not a label, whatever its spaces: no need to look at it
        return []
    token = " ".join(token.split())
    if len(token) > LONGEST_TOKEN:
        return []
    match = _TOKEN.match(token)
    if match is None:
        return _roman_only(token)
    if match.group("bullet"):
        return [Label("bullet", 0, bullet=match.group("bullet"))]
    if match.group("decimal"):
        parts = tuple(int(x) for x in match.group("decimal").split("."))
        return [Label("decimal", 0, parts=parts)]
    if match.group("number"):
        return [Label("number", int(match.group("number")), _rank(match.group("nadv")))]
    letters = match.group("letters")
    rank = _rank(match.group("ladv"))
    out = []
    lettered = _letter_ordinal(letters)
    if lettered is not None:
        out.append(Label("letter", lettered[0], rank, script=lettered[1]))
    roman = from_roman(letters)
    if roman is not None:
        out.append(Label("roman", roman, rank))
    return out


@lru_cache(maxsize=4096)
def token_readings(token: str) -> tuple[Label, ...]:
    """`readings`, parsed once per token and shared: a document's tokens and the parts of its glued tokens are few
    and recur in every section (a), b), 1, 2 …); the label search and the tree builder both ask for them, and the
    search keys its states by the labels' identities."""
    return tuple(readings(token))


def _roman_only(token: str) -> list[Label]:
    match = re.fullmatch(rf"([ivxlc]{{2,7}})(?:\s+({_ADVERB_RE}))?\)", token)
    if match is None:
        return []
    value = from_roman(match.group(1))
    return [Label("roman", value, _rank(match.group(2)))] if value else []


def _rank(adverb: str | None) -> int:
    return _ADVERB_RANK[adverb] if adverb else 0


def parse_label(token: str, *, prefer: LabelKind = "letter") -> Label | None:
    """The label a token stands for, `prefer` breaking the letter/Roman tie; None if it is no label."""
    options = readings(token)
    for label in options:
        if label.kind == prefer:
            return label
    return options[0] if options else None


_LEADING = re.compile(
    rf"""^(?P<token>
        [{_LETTER_CLASS}]{{1,2}}(?:\s+(?:{_ADVERB_RE}))?\)
      | [ivxlc]{{1,7}}(?:\s+(?:{_ADVERB_RE}))?\)
      | \d{{1,3}}(?:\.\d{{1,3}}){{1,{_DEPTH}}}\.?
      | \d{{1,6}}(?:\s+(?:{_ADVERB_RE}))?
      | [{re.escape(BULLETS)}]
    )(?P<gap>\t|\s+)""",
    re.VERBOSE,
)


def split_label(text: str) -> tuple[str, str] | None:
    """Split `"j ter)\\tto …"` into `("j ter)", "to …")`. The token is only shaped like a label: flattened
    proposals glue two labels into one (`gf)`, `1213`), which `resdiff.align.numbering` splits. A number or
    bullet must be followed by a TAB or by spaces, and a bare number by a TAB, so that ordinary sentences
    starting with a figure are not items."""
    match = _LEADING.match(text)
    if match is None:
        return None
    token = match.group("token")
    if token[0].isdigit() and ")" not in token and "\t" not in match.group("gap") and not _ends_adverb(token):
        return None
    return token, text[match.end():]


def _ends_adverb(token: str) -> bool:
    return token.rsplit(" ", 1)[-1] in _ADVERB_RANK


def follows(previous: Label | None, label: Label) -> bool:
    """Whether `label` may come right after `previous` in one series (None: it opens the series)."""
    if previous is None:
        if label.kind == "decimal":
            return label.parts[-1] == 1
        return label.kind == "bullet" or (label.ordinal == 1 and label.rank == 0)
    if previous.kind != label.kind or previous.script != label.script:
        return False
    if label.kind == "bullet":
        return True
    if label.kind == "decimal":
        return len(label.parts) == len(previous.parts) and label.parts == previous.successor().parts
    if label.rank:
        return label.ordinal == previous.ordinal and label.rank == (previous.rank + 1 if previous.rank else 2)
    return label.ordinal == previous.ordinal + 1


def is_sequence(labels: list[Label]) -> bool:
    """Whether the labels form one valid series from its first item (no gap, no duplicate, adverbs in order)."""
    previous: Label | None = None
    for label in labels:
        if not follows(previous, label):
            return False
        previous = label
    return True
