"""The language tables behind resdiff.lang: each language's TOML file read once into phrases, titles, annex and
enacting-formula patterns, and the normalisation every line goes through before it is compared with them."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from resdiff.lang.parsed import load as load_parsed
from resdiff.records import record

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
"""Supported languages, in the order used to break ties between identical phrases (FR/ES "consciente")."""

CallKind = Literal["preamble", "operative"]


@record(frozen=True)
class CallPhrase:
    """One call phrase of the data, for tests and tools."""

    language: str
    kind: CallKind
    key: str
    phrase: str
    verified: bool
    evidence: str


# ---- normalisation ---------------------------------------------------------------------------------------------

_SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DROP_CHARS = "\u200b\u2060\ufeff\u00ad"
_CLEAN_TABLE = {ord(c): " " for c in _SPACE_CHARS} | {ord(c): None for c in _DROP_CHARS}
_UNCLEAN = re.compile(f"[{_SPACE_CHARS}{_DROP_CHARS}]")
_APOSTROPHES = "\u2019\u2018\u02bc\u02b9`\u00b4\u2032"
_HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"
_LIGHT_TABLE = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): "-" for c in _HYPHENS}
_FOLD_CHARS = (
    {c: "'" for c in _APOSTROPHES}
    | {c: "-" for c in _HYPHENS}
    | {"ё": "е", "Ё": "е", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "\u0640": ""}
)
_ASCII_FOLD = str.maketrans({c: f for c, f in _FOLD_CHARS.items() if c.isascii()})  # one character each
_BOOKMARKS = re.compile(r"^(?:\s*\[bookmark: [^\]]*\])+")  # Tika artefacts before a heading (DOMAIN §4.6)
SENTENCE_ENDS = (";", ".", "；", "。", "؛")
CALL_TRAILERS = (",", ":", "，", "،", "：")
COMMAS = (",", "，", "،")


@lru_cache(maxsize=4096)  # each matcher (call, title, annex, Reasons …) normalises the same line again
def normalise(line: str, *, keep_tabs: bool = False) -> str:
    """The line as written, with layout noise removed: NFC, odd spaces, collapsed whitespace, Tika bookmarks."""
    text = unicodedata.normalize("NFC", line)
    if _UNCLEAN.search(text):  # str.translate looks every character up in a dict: only where there is work
        text = text.translate(_CLEAN_TABLE)
    text = _BOOKMARKS.sub("", text)
    if keep_tabs:
        return re.sub(r"[^\S\t]+", " ", text).strip()
    return " ".join(text.split())


@cache  # a text has few distinct characters: each is folded once per process
def _fold_char(char: str) -> str:
    if char in _FOLD_CHARS:
        return _FOLD_CHARS[char]
    if "\u064b" <= char <= "\u065f" or char == "\u0670":  # Arabic harakat, shadda, sukun, dagger alif
        return ""
    if char.isupper() and not char.isascii():  # older French drops accents on capitals: Etats = États
        char = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return char.casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """The comparison form of `text`, and for each of its characters the index of the source character."""
    if text.isascii():  # no accent to fold, only the backquote as an apostrophe: one character for one
        return text.lower().translate(_ASCII_FOLD), list(range(len(text) + 1))
    parts = [_fold_char(char) for char in text]
    folded = "".join(parts)
    if len(folded) == len(text) and "" not in parts:  # every character folded to one: positions unchanged
        return folded, list(range(len(text) + 1))
    index: list[int] = []
    for position, part in enumerate(parts):
        index.extend([position] * len(part))
    index.append(len(text))
    return folded, index


def fold_key(text: str) -> str:
    return fold(normalise(text))[0]


# ---- data ------------------------------------------------------------------------------------------------------


# The two records below are NamedTuples, not frozen dataclasses: the same immutable fields, without the ~3 ms a
# frozen dataclass of this size costs to create on every start (issue 20); nothing compares them with tuples.
class Entry(NamedTuple):
    key: str
    kind: CallKind
    tail: Literal["none", "optional"]
    complements: frozenset[str]


class LanguageTable(NamedTuple):
    code: str
    spaced: bool
    max_addressee: int
    stops: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: dict[str, Entry]
    longest: int
    firsts: frozenset[str]
    """What every phrase starts with: its first word (to the first " " or "," after its first character) where
    words are spaced, else its first character; a line whose folded text does not start so opens no call."""
    titles: tuple[tuple[str, str], ...]
    """(regex source, kind) of each title form, longest source first; compiled by `titles_for` when needed."""
    title_firsts: tuple[str, ...]
    """The first word of each title form (as a regex), in the order of `titles`."""
    title_gate: str
    """At the start of a line, one group per distinct first word, set when the line starts with it."""
    annex: str | None
    """The regex source of an annex heading; compiled by `annex_for` when needed."""
    annex_gate: str | None
    """A regex every annex heading of the language matches at the start: its kinds ("ANNEX"), or whatever
    precedes them then its kinds where a reference may come first ("第130号决议附件")."""
    bodies: tuple[str, ...]
    body_ids: tuple[tuple[str, str], ...]  # (body name, folded; its id in Akoma Ntoso URIs)
    reasons: tuple[str, ...]


@cache
def _raw(code: str) -> dict[str, Any]:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    path = Path(__file__).with_name(f"{code}.toml")
    if path.is_file():  # an installation on disk (not a zip): parsed once, then read from its cache
        return load_parsed(path)
    import tomllib
    from importlib import resources

    return tomllib.loads(resources.files("resdiff.lang").joinpath(f"{code}.toml").read_text(encoding="utf-8"))


def _forms(entry: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(f, True) for f in entry.get("verified", [])] + [(f, False) for f in entry.get("unverified", [])]


@cache
def language_table(code: str) -> LanguageTable:
    data = _raw(code)
    phrases: dict[str, Entry] = {}
    for kind in ("preamble", "operative"):
        for item in data.get(kind, []):
            tail = item.get("addressee", "optional" if kind == "operative" else "none")
            entry = Entry(item["key"], kind, tail, frozenset(fold_key(c) for c in item.get("complements", [])))
            for form, _ in _forms(item):
                folded = fold_key(form)
                previous = phrases.get(folded)
                if previous is not None and previous != entry:
                    raise ValueError(f"{code}.toml: {form!r} is both {previous.key!r} and {entry.key!r}")
                phrases[folded] = entry
    title = data.get("title", {})
    number = _number_pattern(title.get("sector_prefixes", []))
    forms = [(form, str(item["kind"])) for item in title.get("forms", []) for form, _ in _forms(item)]
    # (regex, kind, the regex of the form's first word), longest regex first
    titles = [(_template(form, number) + _REVISION + _TITLE_END, kind,
               re.escape(lighten(form).split("{number}")[0].split(" ")[0])) for form, kind in forms]
    titles.sort(key=lambda triple: -len(triple[0]))
    firsts = [first for _, _, first in titles]
    annex = _annex_pattern(data.get("annex"), number, data.get("word_separated", True))
    return LanguageTable(
        code=code,
        spaced=data.get("word_separated", True),
        max_addressee=data.get("max_addressee", 25),
        stops=frozenset(fold_key(s) for s in data.get("addressee_stops", [])),
        prefixes=tuple(fold_key(p) for p in data.get("optional_prefixes", [])),
        phrases=phrases,
        longest=max((len(p) for p in phrases), default=0),
        firsts=frozenset(_first_word(p) if data.get("word_separated", True) else p[:1] for p in phrases),
        titles=tuple((source, kind) for source, kind, _ in titles),
        title_firsts=tuple(firsts),
        title_gate="".join(f"(?=({first})|)" for first in sorted(set(firsts))),
        annex=annex[0] if annex else None,
        annex_gate=annex[1] if annex else None,
        bodies=tuple(fold_key(b["name"]) for b in data.get("enacting", {}).get("bodies", [])),
        body_ids=tuple((fold_key(b["name"]), b["id"]) for b in data.get("enacting", {}).get("bodies", []) if "id" in b),
        reasons=tuple(fold_key(label) for label in data.get("reasons", {}).get("labels", [])),
    )


_BOUNDARY = re.compile("[ ,]")


def _first_word(folded: str, start: int = 0) -> str:
    """The word of `folded` at `start`: to the first " " or "," after its first character, or to the end."""
    boundary = _BOUNDARY.search(folded, start + 1)
    return folded[start : boundary.start() if boundary else len(folded)]


@cache
def _call_head() -> int:
    """How many folded characters of a line tell whether it may open a call: the longest optional prefix and the
    longest phrase of any language, and the character after them (a phrase ends at a boundary)."""
    tables = [language_table(code) for code in LANGUAGES]
    return max(max((len(p) for p in t.prefixes), default=0) + t.longest for t in tables) + 1


def call_starts(text: str, codes: tuple[str, ...]) -> list[tuple[int, LanguageTable, int]]:
    """(priority, table, start) of each place where a phrase of `codes`' tables may start in the normalised line
    `text` (after none or one of a table's optional prefixes), in the order a match is looked for: the places
    whose first word no phrase starts with are left out. Most lines open no call; this folds only their head
    (folding is per character, so the head's fold is the start of the line's), not the whole line."""
    need = _call_head()
    head = fold(text[:need])[0]
    if len(head) < need < len(text):  # characters that fold to nothing (Arabic harakat)
        head = fold(text)[0]
    first = _first_word(head)  # where most phrases start, in every table
    out = []
    for priority, code in enumerate(codes):
        table = language_table(code)
        if (first if table.spaced else head[:1]) in table.firsts:
            out.append((priority, table, 0))
        for prefix in table.prefixes:
            if head.startswith(prefix):
                start = len(prefix)
                if (_first_word(head, start) if table.spaced else head[start : start + 1]) in table.firsts:
                    out.append((priority, table, start))
    return out


@cache
def catalogue(code: str) -> tuple[CallPhrase, ...]:
    """Every call phrase of a language's data, in file order, for tests and tools (a check needs only the
    phrases' table: building these objects for six languages on every run was wasted)."""
    language_table(code)  # the data checked first, as before
    return tuple(CallPhrase(code, kind, item["key"], form, verified, item.get("evidence", ""))
                 for kind in ("preamble", "operative") for item in _raw(code).get(kind, [])
                 for form, verified in _forms(item))


# Each language has eight title forms and an annex pattern, some hundred characters of regex each: compiling them
# all took a third of `resdiff check` on a short proposal, where most lines are titles of no language and only
# the document's own language has a title line. A line is matched against a language's patterns only once it
# passes the language's gate (a small regex that any match of them must match too), and a pattern is compiled
# when a line first needs it: the answers are those of trying every pattern.


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def titles_for(code: str, light: str) -> list[tuple[re.Pattern[str], str]]:
    """The title patterns of language `code` (with their kinds, longest first) that may match the lightened
    line `light`: those whose form's first word the line starts with."""
    table = language_table(code)
    if not table.titles:
        return []
    gate = _compiled(table.title_gate).match(light)
    starts = {word for word, group in zip(sorted(set(table.title_firsts)), gate.groups() if gate else (),
                                          strict=True) if group is not None}
    return [(_compiled(source), kind) for (source, kind), first in zip(table.titles, table.title_firsts, strict=True)
            if first in starts]


@cache
def _title_gate() -> tuple[re.Pattern[str], int]:
    """Every language's title gates in one: a regex any title of any language matches at the start, and how many
    characters of a line it reads at most (its words are literals, matched one character for one)."""
    firsts = sorted({first for code in LANGUAGES for first in language_table(code).title_firsts})
    return re.compile("|".join(firsts) if firsts else "(?!)", re.IGNORECASE), max(map(len, firsts), default=0)


def may_be_title(text: str) -> bool:
    """Whether the normalised line `text` starts with the first word of some language's title form: most lines
    do not, and then no language's patterns need be tried."""
    gate, head = _title_gate()
    return gate.match(lighten(text[:head])) is not None  # lightening is per character: the head's is the start


_ANYWHERE = "(?s:.*?)"  # opens the gate of a language whose headings may start with a reference


@cache
def _annex_gates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every language's annex gates in two: those matched at the start, and those that may match further on,
    without their lazy `.*?` and searched for instead (the same lines pass; a lazy scan tried the kinds at every
    character of every line, slower than the rest of the gate tenfold)."""
    gates = [g for code in LANGUAGES if (g := language_table(code).annex_gate) is not None]
    starts = [g for g in gates if not g.startswith(_ANYWHERE)]
    anywhere = [g[len(_ANYWHERE) :] for g in gates if g.startswith(_ANYWHERE)]
    return (re.compile("|".join(f"(?:{g})" for g in starts) or "(?!)", re.IGNORECASE),
            re.compile("|".join(f"(?:{g})" for g in anywhere) or "(?!)", re.IGNORECASE))


def may_be_annex(light: str) -> bool:
    """Whether the lightened line `light` passes some language's annex gate (most lines pass none)."""
    at_start, anywhere = _annex_gates()
    return at_start.match(light) is not None or anywhere.search(light) is not None


def annex_for(code: str, light: str) -> re.Pattern[str] | None:
    """The annex-heading pattern of language `code` if the lightened line `light` may be a heading, else None."""
    table = language_table(code)
    if table.annex is None or table.annex_gate is None or not _compiled(table.annex_gate).match(light):
        return None
    return _compiled(table.annex)


@cache
def function_words(kind: Literal["function_words", "conjunctions", "place_after"] = "function_words") -> frozenset[str]:
    """Every language's function words or conjunctions (`[untangle]`), case-folded: the untangler takes an
    insertion glued to one of them as a sign of a replaced word, in whichever language the text is. `place_after`:
    the words after which a citation's place starts inside its brackets ("(المراجَع في دبي، 2018)")."""
    return frozenset(word.casefold() for code in LANGUAGES for word in _raw(code).get("untangle", {}).get(kind, []))


ReferenceWords = Literal["nouns", "links", "articles", "documents", "joins", "positions"]


@cache
def reference_words(kind: ReferenceWords) -> tuple[str, ...]:
    """Every language's words of one kind for cross-references (`[references]`: "point 5 du décide", "resolves 2
    of Resolution 45"), longest first so that a pattern built from them tries "de la" before "de"."""
    words = {word for code in LANGUAGES for word in _raw(code).get("references", {}).get(kind, [])}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


def _number_pattern(sectors: list[str]) -> str:
    sector = "|".join(re.escape(lighten(s)) for s in sorted(sectors, key=len, reverse=True))
    plain = r"\d+(?:[-.]\d+)*"
    parts = [rf"(?:{sector})\s*{plain}" if sector else None, plain, r"\[[^\[\]\s]{1,24}\]", r"(?:PLEN|COM\s*\d+)/\d+"]
    return "(?:" + "|".join(p for p in parts if p) + ")"


def _template(form: str, number: str) -> str:
    """A title or reference form such as "RÉSOLUTION {number}" or "第{number}号决议" as a regex."""
    pieces = re.split(r"(\{number\})", lighten(form))
    out = []
    for piece in pieces:
        if piece == "{number}":
            out.append(rf"\s*(?P<number>{number})\s*")
        else:
            out.append(r"\s+".join(re.escape(word) for word in piece.split(" ")))
    return "^" + "".join(out).replace(r"\s*\s+", r"\s+").replace(r"\s+\s*", r"\s+")


_REVISION = r"(?:\s*[(（](?P<revision>[^()（）]*)[)）])?"
_TITLE_END = r"\s*(?:\*|\[footnoteRef:\d+\]\d{0,2}|(?<=[)）])\d{1,2})?\s*$"
_LABEL = r"(?:\d+|[A-ZА-Я]|[IVXLC]+)"


def _annex_pattern(annex: dict[str, Any] | None, number: str, spaced: bool) -> tuple[str, str] | None:
    """The regex source of an annex heading, and its gate (the kinds alternation, which every heading has)."""
    if not annex:
        return None
    longest_first = sorted(annex["kinds"], key=len, reverse=True)
    kinds = "|".join(re.escape(lighten(k)).replace(r"\ ", r"\s+") for k in longest_first)
    gap = r"\s+" if spaced else r"\s*"
    head = rf"(?P<head>(?:{kinds})(?:{gap}{_LABEL})?)"
    if annex.get("refs_before"):
        refs = "|".join(_template(r, number)[1:].replace("?P<number>", "?:") for r in annex["refs_before"])
        return rf"^(?:{refs})?\s*{head}\s*\*?$", f"{_ANYWHERE}(?:{kinds})"
    links = sorted(annex.get("links", []), key=len, reverse=True)
    link = "|".join(re.escape(lighten(k)).replace(r"\ ", r"\s+") for k in links if k)
    joint = rf"\s+(?:{link})\s*" if link else ""
    if "" in links:
        joint = rf"(?:{joint}|\s+)" if joint else r"\s+"
    reference = rf"(?:{joint}(?:[^\s()]+\s+){{0,4}}(?:{number}|{_LABEL}){_REVISION})?" if joint else ""
    return rf"^{head}{reference}\s*\*?$", f"(?:{kinds})"


def lighten(text: str) -> str:
    """Same length as `text`: apostrophes and hyphens unified (for regexes whose groups are read from the line)."""
    if text.isascii() and "`" not in text:  # the backquote is the one ASCII character to replace
        return text
    return text.translate(_LIGHT_TABLE)
