"""`resdiff parallel` (`resdiff.parallel` in the API): language versions of one resolution or proposal checked
against each other (issue 17).

The versions are aligned by structure (`resdiff.align.parallel`); every aligned row is then compared on what a
translation must keep: that the row exists in each version, its labels, its ITU action, its numbers, the clauses
its references point at, and its footnotes. Each mismatch is a `resdiff.check.Finding` located in one version,
with the other version's location in `details` (`other_file`, `other_paragraph`, `other_section`,
`other_label`), so the writers of `resdiff check` write them. The first version is the reference: every other
version is compared with it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from resdiff.align.parallel import (
    Alignment,
    Row,
    Version,
    align_versions,
    label_key,
    section_paragraph,
    title_paragraph,
)
from resdiff.check.context import Finding, Location, walk
from resdiff.check.xref import Reference, find_references, patterns
from resdiff.labels import parse_label
from resdiff.model import Clause, Document, Resolution
from resdiff.parallel_report import PARALLEL_RULES

if TYPE_CHECKING:
    from resdiff.ooxml.source import Source

__all__ = ["compare_versions", "read_versions"]


_DIGITS = re.compile(r"\d+")
_SIDES = ("old", "new")


def read_versions(sources: Sequence[Document | Source], names: Sequence[str] | None = None) -> list[Version]:
    """Each source read (a Document, a path, bytes or a binary file) with its clause tree."""
    from pathlib import Path

    from resdiff.parse.structure import build_tree

    versions = []
    for index, source in enumerate(sources):
        if names is not None and index < len(names):
            name = names[index]
        elif isinstance(source, str | Path):
            name = str(source)
        else:
            name = f"version {index + 1}"
        # bytes are read under the version's name, whose extension tells CriticMarkup from text
        doc = source if isinstance(source, Document) else _read(source, None if isinstance(source, str | Path)
                                                                else name)
        versions.append(Version(name, doc, build_tree(doc)))
    return versions


def compare_versions(versions: Sequence[Version]) -> tuple[Alignment, list[Finding]]:
    """The alignment of the versions and every mismatch between the reference (the first) and each other."""
    alignment = align_versions(versions)
    findings = list(_Comparer(alignment).run())
    return alignment, findings


def _read(source: Source, name: str | None) -> Document:
    """A version as `read` reads it, except text extracted from a tracked .docx (a tag line first, deleted and
    inserted text run together), which is untangled into the tracked document it came from."""
    from resdiff import untangle
    from resdiff.ooxml.source import read_source
    from resdiff.parse import detect_format, read

    data, shown = read_source(source, name)
    if detect_format(data, shown) == "txt" and detect_format(data, shown, flat=True) == "flat":
        return untangle(data)
    return read(data, name=shown)


class _Comparer:
    def __init__(self, alignment: Alignment) -> None:
        self.a = alignment
        self.versions = alignment.versions
        self.tables = [patterns(v.tree.sections) for v in self.versions]
        self.found: dict[tuple[int, str], list[Reference]] = {}
        self.reads = [self._reads_references(v) for v in range(len(self.versions))]
        """Per version: whether resdiff reads its references at all. A language whose reference forms are not in
        lang/ yet (Chinese) shows none: its versions are compared without PAR007, numbers of references
        included."""
        self.last: list[Location] = [Location() for _ in self.versions]
        """Per version: where its latest row so far is, to say where a row it lacks would be."""
        languages = [v.tree.language for v in self.versions]
        self.tags = [f"[{lang}]" if lang and languages.count(lang) == 1 else v.name
                     for lang, v in zip(languages, self.versions, strict=True)]
        """How messages name a version: its language where no other version has it, else its name."""

    def run(self) -> Iterator[Finding]:
        yield from self._title()
        for row in self.a.rows:
            for other in range(1, len(self.versions)):
                yield from self._row(row, other)
            for version in range(len(self.versions)):
                if row.cells[version] is not None or (row.depth == 0 and row.sections[version] is not None):
                    self.last[version] = self._where(row, version)

    def _references(self, version: int, text: str) -> list[Reference]:
        """find_references, once per version and text: the reference version's clauses meet every other's."""
        key = (version, text)
        if key not in self.found:
            self.found[key] = find_references(text, self.tables[version])
        return self.found[key]

    def _reads_references(self, version: int) -> bool:
        return any(self._references(version, text) for section in self.versions[version].tree.sections
                   for clause in walk(section.clauses) for text in (clause.old_text, clause.new_text) if text)

    # ---- locations ------------------------------------------------------------------------------------------

    def _where(self, row: Row, version: int) -> Location:
        """Version `version`'s location of `row` (its clause, else its section's call line)."""
        index = row.sections[version]
        section = self.versions[version].tree.sections[index] if index is not None else None
        clause = row.cells[version]
        if clause is not None:
            return Location(paragraph=clause.paragraph + 1 if clause.paragraph >= 0 else None,
                            section=section.call if section else None, label=clause.new_label or clause.old_label)
        paragraph = section_paragraph(section) if section is not None else None
        return Location(paragraph=paragraph + 1 if paragraph is not None else None,
                        section=section.call if section else None)

    def _finding(self, rule: str, message: str, at: int, here: Location, there_version: int, there: Location,
                 **details: str) -> Finding:
        other = {"other_file": self.versions[there_version].name,
                 "other_paragraph": str(there.paragraph) if there.paragraph is not None else "",
                 "other_section": there.section or "", "other_label": there.label or ""}
        return Finding(rule=rule, severity=PARALLEL_RULES[rule].severity, message=message,
                       file=self.versions[at].name, location=here, details={**other, **details})

    def _pair(self, rule: str, message: str, row: Row, other: int, **details: str) -> Finding:
        """A finding on both versions' cells of a row, located in `other`, the reference's place in details."""
        return self._finding(rule, message, other, self._where(row, other), 0, self._where(row, 0), **details)

    def _clause_name(self, row: Row, version: int) -> str:
        where = self._where(row, version)
        if where.label or row.depth == 0:
            return self._name(version, where)
        return f"{where.section!r} (unlabelled paragraph) in {self.tags[version]}"

    def _name(self, version: int, where: Location) -> str:
        shown = f"{where.section!r} {where.label}" if where.label else repr(where.section or "(title)")
        return f"{shown} in {self.tags[version]}"

    # ---- rows -----------------------------------------------------------------------------------------------

    def _row(self, row: Row, other: int) -> Iterator[Finding]:
        if row.depth == 0:
            yield from self._section(row, other)
            return
        ref, cell = row.cells[0], row.cells[other]
        if ref is None and cell is None:
            return
        if ref is None or cell is None:
            yield from self._missing(row, other)
            return
        if ref.action != cell.action:
            yield self._pair("PAR005", f"{self._clause_name(row, other)} is {cell.action}, "
                             f"{self._clause_name(row, 0)} is {ref.action}", row, other,
                             action=cell.action, other_action=ref.action)
        else:
            yield from self._labels(row, other, ref, cell)
        yield from self._texts(row, other, ref, cell)

    def _section(self, row: Row, other: int) -> Iterator[Finding]:
        ref_index, index = row.sections[0], row.sections[other]
        if ref_index is not None and index is not None:
            ref = self.versions[0].tree.sections[ref_index]
            section = self.versions[other].tree.sections[index]
            if ref.key != section.key:
                yield self._pair("PAR002", f"{section.call!r} ({section.key}) in {self.tags[other]} "
                                 f"stands where {ref.call!r} ({ref.key}) is in {self.tags[0]}",
                                 row, other, key=section.key or "", other_key=ref.key or "")
            return
        yield from self._missing(row, other)

    def _missing(self, row: Row, other: int) -> Iterator[Finding]:
        """A row one of the two versions lacks, reported where it is, with the lacking version's place: after its
        latest row."""
        present = row.cells if row.depth > 0 else row.sections
        has, lacks = (0, other) if present[0] is not None else (other, 0)
        if row.orphan[lacks] or row.orphan[has]:
            return  # its section or parent clause is missing already: reported there
        here, there = self._where(row, has), self.last[lacks]
        rule, what = ("PAR001", "section") if row.depth == 0 else ("PAR003", "clause")
        after = f" (after {self._name(lacks, there)})" if there.section or there.label else ""
        yield self._finding(rule, f"the {what} {self._clause_name(row, has)} has no counterpart in "
                            f"{self.tags[lacks]}{after}", has, here, lacks, there)

    def _labels(self, row: Row, other: int, ref: Clause, cell: Clause) -> Iterator[Finding]:
        differ = [side for side in _SIDES if _series(_label(ref, side)) != _series(_label(cell, side))]
        if not differ:
            return
        mine = _labels_text(cell)
        theirs = _labels_text(ref)
        yield self._pair("PAR004", f"{self._clause_name(row, other)} is labelled {mine}, its "
                         f"counterpart {self._clause_name(row, 0)} {theirs}"
                         + ("; a renumbering is tracked in one version only" if ref.renumbered != cell.renumbered
                            else ""), row, other, labels=mine, other_labels=theirs, sides=",".join(differ))

    # ---- texts: numbers, references, footnotes --------------------------------------------------------------

    def _texts(self, row: Row, other: int, ref: Clause, cell: Clause) -> Iterator[Finding]:
        masked = self.reads[0] and self.reads[other]
        read = {(v, side): self._read(v, _text(c, side), masked) for v, c in ((0, ref), (other, cell))
                for side in _SIDES}
        differ = [side for side in _SIDES if None not in (_text(cell, side), _text(ref, side))
                  and read[other, side][0] != read[0, side][0]]
        if masked and differ:
            side = differ[-1]
            yield self._pair("PAR007", f"{self._clause_name(row, other)} ({' and '.join(differ)} "
                             f"text) refers to {self._targets(other, _text(cell, side))}, "
                             f"{self._clause_name(row, 0)} to {self._targets(0, _text(ref, side))}",
                             row, other, sides=",".join(differ))
        yield from self._numbers(row, other, ref, cell, read)
        mine_notes, theirs_notes = self._notes(other, cell), self._notes(0, ref)
        if mine_notes != theirs_notes:
            yield self._pair("PAR008", f"{self._clause_name(row, other)} has "
                             f"{_count(len(mine_notes), 'footnote')} {_shown(mine_notes)}, "
                             f"{self._clause_name(row, 0)} {_count(len(theirs_notes), 'footnote')} "
                             f"{_shown(theirs_notes)}", row, other)

    def _numbers(self, row: Row, other: int, ref: Clause, cell: Clause, read: _Read) -> Iterator[Finding]:
        """PAR006 where the amendment brings in or takes out other numbers than the reference's from the same
        numbers; PAR009 where the text before the amendment differs already (official versions do: the English
        Res. 130 has "WTDC-17" where the French has none), so that the changes cannot be compared number for
        number and the difference is shown rather than charged to the amendment."""
        mine, theirs = _changed(cell, read, other), _changed(ref, read, 0)
        here, there = read[other, "old"][1], read[0, "old"][1]
        base_differs = None not in (ref.old_text, cell.old_text) and here != there
        if mine != theirs and not base_differs:
            yield self._pair("PAR006", f"{self._clause_name(row, other)} {_change_text(mine)}, "
                             f"{self._clause_name(row, 0)} {_change_text(theirs)}", row, other,
                             numbers=_change_text(mine), other_numbers=_change_text(theirs))
        elif base_differs:
            changes = f"; the amendment {_change_text(mine)} in one, {_change_text(theirs)} in the other" \
                if mine != theirs else ""
            yield self._pair("PAR009", f"{self._clause_name(row, other)} has {_spread(here - there)} "
                             f"where {self._clause_name(row, 0)} has {_spread(there - here)} in the text "
                             f"before the amendment{changes}", row, other, numbers=_spread(here),
                             other_numbers=_spread(there))

    def _read(self, version: int, text: str | None, masked: bool
              ) -> tuple[Counter[tuple[int, object]], Counter[str]]:
        """The references of a text (target section as the reference's index, target label's key) and the
        multiset of its numbers; `masked`: less the labels the references name (a reference is compared as one,
        PAR007), when both versions' references can be read."""
        if text is None:
            return Counter(), Counter()
        refs = self._references(version, text)
        to_reference = self.a.section_maps[version]
        targets: Counter[tuple[int, object]] = Counter(
            (to_reference.get(r.section, -1 - r.section), label_key(r.label, 0)) for r in refs)
        kept = list(text)
        for r in refs if masked else ():
            kept[r.label_start:r.label_end] = " " * (r.label_end - r.label_start)
        return targets, Counter(str(int(g)) for g in _DIGITS.findall("".join(kept)))

    def _targets(self, version: int, text: str | None) -> str:
        """The clauses a text refers to, named as that version names them."""
        text = text or ""
        sections = self.versions[version].tree.sections
        named = [f"{sections[r.section].call!r} {r.label}" for r in self._references(version, text)]
        return ", ".join(named) or "no clause"

    def _notes(self, version: int, clause: Clause) -> tuple[str, ...]:
        """A clause's footnotes as what can be compared across languages: the numbers each footnote's text has."""
        notes = self.versions[version].tree.footnotes
        return tuple(" ".join(str(int(g)) for g in _DIGITS.findall(notes.get(n, ""))) for n in clause.footnotes)

    # ---- title ----------------------------------------------------------------------------------------------

    def _title(self) -> Iterator[Finding]:
        ref = self.versions[0].tree
        for other in range(1, len(self.versions)):
            tree = self.versions[other].tree
            here, there = _title_location(self.versions[other]), _title_location(self.versions[0])
            for part, mine, theirs in _title_parts(tree, ref):
                if mine != theirs:
                    yield self._finding("PAR006", f"the {part} of {self.tags[other]} has "
                                        f"{_spread(mine - theirs)} where {self.tags[0]} has "
                                        f"{_spread(theirs - mine)}", other, here, 0, there, part=part)
            mine_action = tree.proposal.action if tree.proposal else None
            theirs_action = ref.proposal.action if ref.proposal else None
            if mine_action != theirs_action:
                yield self._finding("PAR005", f"{self.tags[other]} is proposal {mine_action}, "
                                    f"{self.tags[0]} {theirs_action}", other, here, 0, there,
                                    action=mine_action or "", other_action=theirs_action or "")


def _title_parts(tree: Resolution, ref: Resolution) -> Iterator[tuple[str, Counter[str], Counter[str]]]:
    for part, mine, theirs in (("resolution number", tree.number, ref.number),
                               ("revision", tree.revision, ref.revision),
                               ("old revision", tree.old_revision, ref.old_revision),
                               ("enacting formula", tree.preamble, ref.preamble),
                               ("proposal number", tree.proposal.symbol if tree.proposal else None,
                                ref.proposal.symbol if ref.proposal else None)):
        yield part, _numbers(mine), _numbers(theirs)


def _title_location(version: Version) -> Location:
    index = title_paragraph(version)
    return Location(paragraph=index + 1 if index is not None else None, section="(title)")


_Read = dict[tuple[int, str], tuple[Counter[tuple[int, object]], Counter[str]]]


def _changed(clause: Clause, read: _Read, version: int) -> tuple[Counter[str], Counter[str]]:
    """The numbers the amendment brings into a clause and those it takes out: new less old and old less new for a
    kept clause, the whole text of an added one. A deleted clause changes no number (its deletion is its action,
    PAR005), so that a difference in text it deletes is one of the texts before the amendment."""
    old, new = read[version, "old"][1], read[version, "new"][1]
    if clause.status == "deleted":
        return Counter(), Counter()
    return new - old, old - new


def _change_text(change: tuple[Counter[str], Counter[str]]) -> str:
    added, removed = change
    return f"brings in {_spread(added)} and takes out {_spread(removed)}"


def _numbers(text: str | None) -> Counter[str]:
    return Counter(str(int(g)) for g in _DIGITS.findall(text or ""))


def _text(clause: Clause, side: str) -> str | None:
    return clause.old_text if side == "old" else clause.new_text


def _label(clause: Clause, side: str) -> str | None:
    if (clause.old_text if side == "old" else clause.new_text) is None:
        return None
    return clause.old_label if side == "old" else clause.new_label


def _series(label: str | None) -> object:
    """A label as it must be the same in every language: kind (letter, number, roman…), place and adverb, in
    whatever script."""
    if label is None:
        return None
    parsed = parse_label(label.strip())
    if parsed is None:
        return " ".join(label.split())
    return (parsed.kind, parsed.key) if parsed.kind != "bullet" else "bullet"


def _labels_text(clause: Clause) -> str:
    if clause.renumbered:
        return f"{clause.old_label}→{clause.new_label}"
    return clause.new_label or clause.old_label or "(unlabelled)"


def _spread(numbers: Counter[str]) -> str:
    return ", ".join(sorted(numbers.elements(), key=lambda n: (len(n), n))) or "nothing"


def _shown(notes: tuple[str, ...]) -> str:
    return f"({'; '.join(n or '-' for n in notes)})" if notes else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
