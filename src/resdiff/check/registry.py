"""The rules of `resdiff check`, by id: every rule module is listed here, and each lists its own rules.

A new rule family is one module with a `RULES` tuple of `Rule`s (see `resdiff.check.context`), added to
`RULE_MODULES`; a new rule in a family is one decorated function added to its module's `RULES`.
"""

from __future__ import annotations

from collections.abc import Iterable

from resdiff.check import consistency, numbering, proposal, structure, untracked, xref
from resdiff.check.context import Rule, Severity
from resdiff.errors import UsageError

__all__ = ["RULES", "RULE_MODULES", "default_severities", "select_rules"]

RULE_MODULES = (structure, numbering, xref, untracked, consistency, proposal)
"""The rule families, in the order of `RULES` (and of the SARIF rule table and the help)."""

RULES: dict[str, Rule] = {r.id: r for module in RULE_MODULES for r in module.RULES}
"""Every rule by id: structure, numbering, xref, untracked, consistency, proposal."""


def default_severities() -> dict[str, Severity]:
    """Each rule's default severity, by id."""
    return {rid: r.severity for rid, r in RULES.items()}


def _expand(patterns: Iterable[str]) -> set[str]:
    """Rule ids from ids or prefixes ("NUM" = NUM001, NUM002; "ALL" = every rule); unknown ones are an error."""
    out: set[str] = set()
    for pattern in patterns:
        for item in (p.strip().upper() for p in pattern.split(",")):
            if not item:
                continue
            found = set(RULES) if item == "ALL" else {rid for rid in RULES if rid.startswith(item)}
            if not found:
                raise UsageError(None, f"unknown rule {item!r}; known rules: {', '.join(RULES)}")
            out |= found
    return out


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """The rules to run, in registry order: `select` (default all) minus `ignore`; ids or prefixes."""
    chosen = _expand(select) if select else set(RULES)
    chosen -= _expand(ignore or ())
    return [r for rid, r in RULES.items() if rid in chosen]
