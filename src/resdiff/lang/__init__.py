"""Per-language line matchers for resolutions: call lines, titles, annex headings, enacting formulas, Reasons.

The words live in the TOML files next to this module (one per language, each form marked verified or
unverified with its evidence); this module only normalises lines and matches them (DOMAIN.md §1, §2, §4.3, §9).

Only a whole line opens a section. Before matching, a line is NFC-normalised, odd spaces become " ", runs of
whitespace collapse, and for comparison it is case-folded with apostrophes (’ ' ʼ) and hyphens (‑ – -) unified,
accents dropped from capitals ("Etats" = "États"), ё = е, and Arabic harakat/tatweel removed. A call line may end
with one "," ":" "，" "،" or "：" (Russian "учитывая,", Chinese "做出决议，"); a trailing ";" or "." makes it a
sentence. The longest known phrase that is a prefix of the line at a word boundary wins; a preamble phrase must
then be the whole line (or carry one of its listed complements), an operative one may carry a free addressee.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

__all__ = [
    "LANGUAGES",
    "CallMatch",
    "CallPhrase",
    "TitleMatch",
    "call_keys",
    "call_phrases",
    "is_closing_rule",
    "match_annex",
    "match_call",
    "match_body",
    "match_enacting_formula",
    "match_proposal",
    "match_reasons",
    "match_title",
]

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
"""Supported languages, in the order used to break ties between identical phrases (FR/ES "consciente")."""

CallKind = Literal["preamble", "operative"]


@dataclass(frozen=True)
class CallMatch:
    language: str
    kind: CallKind
    key: str
    """Canonical English key: "considering", "considering further", "resolves", "further instructs" …"""
    verb: str
    """The call phrase as written in the line ("charge en outre"); for a preamble call, the whole line."""
    addressee: str
    """The tail after an operative verb as written ("le Secrétaire général"), "" if none."""


@dataclass(frozen=True)
class TitleMatch:
    language: str
    kind: str
    """RESOLUTION, DECISION, RECOMMENDATION, OPINION, DRAFT RESOLUTION or DRAFT NEW RESOLUTION."""
    number: str | None
    revision: str | None
    """The parenthesised place/year without its parentheses, as written ("RÉV. DUBAÏ, 2018"), or None."""


@dataclass(frozen=True)
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
_APOSTROPHES = "\u2019\u2018\u02bc\u02b9`\u00b4\u2032"
_HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"
_LIGHT_TABLE = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): "-" for c in _HYPHENS}
_FOLD_CHARS = (
    {c: "'" for c in _APOSTROPHES}
    | {c: "-" for c in _HYPHENS}
    | {"ё": "е", "Ё": "е", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "\u0640": ""}
)
_BOOKMARKS = re.compile(r"^(?:\s*\[bookmark: [^\]]*\])+")  # Tika artefacts before a heading (DOMAIN §4.6)
_SENTENCE_ENDS = (";", ".", "；", "。", "؛")
_CALL_TRAILERS = (",", ":", "，", "،", "：")
_COMMAS = (",", "，", "،")


def _clean(line: str, *, keep_tabs: bool = False) -> str:
    """The line as written, with layout noise removed: NFC, odd spaces, collapsed whitespace, Tika bookmarks."""
    text = _BOOKMARKS.sub("", unicodedata.normalize("NFC", line).translate(_CLEAN_TABLE))
    if keep_tabs:
        return re.sub(r"[^\S\t]+", " ", text).strip()
    return " ".join(text.split())


def _fold_char(char: str) -> str:
    if char in _FOLD_CHARS:
        return _FOLD_CHARS[char]
    if "\u064b" <= char <= "\u065f" or char == "\u0670":  # Arabic harakat, shadda, sukun, dagger alif
        return ""
    if char.isupper() and not char.isascii():  # older French drops accents on capitals: Etats = États
        char = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return char.casefold()


def _fold(text: str) -> tuple[str, list[int]]:
    """The comparison form of `text`, and for each of its characters the index of the source character."""
    out: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        index.extend([position] * len(folded))
    index.append(len(text))
    return "".join(out), index


def _key(text: str) -> str:
    return _fold(_clean(text))[0]


# ---- data ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    key: str
    kind: CallKind
    tail: Literal["none", "optional"]
    complements: frozenset[str]


@dataclass(frozen=True)
class _Language:
    code: str
    spaced: bool
    max_addressee: int
    stops: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: dict[str, _Entry]
    longest: int
    catalogue: tuple[CallPhrase, ...]
    titles: tuple[tuple[re.Pattern[str], str], ...]
    annex: re.Pattern[str] | None
    bodies: tuple[str, ...]
    body_ids: tuple[tuple[str, str], ...]  # (body name, folded; its id in Akoma Ntoso URIs)
    reasons: tuple[str, ...]


@cache
def _raw(code: str) -> dict[str, Any]:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    return tomllib.loads(resources.files(__name__).joinpath(f"{code}.toml").read_text(encoding="utf-8"))


def _forms(entry: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(f, True) for f in entry.get("verified", [])] + [(f, False) for f in entry.get("unverified", [])]


@cache
def _language(code: str) -> _Language:
    data = _raw(code)
    phrases: dict[str, _Entry] = {}
    catalogue: list[CallPhrase] = []
    for kind in ("preamble", "operative"):
        for item in data.get(kind, []):
            tail = item.get("addressee", "optional" if kind == "operative" else "none")
            entry = _Entry(item["key"], kind, tail, frozenset(_key(c) for c in item.get("complements", [])))
            for form, verified in _forms(item):
                folded = _key(form)
                previous = phrases.get(folded)
                if previous is not None and previous != entry:
                    raise ValueError(f"{code}.toml: {form!r} is both {previous.key!r} and {entry.key!r}")
                phrases[folded] = entry
                catalogue.append(CallPhrase(code, kind, entry.key, form, verified, item.get("evidence", "")))
    title = data.get("title", {})
    number = _number_pattern(title.get("sector_prefixes", []))
    titles = [
        (re.compile(_template(form, number) + _REVISION + _TITLE_END, re.IGNORECASE), item["kind"])
        for item in title.get("forms", [])
        for form, _ in _forms(item)
    ]
    titles.sort(key=lambda pair: -len(pair[0].pattern))
    return _Language(
        code=code,
        spaced=data.get("word_separated", True),
        max_addressee=data.get("max_addressee", 25),
        stops=frozenset(_key(s) for s in data.get("addressee_stops", [])),
        prefixes=tuple(_key(p) for p in data.get("optional_prefixes", [])),
        phrases=phrases,
        longest=max((len(p) for p in phrases), default=0),
        catalogue=tuple(catalogue),
        titles=tuple(titles),
        annex=_annex_pattern(data.get("annex"), number, data.get("word_separated", True)),
        bodies=tuple(_key(b["name"]) for b in data.get("enacting", {}).get("bodies", [])),
        body_ids=tuple((_key(b["name"]), b["id"]) for b in data.get("enacting", {}).get("bodies", []) if "id" in b),
        reasons=tuple(_key(label) for label in data.get("reasons", {}).get("labels", [])),
    )


def _number_pattern(sectors: list[str]) -> str:
    sector = "|".join(re.escape(_light(s)) for s in sorted(sectors, key=len, reverse=True))
    plain = r"\d+(?:[-.]\d+)*"
    parts = [rf"(?:{sector})\s*{plain}" if sector else None, plain, r"\[[^\[\]\s]{1,24}\]", r"(?:PLEN|COM\s*\d+)/\d+"]
    return "(?:" + "|".join(p for p in parts if p) + ")"


def _template(form: str, number: str) -> str:
    """A title or reference form such as "RÉSOLUTION {number}" or "第{number}号决议" as a regex."""
    pieces = re.split(r"(\{number\})", _light(form))
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


def _annex_pattern(annex: dict[str, Any] | None, number: str, spaced: bool) -> re.Pattern[str] | None:
    if not annex:
        return None
    kinds = "|".join(re.escape(_light(k)).replace(r"\ ", r"\s+") for k in sorted(annex["kinds"], key=len, reverse=True))
    gap = r"\s+" if spaced else r"\s*"
    head = rf"(?P<head>(?:{kinds})(?:{gap}{_LABEL})?)"
    if annex.get("refs_before"):
        refs = "|".join(_template(r, number)[1:].replace("?P<number>", "?:") for r in annex["refs_before"])
        return re.compile(rf"^(?:{refs})?\s*{head}\s*\*?$", re.IGNORECASE)
    links = sorted(annex.get("links", []), key=len, reverse=True)
    link = "|".join(re.escape(_light(k)).replace(r"\ ", r"\s+") for k in links if k)
    joint = rf"\s+(?:{link})\s*" if link else ""
    if "" in links:
        joint = rf"(?:{joint}|\s+)" if joint else r"\s+"
    reference = rf"(?:{joint}(?:[^\s()]+\s+){{0,4}}(?:{number}|{_LABEL}){_REVISION})?" if joint else ""
    return re.compile(rf"^{head}{reference}\s*\*?$", re.IGNORECASE)


def _light(text: str) -> str:
    """Same length as `text`: apostrophes and hyphens unified (for regexes whose groups are read from the line)."""
    return text.translate(_LIGHT_TABLE)


# ---- calls -----------------------------------------------------------------------------------------------------


def _longest(table: _Language, folded: str, start: int) -> int:
    """Length (in `folded`, from `start`) of the longest phrase of `table` that is a prefix there, else 0."""
    limit = min(len(folded), start + table.longest)
    if table.spaced:
        ends = [i for i in range(start + 1, limit + 1) if i == len(folded) or folded[i] in " ,"]
    else:
        ends = list(range(start + 1, limit + 1))
    for end in reversed(ends):
        if folded[start:end] in table.phrases:
            return end - start
    return 0


def _accept(table: _Language, entry: _Entry, tail: str) -> bool:
    tail = tail.lstrip(" ,").strip()
    if not tail:
        return True
    if entry.kind == "preamble":
        return tail in entry.complements
    if entry.tail == "none":
        return False
    size = len(tail.split()) if table.spaced else len(tail.replace(" ", ""))
    first = re.split(r"[\s']", tail, maxsplit=1)[0]
    return size <= table.max_addressee and first not in table.stops and (first + "'") not in table.stops


def match_call(line: str, language: str | None = None) -> CallMatch | None:
    """The call a whole line opens, or None. `language` restricts the search to one language's phrases."""
    text = _clean(line, keep_tabs=True)
    if not text or "\t" in text or text.endswith(_SENTENCE_ENDS):
        return None
    if text.endswith(_CALL_TRAILERS):
        text = text[:-1].rstrip()
    folded, index = _fold(text)
    found: list[tuple[int, int, _Language, int]] = []  # (length, priority, table, start)
    codes = (language,) if language else LANGUAGES
    for priority, code in enumerate(codes):
        table = _language(code)
        starts = [0] + [len(p) for p in table.prefixes if folded.startswith(p)]
        for start in starts:
            length = _longest(table, folded, start)
            if length:
                found.append((length, priority, table, start))
                break
    if not found:
        return None
    best = max(length for length, *_ in found)
    for _, _, table, start in sorted((f for f in found if f[0] == best), key=lambda f: f[1]):
        end = start + best
        entry = table.phrases[folded[start:end]]
        if not _accept(table, entry, folded[end:]):
            continue
        cut = index[end]
        if entry.kind == "preamble":
            return CallMatch(table.code, "preamble", entry.key, text, "")
        return CallMatch(table.code, "operative", entry.key, text[:cut].rstrip(" ,"), text[cut:].lstrip(" ,").strip())
    return None


def call_keys(language: str) -> list[str]:
    """Every canonical key known for `language`, sorted."""
    return sorted({p.key for p in _language(language).catalogue})


def call_phrases(language: str) -> list[CallPhrase]:
    """Every call phrase of `language`'s data, in file order, with its key and evidence."""
    return list(_language(language).catalogue)


# ---- titles, annexes, enacting formulas, Reasons, proposals, end rule -----------------------------------------


def match_title(line: str) -> TitleMatch | None:
    """A title line ("RESOLUTION 130 (REV. DUBAI, 2018)", "第130号决议（…）"); the whole line must be the title,
    optionally followed by "*" or a footnote digit."""
    text = _clean(line)
    light = _light(text)
    for code in LANGUAGES:
        for pattern, kind in _language(code).titles:
            match = pattern.match(light)
            if match:
                number = match.groupdict().get("number")
                revision = match.group("revision")
                return TitleMatch(
                    code,
                    kind,
                    text[match.start("number") : match.end("number")].strip() if number else None,
                    text[match.start("revision") : match.end("revision")].strip() if revision is not None else None,
                )
    return None


def match_annex(line: str) -> str | None:
    """The kind and label of an annex/appendix heading as written ("ANNEX 1", "ANNEXE", "附件"), else None."""
    text = _clean(line)
    light = _light(text)
    for code in LANGUAGES:
        pattern = _language(code).annex
        match = pattern.match(light) if pattern else None
        if match:
            return " ".join(text[match.start("head") : match.end("head")].split())
    return None


def match_enacting_formula(line: str) -> str | None:
    """The language of an enacting formula ("The Plenipotentiary Conference … (Dubai, 2018),"), else None."""
    text = _clean(line)
    # The closing comma is sometimes lost (PP-18 Res. 160 as converted from PDF); then the "(place, year)" of
    # the conference must be there for the line to count.
    closed = text.endswith(_COMMAS)
    folded = _fold(text[:-1].rstrip() if closed else text)[0]
    tail = r"\s*(?:[(（][^()（）]*[)）])?\s*" if closed else r"\s*[(（][^()（）]*\d{4}[^()（）]*[)）]\s*"
    for code in LANGUAGES:
        for body in _language(code).bodies:
            if folded.startswith(body) and re.fullmatch(tail, folded[len(body) :]):
                return code
    return None


def match_body(formula: str) -> str | None:
    """The deliberating body an enacting formula names, as its id ("itu-pp", "itu-council" …), else None."""
    folded = _key(formula)
    for code in LANGUAGES:
        for body, ident in _language(code).body_ids:
            if folded.startswith(body):
                return ident
    return None


def match_reasons(line: str) -> str | None:
    """The label ("Reasons:", "Motifs :", "理由：") if the line opens a Reasons paragraph, else None."""
    text = _clean(line)
    folded, index = _fold(text)
    for code in LANGUAGES:
        for label in _language(code).reasons:
            match = re.match(re.escape(label) + r"\s*[:：]", folded)
            if match:
                return text[: index[match.end()]]
    return None


_ACTION = r"ADD\*?|MOD|\(MOD\)|SUP\*?|NOC|OTHER"  # proposal symbols, the same in every language (DOMAIN §4.1)
_SYMBOL = r"[A-Z]{1,5}(?:/[A-Z]{1,5})*/(?:\d+|XX)(?:A\d+)?(?:R\d+)?/\d+"
_PROPOSAL = re.compile(
    rf"^(?:(?P<action>{_ACTION})\s+(?P<symbol>{_SYMBOL})|(?P<symbol2>{_SYMBOL})\s+(?P<action2>{_ACTION}))$"
)


def match_proposal(line: str) -> tuple[str, str] | None:
    """("MOD", "IAP/76A35/1") for a proposal tag line (" MOD\\tIAP/76A35/1", "ADD*\\tACP/67A1/4"), else None."""
    match = _PROPOSAL.match(_clean(line))
    if match is None:
        return None
    return (match["action"] or match["action2"], match["symbol"] or match["symbol2"])


def is_closing_rule(line: str) -> bool:
    """True for the line of underscores that ends an ITU document."""
    return re.fullmatch(r"_{5,}", _clean(line)) is not None
