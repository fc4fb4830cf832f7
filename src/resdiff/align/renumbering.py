"""The final numbering of a consolidated resolution: what `resdiff renumber` changes, worked out on the clause tree.

Adopted texts are published renumbered (none of the 64 PP-18 Final Acts texts has a `bis`/`ter` label, DOMAIN.md
§3.1): every level of items under a call line counts again from its first label, `4 bis` becoming `5` and what
follows moving up, a gap closing. Each series keeps its style — letters stay letters in their script (a), а),
أ)), numbers numbers, Roman numerals Roman, decimals keep their depth and follow their parent's new number
(`8.1` under `8` → `9.1` under `9`); bullets and unlabelled paragraphs are left alone.

Cross-references inside the resolution ("resolves 4", "point 5 du décide") are found by XREF001's finder
(`resdiff.check.xref`) in every body paragraph, before anything changes, and point at the clause that carried
the label; the plan says where each label must be rewritten. Nothing here touches a document: `resdiff.align
.relabel` writes the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resdiff.check.xref import Reference, find_references, patterns
from resdiff.labels import ADVERBS, SCRIPTS, Label, LabelKind, follows, readings, split_label
from resdiff.model import Clause, Document, Resolution
from resdiff.parse.structure import build_tree
from resdiff.records import record


@record(frozen=True)
class Relabel:
    """One labelled clause: its label now and its final label, and where the clause is."""

    section: int
    paragraph: int
    """The clause's paragraph, an index into `Document.paragraphs()`."""
    old: str
    new: str
    old_path: str
    """The labels from the top of the section down to this clause ("k) ii)"), as a reference would cite it."""
    new_path: str
    depth: int
    """0 for the section's items, 1 for the items under them, …"""
    generated: bool
    """Word's list numbering gives the label (nothing typed to rewrite: Word counts)."""
    changed: bool


@record(frozen=True)
class Retarget:
    """A cross-reference whose clause changes label: where the label sits in the paragraph and what it becomes."""

    paragraph: int
    reference: int
    """Where the reference starts in the paragraph's text (`Paragraph.text_on("new")`)."""
    start: int
    """Offsets of the label in the paragraph's text."""
    end: int
    old_text: str
    """The whole reference as written ("point 5 du décide") and as it must read ("point 6 du décide")."""
    new_text: str
    new_label: str


@record(frozen=True)
class Plan:
    tree: Resolution
    labels: tuple[Relabel, ...]
    references: tuple[Retarget, ...]

    @property
    def changed(self) -> tuple[Relabel, ...]:
        return tuple(r for r in self.labels if r.changed)


def plan_renumbering(doc: Document) -> Plan:
    """The final labels of every clause of `doc` (a document without tracked changes: the accepted text) and the
    cross-references that must follow them. Only a resolution is renumbered, and only under its call lines: a
    document without a title line resdiff knows (an excerpt, a letter, a list that is no resolution) and the
    items before the first call line are left as they are, since where their series start is not known."""
    tree = build_tree(doc)
    labels: list[Relabel] = []
    for index, section in enumerate(tree.sections):
        if tree.kind is not None and section.call is not None:
            labels.extend(_level(index, section.clauses, None, None, ("", ""), 0))
    return Plan(tree, tuple(labels), tuple(_references(doc, tree, labels)))


def _level(section: int, clauses: tuple[Clause, ...], parent_old: Label | None, parent_new: Label | None,
           paths: tuple[str, str], depth: int) -> Iterator[Relabel]:
    """The clauses of one level, renumbered as one series per kind, then their children under them."""
    counters: dict[tuple[object, ...], int] = {}
    kinds = _common_kinds(clauses)
    previous: LabelKind | None = None
    lead: str | None = None
    for clause in clauses:
        label = _reading(clause, kinds, previous)
        if label is None:
            lead = clause.new_text
            yield from _level(section, clause.children, None, None, paths, depth + 1)
            continue
        previous = label.kind
        _start(label, counters, lead)
        lead = None
        final = _final(label, counters, parent_old, parent_new)
        here = (_join(paths[0], str(label)), _join(paths[1], str(final)))
        yield Relabel(section, clause.paragraph, str(label), str(final), here[0], here[1], depth,
                      clause.label_source == "generated", final.key != label.key)
        yield from _level(section, clause.children, label, final, here, depth + 1)


def _join(path: str, label: str) -> str:
    return f"{path} {label}" if path else label


def _common_kinds(clauses: tuple[Clause, ...]) -> list[LabelKind]:
    """The kinds every labelled clause of the level can be read as, the one whose series reads best first: `i)`
    among `h)`, `j)` is a letter, `i)`, `ii)` are Roman numerals (`ii)` is also a doubled letter)."""
    kinds: set[LabelKind] | None = None
    for clause in clauses:
        options = {r.kind for r in readings(clause.new_label or "")}
        if options:
            kinds = options if kinds is None else kinds & options
    return sorted(kinds or set(), key=lambda kind: -_fit(clauses, kind))


def _fit(clauses: tuple[Clause, ...], kind: LabelKind) -> int:
    """How many labels of the level follow the one before when all are read as `kind`."""
    previous: Label | None = None
    steps = 0
    for clause in clauses:
        label = next((r for r in readings(clause.new_label or "") if r.kind == kind), None)
        if label is not None:
            steps += follows(previous, label)
            previous = label
    return steps


def _reading(clause: Clause, kinds: list[LabelKind], previous: LabelKind | None) -> Label | None:
    options = readings(clause.new_label or "")
    for wanted in [*kinds, previous]:
        for option in options:
            if option.kind == wanted:
                return option
    return options[0] if options else None


def _start(label: Label, counters: dict[tuple[object, ...], int], lead: str | None) -> None:
    """Where a series (re)starts. A first label (`a)`, `1`, `i)`) in the middle of a level starts a new series:
    the level holds two lists, the call line between them not recognised (in the PP-18 Final Acts text, call
    lines glued to the paragraph before). A series whose first label is not the first of its kind starts
    there if the unlabelled paragraph before it begins with the label it misses, typed with a space instead of
    a tab ("1 to involve …" before "2<TAB>…"): that paragraph is the first item, left as it is."""
    if label.kind in ("bullet", "decimal") or label.rank:
        return
    key = (label.kind, label.script)
    if key in counters and follows(None, label):
        counters[key] = 0
    elif key not in counters and label.ordinal > 1 and lead is not None:
        missing = str(Label(label.kind, label.ordinal - 1, script=label.script))
        if lead.startswith(missing) and lead[len(missing):][:1].isspace():
            counters[key] = label.ordinal - 1


def _final(label: Label, counters: dict[tuple[object, ...], int], parent_old: Label | None,
           parent_new: Label | None) -> Label:
    if label.kind == "bullet":
        return label
    if label.kind == "decimal":
        prefix = label.parts[:-1]
        if parent_old is not None and parent_new is not None and prefix == _numbers(parent_old):
            prefix = _numbers(parent_new)
        key: tuple[object, ...] = ("decimal", prefix)
        counters[key] = 1 if label.parts[-1] == 1 else counters.get(key, 0) + 1
        return Label("decimal", 0, parts=prefix + (counters[key],))
    key = (label.kind, label.script)
    counters[key] = counters.get(key, 0) + 1
    return Label(label.kind, counters[key], script=label.script)


def _numbers(label: Label) -> tuple[int, ...]:
    return label.parts if label.kind == "decimal" else (label.ordinal,) if label.kind == "number" else ()


def _references(doc: Document, tree: Resolution, labels: list[Relabel]) -> Iterator[Retarget]:
    """Every label of a reference in the body that names a clause whose label changes. A reference names a
    top-level clause of its section by label, or an item under it ("resolves 2 b)", "recalling c) iv)"); a
    label found only deeper down counts if one clause alone carries it. The labels of one reference ("resolves
    1, 4 and 5") share its text before and after."""
    table = patterns(tree.sections)
    if not table:
        return
    paths = {(r.section, r.old_path): r for r in labels}
    deeper: dict[tuple[int, str], list[Relabel]] = {}
    for relabel in labels:
        if relabel.depth:
            deeper.setdefault((relabel.section, _canonical(relabel.old)), []).append(relabel)
    for index, paragraph in enumerate(doc.paragraphs()):
        text = paragraph.text_on("new")
        references: dict[int, list[tuple[Reference, str]]] = {}
        for ref in find_references(text, table):
            key = (ref.section, _canonical(ref.label))
            target = paths.get(key) or _only(deeper.get(key, []))
            if target is not None and target.changed:
                references.setdefault(ref.start, []).append((ref, _styled(ref.label, target.new)))
            nested = _nested(text, ref, target, paths) if target is not None else None
            if nested is not None:
                references.setdefault(ref.start, []).append(nested)
        for changed in references.values():
            before, after = _rewritten(changed)
            yield from (Retarget(index, ref.start, ref.label_start, ref.label_end, before, after, new_label)
                        for ref, new_label in changed)


_NESTED = re.compile(rf"[^\S\n]++((?:[{''.join(SCRIPTS.values())}]{{1,2}}|[ivxlc]{{1,7}})"
                     rf"(?:[^\S\n]++(?:{'|'.join(ADVERBS)}|nonies))?\))(?![\w])", re.IGNORECASE)


def _nested(text: str, ref: Reference, parent: Relabel, paths: dict[tuple[int, str], Relabel]
            ) -> tuple[Reference, str] | None:
    """The item under the referenced clause that the reference goes on to name, if it is renumbered: "b)" of
    "resolves 2 b)". Only after a reference's last label (its text ends there)."""
    match = _NESTED.match(text, ref.label_end) if ref.label_end == ref.end else None
    if match is None:
        return None
    target = paths.get((ref.section, f"{parent.old_path} {_canonical(match.group(1))}"))
    if target is None or not target.changed:
        return None
    nested = Reference(ref.section, match.group(1), text[ref.start: match.end()], ref.start, match.end(),
                       match.start(1), match.end(1))
    return nested, _styled(match.group(1), target.new)


def _rewritten(changed: list[tuple[Reference, str]]) -> tuple[str, str]:
    """A reference's text (the longest of its labels' texts: a nested label lies beyond the others') before and
    with its changed labels replaced (they are in order)."""
    whole = max((ref.text for ref, _ in changed), key=len)
    pieces, position = [], 0
    for ref, new_label in changed:
        pieces += [whole[position: ref.label_start - ref.start], new_label]
        position = ref.label_end - ref.start
    return whole, "".join(pieces) + whole[position:]


def _only(found: list[Relabel]) -> Relabel | None:
    return found[0] if len(found) == 1 else None


def _canonical(token: str) -> str:
    """A label as a reference or a clause may write it ("4  bis", "j bis)"), reduced to one spelling."""
    options = readings(token)
    return str(options[0]) if options else " ".join(token.split())


def _styled(written: str, final: str) -> str:
    """The final label written the way the text wrote the old one (a reference drops the `)` at times)."""
    if not written.endswith(")") and final.endswith(")"):
        return final[:-1]
    return final


def label_span(text: str) -> tuple[int, int, int] | None:
    """Where a typed label stands at the start of a paragraph's text: the end of its core (what changes: `4 bis`,
    `j bis` without the `)` or a decimal's final `.`), the end of the token, and the end of the gap after it."""
    split = split_label(text)
    if split is None:
        return None
    token, rest = split
    core = len(token.rstrip(").")) if token.rstrip(").") else len(token)
    return core, len(token), len(text) - len(rest)


def core(label: str) -> str:
    """A label without its closing `)`: what a renumbering deletes and inserts (`{~~j bis~>k~~})`)."""
    return label.rstrip(").") or label
