"""`resdiff check`: rules that a tracked-change proposal (or a clean resolution) should satisfy.

Each rule is a function of a `Context` (the tracked document, its clause tree, the official base text if given)
that yields `Finding`s. Rules live one family per module (numbering, xref, untracked, consistency, proposal) and
register themselves in `RULES` with the `rule` decorator; `check()` runs the selected ones. Findings are data;
`resdiff.check.report` turns them into text, JSON, SARIF or GitHub annotations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from resdiff import lang
from resdiff.errors import UsageError
from resdiff.model import Clause, Document, Paragraph, Resolution, Section

Severity = Literal["error", "warning"]

__all__ = ["RULES", "Context", "Finding", "Location", "Rule", "check", "select_rules"]


class Location(BaseModel):
    """Where a finding is: `paragraph` is the 0-based index in `Document.paragraphs()` (the line of a text
    input minus one), `section` the call line of the clause's section, `label` the clause's label."""

    model_config = ConfigDict(frozen=True)

    paragraph: int | None = None
    section: str | None = None
    label: str | None = None


class Finding(BaseModel):
    """One problem found by a rule. `details` carries extra data (e.g. the official and proposal texts)."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    location: Location = Field(default_factory=Location)
    details: dict[str, str] = Field(default_factory=dict)


@dataclass
class Context:
    """Everything a rule may look at. `doc` is tracked (both sides); `base` the official text's old side."""

    name: str
    doc: Document
    tree: Resolution
    base: Document | None = None
    flat: bool = False
    where: dict[int, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    """paragraph index → (section call, old label, new label), for locating findings."""

    def finding(self, rule: str, message: str, paragraph: int | None = None, *, section: str | None = None,
                label: str | None = None, side: str = "new", severity: Severity | None = None,
                details: dict[str, str] | None = None) -> Finding:
        """A finding of `rule`; section and label default to those of the clause at `paragraph`."""
        if paragraph is not None and paragraph in self.where:
            call, old, new = self.where[paragraph]
            section = section or call
            label = label or ((old or new) if side == "old" else (new or old))
        return Finding(rule=rule, severity=severity or RULES[rule].severity, message=message, file=self.name,
                       location=Location(paragraph=paragraph, section=section, label=label),
                       details=details or {})


@dataclass(frozen=True)
class Rule:
    """A registered rule: id (NUM001), short name, default severity, one-line summary, and its function."""

    id: str
    name: str
    severity: Severity
    summary: str
    run: Callable[[Context], Iterable[Finding]]


RULES: dict[str, Rule] = {}
"""Every rule by id, in registration order (numbering, xref, untracked, consistency, proposal)."""


def rule(id: str, name: str, severity: Severity, summary: str) -> Callable[[Callable[[Context], Iterable[Finding]]],
                                                                          Callable[[Context], Iterable[Finding]]]:
    """Register a rule function under `id`."""
    def register(run: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        RULES[id] = Rule(id, name, severity, summary, run)
        return run
    return register


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


def side_text(paragraph: Paragraph, side: str) -> str:
    """A paragraph's text on one side, footnote marks left out (as the clause tree does)."""
    return "".join(s.text for s in paragraph.spans if s.note is None and s.on(side))  # type: ignore[arg-type]


def _locations(tree: Resolution) -> dict[int, tuple[str | None, str | None, str | None]]:
    where: dict[int, tuple[str | None, str | None, str | None]] = {}
    for section in tree.sections:
        for clause in walk(section.clauses):
            where[clause.paragraph] = (section.call, clause.old_label, clause.new_label)
    return where


# ---- running the rules --------------------------------------------------------------------------------------


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


def _looks_flat(data: bytes) -> bool:
    # A .txt proposal is the text extracted from a tracked .docx (DOMAIN §4.6): its tag line says so.
    head = data[:2000].decode("utf-8", "replace").splitlines()
    return any(lang.match_proposal(line) for line in head[:5] if line.strip())


def load(source: Document | str | Path | bytes, *, base: Document | str | Path | bytes | None = None,
         format: str | None = None) -> Context:
    """Read the input (and the base) into a `Context`; a flattened text proposal is untangled, against the base
    when there is one (its `untracked-change` messages then feed UNTRACKED001)."""
    import resdiff
    from resdiff.ooxml.package import read_source
    from resdiff.parse import detect_format
    from resdiff.parse.structure import build_tree

    base_doc = None
    if base is not None:
        base_doc = base.old() if isinstance(base, Document) else resdiff.read(base).old()
    flat = format == "flat"
    if isinstance(source, Document):
        doc, name = source, "<document>"
    else:
        data, name = read_source(source)
        fmt = format or detect_format(data, name)
        flat = flat or (fmt == "txt" and format is None and _looks_flat(data))
        if flat:
            doc = resdiff.untangle(data, base=base_doc) if base_doc is not None else resdiff.read(data, format="flat")
        else:
            doc = resdiff.read(data, format=fmt, name=name)
        name = str(source) if isinstance(source, (str, Path)) else name
    tree = build_tree(doc)
    return Context(name=name, doc=doc, tree=tree, base=base_doc, flat=flat, where=_locations(tree))


def check(doc_or_path: Document | str | Path | bytes, *, base: Document | str | Path | bytes | None = None,
          select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
          config: object | None = None, format: str | None = None) -> list[Finding]:
    """Run the selected rules on a document (a `Document`, a path or bytes) and return the findings, sorted by
    paragraph. `base` is the official text (any readable format); without it UNTRACKED001 has nothing to
    compare. `config` is a `resdiff.check.config.Config` (or a path to a TOML file); its `select`/`ignore`
    apply when the arguments are None, its severities always. Unreadable input raises `ResdiffError`."""
    from resdiff.check.config import Config, load_config_file

    settings = config if isinstance(config, Config) else (
        load_config_file(Path(config)) if isinstance(config, (str, Path)) else Config())
    rules = select_rules(select if select is not None else settings.select,
                         list(ignore or ()) + list(settings.ignore))
    context = load(doc_or_path, base=base, format=format)
    findings: list[Finding] = []
    for chosen in rules:
        for found in chosen.run(context):
            severity = settings.severity.get(found.rule)
            findings.append(found.model_copy(update={"severity": severity}) if severity else found)
    return sorted(findings, key=lambda f: (f.location.paragraph if f.location.paragraph is not None else 1 << 30,
                                           f.rule))


_PARAGRAPH = re.compile(r"paragraph (\d+)")


def message_paragraph(location: str | None) -> int | None:
    """The paragraph index of a `Message.location` ("paragraph 22")."""
    match = _PARAGRAPH.search(location or "")
    return int(match.group(1)) if match else None


# The rule modules import the names above from this package, so they are imported last (registration order is
# the order of RULES and of the SARIF rule table).
from resdiff.check import numbering, xref, untracked, consistency, proposal  # noqa: E402,F401
