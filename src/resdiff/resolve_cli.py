"""`resdiff accept` and `resdiff reject`: Word's Accept All and Reject All, of a .docx by transforming its package
(into a .docx, or read into text), of anything else through the model."""

from __future__ import annotations

import argparse

from resdiff.cli_io import emit, markup_option, output_option, put, read_bytes, refuse_inputs

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
    from resdiff.ooxml.package import open_package
    from resdiff.ooxml.write_package import resolved_package
    from resdiff.parse import detect_format, read
    from resdiff.parse.docx import RESOLVED_FORMATS, read_resolved_docx
    from resdiff.render import format_for

    refuse_inputs(args, args.input)
    data, name = read_bytes(args.input)
    fmt = "txt" if args.output == "-" else format_for(args.output)
    # A .docx is resolved as a package: into a .docx, the package transformed is the output (no model); into
    # text, the resolved package is read (a model without revisions). Anything else is read and written.
    if detect_format(data, name) == "docx":
        if fmt == "docx":
            put(args, resolved_package(open_package(data, name), args.side, args.markup))
            return 0
        if fmt in RESOLVED_FORMATS:
            emit(args, read_resolved_docx(data, name, args.side, markup=args.markup), "txt")
            return 0
    doc = read(data, name=name, markup=args.markup)
    emit(args, doc.new() if args.side == "new" else doc.old(), "txt")
    return 0
