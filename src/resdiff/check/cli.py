"""The `resdiff check` subcommand: argument parsing and the exit code (0 no error, 1 errors found); an
unreadable input raises `ResdiffError`, which the main CLI turns into exit 2."""

from __future__ import annotations

import argparse
import sys

from resdiff.check.config import load_config
from resdiff.check.context import Finding
from resdiff.check.registry import RULES
from resdiff.check.report import FORMATS, render_findings
from resdiff.check.runner import check

__all__ = ["add_check_command", "run_check"]

_EPILOG = """rules:
{rules}

examples:
  resdiff check proposal.docx                                   text, one line per finding
  resdiff check proposal.docx --base official.docx --format sarif > resdiff.sarif
  resdiff check seed.txt --base old.txt                         flattened text, untangled against the base
  resdiff check proposal.docx --select NUM,XREF --ignore CONS003
  resdiff check proposal.docx --format github                   annotations in a GitHub Actions job

configuration: [tool.resdiff] in pyproject.toml, or resdiff.toml, found from the current directory upward:
  select = ["NUM", "UNTRACKED001"]   ignore = ["CONS003"]   severity = {{ CONS002 = "error" }}

exit status: 0 no error (warnings allowed), 1 errors found, 2 an input could not be read."""


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `check` on the subcommand parsers of the resdiff CLI; its handler is `args.run`."""
    rules = "\n".join(f"  {r.id:<13}{r.severity:<8}{r.summary}" for r in RULES.values())
    sub = commands.add_parser(
        "check", help="check a proposal: numbering, cross-references, untracked changes, consistency",
        description="Check a tracked-change proposal (or a resolution): label series, tracked renumbering, "
                    "cross-references, untracked changes against the official text (--base), title/enacting formula, "
                    "punctuation, citations, tag line and Reasons.",
        epilog=_EPILOG.format(rules=rules), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("inputs", nargs="+", metavar="IN", help="a .docx, .txt (flattened text) or .critic.md document")
    sub.add_argument("--base", metavar="OFFICIAL", help="the official text the proposal amends (any readable "
                     "format); enables UNTRACKED001")
    sub.add_argument("--format", choices=tuple(FORMATS), default="text", help="output format (default: text)")
    sub.add_argument("--select", action="append", metavar="RULE", help="run only these rules (ids or prefixes, "
                     "comma-separated or repeated; default: the configuration's, else all)")
    sub.add_argument("--ignore", action="append", metavar="RULE", default=[], help="skip these rules")
    sub.add_argument("--from", dest="from_format", metavar="FORMAT",
                     help="input format (docx, txt, critic, flat); default: from the name and content")
    sub.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Check every input, print the findings in the chosen format, return 1 if any is an error, else 0."""
    config = load_config()
    findings: list[Finding] = []
    for path in args.inputs:
        findings.extend(check(path, base=args.base, select=args.select, ignore=args.ignore, config=config,
                              format=args.from_format))
    sys.stdout.write(render_findings(findings, args.format))
    return 1 if any(f.severity == "error" for f in findings) else 0
