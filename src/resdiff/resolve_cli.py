"""`resdiff accept` and `resdiff reject`: Word's Accept All and Reject All, of a .docx by transforming its package
(into a .docx, or read into text), of anything else through the model."""

from __future__ import annotations

import argparse

from resdiff.cli_io import markup_option, output_option, put, read_bytes, refuse_inputs

_EPILOG = """examples:
  resdiff accept proposal.docx -o clean.docx     Word's "Accept All", styles and footnotes kept
  resdiff accept proposal.docx                   the accepted text on stdout (as -o -)
  resdiff accept --in-place proposal.docx        replace the proposal by its accepted version
  resdiff accept --markup formatting old-style.docx -o clean.md
  unzip -p mail.zip p.docx | resdiff accept -    '-' is standard input; a .docx is known by its bytes
"""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `accept` and `reject` to the command line's subcommands."""
    for name, side, summary in (
        ("accept", "new", "accept every tracked change (the new text)"),
        ("reject", "old", "reject every tracked change (the old text)"),
    ):
        sub = commands.add_parser(
            name, help=summary, description=summary.capitalize() + ".",
            epilog=_EPILOG.replace("accept", name) if name == "reject" else _EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.add_argument("input", metavar="IN", help="a .docx (or .txt …) document; '-' = standard input")
        output_option(sub, "plain text", ".docx .txt .md .json .html", in_place=True)
        markup_option(sub)
        sub.set_defaults(run=_resolve, side=side)


def _resolve(args: argparse.Namespace) -> int:
    from resdiff.batch_job import resolved_output
    from resdiff.render import format_for

    refuse_inputs(args, args.input)
    data, name = read_bytes(args.input)
    fmt = "txt" if args.output == "-" else format_for(args.output)
    put(args, resolved_output(data, name, args.side, args.markup, fmt))
    return 0
