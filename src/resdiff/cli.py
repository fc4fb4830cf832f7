"""Command line: argument parsing and exit codes only; every action is a call into the public API."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from resdiff import diff, merge, read, render, untangle, write
from resdiff.batch_cli import add_batch_command
from resdiff.check.cli import add_check_command
from resdiff.comments_cli import add_comments_command
from resdiff.errors import ResdiffError
from resdiff.model import Document
from resdiff.parse import read_tree
from resdiff.parse.structure import build_tree
from resdiff.render import format_for
from resdiff.render.akn import render_akn
from resdiff.render.atomic import write_text
from resdiff.render.outline import render_outline, render_tree_json
from resdiff.render.synoptic import render_synoptic
from resdiff.views import stamp_revisions

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_BUG = 0, 1, 2, 3

_EPILOG_ACCEPT = """examples:
  resdiff accept proposal.docx -o clean.docx     Word's "Accept All", styles and footnotes kept
  resdiff accept proposal.docx -o -              the accepted text on stdout
  resdiff accept --markup formatting old-style.docx -o clean.md
"""
_EPILOG_REVISIONS = """examples:
  resdiff revisions proposal.docx                one line per revision
  resdiff revisions proposal.docx --json         machine-readable list
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resdiff",
        description="Consolidate and compare amended resolutions (tracked-change .docx proposals).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_accept_reject(commands)
    _add_tree(commands)
    _add_diff(commands)
    _add_merge(commands)
    _add_untangle(commands)
    _add_convert(commands)
    add_check_command(commands)
    add_batch_command(commands)
    _add_revisions(commands)
    add_comments_command(commands)
    return parser


def _add_accept_reject(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, side, summary in (
        ("accept", "new", "accept every tracked change (the new text)"),
        ("reject", "old", "reject every tracked change (the old text)"),
    ):
        sub = commands.add_parser(
            name, help=summary, description=summary.capitalize() + ".",
            epilog=_EPILOG_ACCEPT.replace("accept", name) if name == "reject" else _EPILOG_ACCEPT,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("input", metavar="IN", help="a .docx (or .txt) document")
        sub.add_argument("-o", "--output", metavar="OUT", default="-",
                         help="output file; its extension picks the format (.docx .txt .md .json); "
                              "'-' = text on stdout")
        _markup_option(sub)
        sub.set_defaults(run=_resolve, side=side)


def _add_tree(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "tree", help="the clause tree of a resolution (sections, labels, old/new sides)",
        description="Build the clause tree of a resolution: title, enacting formula, call sections, items; for a "
                    "tracked document every clause has its old and new label and a status.",
        epilog="""examples:
  resdiff tree fixtures/res130-iap/proposal.docx          an indented outline (~ modified, + inserted, - deleted)
  resdiff tree official.txt --json                       the tree as JSON
  resdiff tree official.txt --akn > res.akn.xml          the tree as Akoma Ntoso (AKN4UN)
  resdiff tree pp18.xml --component cmp_res_130          one text of an Akoma Ntoso collection""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN")
    sub.add_argument("--json", action="store_true", help="print the tree as JSON")
    sub.add_argument("--akn", action="store_true", help="print the tree as Akoma Ntoso 3.0 XML (AKN4UN profile)")
    sub.add_argument("--component", metavar="EID", help="with an AKN collection: the text to read (cmp_res_130)")
    sub.add_argument("--from", dest="from_format", metavar="FORMAT",
                     help="input format (docx, txt, critic, flat, html, akn); guessed from the file otherwise")
    _markup_option(sub)
    sub.set_defaults(run=_tree)


def _add_diff(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "diff", help="redline two versions: clauses matched across renumbering, words diffed",
        description="Compare two versions (any readable format) into a redline with native tracked changes. "
                    "Clauses are matched by content, so a renumbered clause shows its label change, not a "
                    "deletion plus an insertion.",
        epilog="""examples:
  resdiff diff fixtures/res130-iap/old.txt fixtures/res130-iap/new.txt -o redline.docx --author IAP
  resdiff diff official.docx draft.docx -o redline.html     inline and side-by-side views
  resdiff diff old.txt new.txt -o redline.json              clause tree with NOC/MOD/ADD/SUP per clause""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("old", metavar="OLD")
    sub.add_argument("new", metavar="NEW")
    sub.add_argument("-o", "--output", metavar="OUT", default="-",
                     help="output file; its extension picks the format (.docx .html .md .json); "
                          "'-' = Markdown on stdout")
    sub.add_argument("--author", default="resdiff", help="author of the revisions (default: resdiff)")
    sub.add_argument("--date", help="ISO 8601 date of the revisions, e.g. 2022-09-26T00:00:00Z")
    sub.add_argument("--formatting", choices=("track", "ignore"), default="track",
                     help="formatting changes (bold, italic, styles, numbering): tracked as Word's formatting "
                          "revisions (default), or taken from NEW untracked")
    for label in ("old", "new"):
        sub.add_argument(f"--{label}-view", choices=("accepted", "rejected"), default="accepted",
                         help=f"which view of {label.upper()} to compare if it already has tracked changes "
                              "(default: accepted, as after Word's Accept All)")
    sub.set_defaults(run=_diff)


def _add_merge(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "merge", help="several proposals on one base: synoptic table and consolidated draft",
        description="Align every proposal (tracked .docx, text extracted from one, or a clean new version) to the "
                    "base clause by clause; write the synoptic table (.html), the consolidated draft with tracked "
                    "changes authored by each proposal and conflicts in square brackets (.docx, .md), or both "
                    "as data (.json). Exit 1 when proposals conflict.",
        epilog="""examples:
  resdiff merge res130-2018.docx IAP.docx EUR.docx ACP.txt -o synoptic.html
  resdiff merge base.docx alice.docx bob.docx --name Alice --name Bob -o draft.docx""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("base", metavar="BASE")
    sub.add_argument("proposals", metavar="PROPOSAL", nargs="+")
    sub.add_argument("-o", "--output", metavar="OUT", required=True,
                     help="output file: .html (synoptic table), .docx or .md (draft), .json (everything)")
    sub.add_argument("--name", action="append", help="name of each proposal, in order (default: its tag line)")
    sub.set_defaults(run=_merge)


def _add_untangle(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "untangle", help="recover the tracked changes of text extracted from a tracked .docx",
        description="Read text extracted from a tracked .docx (Apache POI / Tika style, deleted and inserted text "
                    "run together) and write it as a tracked document: labels split into old and new, "
                    "whole-paragraph insertions and deletions recovered; ambiguities are reported on stderr.",
        epilog="""examples:
  resdiff untangle fixtures/res130-iap/seed.txt -o proposal.md     CriticMarkup
  resdiff untangle fixtures/res130-iap/seed.txt -o proposal.docx   native revision marks
  resdiff untangle seed.txt --base official.docx -o proposal.docx  inline changes too""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN")
    sub.add_argument("-o", "--output", metavar="OUT", required=True,
                     help="output file; its extension picks the format (.docx .md .json)")
    sub.add_argument("--base", metavar="OLD", help="the old text (any readable format: .docx, .txt, …): with it the "
                     "inline insertions are recovered exactly and untracked changes reported")
    sub.add_argument("--author", help="author of the recovered revisions (default: resdiff)")
    sub.set_defaults(run=_untangle)


def _add_convert(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "convert", help="write a document in another format, tracked changes kept",
        description="Convert a document, keeping its tracked changes (CriticMarkup ↔ .docx revision marks).",
        epilog="""examples:
  resdiff convert proposal.critic.md -o proposal.docx --author IAP --date 2022-09-01T00:00:00Z
  resdiff convert proposal.docx -o proposal.md      Markdown with CriticMarkup""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN")
    sub.add_argument("-o", "--output", metavar="OUT", required=True,
                     help="output file; its extension picks the format (.docx .md .json)")
    sub.add_argument("--author", help="author of revisions that have none (default: resdiff)")
    sub.add_argument("--date", help="ISO 8601 date of revisions that have none")
    _markup_option(sub)
    sub.set_defaults(run=_convert)


def _add_revisions(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser("revisions", help="list the tracked changes of a document",
                              description="List every tracked change: kind, author, date, text, paragraph index.",
                              epilog=_EPILOG_REVISIONS, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN")
    sub.add_argument("--json", action="store_true", help="print JSON instead of one line per revision")
    _markup_option(sub)
    sub.set_defaults(run=_revisions)


def _markup_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--markup", choices=("revisions", "formatting"), default="revisions",
                     help="how changes are shown: Word revision marks (default) or underline/strike-through")


def _resolve(args: argparse.Namespace) -> int:
    doc: Document = read(args.input, markup=args.markup)
    side = doc.new() if args.side == "new" else doc.old()
    if args.output == "-":
        sys.stdout.write(render(side, "txt").decode("utf-8"))
    else:
        write(side, args.output, format_for(args.output))
    return EXIT_OK


def _tree(args: argparse.Namespace) -> int:
    tree = read_tree(args.input, format=args.from_format, markup=args.markup, component=args.component)
    sys.stdout.write(render_akn(tree) if args.akn else render_tree_json(tree) if args.json else render_outline(tree))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    old = read(args.old)
    redline = diff(old, read(args.new), author=args.author, date=args.date, formatting=args.formatting,
                   old_view=args.old_view, new_view=args.new_view)
    for message in redline.messages:
        path = args.old if message.location == "old" else args.new
        print(f"resdiff: {path}: {message.text}", file=sys.stderr)
    if args.output == "-":
        sys.stdout.write(render(redline, "md").decode("utf-8"))
    elif format_for(args.output) == "json":
        write_text(args.output, render_tree_json(build_tree(redline)))
    else:
        write(redline, args.output, format_for(args.output), template=old)
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    base = read(args.base)
    synopsis = merge(base, args.proposals, names=args.name)
    fmt = format_for(args.output)
    if fmt == "html":
        write_text(args.output, render_synoptic(synopsis))
    elif fmt == "json":
        write_text(args.output, synopsis.model_dump_json(indent=2) + "\n")
    else:
        write(synopsis.draft, args.output, fmt, template=base)
    for row in synopsis.rows:
        if row.conflict:
            where = f"paragraph {row.base_index}" if row.base_index is not None else "added text"
            print(f"resdiff: conflict at {where}: {row.conflict}", file=sys.stderr)
    return EXIT_FINDINGS if any(row.conflict for row in synopsis.rows) else EXIT_OK


def _untangle(args: argparse.Namespace) -> int:
    official = read(args.base) if args.base else None
    doc = untangle(args.input, base=official.old() if official is not None else None)
    doc = stamp_revisions(doc, args.author or "resdiff", None)
    # into the official document's package: its styles, lists, headers and page setup
    write(doc, args.output, format_for(args.output), template=official if official and official.source else None)
    for message in doc.messages:
        print(f"resdiff: {args.input}: {message.location or ''}: {message.text}", file=sys.stderr)
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    doc = stamp_revisions(read(args.input, markup=args.markup), args.author or "resdiff", args.date)
    write(doc, args.output, format_for(args.output))
    return EXIT_OK


def _revisions(args: argparse.Namespace) -> int:
    doc = read(args.input, markup=args.markup)
    records = doc.revisions()
    if args.json:
        json.dump([r.model_dump() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in records:
            where = f"{r.part} ¶{r.paragraph}" if r.paragraph >= 0 else f"{r.part} table"
            sys.stdout.write(f"{where}\t{r.kind}\t{r.author or '-'}\t{r.date or '-'}\t{r.text!r}\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ResdiffError as exc:
        print(f"resdiff: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line for users, the traceback on demand
        if os.environ.get("RESDIFF_DEBUG"):
            raise
        print(f"resdiff: internal error on {getattr(args, 'input', '?')}: {type(exc).__name__}: {exc} "
              "(set RESDIFF_DEBUG=1 for a traceback and please report it)", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
