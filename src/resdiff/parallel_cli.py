"""`resdiff parallel`: the language versions of one resolution or proposal aligned by structure and checked
against each other (`resdiff.parallel`); optionally the side-by-side table (`-o table.html`)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from resdiff.check.cli import REPORT_FORMATS
from resdiff.cli_io import refuse_inputs, say, source

if TYPE_CHECKING:  # the aligner and the model are imported when the command runs (start-up time)
    from resdiff.align.parallel import Alignment
    from resdiff.check.context import Finding

_EPILOG = """rules:
  PAR001 error    a section is in one language version only
  PAR002 warning  aligned sections whose call lines differ in meaning
  PAR003 error    a clause is in one language version only
  PAR004 error    different labels: another series, or a renumbering tracked in one version only
  PAR005 error    different ITU actions (NOC/MOD/ADD/SUP) of aligned clauses or proposals
  PAR006 error    the amendment brings in or takes out different numbers (years, resolution and UNGA numbers…)
  PAR007 error    references to different clauses ("resolves 2")
  PAR008 error    different footnotes on aligned clauses
  PAR009 warning  different numbers in the text the amendment starts from (the official versions differ)

examples:
  resdiff parallel fr/proposal.docx en/proposal.docx es/proposal.docx     the first is the reference
  resdiff parallel fr.docx en.critic.md --format sarif > parallel.sarif
  resdiff parallel fr.docx en.docx ar.docx -o table.html     also the side-by-side table, one column per language
  resdiff parallel fr.docx en.docx -o table.docx             the same table in Word, changes tracked in each cell

The versions are aligned by structure, never by text: the title, sections by the meaning of their call lines
(the same key in every language, resdiff/lang/*.toml), labels on each side (a), أ) and а) are the same place),
nesting. Each finding is located in one version; its counterpart's file, paragraph, section and label are in its
details (JSON), its related location (SARIF) and its message.

exit status: 0 no error (warnings allowed), 1 mismatches found, 2 an input could not be read."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `parallel` to the command line's subcommands."""
    sub = commands.add_parser(
        "parallel", help="check that language versions carry the same amendment; side-by-side table",
        description="Align the clause trees of language versions of one resolution or proposal (tracked .docx, "
                    "CriticMarkup, text) by structure and report every mismatch: a section or clause in one "
                    "version only, labels, actions and renumbering, numbers, references, footnotes.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("inputs", nargs="+", metavar="IN", help="two or more versions, the reference first; '-' = "
                     "standard input (once)")
    sub.add_argument("--format", choices=REPORT_FORMATS, default="text", help="findings format on stdout "
                     "(default: text)")
    sub.add_argument("--ignore", action="append", metavar="RULE", default=[],
                     help="leave out these rules (ids or prefixes, comma-separated or repeated: PAR009)")
    sub.add_argument("--name", action="append", help="the name findings give each version, in order (default: "
                     "its file)")
    sub.add_argument("-o", "--output", metavar="OUT", help="also write the side-by-side table: OUT.html, or OUT.docx "
                     "(a Word table, each cell's changes tracked)")
    sub.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    sub.set_defaults(run=_parallel)


def _parallel(args: argparse.Namespace) -> int:
    from resdiff.errors import UsageError
    from resdiff.parallel_check import compare_versions, read_versions
    from resdiff.parallel_report import render_parallel, select, summary_line

    if len(args.inputs) < 2:
        raise UsageError(None, "give two or more language versions to compare")
    if args.inputs.count("-") > 1:
        raise UsageError(None, "standard input ('-') can be read once")
    if args.output is not None:
        if not args.output.lower().endswith((".html", ".htm", ".docx")):
            raise UsageError(args.output, "the side-by-side table is written as HTML or .docx: name it .html or "
                             ".docx")
        refuse_inputs(args, *args.inputs)
    names = [("<stdin>" if p == "-" else p) for p in args.inputs]
    names[: len(args.name or ())] = (args.name or [])[: len(names)]
    alignment, findings = compare_versions(read_versions([source(p) for p in args.inputs], names))
    findings = select(findings, args.ignore)
    if args.output is not None:
        _write_table(args.output, alignment, findings)
    sys.stdout.write(render_parallel(findings, args.format))
    sys.stdout.flush()
    say(args, summary_line(len(names), len(alignment.rows), findings))
    return 1 if any(f.severity == "error" for f in findings) else 0


def _write_table(output: str, alignment: Alignment, findings: list[Finding]) -> None:
    """The side-by-side table: HTML, or a .docx built into the first version's package if it is a .docx (its
    styles and page) with each cell's changes tracked."""
    from resdiff.render.atomic import write_atomically

    if output.lower().endswith(".docx"):
        from resdiff.render import render
        from resdiff.render.parallel_docx import parallel_table_document

        first = alignment.versions[0].doc
        data = render(parallel_table_document(alignment), "docx", template=first if first.source else None)
    else:
        from resdiff.render.parallel_html import render_parallel_html

        data = render_parallel_html(alignment, findings).encode("utf-8")
    write_atomically(output, data)
