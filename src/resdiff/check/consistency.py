"""CONS001 (title and enacting formula name one conference), CONS002 (closing punctuation of items) and
CONS003 (citations of ITU resolutions are well formed), all on the new text.

CONS003 follows each body's convention: a conference's text (PP, WTSA, WTDC, RA, WRC) is cited with the place
and year of its last revision, `Resolution 71 (Rev. Dubai, 2018)`, or its short form, `Resolution 958 (WRC-15)`;
a Council's text with its year, `Council Resolution 1305 (2009)`, `Resolution 1306 (Rev. 2015)`,
`Resolution 1380 (2016, last amended 2017)`, `Decision 588 (2016)`; a text of the UN General Assembly by session
and number, `Resolution 70/125`, which has no parenthesis to check."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from resdiff import lang
from resdiff.check.context import Context, Finding, describe, rule, walk
from resdiff.model import Clause

# ---- CONS001 ------------------------------------------------------------------------------------------------

_REV_WORD = r"(?:r[eé]v\.?|пересм\.?|rev\.?)"
# Whitespace is matched possessively and a place ends on a letter, so that no run of spaces can be shared out
# between two quantifiers in every possible way (that made a formula's "(" and 20,000 spaces take hours).
_PLACE_YEAR = re.compile(rf"^\s*+(?:{_REV_WORD}\s*+)?(?P<place>[^\d,()]*?[^\s\d,()])\s*+,\s*+(?P<year>\d{{4}})"
                         r"(?:\s*+г\.?)?\s*+$", re.IGNORECASE)
_FORMULA_TAIL = re.compile(r"[(（](?P<inside>[^()（）]*)[)）]\s*+[,，،]?\s*+$")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def place_year(text: str | None) -> tuple[str, str] | None:
    """("bucharest", "2022") from "REV. BUCHAREST, 2022" or "Bucharest, 2022" (case and accents folded)."""
    match = _PLACE_YEAR.match(text or "")
    return (_fold(match["place"]), match["year"]) if match else None


def _paragraph_of(ctx: Context, test: Callable[[str], bool]) -> int | None:
    for index, paragraph in enumerate(ctx.doc.paragraphs()):
        if test(paragraph.text_on("new").strip()):
            return index
    return None


@rule("CONS001", "conference", "error", "the title's revision and the enacting formula name the same conference")
def cons001(ctx: Context) -> Iterator[Finding]:
    tree = ctx.tree
    tail = _FORMULA_TAIL.search(tree.preamble or "")
    inside = tail["inside"] if tail else None
    title, formula = place_year(tree.revision), place_year(inside)
    if title is None or formula is None or title == formula:
        return
    paragraph = _paragraph_of(ctx, lambda t: bool(lang.match_title(t)))
    yield ctx.finding(
        "CONS001",
        f"the title says ({tree.revision}) but the enacting formula says ({inside}) "
        f"(place {title[0]!r} vs {formula[0]!r}, year {title[1]} vs {formula[1]}); name the same conference in both",
        paragraph, section="title")


# ---- CONS002 ------------------------------------------------------------------------------------------------

_ENDS = {";": ";；؛", ",": ",，،", ".": ".。", ":": ":："}
_NAMES = {";": "a semicolon", ",": "a comma", ".": "a full stop", ":": "a colon"}


def _ending(text: str) -> str:
    text = text.rstrip().rstrip("*").rstrip()
    for mark, chars in _ENDS.items():
        if text.endswith(tuple(chars)):
            return mark
    return ""


@rule("CONS002", "punctuation", "warning",
      "items end with ';', the last item of a section with ',', the last of the resolution with '.'")
def cons002(ctx: Context) -> Iterator[Finding]:
    sections = [s for s in ctx.tree.sections if s.call is not None and s.status != "deleted"]
    for number, section in enumerate(sections):
        items = [c for c in walk(section.clauses) if c.status != "deleted" and c.new_text]
        last_section = number == len(sections) - 1
        for position, clause in enumerate(items):
            want = _expected(clause, position == len(items) - 1, last_section)
            got = _ending(clause.new_text or "")
            if got in want:
                continue
            shown = f"'{got}'" if got else "no punctuation"
            yield ctx.finding("CONS002", f"{describe(section, clause.new_label)} ends with {shown}; "
                              f"it should end with {' or '.join(_NAMES[w] for w in want)}"
                              f"{' (last item of the resolution)' if want == ('.',) else ''}"
                              f"{' (last item of its section)' if want == (',',) else ''}",
                              clause.paragraph, section=section.call, label=clause.new_label,
                              details={"ending": got, "expected": want[0]})


def _expected(clause: Clause, last: bool, last_section: bool) -> tuple[str, ...]:
    if any(c.status != "deleted" for c in clause.children):
        return (":",)
    if last:
        return (".",) if last_section else (",",)
    # a colon also introduces unlabelled paragraphs (a quotation) that follow as siblings
    return (";", ":")


# ---- CONS003 ------------------------------------------------------------------------------------------------

_CITED = re.compile(
    r"(?P<word>Resolutions?|Résolutions?|Resolución|Resoluciones|Decisions?|Décisions?|Decisión|Recommendations?|"
    r"Recommandations?|Recomendación|Opinions?|Avis)\s++(?P<numbers>\d{1,4}(?:\s*+(?:,|and|et|y)\s*+\d{1,4})*)"
    r"\s*+\((?P<inside>[^()]{1,80})\)")
_WELL_FORMED = re.compile(r"^(?:(?P<rev>Rev\.|Rév\.) )?(?P<place>[^\W\d_][^\d,()]*?), (?P<year>\d{4})$")
_SHORT_FORMS = re.compile(r"^(?:(?:Rev\.|Rév\.) ?)?(?:WRC|RA|WTSA|WTDC|CMR|AR|AMNT|CMDT|PP)[-\u2010\u2011]"
                          r"(?:\d{2}|\d{4})$|^C-?\d{2,4}\b")
# A Council's resolutions are numbered from 1000 and its decisions from 100 (a conference's stay below both); a
# Council text is cited with years only: (2009), (Rev. 2015), (modified 2019), (2016, last amended 2017).
_COUNCIL_BEFORE = re.compile(r"\b(?:Council|Conseil|Consejo)\s*$")
_COUNCIL_AFTER = re.compile(r"^\s*(?:of\s+the\s+(?:ITU\s+)?Council|du\s+Conseil|del\s+Consejo)\b")
_AMENDED = (r"(?:last\s+|derni[eè]re\s+)?"
            r"(?:modified|amended|revised|modifi[ée]e?s?|modificad[ao]|r[ée]vis[ée]e?|revisad[ao])")
_COUNCIL_FORM = re.compile(rf"^(?:(?:Rev\.|Rév\.|{_AMENDED})\s*)?\d{{4}}"
                           rf"(?:\s*,\s*{_AMENDED}(?:\s+(?:in|en))?\s+\d{{4}})?$", re.IGNORECASE)
_LOOSE = re.compile(r"^(?P<rev>r[eéè][vf]\w{0,5}\b\.?|rev\.|rév\.)?\s*\.?\s*(?P<place>[^\W\d_][^\d,()]*?)\s*[,;.]?\s*"
                    r"(?P<year>\d{4})$", re.IGNORECASE)
_REV_LIKE = re.compile(r"r[eéè][vf]\w{0,5}\b", re.IGNORECASE)  # a misspelt "Rev." taken for a place name
_GLUED = re.compile(r"\d{4}[^\W\d_]")  # "2014Kigali": flattened deleted + inserted text, not a typo


def _rev_word(word: str) -> str:
    """The revision abbreviation of the citation's language: French "Rév.", English and Spanish "Rev."."""
    if word.startswith("Résolution") or word in ("Décision", "Décisions", "Recommandation", "Recommandations", "Avis"):
        return "Rév."
    return "Rev."


def _by_council(text: str, match: re.Match[str]) -> bool:
    """Whether the citation is of a Council text: so named ("Council Resolution 1305", "Resolution 1305 of the
    Council"), or numbered as only the Council numbers its texts."""
    numbers = [int(n) for n in re.findall(r"\d+", match["numbers"])]
    floor = 100 if match["word"].startswith(("Decisi", "Décision")) else 1000
    return (bool(_COUNCIL_BEFORE.search(text[max(0, match.start() - 40):match.start()]))
            or bool(_COUNCIL_AFTER.match(text[match.end():match.end() + 40]))
            or all(n >= floor for n in numbers))


def cited(text: str) -> Iterator[tuple[str, str, str]]:
    """(citation as written, what is wrong, the corrected citation) for each malformed citation in `text`."""
    for match in _CITED.finditer(text):
        inside = " ".join(match["inside"].split())
        if _SHORT_FORMS.match(inside) or _GLUED.search(inside) or not re.search(r"\d{4}", inside):
            continue
        if _by_council(text, match):
            if not _COUNCIL_FORM.match(inside) and not _WELL_FORMED.match(inside):
                yield match.group(0), ("a Council text is cited by year: (2009), (Rev. 2015), (modified 2019) or "
                                       "(2016, last modified 2017)"), ""
            continue
        good = _WELL_FORMED.match(inside)
        want_rev = _rev_word(match["word"])
        if good and _REV_LIKE.match(good["place"]):
            good = None
        if good and (good["rev"] is None or good["rev"] == want_rev):
            continue
        loose = _LOOSE.match(inside)
        if loose is None:
            yield match.group(0), "the parenthesis should read (Rev. Place, Year) or (Place, Year)", ""
            continue
        fixed = f"{want_rev + ' ' if loose['rev'] else ''}{loose['place']}, {loose['year']}"
        problems = []
        if loose["rev"] and loose["rev"] != want_rev:
            problems.append(f"'{loose['rev']}' should be '{want_rev}'")
        if not re.search(r",\s*\d{4}$", inside):
            problems.append("a comma is missing before the year")
        if loose["rev"] and not re.match(rf"{re.escape(loose['rev'])} \S", inside):
            problems.append(f"one space after '{want_rev}'")
        corrected = match.group(0).replace(f"({match['inside']})", f"({fixed})")
        yield match.group(0), "; ".join(problems) or "spacing", corrected


@rule("CONS003", "citations", "warning", "citations such as 'Resolution 45 (Rev. Kigali, 2022)' are well formed")
def cons003(ctx: Context) -> Iterator[Finding]:
    for section in ctx.tree.sections:
        for clause in walk(section.clauses):
            if clause.status == "deleted" or not clause.new_text:
                continue
            for citation, problem, corrected in cited(clause.new_text):
                fix = f"; write '{corrected}'" if corrected else ""
                yield ctx.finding("CONS003", f"{describe(section, clause.new_label)}: citation '{citation}': "
                                  f"{problem}{fix}", clause.paragraph, section=section.call, label=clause.new_label)


RULES = (cons001, cons002, cons003)
"""This family's rules, in the order of the registry."""
