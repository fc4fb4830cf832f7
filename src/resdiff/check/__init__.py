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

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resdiff.check.context import Context, Finding, Location, Rule
    from resdiff.check.registry import RULES, select_rules
    from resdiff.check.runner import check

# Loaded on first use (PEP 562), so that the command line can build `check`'s options from `cli` without
# importing every rule, the model and the readers (start-up time, issue 20).
_LAZY = {**dict.fromkeys(("Context", "Finding", "Location", "Rule"), "resdiff.check.context"),
         "RULES": "resdiff.check.registry", "select_rules": "resdiff.check.registry", "check": "resdiff.check.runner"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'resdiff.check' has no attribute {name!r}")

__all__ = ["RULES", "Context", "Finding", "Location", "Rule", "check", "select_rules"]
