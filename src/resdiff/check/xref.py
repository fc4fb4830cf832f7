"""XREF001: cross-references to clauses of the same resolution follow the renumbering.

A reference names a section by its call line and a clause by its label, in either order: "resolves 2",
"considering a) above", "instructs the Secretary-General 3", "point 5 du décide", "paragraphe 2 du décide"
(DOMAIN §1.4). A reference the proposal carried over from the old text (it reads the same in the clause's old
text) points at the old numbering: if its target was renumbered or deleted, the reference must be updated. A
reference written in new text must point at a clause that exists in the new text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import import_module
from typing import NamedTuple

from resdiff.check.context import Context, Finding, call_of, rule, walk
from resdiff.labels import ADVERBS, SCRIPTS
from resdiff.lang.tables import ReferenceWords, reference_words
from resdiff.model import Clause, Section
from resdiff.records import record

_ADVERB = "|".join(sorted(ADVERBS + ("nonies",), key=len, reverse=True))
_LETTERS = "".join(SCRIPTS.values())
_LABEL = (rf"(?P<NAME>[{_LETTERS}]{{1,2}}(?:\s++(?:{_ADVERB}))?\)|\d{{1,3}}(?:\s++(?:{_ADVERB}))?(?![\w)/.,]\d))"
          r"(?![\w])")
_BARE = _LABEL.replace("?P<NAME>", "")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})
_ODD = re.compile("[\u2019\u2018\u02bc\u00a0]")


def _words(kind: ReferenceWords) -> str:
    """One kind of reference words of every language (resdiff/lang/*.toml `[references]`) as an alternation."""
    return "|".join(r"\s++".join(re.escape(part) for part in word.split()) for word in reference_words(kind))


# A reference is "<call> <labels>" (forward: "resolves 2", "resolves 1, 2 and 3") or "<noun> <labels> <link>
# <call>" (backward: "point 5 du décide", "paragraph 2 of resolves"). What is around the call words is the same
# for every section: it is compiled once (on first use: the words are read from the language tables), and only
# the call words are compiled per section. `_matches` finds exactly what one pattern "forward|backward" per
# section found, which took milliseconds to compile for each section referred to (a tenth of `resdiff check`).


@cache
def _more(name: str) -> str:
    """More labels after the first: "resolves 1, 2 and 3", "points 4 à 6 du décide", "considering b), c) and h)"."""
    join = rf"(?:\s*+,\s*+(?:(?:{_words('joins')})\s++)?|\s++(?:{_words('joins')})\s++|\s*+[-–]\s*+)"
    return rf"(?P<{name}>(?:{join}{_BARE})*+)"


@cache
def _tail() -> re.Pattern[str]:
    """What follows the call words in a forward reference: whitespace, an optional comma, whitespace — possessive,
    with the one space required looked for behind the label, so that a run of spaces is crossed once, not tried
    split by split — then the labels."""
    return re.compile(rf"\s*+,?\s*+(?<=\s){_LABEL.replace('NAME', 'label')}{_more('more')}", re.IGNORECASE)


@cache
def _lead() -> str:
    """What comes before the call words in a backward reference: "paragraph 2 of ", "пунктом 5 раздела "."""
    links, articles = f"(?:{_words('links')})", f"(?:(?:{_words('articles')})\\s++)?"
    return (rf"(?<![\w])(?:{_words('nouns')})\s++{_LABEL.replace('NAME', 'label2')}{_more('more2')}\s++{links}"
            rf"\s*+{articles}[«\"“]?\s*+")


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


@cache
def _elsewhere_pattern() -> re.Pattern[str]:
    """A reference to a section of another resolution: "resolves 2 of Resolution 45", "пункт 2 Резолюции 45"."""
    links, articles = f"(?:{_words('links')})", f"(?:(?:{_words('articles')})\\s++)?"
    return re.compile(rf"\s*+(?:{_words('positions')})?\s*+,?\s*+(?:{links}\s++)?{articles}"
                      rf"(?:{_words('documents')})", re.IGNORECASE)


@record(frozen=True)
class Reference:
    section: int
    label: str
    text: str
    start: int
    end: int
    label_start: int
    label_end: int


def _words_of(call: str) -> list[str]:
    return call.translate(_APOSTROPHES).strip().rstrip(",:;").split()


def _call_pattern(call: str) -> str:
    return r"\s++".join(re.escape(w) for w in _words_of(call))


# Every reference contains its section's call words, and most texts contain none: `find_references` looks for
# them first. A search for each section's words in each text (case-insensitive: re tries the pattern at every
# position) was half of XREF001; the first word is now looked for with `in` in both folded as re's IGNORECASE
# compares characters — each by its simple lower case, and the few that re takes for the same letter besides
# (ı and i, ſ and s, ς and σ …, re._casefix) as one — so that a text where re could find the words always has
# the folded first word, and the search is made only there.
def _also_equal() -> dict[int, tuple[int, ...]] | None:
    """re's table of the letters it takes as equal besides their case (private to CPython's re, 3.11 and
    later); None elsewhere, and then every search is made."""
    try:
        table = import_module("re._casefix")._EXTRA_CASES
    except (ImportError, AttributeError):  # pragma: no cover - another Python
        return None
    return table if isinstance(table, dict) else None


_ALSO_EQUAL = _also_equal()
_SAME_LETTER = {k: chr(min(k, *v)) for k, v in (_ALSO_EQUAL or {}).items() if min(k, *v) != k}
_RARE = re.compile("[" + re.escape("".join(map(chr, _SAME_LETTER))) + "]") if _SAME_LETTER else None


def _caseless(text: str) -> str:
    """`text` as re.IGNORECASE compares it, one character for one: equal wherever re would match."""
    folded = (text.replace("\u0130", "i") if "\u0130" in text else text).lower()  # simple lower case of İ: i
    return folded.translate(_SAME_LETTER) if _RARE is not None and _RARE.search(folded) else folded


@record
class CallPattern:
    """The references to one section: `body` is the regex of its call words, `first` its first word as
    `_caseless` makes it; `call` finds the words alone, which every reference contains."""

    section: int
    body: str
    first: str

    @property
    def call(self) -> re.Pattern[str]:
        return _compiled(self.body)

    @property
    def head(self) -> re.Pattern[str]:
        """The call words where a forward reference may start (not inside a word)."""
        return _compiled(rf"(?<![\w']){self.body}")

    @property
    def backward(self) -> re.Pattern[str]:
        """A whole backward reference to this section, compiled only for a text that has one to some call."""
        return _compiled(rf"{_lead()}{self.body}(?![\w])")


def patterns(sections: tuple[Section, ...]) -> list[CallPattern]:
    """The reference pattern of each section's call line, longest call first; calls that two sections share are
    left out (a reference to them would be ambiguous)."""
    calls: dict[str, list[int]] = {}
    for index, section in enumerate(sections):
        for call in {c for c in (section.call, section.old_call) if c is not None}:
            calls.setdefault(" ".join(call.translate(_APOSTROPHES).lower().split()).rstrip(",:;"), []).append(index)
    out = []
    for call, owners in sorted(calls.items(), key=lambda item: -len(item[0])):
        if len(set(owners)) != 1 or len(call) < 4:
            continue
        out.append(CallPattern(owners[0], _call_pattern(call), _caseless(_words_of(call)[0])))
    return out


def find_references(text: str, table: list[CallPattern]) -> list[Reference]:
    """References in one clause text, one per label (a reference naming several, "resolves 1, 2 and 3", gives
    one each, with the same `text`); a longer call wins over a shorter one at the same place."""
    # str.translate looks every character up: only for a text that has one to replace
    clean = text.translate(_APOSTROPHES) if _ODD.search(text) else text
    caseless = _caseless(clean) if _ALSO_EQUAL is not None else None
    taken = bytearray(len(clean) + 1)  # the characters a reference already covers: a check per match, not per pair
    found: list[Reference] = []
    for entry in table:
        if (caseless is not None and entry.first not in caseless) or not entry.call.search(clean):
            continue
        section = entry.section
        for hit in _matches(entry, clean):
            start, end = hit.start, hit.end
            if any(taken[start:end]) or _elsewhere(clean, end):
                continue
            taken[start:end] = b"\x01" * (end - start)
            labels = [(hit.label, hit.label_start, hit.label_end)]
            labels += [(m.group(), m.start(), m.end())
                       for m in _compiled(_BARE).finditer(clean, hit.more_start, hit.more_end)]
            whole = text[start:end]  # one string shared by the labels' references, not a copy each
            found.extend(Reference(section, " ".join(label.split()), whole, start, end, label_start, label_end)
                         for label, label_start, label_end in labels)
    return sorted(found, key=lambda r: (r.start, r.label_start))


def _elsewhere(text: str, end: int) -> bool:
    """Whether the words after a reference, or after an item under the clause it names ("resolves 2 b) of
    Resolution 45"), make it a reference to another text."""
    elsewhere = _elsewhere_pattern()
    nested = _compiled(rf"[^\S\n]++{_BARE}").match(text, end)
    return bool(elsewhere.match(text, end) or (nested is not None and elsewhere.match(text, nested.end())))


class _Hit(NamedTuple):
    """One reference found: its span, its first label, and the span of the labels that follow."""

    start: int
    end: int
    label: str
    label_start: int
    label_end: int
    more_start: int
    more_end: int


def _hit(match: re.Match[str], start: int, label: str, more: str) -> _Hit:
    return _Hit(start, match.end(), match.group(label), match.start(label), match.end(label), match.start(more),
                match.end(more))


def _forward(entry: CallPattern, text: str, pos: int) -> _Hit | None:
    """The first forward reference from `pos`: the call words match one way only (literal words, possessive
    spaces), so the pattern "call tail" matches where the call words do and the tail matches after them."""
    while (head := entry.head.search(text, pos)) is not None:
        tail = _tail().match(text, head.end())
        if tail is not None:
            return _hit(tail, head.start(), "label", "more")
        pos = head.start() + 1
    return None


def _matches(entry: CallPattern, text: str) -> Iterator[_Hit]:
    """What `re.finditer("forward|backward", text)` finds: from each position on, the first place where either
    matches, the forward one first at the same place; then on from its end."""
    # a backward reference has its call words after a link ("du décide") and starts where a lead does: without
    # both, the section's backward pattern is not compiled
    backward = _after_link(entry, text)
    if backward:
        lead = _compiled(_lead()).search(text)
        backward = lead is not None and entry.call.search(text, lead.start()) is not None
    pos = 0
    other = entry.backward.search(text) if backward else None
    while True:
        forward = _forward(entry, text, pos)
        if other is not None and other.start() < pos:  # still ahead, it is what a search from `pos` finds again
            other = entry.backward.search(text, pos)
        if other is not None and (forward is None or other.start() < forward.start):
            hit = _hit(other, other.start(), "label2", "more2")
        elif forward is not None:
            hit = forward
        else:
            return
        yield hit
        pos = hit.end


@cache
def _link_ends() -> tuple[str, ...]:
    """The last word of each link and article, as `_caseless` makes it: what a lead ends with before the call."""
    return tuple(_caseless(word.split()[-1]) for kind in ("links", "articles") for word in reference_words(kind))


_LINK_WINDOW = 256
"""How far before the call words `_after_link` looks: a link, then at most ~190 spaces and a quote."""


def _after_link(entry: CallPattern, text: str) -> bool:
    """Whether the call words are somewhere after a link or an article (then spaces, one opening quote, spaces),
    as a backward reference has them: "point 5 du décide", "paragraph 2 of the «resolves»"."""
    if _ALSO_EQUAL is None:  # pragma: no cover - no fold to compare with: assume so
        return True
    at = entry.call.search(text)
    while at is not None:
        # only the last words before the call count: a window, not the whole text before each of its calls
        before = text[max(0, at.start() - _LINK_WINDOW): at.start()].rstrip()
        before = before[:-1].rstrip() if before.endswith(("«", '"', "“")) else before
        if _caseless(before[-64:]).endswith(_link_ends()):
            return True
        at = entry.call.search(text, at.start() + 1)
    return False


class _Targets:
    """What a reference to one section can point at, listed once per check rather than once per reference."""

    def __init__(self, section: Section) -> None:
        self.by_old_label: dict[str, Clause] = {}
        self.new_labels: set[str] = set()
        for clause in walk(section.clauses):
            if clause.old_label is not None:
                self.by_old_label.setdefault(clause.old_label, clause)  # the first, as a reader looks it up
            if clause.new_label is not None and clause.status != "deleted":
                self.new_labels.add(clause.new_label)


@rule("XREF001", "cross-references", "error",
      "references to clauses (\"resolves 2\", \"point 5 du décide\") follow their renumbering or deletion")
def xref001(ctx: Context) -> Iterator[Finding]:
    sections = ctx.tree.sections
    table = patterns(sections)
    if not table:
        return
    targets: dict[int, _Targets] = {}
    for section in sections:
        for clause in walk(section.clauses):
            if clause.new_text is None or clause.status == "deleted":
                continue
            new_refs = find_references(clause.new_text, table)
            # most clauses are unchanged: their old text is their new one, searched once
            old = new_refs if clause.old_text == clause.new_text else find_references(clause.old_text or "", table)
            old_refs = {(r.section, r.label) for r in old}
            seen: set[tuple[int, str, str]] = set()
            for ref in new_refs:
                if (ref.section, ref.label, ref.text) in seen:  # the same words twice in a clause: one finding
                    continue
                seen.add((ref.section, ref.label, ref.text))
                target_section = sections[ref.section]
                if ref.section not in targets:
                    targets[ref.section] = _Targets(target_section)
                if (ref.section, ref.label) in old_refs and clause.status != "inserted":
                    yield from _carried(ctx, clause, section, ref, target_section, targets[ref.section])
                else:
                    yield from _written(ctx, clause, section, ref, target_section, targets[ref.section])


def _carried(ctx: Context, clause: Clause, section: Section, ref: Reference, target_section: Section,
             targets: _Targets) -> Iterator[Finding]:
    target = targets.by_old_label.get(ref.label)
    if target is None:
        return
    where = f"{call_of(section)!r} {clause.new_label or '(unlabelled)'}"
    old_target = f"{call_of(target_section)!r} {ref.label}"
    if target.status == "deleted" or target.new_label is None:
        yield ctx.finding("XREF001", f"{where}: the reference '{ref.text}' points at {old_target}, which this "
                          "proposal deletes; remove or redirect the reference (with tracked changes)",
                          clause.paragraph, details={"reference": ref.text, "old_target": ref.label})
    elif target.new_label != ref.label:
        corrected = ref.text[: ref.label_start - ref.start] + target.new_label + ref.text[ref.label_end - ref.start:]
        yield ctx.finding("XREF001", f"{where}: the reference '{ref.text}' points at {old_target}, which is "
                          f"{target.new_label} in the new text; write '{corrected}' (with tracked changes)",
                          clause.paragraph,
                          details={"reference": ref.text, "old_target": ref.label, "new_target": target.new_label,
                                   "corrected": corrected})


def _written(ctx: Context, clause: Clause, section: Section, ref: Reference, target_section: Section,
             targets: _Targets) -> Iterator[Finding]:
    if ref.label in targets.new_labels:
        return
    labels = [c.new_label for c in target_section.clauses if c.new_label and c.status != "deleted"]
    if not labels:  # an unlabelled section: nothing to point at, nothing to check
        return
    where = f"{call_of(section)!r} {clause.new_label or '(unlabelled)'}"
    yield ctx.finding("XREF001", f"{where}: the reference '{ref.text}' points at {call_of(target_section)!r} "
                      f"{ref.label}, which does not exist in the new text (its items are "
                      f"{labels[0]}…{labels[-1]}); correct the label", clause.paragraph,
                      details={"reference": ref.text, "old_target": ref.label})


RULES = (xref001,)
"""This family's rules, in the order of the registry."""
