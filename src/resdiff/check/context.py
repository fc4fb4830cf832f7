"""What a rule of `resdiff check` sees and returns, and the helpers the rule modules share.

A rule is a function of a `Context` (the tracked document, its clause tree, the official base text if given)
that yields `Finding`s; the `rule` decorator makes it a `Rule` (id, name, default severity, summary). A rule
module lists its rules in a `RULES` tuple, and `resdiff.check.registry` lists the rule modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import field
from typing import Literal

from resdiff.model import Clause, Document, Resolution, Section
from resdiff.model.base import _Value, value
from resdiff.records import record

Severity = Literal["error", "warning"]

__all__ = ["Context", "Finding", "Location", "Rule", "RuleFunction", "Severity", "call_of", "describe",
           "rule", "walk"]


@value
class Location(_Value):
    """Where a finding is: `paragraph` is the 1-based position in `Document.paragraphs()` (for a text input, the
    line), as in every message and revision list; `section` the call line of the clause's section, `label` the
    clause's label."""

    paragraph: int | None = None
    section: str | None = None
    label: str | None = None


@value
class Finding(_Value):
    """One problem found by a rule. `details` carries extra data (e.g. the official and proposal texts)."""

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    location: Location = field(default_factory=Location)
    details: dict[str, str] = field(default_factory=dict)


@record
class Context:
    """Everything a rule may look at. `doc` is tracked (both sides); `base` the official text's old side."""

    name: str
    doc: Document
    tree: Resolution
    base: Document | None = None
    flat: bool = False
    where: dict[int, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    """paragraph index → (section call, old label, new label), for locating findings."""
    severities: Mapping[str, Severity] = field(default_factory=dict)
    """rule id → its default severity (the registry's; the runner sets it)."""

    def finding(self, rule: str, message: str, paragraph: int | None = None, *, section: str | None = None,
                label: str | None = None, side: str = "new", severity: Severity | None = None,
                details: dict[str, str] | None = None) -> Finding:
        """A finding of `rule`; section and label default to those of the clause at `paragraph`."""
        if paragraph is not None and paragraph in self.where:
            call, old, new = self.where[paragraph]
            section = section or call
            label = label or ((old or new) if side == "old" else (new or old))
        return Finding(rule=rule, severity=severity or self.severities[rule], message=message, file=self.name,
                       location=Location(paragraph=paragraph + 1 if paragraph is not None else None, section=section,
                                         label=label),
                       details=details or {})


RuleFunction = Callable[[Context], Iterable[Finding]]


@record(frozen=True)
class Rule:
    """A rule: id (NUM001), short name, default severity, one-line summary, and its function."""

    id: str
    name: str
    severity: Severity
    summary: str
    run: RuleFunction


def rule(id: str, name: str, severity: Severity, summary: str) -> Callable[[RuleFunction], Rule]:
    """Make a rule function into a `Rule` under `id` (its module lists it in its `RULES`)."""
    def make(run: RuleFunction) -> Rule:
        return Rule(id, name, severity, summary, run)
    return make


# ---- helpers shared by the rule modules ---------------------------------------------------------------------


def walk(clauses: Iterable[Clause]) -> Iterator[Clause]:
    """Clauses depth-first in document order."""
    for clause in clauses:
        yield clause
        yield from walk(clause.children)


def call_of(section: Section) -> str:
    return section.call or "(no call line)"


def describe(section: Section, label: str | None) -> str:
    """How a message names a clause: `'considérant' j)`."""
    return f"{call_of(section)!r} {label}" if label else f"{call_of(section)!r} (unlabelled paragraph)"
