"""Command line: argument parsing and exit codes only; every action is a call into the public API.

Conventions shared by every command: '-' is standard input for an input (once per run; a .docx is recognised by
its bytes) and standard output for -o; -o defaults to standard output, in a text format each command names in
its help; an output that is one of the inputs is refused (exit 2) unless --in-place allows it; -q/--quiet
leaves only errors on stderr; --date is ISO 8601 and --author plain text, checked before anything is read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

# Only what building the parser needs is imported here; each command imports its readers and writers when it
# runs, so `resdiff --version` and `--help` cost little more than the interpreter (issue 20).
from resdiff import __version__, diff, merge, retrack, untangle
from resdiff.check.cli import add_check_command
from resdiff.cli_io import (
    STDIN,
    check_options,
    emit,
    markup_option,
    message_line,
    output_option,
    put,
    read_input,
    refuse_inputs,
    say,
    source,
)
from resdiff.comments_cli import TSV_NOTE, add_comments_command, tsv_field
from resdiff.errors import ResdiffError, UsageError, _one_line

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_BUG = 0, 1, 2, 3

_EPILOG_REVISIONS = """examples:
  resdiff revisions proposal.docx                one line per revision
  resdiff revisions proposal.docx --json         machine-readable list

""" + TSV_NOTE


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with `command`, of that one only (what a run of it needs: the parsers of
    fifteen commands took longer to build than most commands take to start); "--version": of none."""
    parser = argparse.ArgumentParser(
        prog="resdiff",
        description="Consolidate and compare amended resolutions (tracked-change .docx proposals).",
    )
    parser.add_argument("--version", action="version", version=f"resdiff {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = [] if command == "--version" else [_COMMANDS[command]] if command in _COMMANDS else _COMMANDS.values()
    for add in dict.fromkeys(chosen):  # in the order of _COMMANDS (of the help), each once (accept and reject)
        add(commands)
    for sub in commands.choices.values():  # every command, whichever module registered it
        if not any("--quiet" in action.option_strings for action in sub._actions):
            sub.add_argument("-q", "--quiet", action="store_true", help="nothing on stderr but errors")
    return parser


def _add_tree(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "tree", help="the clause tree of a resolution (sections, labels, old/new sides)",
        description="Build the clause tree of a resolution: title, enacting formula, call sections, items; for a "
                    "tracked document every clause has its old and new label and a status. Written to stdout.",
        epilog="""examples:
  resdiff tree fixtures/res130-iap/proposal.docx          an indented outline (~ modified, + inserted, - deleted)
  resdiff tree official.txt --json                       the tree as JSON (schema 'tree')
  resdiff tree official.txt --akn > res.akn.xml          the tree as Akoma Ntoso (AKN4UN)
  resdiff tree pp18.xml --component cmp_res_130          one text of an Akoma Ntoso collection""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN", help="any readable document; '-' = standard input")
    sub.add_argument("--json", action="store_true", help="print the tree as JSON")
    sub.add_argument("--akn", action="store_true", help="print the tree as Akoma Ntoso 3.0 XML (AKN4UN profile)")
    sub.add_argument("--component", metavar="EID", help="with an AKN collection: the text to read (cmp_res_130)")
    sub.add_argument("--from", dest="from_format", metavar="FORMAT",
                     help="input format (docx, txt, critic, flat, html, akn); guessed from the file otherwise")
    sub.add_argument("--realign", action="store_true", help="recompute a tracked document's revisions with "
                     "resdiff's aligner first (as `resdiff retrack`): a clause a Compare tool deleted and re-inserted "
                     "whole is one clause with its old and new label")
    markup_option(sub)
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
  resdiff diff old.txt new.txt                              Markdown with CriticMarkup on stdout
  resdiff diff old.txt new.txt -o redline.json              the redline as a Document (as write() does)
  resdiff diff old.txt new.txt --tree                       its clause tree, NOC/MOD/ADD/SUP per clause""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("old", metavar="OLD", help="the old version; '-' = standard input")
    sub.add_argument("new", metavar="NEW", help="the new version; '-' = standard input")
    output_option(sub, "Markdown with CriticMarkup", ".docx .html .md .txt .json")
    sub.add_argument("--tree", action="store_true",
                     help="write the redline's clause tree as JSON (as `resdiff tree --json`) instead of the "
                          "redline; OUT is then '-' or a .json file")
    sub.add_argument("--author", default="resdiff", help="author of the revisions (default: resdiff)")
    sub.add_argument("--date", help="date of the revisions, ISO 8601: 2022-09-26 (midnight UTC) or "
                                    "2022-09-26T14:30:00Z")
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
                    "changes authored by each proposal and conflicts in square brackets (.docx, .md, .txt), or "
                    "everything as data (.json: the Synopsis, schema 'synopsis'). Exit 1 when proposals conflict.",
        epilog="""examples:
  resdiff merge res130-2018.docx IAP.docx EUR.docx ACP.txt -o synoptic.html
  resdiff merge base.docx alice.docx bob.docx --name Alice --name Bob -o draft.docx
  resdiff merge base.txt IAP.txt EUR.txt                       the draft, Markdown with CriticMarkup, on stdout""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("base", metavar="BASE", help="the official text; '-' = standard input")
    sub.add_argument("proposals", metavar="PROPOSAL", nargs="+")
    sub.add_argument("-o", "--output", metavar="OUT", default="-",
                     help="output file: .html (synoptic table), .docx, .md or .txt (draft), .json (the "
                          "Synopsis); default '-': the draft as Markdown with CriticMarkup on stdout. OUT must "
                          "not be an input")
    sub.add_argument("-q", "--quiet", action="store_true", help="no conflict lines on stderr (the exit status "
                     "still says 1)")
    sub.add_argument("--name", action="append", help="name of each proposal, in order (default: its tag line)")
    sub.set_defaults(run=_merge)


def _add_untangle(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "untangle", help="recover the tracked changes of text extracted from a tracked .docx",
        description="Read text extracted from a tracked .docx (Apache POI / Tika style, deleted and inserted text "
                    "run together) and write it as a tracked document: labels split into old and new, "
                    "whole-paragraph insertions and deletions recovered; ambiguities are reported on stderr.",
        epilog="""examples:
  resdiff untangle fixtures/res130-iap/seed.txt                    CriticMarkup on stdout
  resdiff untangle fixtures/res130-iap/seed.txt -o proposal.docx   native revision marks
  resdiff untangle seed.txt --base official.docx -o proposal.docx  inline changes too""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN", help="the extracted text; '-' = standard input")
    output_option(sub, "Markdown with CriticMarkup", ".docx .md .txt .json .html")
    sub.add_argument("--base", metavar="OLD", help="the old text (any readable format: .docx, .txt, …): with it the "
                     "inline insertions are recovered exactly and untracked changes reported")
    sub.add_argument("--author", help="author of the recovered revisions (default: resdiff)")
    sub.add_argument("--glue", choices=("del-ins", "ins-del", "auto"), default="del-ins",
                     help="the order the extractor glued deleted and inserted text in: del-ins (deleted first, as "
                          "Apache POI / Tika; the default), ins-del, or auto (chosen from the labels and the base, "
                          "and said on stderr)")
    sub.set_defaults(run=_untangle)


def _add_convert(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "convert", help="write a document in another format, tracked changes kept",
        description="Convert a document, keeping its tracked changes (CriticMarkup ↔ .docx revision marks).",
        epilog="""examples:
  resdiff convert proposal.critic.md -o proposal.docx --author IAP --date 2022-09-01
  resdiff convert proposal.docx -o proposal.md      Markdown with CriticMarkup
  resdiff convert proposal.docx                     the same on stdout""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN", help="any readable document; '-' = standard input")
    output_option(sub, "Markdown with CriticMarkup", ".docx .md .txt .json .html", in_place=True)
    sub.add_argument("--author", help="author of revisions that have none (default: resdiff)")
    sub.add_argument("--date", help="date of revisions that have none, ISO 8601: 2022-09-26 (midnight UTC) or "
                                    "2022-09-26T14:30:00Z")
    markup_option(sub)
    sub.set_defaults(run=_convert)


def _add_retrack(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "retrack", help="re-track a tracked document with resdiff's alignment (renumbering as label changes)",
        description="Recompute a tracked document's revisions from its two sides (Reject All, Accept All) with "
                    "resdiff's clause-aware aligner: Word's and LibreOffice's Compare delete and re-insert whole "
                    "clauses that were renumbered and edited; the result shows label changes and the words that "
                    "changed. Each revision keeps the author and date of the original revision its text came from; "
                    "a .docx keeps the input's package (styles, numbering, notes).",
        epilog="""examples:
  resdiff retrack compared.docx -o proposal.docx      a clean redline in the same package
  resdiff retrack compared.docx                       Markdown with CriticMarkup on stdout""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN", help="a tracked document (any readable format); '-' = standard input")
    output_option(sub, "Markdown with CriticMarkup", ".docx .md .json .html", in_place=True)
    markup_option(sub)
    sub.set_defaults(run=_retrack)


def _add_revisions(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser("revisions", help="list the tracked changes of a document",
                              description="List every tracked change: kind, author, date, text, paragraph index.",
                              epilog=_EPILOG_REVISIONS, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN", help="any readable document; '-' = standard input")
    sub.add_argument("--json", action="store_true", help="print JSON instead of one line per revision")
    markup_option(sub)
    sub.set_defaults(run=_revisions)


# ---- the commands ---------------------------------------------------------------------------------------------


def _tree(args: argparse.Namespace) -> int:
    from resdiff.parse import read_tree
    from resdiff.render.akn import render_akn
    from resdiff.render.outline import render_outline, render_tree_json

    tree = read_tree(source(args.input), format=args.from_format, markup=args.markup, component=args.component,
                     name=STDIN if args.input == "-" else None, realign=args.realign)
    sys.stdout.write(render_akn(tree) if args.akn else render_tree_json(tree) if args.json else render_outline(tree))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from resdiff.parse.structure import build_tree
    from resdiff.render import format_for
    from resdiff.render.outline import render_tree_json

    if args.tree and args.output != "-" and format_for(args.output) != "json":
        raise UsageError(args.output, "--tree writes the clause tree as JSON: give -o FILE.json, or -o - for stdout")
    refuse_inputs(args, args.old, args.new)
    old = read_input(args.old)
    redline = diff(old, read_input(args.new), author=args.author, date=args.date, formatting=args.formatting,
                   old_view=args.old_view, new_view=args.new_view)
    for message in redline.messages:
        say(args, message_line(args.old if message.data.get("version") == "old" else args.new, message))
    if args.tree:
        put(args, render_tree_json(build_tree(redline)).encode("utf-8"))
    else:
        emit(args, redline, "md", template=old)
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    from resdiff.render import format_for, render
    from resdiff.render.synoptic import render_synoptic

    refuse_inputs(args, args.base, *args.proposals)
    base = read_input(args.base)
    synopsis = merge(base, [source(p) for p in args.proposals], names=args.name)
    fmt = "md" if args.output == "-" else format_for(args.output)
    if fmt == "html":
        put(args, render_synoptic(synopsis).encode("utf-8"))
    elif fmt == "json":
        put(args, (synopsis.model_dump_json(indent=2) + "\n").encode("utf-8"))
    else:
        put(args, render(synopsis.draft, fmt, template=base))
    for row in synopsis.rows:
        if row.conflict:
            where = row.clause or (f"paragraph {row.base_index}" if row.base_index is not None else "added text")
            say(args, f"conflict at {where}: {row.conflict}")
    return EXIT_FINDINGS if any(row.conflict for row in synopsis.rows) else EXIT_OK


def _untangle(args: argparse.Namespace) -> int:
    from resdiff.views import stamp_revisions

    refuse_inputs(args, args.input, args.base)
    official = read_input(args.base) if args.base else None
    doc = untangle(source(args.input), base=official.old() if official is not None else None, glue=args.glue)
    doc = stamp_revisions(doc, args.author or "resdiff", None)
    # into the official document's package: its styles, lists, headers and page setup
    emit(args, doc, "md", template=official if official and official.source else None)
    for message in doc.messages:
        say(args, message_line(args.input, message))
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    from resdiff.views import stamp_revisions

    refuse_inputs(args, args.input)
    doc = stamp_revisions(read_input(args.input, markup=args.markup), args.author or "resdiff", args.date)
    emit(args, doc, "md")
    return EXIT_OK


def _retrack(args: argparse.Namespace) -> int:
    refuse_inputs(args, args.input)
    doc = read_input(args.input, markup=args.markup)
    emit(args, retrack(doc), "md", template=doc if doc.source is not None else None)
    return EXIT_OK


def _revisions(args: argparse.Namespace) -> int:
    doc = read_input(args.input, markup=args.markup)
    records = doc.revisions()
    if args.json:
        json.dump([r.model_dump() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in records:  # fields from the document escaped: no forged line or field, no spreadsheet formula
            where = tsv_field(f"{r.part} ¶{r.paragraph}" if r.paragraph > 0 else f"{r.part} table")
            sys.stdout.write(f"{where}\t{r.kind}\t{tsv_field(r.author)}\t{tsv_field(r.date)}\t{r.text!r}\n")
    return EXIT_OK


if TYPE_CHECKING:
    _Commands = argparse._SubParsersAction[argparse.ArgumentParser]


def _external(module: str, name: str = "register") -> Callable[[_Commands], None]:
    """The registering function `name` of a command's own module, imported when the command is registered."""
    def register(commands: _Commands) -> None:
        getattr(import_module(module), name)(commands)

    return register


_ACCEPT_REJECT = _external("resdiff.resolve_cli")  # one function for both: the parser registers it once
_COMMANDS: dict[str, Callable[[_Commands], None]] = {
    "accept": _ACCEPT_REJECT, "reject": _ACCEPT_REJECT, "tree": _add_tree, "diff": _add_diff,
    "merge": _add_merge, "untangle": _add_untangle, "convert": _add_convert, "retrack": _add_retrack,
    "renumber": _external("resdiff.renumber_cli"), "propose": _external("resdiff.propose_cli"),
    "check": add_check_command, "parallel": _external("resdiff.parallel_cli"),
    "batch": _external("resdiff.batch_cli", "add_batch_command"), "revisions": _add_revisions,
    "comments": add_comments_command}
"""Each command and the function that registers its parser, in the order of the help."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (`resdiff ARGS`, `python -m resdiff ARGS`); return the exit status: 0 done, 1
    findings (check errors, merge conflicts), 2 an input that cannot be read or a usage error (one line on
    stderr naming the command and the file), 3 a bug."""
    first = next(iter(sys.argv[1:] if argv is None else argv), None)
    parser = build_parser(first if first in _COMMANDS or first == "--version" else None)
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # reported by the subcommand's parser, so that the message names it ("resdiff diff: error: …")
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        commands.choices[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    command = f"resdiff {args.command}"
    try:
        check_options(args)
        return int(args.run(args))
    except ResdiffError as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line for users, the traceback on demand
        if os.environ.get("RESDIFF_DEBUG"):
            raise
        print(_one_line(f"{command}: internal error on {getattr(args, 'input', '?')}: {type(exc).__name__}: "
                        f"{exc} (set RESDIFF_DEBUG=1 for a traceback and please report it)"), file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
