"""Running `resdiff check`: the configured rules of the registry over one input, findings sorted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from resdiff.check.config import Config, load_config_file
from resdiff.check.context import Finding, walk
from resdiff.check.input import Source, load
from resdiff.check.registry import default_severities, select_rules
from resdiff.records import record

__all__ = ["Checked", "check", "check_one"]


@record(frozen=True)
class Checked:
    """What checking one input did: its findings (sorted by paragraph), the ids of the rules run, and how many
    clauses its tree has (every labelled or unlabelled paragraph of every section, both sides)."""

    findings: list[Finding]
    rules: tuple[str, ...]
    clauses: int


def check(doc_or_path: Source, *, base: Source | None = None, select: Iterable[str] | None = None,
          ignore: Iterable[str] | None = None, config: Config | str | Path | None = None,
          format: str | None = None, name: str | None = None, realign: bool = False) -> list[Finding]:
    """Run the selected rules on a document (a `Document`, a path, bytes or a binary file object) and return the
    findings, sorted by paragraph. `base` is the official text (any readable format); without it UNTRACKED001
    has nothing to compare. `config` is a `resdiff.check.config.Config` (or a path to a TOML file); its
    `select`/`ignore` apply when the arguments are None, its severities always. `name` is the file the findings
    name when the input is bytes. Unreadable input raises `ResdiffError`."""
    return check_one(doc_or_path, base=base, select=select, ignore=ignore, config=config, format=format,
                     name=name, realign=realign).findings


def check_one(doc_or_path: Source, *, base: Source | None = None, select: Iterable[str] | None = None,
              ignore: Iterable[str] | None = None, config: Config | str | Path | None = None,
              format: str | None = None, name: str | None = None, realign: bool = False) -> Checked:
    """`check`, with what was checked: the rules run and the clauses seen (for the CLI's summary line)."""
    settings = config if isinstance(config, Config) else (
        load_config_file(Path(config)) if isinstance(config, (str, Path)) else Config())
    rules = select_rules(select if select is not None else settings.select,
                         list(ignore or ()) + list(settings.ignore))
    context = replace(load(doc_or_path, base=base, format=format, name=name, realign=realign),
                      severities=default_severities())
    findings: list[Finding] = []
    for chosen in rules:
        for found in chosen.run(context):
            severity = settings.severity.get(found.rule)
            findings.append(found.model_copy(update={"severity": severity}) if severity else found)
    findings.sort(key=lambda f: (f.location.paragraph if f.location.paragraph is not None else 1 << 30, f.rule))
    clauses = sum(1 for section in context.tree.sections for _ in walk(section.clauses))
    return Checked(findings, tuple(r.id for r in rules), clauses)
