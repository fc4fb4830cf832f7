"""`resdiff propose`: an ITU proposal document from the official text and a draft (`resdiff.propose`)."""

from __future__ import annotations

import argparse

from resdiff.cli_io import emit, message_line, read_input, refuse_inputs, say

_EPILOG = """examples:
  resdiff propose res130-2018.docx draft.docx --tag "MOD IAP/76A35/1" --revision "Rev. Bucharest, 2022" \\
      --reasons "To update the Resolution." -o proposal.docx     the draft's changes tracked, authored IAP
  resdiff propose draft-new-res.docx --tag "ADD ACP/67A1/4" --reasons "…" -o proposal.docx   a new resolution
  resdiff propose res130-2018.docx --tag "SUP EUR/44A7/3" --reasons "Merged into Res. 45." -o proposal.docx

MOD and (MOD) need OFFICIAL and DRAFT; ADD and ADD* take the draft as the one input; SUP, SUP* and NOC the
official text (its title and subtitle are shown) and --reasons. A tag line or Reasons paragraph already in an
input is replaced (the draft's Reasons are kept without --reasons). A .docx is written into OFFICIAL's package
(DRAFT's for ADD): its styles, lists, headers; Proposal and Reasons styles are added if it has none."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `propose` to the command line's subcommands."""
    sub = commands.add_parser(
        "propose", help="write an ITU proposal: tag line, tracked changes against the official text, Reasons",
        description="Write the proposal document for a resolution: the tag line in the Proposal style, the text as "
                    "the action symbol asks (MOD: the official text with the draft's changes tracked, renumbering "
                    "as label changes; ADD: the draft untracked; SUP/NOC: the title), and a Reasons paragraph.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("official", metavar="OFFICIAL", help="the official text (for ADD: the draft); '-' = standard "
                     "input")
    sub.add_argument("draft", metavar="DRAFT", nargs="?", help="the draft (new) text, for MOD and (MOD)")
    sub.add_argument("--tag", required=True, help="the proposal tag: action symbol and number, 'MOD IAP/76A35/1'")
    sub.add_argument("--reasons", metavar="TEXT", help="the rationale for the Reasons paragraph (required for SUP "
                     "and NOC)")
    sub.add_argument("--revision", metavar="TEXT", help="MOD: the title's new revision, in the text's language "
                     "('Rev. Bucharest, 2022'), tracked against the official one")
    sub.add_argument("--author", help="author of the tracked changes (default: the proposal's origin, e.g. IAP)")
    sub.add_argument("--date", help="date of the tracked changes, ISO 8601: 2022-09-26 or 2022-09-26T14:30:00Z")
    sub.add_argument("-o", "--output", metavar="OUT", default="-",
                     help="output file; its extension picks the format (.docx .md .html .txt .json); default "
                          "'-': Markdown with CriticMarkup on stdout. OUT must not be an input")
    sub.set_defaults(run=_propose)


def _propose(args: argparse.Namespace) -> int:
    from resdiff import propose
    from resdiff.proposals import proposal_tag

    proposal_tag(args.tag)  # a bad tag is refused before anything is read
    refuse_inputs(args, args.official, args.draft)
    official = read_input(args.official)  # the draft, for an ADD given one text: the package written into
    draft = read_input(args.draft) if args.draft is not None else None
    doc = propose(official, draft, tag=args.tag, reasons=args.reasons, revision=args.revision, author=args.author,
                  date=args.date)
    emit(args, doc, "md", template=official if official.source is not None else None)
    for message in doc.messages:
        say(args, message_line(args.official, message))
    return 0
