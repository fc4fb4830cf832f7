"""NUM001 (each side's labels form a series) and NUM002 (a renumbering caused by an insertion or deletion is
itself tracked).

A level is the list of sibling clauses (a section's items, or the children of one item). Its labels are read on
each side: the old side skips inserted clauses and reads old labels, the new side skips deleted ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from resdiff.check.context import Context, Finding, describe, rule
from resdiff.labels import Label, follows, readings
from resdiff.model import Clause, Section

Level = list[Clause]


def levels(clauses: tuple[Clause, ...]) -> Iterator[Level]:
    """Every level of sibling clauses, outermost first."""
    if clauses:
        yield list(clauses)
    for clause in clauses:
        yield from levels(clause.children)


def read_side(level: Level, side: str) -> list[tuple[Clause, Label]]:
    """The labelled clauses of one side with the reading of their label that fits the series.

    `i)` is a letter in a lettered series and a Roman numeral in a Roman one: the kind is the one most labels
    agree on unambiguously; bullets and unreadable labels are left out (they carry no order)."""
    present = [c for c in level if c.status != ("inserted" if side == "old" else "deleted")]
    tokens = [(c, c.old_label if side == "old" else c.new_label) for c in present]
    options = [(c, readings(t)) for c, t in tokens if t]
    options = [(c, o) for c, o in options if o and o[0].kind != "bullet"]
    if not options:
        return []
    votes = Counter(o[0].kind for _, o in options if len({r.kind for r in o}) == 1)
    if votes:
        kind = votes.most_common(1)[0][0]
    else:  # only i), v), x) …: a series that opens with i) is Roman
        first = options[0][1]
        kind = "roman" if any(r.kind == "roman" and r.ordinal == 1 for r in first) else first[0].kind
    return [(c, next((r for r in o if r.kind == kind), o[0])) for c, o in options]


def expected_after(previous: Label | None, actual: Label) -> Label:
    """The label a clause should carry after `previous` (the corrected label before it)."""
    if previous is None:
        if actual.kind == "decimal":
            return Label("decimal", 0, parts=actual.parts[:-1] + (1,))
        return Label(actual.kind, 1, script=actual.script)
    if actual.rank and actual.kind != "decimal":
        return previous.next_adverb() if previous.rank else Label(previous.kind, previous.ordinal, rank=2,
                                                                  script=previous.script)
    return previous.successor()


def _why(previous: Label | None, label: Label) -> str:
    if previous is not None and label.key == previous.key and label.kind == previous.kind:
        return "duplicate"
    if label.rank and (previous is None or label.ordinal != previous.ordinal):
        return f"'{_word(label)}' label without its base item"
    if previous is not None and label.key < previous.key:
        return "out of order"
    return "gap"


def _word(label: Label) -> str:
    return str(label).split(" ")[-1].rstrip(")")


def shifted(level: Level) -> dict[str, Label]:
    """Clauses whose position moved on the new side while their label was left as it was (NUM002): clause id →
    the expected new label."""
    expected: dict[str, dict[str, Label]] = {}
    for side in ("old", "new"):
        previous: Label | None = None
        expected[side] = {}
        for clause, label in read_side(level, side):
            if label.kind == "decimal":
                return {}
            previous = expected_after(previous, label)
            expected[side][clause.id] = previous
    out = {}
    for clause in level:
        if clause.status in ("inserted", "deleted") or clause.old_label is None:
            continue
        if clause.old_label != clause.new_label or clause.id not in expected["new"]:
            continue
        old, new = expected["old"].get(clause.id), expected["new"][clause.id]
        if old is not None and str(old) == clause.old_label and str(new) != clause.new_label:
            out[clause.id] = new
    return out


@rule("NUM001", "label-series", "error", "in the old and in the new text, each level's labels form a series")
def num001(ctx: Context) -> Iterator[Finding]:
    # Items before any call line are not a resolution's sections (the tree reports them as item-before-call).
    for section in (s for s in ctx.tree.sections if s.call is not None):
        for level in levels(section.clauses):
            yield from _series(ctx, section, level)


def _series(ctx: Context, section: Section, level: Level) -> Iterator[Finding]:
    sides = {side: read_side(level, side) for side in ("old", "new")}
    same = [str(label) for _, label in sides["old"]] == [str(label) for _, label in sides["new"]]
    # Breaks that NUM002 explains (an untracked shift) are reported there, with the label to write.
    moved = shifted(level)
    for side in ("new",) if same else ("old", "new"):
        previous: Label | None = None
        for clause, label in sides[side]:
            if not follows(previous, label):
                if side == "new" and clause.id in moved:
                    break
                want = expected_after(previous, label)
                which = "" if same else f"{side} text: "
                after = f"after {previous}" if previous is not None else "as the first item"
                fix = _fix(clause, side)
                yield ctx.finding(
                    "NUM001",
                    f"{which}{describe(section, str(label))}: {label} {after} is a {_why(previous, label)} in the "
                    f"series (expected {want}); {fix}",
                    clause.paragraph, section=section.call, label=str(label), side=side)
                break  # one finding per series: the labels after the first break are off by the same cause
            previous = label


@rule("NUM002", "tracked-renumbering", "error",
      "a clause moved by an insertion or deletion before it has its renumbering tracked")
def num002(ctx: Context) -> Iterator[Finding]:
    for section in (s for s in ctx.tree.sections if s.call is not None):
        for level in levels(section.clauses):
            moved = shifted(level)
            for clause in level:
                if clause.id in moved:
                    want = moved[clause.id]
                    yield ctx.finding(
                        "NUM002",
                        f"{describe(section, clause.new_label)}: an insertion or deletion before this item moves it, "
                        f"but its label was not changed; track the renumbering {clause.new_label} → {want} "
                        f"(delete '{_bare(clause.new_label)}', insert '{_bare(str(want))}')",
                        clause.paragraph, section=section.call, label=clause.new_label,
                        details={"new_label": str(want)})


def _fix(clause: Clause, side: str) -> str:
    if clause.label_source == "generated":  # Word counted it: the list, not a typed label, is what is wrong
        return "Word's list numbering gives this label; restart the numbering or correct the item's list level"
    if side == "new":
        return "renumber with tracked changes"
    return "the old text should be the official text; check the base"


def _bare(label: str | None) -> str:
    return (label or "").rstrip(")")


RULES = (num001, num002)
"""This family's rules, in the order of the registry."""
