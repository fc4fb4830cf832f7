"""`resdiff renumber`: the final numbering of a consolidated text as tracked changes (`resdiff.renumber`)."""

from __future__ import annotations

import argparse

from resdiff.cli_io import emit, message_line, read_input, refuse_inputs, say
from resdiff.errors import UsageError

_EPILOG = """examples:
  resdiff renumber consolidated.docx -o final.docx            renumbering tracked, authored resdiff
  resdiff renumber draft.docx -o final.docx --clean --map map.json
  resdiff renumber draft.txt                                  Markdown with CriticMarkup on stdout
  resdiff renumber proposal.docx -o final.docx --author Secretariat --date 2022-10-14"""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `renumber` to the command line's subcommands."""
    sub = commands.add_parser(
        "renumber", help="final numbering: bis/ter and gaps renumbered, cross-references updated",
        description="Renumber a consolidated resolution as adopted texts are published: 'bis'/'ter' labels and gaps "
                    "become consecutive labels per level and per section, in each series' style (a), 1, i)), and "
                    "every cross-reference inside the text ('resolves 4', 'point 5 du décide') follows its clause. "
                    "Written as tracked changes on top of the input (Reject All gives the input back), or clean. A "
                    "document with tracked changes is renumbered as accepted. Word's list numbering is kept: a "
                    "typed 'bis' label inside an automatic list becomes an item of that list (Word counts it).",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN", help="any readable document (.docx, .txt, .critic.md …); '-' = standard "
                     "input")
    sub.add_argument("-o", "--output", metavar="OUT", default="-",
                     help="output file; its extension picks the format (.docx .md .txt .json .html); default '-': "
                          "Markdown with CriticMarkup on stdout (plain text with --clean). A .json output is the "
                          "JSON of the Document written. OUT must not be an input")
    sub.add_argument("--map", metavar="FILE", help="also write the renumbering map as JSON: per section, every "
                     "clause's label now and final, and the references rewritten")
    sub.add_argument("--clean", action="store_true", help="write the final numbering untracked")
    sub.add_argument("--author", default="resdiff", help="author of the revisions (default: resdiff)")
    sub.add_argument("--date", help="date of the revisions, ISO 8601: 2022-09-26 (midnight UTC) or "
                                    "2022-09-26T14:30:00Z")
    sub.add_argument("-q", "--quiet", action="store_true", help="nothing on stderr but errors")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Renumber IN into OUT (and the map into --map); 0 on success."""
    # imported here, as every command does, so that building the parser costs little (issue 20)
    from resdiff.render.atomic import refuse_input_as_output, same_file, write_atomically
    from resdiff.renumbering import renumber_with_map

    if args.map is not None and (args.map == "-" or same_file(args.map, args.output)):
        raise UsageError(args.map, "--map needs a file of its own, not standard output or OUT")
    refuse_inputs(args, args.input)
    if args.map is not None:
        refuse_input_as_output(args.map, [args.input], hint="choose another --map")
    doc = read_input(args.input)
    result = renumber_with_map(doc, author=args.author, date=args.date, clean=args.clean)
    for message in result.document.messages:
        say(args, message_line(args.input, message))
    emit(args, result.document, "txt" if args.clean else "md", template=doc if doc.source is not None else None)
    if args.map is not None:
        write_atomically(args.map, (result.map.model_dump_json(indent=2) + "\n").encode("utf-8"))
    references = len(result.map.references)
    say(args, f"{result.map.renumbered} labels renumbered, {references} reference{'s' * (references != 1)} "
              "updated")
    return 0
