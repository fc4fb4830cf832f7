"""`resdiff check`: rules that a tracked-change proposal (or a clean resolution) should satisfy.

Each rule is a function of a `Context` (the tracked document, its clause tree, the official base text if given)
that yields `Finding`s. The package is laid out by job:

- `context`: `Context`, `Finding`, `Rule` and the `rule` decorator, helpers the rules share;
- rule modules, one family each: `numbering`, `xref`, `untracked`, `consistency`, `proposal` (each lists its
  rules in `RULES`);
- `registry`: the rule modules, every rule by id (`RULES`), `select_rules`;
- `input`: a path, bytes or `Document` (and the base) read into a `Context`;
- `runner`: `check()`, the selected rules over one input;
- `config` (pyproject.toml / resdiff.toml), `report` (text, JSON, SARIF, GitHub) and `cli` (the subcommand).

Findings are data; `resdiff.check.report` turns them into text, JSON, SARIF or GitHub annotations.
"""

from __future__ import annotations

from resdiff.check.context import Context, Finding, Location, Rule
from resdiff.check.registry import RULES, select_rules
from resdiff.check.runner import check

__all__ = ["RULES", "Context", "Finding", "Location", "Rule", "check", "select_rules"]
