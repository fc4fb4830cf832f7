"""The `resdiff check` subcommand: argument parsing and the exit code (0 no error, 1 errors found); an
unreadable input raises `ResdiffError`, which the main CLI turns into exit 2."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the rules, readers and model are imported when the command runs (start-up time)
    from resdiff.check.context import Finding

__all__ = ["REPORT_FORMATS", "add_check_command", "run_check"]

# the names of resdiff.check.report.FORMATS (tests/test_check.py keeps the two equal), known without importing
# the rules
REPORT_FORMATS = ("text", "json", "sarif", "github")

_EPILOG = """rules:
{rules}

examples:
  resdiff check proposal.docx                                   text, one line per finding
  resdiff check proposal.docx --base official.docx --format sarif > resdiff.sarif
  resdiff check seed.txt --base old.txt                         flattened text, untangled against the base
  resdiff check proposal.docx --select NUM,XREF --ignore CONS003
  resdiff check proposal.docx --format github                   annotations in a GitHub Actions job
  unzip -p bundle.zip p.docx | resdiff check - --base old.docx     '-' is standard input (a .docx is sniffed)

Every run ends with one line on stderr saying what was checked (files, rules run, clauses seen, findings);
--quiet leaves it out. The findings alone go to stdout, so --format json/sarif/github stays valid.

configuration: [tool.resdiff] in pyproject.toml, or resdiff.toml, found from the current directory upward:
  select = ["NUM", "UNTRACKED001"]   ignore = ["CONS003"]   severity = {{ CONS002 = "error" }}

exit status: 0 no error (warnings allowed), 1 errors found (an input that is not a resolution is one: STRUCT001),
2 an input could not be read."""


class _RulesHelp(argparse.RawDescriptionHelpFormatter):
    """Fills the epilog's rule table when help is printed: listing the rules imports them all."""

    def add_text(self, text: str | None) -> None:
        if text is not None and "{rules}" in text:
            from resdiff.check.registry import RULES

            text = text.format(rules="\n".join(f"  {r.id:<13}{r.severity:<8}{r.summary}" for r in RULES.values()))
        super().add_text(text)


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `check` on the subcommand parsers of the resdiff CLI; its handler is `args.run`."""
    sub = commands.add_parser(
        "check", help="check a proposal: numbering, cross-references, untracked changes, consistency",
        description="Check a tracked-change proposal (or a resolution): label series, tracked renumbering, "
                    "cross-references, untracked changes against the official text (--base), title/enacting formula, "
                    "punctuation, citations, tag line and Reasons.",
        epilog=_EPILOG, formatter_class=_RulesHelp)
    sub.add_argument("inputs", nargs="+", metavar="IN",
                     help="a .docx, .txt (flattened text) or .critic.md document; '-' = standard input")
    sub.add_argument("--base", metavar="OFFICIAL", help="the official text the proposal amends (any readable "
                     "format; '-' = standard input); enables UNTRACKED001")
    sub.add_argument("--format", choices=REPORT_FORMATS, default="text", help="output format (default: text)")
    sub.add_argument("--select", action="append", metavar="RULE", help="run only these rules (ids or prefixes, "
                     "comma-separated or repeated; default: the configuration's, else all)")
    sub.add_argument("--ignore", action="append", metavar="RULE", default=[], help="skip these rules")
    sub.add_argument("--from", dest="from_format", metavar="FORMAT",
                     help="input format (docx, txt, critic, flat); default: from the name and content")
    sub.add_argument("--realign", action="store_true", help="recompute a tracked input's revisions with resdiff's "
                     "aligner first (as `resdiff retrack`), for proposals tracked by Word's or LibreOffice's Compare")
    sub.add_argument("--fix", metavar="OUT", help="write the proposal with the certain fixes as tracked changes to "
                     "OUT (its extension picks the format): references to renumbered clauses (XREF001), untracked "
                     "renumbering (NUM002), item punctuation (CONS002); one IN only; the findings printed are those "
                     "left to fix by hand")
    sub.add_argument("--author", default="resdiff", help="with --fix: author of the fixes (default: resdiff)")
    sub.add_argument("--date", help="with --fix: date of the fixes, ISO 8601 (2022-09-26 or 2022-09-26T14:30:00Z)")
    sub.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr (errors only)")
    sub.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Check every input, print the findings in the chosen format and a summary line on stderr (unless
    --quiet); return 1 if any is an error, else 0."""
    from resdiff.check.config import load_config
    from resdiff.check.report import render_findings
    from resdiff.check.runner import check_one
    from resdiff.errors import UsageError
    from resdiff.parse import read

    if [*args.inputs, args.base].count("-") > 1:
        raise UsageError(None, "standard input ('-') can be read once: give it as one input or as --base")
    if args.fix is not None:
        return _run_fix(args)
    config = load_config()
    findings: list[Finding] = []
    rules: set[str] = set()
    clauses = 0
    base = None  # read once for every input
    if args.base is not None:
        base = read(sys.stdin.buffer, name="<stdin>") if args.base == "-" else read(args.base)
    for path in args.inputs:
        source = (sys.stdin.buffer, "<stdin>") if path == "-" else (path, None)
        done = check_one(source[0], base=base, select=args.select, ignore=args.ignore, config=config,
                         format=args.from_format, name=source[1], realign=args.realign)
        findings.extend(done.findings)
        rules.update(done.rules)
        clauses += done.clauses
    sys.stdout.write(render_findings(findings, args.format))
    if not getattr(args, "quiet", False):
        sys.stdout.flush()
        print(summary_line(len(args.inputs), len(rules), clauses, findings), file=sys.stderr)
    return 1 if any(f.severity == "error" for f in findings) else 0


def summary_line(files: int, rules: int, clauses: int, findings: list[Finding]) -> str:
    """`resdiff check: 2 files, 10 rules, 163 clauses: 1 error, 3 warnings`."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    return (f"resdiff check: {_count(files, 'file')}, {_count(rules, 'rule')}, {_count(clauses, 'clause')}: "
            f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _run_fix(args: argparse.Namespace) -> int:
    """`check --fix OUT`: the fixed proposal to OUT, the findings left on stdout, what was fixed on stderr."""
    from resdiff.check.fix import fix
    from resdiff.check.report import render_findings
    from resdiff.errors import UsageError
    from resdiff.parse import read
    from resdiff.render import format_for, render
    from resdiff.render.atomic import refuse_input_as_output, write_atomically

    if len(args.inputs) != 1 or args.inputs[0] == "-":
        raise UsageError(None, "--fix takes one input file (not standard input): the proposal to fix")
    refuse_input_as_output(args.fix, [args.inputs[0], args.base], allowed=False, hint="choose another --fix OUT")
    base = read(args.base) if args.base is not None else None
    done = fix(args.inputs[0], base=base, select=args.select, ignore=args.ignore, format=args.from_format,
               realign=args.realign, author=args.author, date=args.date)
    package = done.document if done.document.source is not None else None  # a .docx input: its own package
    write_atomically(args.fix, render(done.document, format_for(args.fix), template=package))
    sys.stdout.write(render_findings(done.unfixed, args.format))
    if not args.quiet:
        sys.stdout.flush()
        print(f"resdiff check: {_count(len(done.fixed), 'finding')} fixed with tracked changes in {args.fix}, "
              f"{_count(len(done.unfixed), 'finding')} left", file=sys.stderr)
    return 1 if any(f.severity == "error" for f in done.unfixed) else 0
