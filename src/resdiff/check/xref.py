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
from dataclasses import dataclass

from resdiff.check.context import Context, Finding, call_of, rule, walk
from resdiff.labels import ADVERBS, SCRIPTS
from resdiff.lang.tables import ReferenceWords, reference_words
from resdiff.model import Clause, Section

_ADVERB = "|".join(sorted(ADVERBS + ("nonies",), key=len, reverse=True))
_LETTERS = "".join(SCRIPTS.values())
_LABEL = (rf"(?P<NAME>[{_LETTERS}]{{1,2}}(?:\s++(?:{_ADVERB}))?\)|\d{{1,3}}(?:\s++(?:{_ADVERB}))?(?![\w)/.,]\d))"
          r"(?![\w])")


def _words(kind: ReferenceWords) -> str:
    """One kind of reference words of every language (resdiff/lang/*.toml `[references]`) as an alternation."""
    return "|".join(r"\s++".join(re.escape(part) for part in word.split()) for word in reference_words(kind))


# "point 5 du décide", "paragraph 2 of resolves", "apartado 3 del resuelve", "пунктом 5 раздела решает"
_NOUNS = f"(?:{_words('nouns')})"
# more labels after the first: "resolves 1, 2 and 3", "points 4 à 6 du décide", "considering b), c) and h)"
_BARE_LABEL = re.compile(_LABEL.replace("?P<NAME>", ""), re.IGNORECASE)
_JOIN = rf"(?:\s*+,\s*+(?:(?:{_words('joins')})\s++)?|\s++(?:{_words('joins')})\s++|\s*+[-–]\s*+)"
_MORE = rf"(?P<NAME>(?:{_JOIN}{_BARE_LABEL.pattern})*+)"
_LINKS = f"(?:{_words('links')})"
_ARTICLES = f"(?:(?:{_words('articles')})\\s++)?"
# a reference to a section of another resolution: "resolves 2 of Resolution 45", "пункт 2 Резолюции 45"
_ELSEWHERE = re.compile(rf"\s*+(?:{_words('positions')})?\s*+,?\s*+(?:{_LINKS}\s++)?{_ARTICLES}"
                        rf"(?:{_words('documents')})", re.IGNORECASE)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})


@dataclass(frozen=True)
class Reference:
    section: int
    label: str
    text: str
    start: int
    end: int
    label_start: int
    label_end: int


def _call_pattern(call: str) -> str:
    words = call.translate(_APOSTROPHES).strip().rstrip(",:;").split()
    return r"\s++".join(re.escape(w) for w in words)


@dataclass
class CallPattern:
    """The references to one section: `pattern` finds them; `call` finds the call words alone, which every
    reference contains — a quick test that lets most clause texts skip `pattern`, whose alternatives are tried at
    every position. `pattern` is compiled when a text first has the call words: most sections are never
    referred to, and each pattern takes milliseconds to compile (a third of `resdiff check` went there)."""

    section: int
    source: str
    call: re.Pattern[str]
    _compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.IGNORECASE)
        return self._compiled


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
        body = _call_pattern(call)
        # "resolves 2", "resolves, 2": whitespace, an optional comma, whitespace — possessive, with the one space
        # required looked for behind the label, so that a run of spaces is crossed once, not tried split by split
        forward = (rf"(?<![\w']){body}\s*+,?\s*+(?<=\s){_LABEL.replace('NAME', 'label')}"
                   rf"{_MORE.replace('NAME', 'more')}")
        backward = (rf"(?<![\w]){_NOUNS}\s++{_LABEL.replace('NAME', 'label2')}{_MORE.replace('NAME', 'more2')}\s++"
                    rf"{_LINKS}\s*+{_ARTICLES}[«\"“]?\s*+{body}(?![\w])")
        out.append(CallPattern(owners[0], f"{forward}|{backward}", re.compile(body, re.IGNORECASE)))
    return out


def find_references(text: str, table: list[CallPattern]) -> list[Reference]:
    """References in one clause text, one per label (a reference naming several, "resolves 1, 2 and 3", gives
    one each, with the same `text`); a longer call wins over a shorter one at the same place."""
    clean = text.translate(_APOSTROPHES)
    taken = bytearray(len(clean) + 1)  # the characters a reference already covers: a check per match, not per pair
    found: list[Reference] = []
    for entry in table:
        if not entry.call.search(clean):
            continue
        section = entry.section
        for match in _matches(entry.pattern, clean):
            start, end = match.span()
            if any(taken[start:end]) or _elsewhere(clean, end):
                continue
            group, more = ("label", "more") if match.group("label") is not None else ("label2", "more2")
            taken[start:end] = b"\x01" * (end - start)
            labels = [(match.group(group), match.start(group), match.end(group))]
            labels += [(m.group(), m.start(), m.end())
                       for m in _BARE_LABEL.finditer(clean, match.start(more), match.end(more))]
            whole = text[start:end]  # one string shared by the labels' references, not a copy each
            found.extend(Reference(section, " ".join(label.split()), whole, start, end, label_start, label_end)
                         for label, label_start, label_end in labels)
    return sorted(found, key=lambda r: (r.start, r.label_start))


_NESTED = re.compile(rf"[^\S\n]++{_BARE_LABEL.pattern}", re.IGNORECASE)


def _elsewhere(text: str, end: int) -> bool:
    """Whether the words after a reference, or after an item under the clause it names ("resolves 2 b) of
    Resolution 45"), make it a reference to another text."""
    nested = _NESTED.match(text, end)
    return bool(_ELSEWHERE.match(text, end) or (nested is not None and _ELSEWHERE.match(text, nested.end())))


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    yield from pattern.finditer(text)


def _clauses(section: Section) -> list[Clause]:
    return list(walk(section.clauses))


@rule("XREF001", "cross-references", "error",
      "references to clauses (\"resolves 2\", \"point 5 du décide\") follow their renumbering or deletion")
def xref001(ctx: Context) -> Iterator[Finding]:
    sections = ctx.tree.sections
    table = patterns(sections)
    if not table:
        return
    for section in sections:
        for clause in walk(section.clauses):
            if clause.new_text is None or clause.status == "deleted":
                continue
            old_refs = {(r.section, r.label) for r in find_references(clause.old_text or "", table)}
            for ref in find_references(clause.new_text, table):
                target_section = sections[ref.section]
                if (ref.section, ref.label) in old_refs and clause.status != "inserted":
                    yield from _carried(ctx, clause, section, ref, target_section)
                else:
                    yield from _written(ctx, clause, section, ref, target_section)


def _carried(ctx: Context, clause: Clause, section: Section, ref: Reference, target_section: Section
             ) -> Iterator[Finding]:
    target = next((c for c in _clauses(target_section) if c.old_label == ref.label), None)
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


def _written(ctx: Context, clause: Clause, section: Section, ref: Reference, target_section: Section
             ) -> Iterator[Finding]:
    if any(c.new_label == ref.label and c.status != "deleted" for c in _clauses(target_section)):
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
