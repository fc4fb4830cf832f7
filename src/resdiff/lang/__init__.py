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

from resdiff.lang.tables import (
    CALL_TRAILERS,
    COMMAS,
    LANGUAGES,
    SENTENCE_ENDS,
    CallKind,
    CallPhrase,
    Entry,
    LanguageTable,
    annex_for,
    call_starts,
    catalogue,
    fold,
    language_table,
    lighten,
    may_be_annex,
    may_be_title,
    normalise,
    titles_for,
)
from resdiff.lang.tables import _raw as _language_data
from resdiff.records import record

__all__ = [
    "LANGUAGES",
    "CallMatch",
    "CallPhrase",
    "TitleMatch",
    "call_keys",
    "call_phrases",
    "is_closing_rule",
    "match_annex",
    "match_body",
    "match_call",
    "match_enacting_formula",
    "match_proposal",
    "match_reasons",
    "match_title",
    "reasons_label",
]

@record(frozen=True)
class CallMatch:
    language: str
    kind: CallKind
    key: str
    """Canonical English key: "considering", "considering further", "resolves", "further instructs" …"""
    verb: str
    """The call phrase as written in the line ("charge en outre"); for a preamble call, the whole line."""
    addressee: str
    """The tail after an operative verb as written ("le Secrétaire général"), "" if none."""


@record(frozen=True)
class TitleMatch:
    language: str
    kind: str
    """RESOLUTION, DECISION, RECOMMENDATION, OPINION, DRAFT RESOLUTION or DRAFT NEW RESOLUTION."""
    number: str | None
    revision: str | None
    """The parenthesised place/year without its parentheses, as written ("RÉV. DUBAÏ, 2018"), or None."""


LONGEST_LINE = 1000
"""No call line, title, annex heading, enacting formula or tag line is longer than this (in characters, whitespace
collapsed): a longer paragraph is text, and is not folded character by character for every matcher."""

# ---- calls -----------------------------------------------------------------------------------------------------


def _longest(table: LanguageTable, folded: str, start: int) -> int:
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


def _accept(table: LanguageTable, entry: Entry, tail: str) -> bool:
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
    text = normalise(line, keep_tabs=True)
    if not text or len(text) > LONGEST_LINE or "\t" in text or text.endswith(SENTENCE_ENDS):
        return None
    if text.endswith(CALL_TRAILERS):
        text = text[:-1].rstrip()
    starts = call_starts(text, (language,) if language else LANGUAGES)
    if not starts:  # most lines: no phrase starts with their first word
        return None
    folded, index = fold(text)
    found: list[tuple[int, int, LanguageTable, int]] = []  # (length, priority, table, start)
    for priority, table, start in starts:  # a table's first start where a phrase is found counts
        if found and found[-1][1] == priority:
            continue
        length = _longest(table, folded, start)
        if length:
            found.append((length, priority, table, start))
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
    return sorted({p.key for p in catalogue(language)})


def call_phrases(language: str) -> list[CallPhrase]:
    """Every call phrase of `language`'s data, in file order, with its key and evidence."""
    return list(catalogue(language))


# ---- titles, annexes, enacting formulas, Reasons, proposals, end rule -----------------------------------------


def match_title(line: str) -> TitleMatch | None:
    """A title line ("RESOLUTION 130 (REV. DUBAI, 2018)", "第130号决议（…）"); the whole line must be the title,
    optionally followed by "*" or a footnote digit."""
    text = normalise(line)
    if len(text) > LONGEST_LINE or not may_be_title(text):
        return None
    light = lighten(text)
    for code in LANGUAGES:
        for pattern, kind in titles_for(code, light):
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
    text = normalise(line)
    if len(text) > LONGEST_LINE:
        return None
    light = lighten(text)
    if not may_be_annex(light):
        return None
    for code in LANGUAGES:
        pattern = annex_for(code, light)
        match = pattern.match(light) if pattern else None
        if match:
            return " ".join(text[match.start("head") : match.end("head")].split())
    return None


def match_enacting_formula(line: str) -> str | None:
    """The language of an enacting formula ("The Plenipotentiary Conference … (Dubai, 2018),"), else None."""
    text = normalise(line)
    if len(text) > LONGEST_LINE:
        return None
    # The closing comma is sometimes lost (PP-18 Res. 160 as converted from PDF); then the "(place, year)" of
    # the conference must be there for the line to count.
    closed = text.endswith(COMMAS)
    folded = fold(text[:-1].rstrip() if closed else text)[0]
    tail = r"\s*(?:[(（][^()（）]*[)）])?\s*" if closed else r"\s*[(（][^()（）]*\d{4}[^()（）]*[)）]\s*"
    for code in LANGUAGES:
        for body in language_table(code).bodies:
            if folded.startswith(body) and re.fullmatch(tail, folded[len(body) :]):
                return code
    return None


def match_body(formula: str) -> str | None:
    """The deliberating body an enacting formula names, as its id ("itu-pp", "itu-council" …), else None."""
    folded = fold(normalise(formula)[:LONGEST_LINE])[0]  # a name is a prefix: the rest need not be folded
    for code in LANGUAGES:
        for body, ident in language_table(code).body_ids:
            if folded.startswith(body):
                return ident
    return None


_REASONS_HEAD = 100


def match_reasons(line: str) -> str | None:
    """The label ("Reasons:", "Motifs :", "理由：") if the line opens a Reasons paragraph, else None."""
    text = normalise(line)
    head = text[:_REASONS_HEAD]
    if ":" not in head and "：" not in head:  # a label is followed by a colon, and folding makes no colon
        return None
    folded, index = fold(head)  # the label is at the start: the rest need not be folded
    for code in LANGUAGES:
        for label in language_table(code).reasons:
            # the label is a literal: a line that does not start with it is no Reasons line of this language
            match = re.match(re.escape(label) + r"\s*[:：]", folded) if folded.startswith(label) else None
            if match:
                return text[: index[match.end()]]
    return None


def reasons_label(language: str) -> str:
    """The label that opens a Reasons paragraph, colon included, as a proposal writes it ("Reasons:", "Motifs:",
    "理由："; DOMAIN §4.3); English for a language resdiff has no table for."""
    code = language if language in LANGUAGES else "en"
    label = str(_language_data(code)["reasons"]["labels"][0])
    return label + ("：" if code == "zh" else ":")


_ACTION = r"ADD\*?|MOD|\(MOD\)|SUP\*?|NOC|OTHER"  # proposal symbols, the same in every language (DOMAIN §4.1)
_SYMBOL = r"[A-Z]{1,5}(?:/[A-Z]{1,5})*/(?:\d+|XX)(?:A\d+)?(?:R\d+)?/\d+"
_PROPOSAL = re.compile(
    rf"^(?:(?P<action>{_ACTION})\s+(?P<symbol>{_SYMBOL})|(?P<symbol2>{_SYMBOL})\s+(?P<action2>{_ACTION}))$"
)


def match_proposal(line: str) -> tuple[str, str] | None:
    """("MOD", "IAP/76A35/1") for a proposal tag line (" MOD\\tIAP/76A35/1", "ADD*\\tACP/67A1/4"), else None."""
    text = normalise(line)
    match = _PROPOSAL.match(text) if len(text) <= LONGEST_LINE else None
    if match is None:
        return None
    return (match["action"] or match["action2"], match["symbol"] or match["symbol2"])


_RULE = re.compile(r"_{5,}")


def is_closing_rule(line: str) -> bool:
    """True for the line of underscores that ends an ITU document."""
    return "_" in line and _RULE.fullmatch(normalise(line)) is not None  # asked of every line: most have no "_"
