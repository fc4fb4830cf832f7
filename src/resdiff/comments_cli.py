"""`resdiff comments`: the comments of a document, one line each or as JSON (`resdiff.comments.list_comments`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resdiff.model.tree import Comment

TSV_NOTE = """the lines are tab-separated fields, and what a document carries is escaped so that it can neither forge a
line or a field nor run as a formula in a spreadsheet (OWASP CSV injection): a tab, newline, CR or other control
character in an author or a date is written \\t, \\n, \\r, \\x1b…; a field that would start with =, +, - or @
gets a leading ' ('=HYPERLINK(…)); texts are quoted as Python strings; a missing author or date is a lone -.
--json gives every value as it is."""

_EPILOG = """examples:
  resdiff comments proposal.docx                 one line per comment: where, author, date, text, commented text
  resdiff comments proposal.docx --json          machine-readable list

""" + TSV_NOTE


def add_comments_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "comments", help="list the comments of a document (author, date, text, the text they are about)",
        description="List every comment of a Word document in document order: where it starts (part, 1-based "
                    "paragraph), author, date, its text and the text it is about, before → after the tracked "
                    "changes where they differ. A reply is listed as a comment of its own, next to the one it "
                    "answers.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="IN")
    sub.add_argument("--json", action="store_true", help="print JSON instead of one line per comment")
    sub.set_defaults(run=_comments)


def _comments(args: argparse.Namespace) -> int:
    from resdiff.comments import list_comments
    from resdiff.parse import read

    comments = list_comments(read(args.input))
    if args.json:
        json.dump([c.model_dump(mode="json") for c in comments], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.writelines(comment_line(c) + "\n" for c in comments)
    return 0


def tsv_field(value: str | None) -> str:
    """A value from a document as one field of a tab-separated line (see TSV_NOTE): control characters escaped,
    a formula prefix neutralised with a leading quote, None as '-'."""
    if value is None or value == "":
        return "-"
    if not value.isprintable():
        value = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value)
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def comment_line(comment: Comment) -> str:
    """One comment as a tab-separated line, in the manner of `resdiff revisions` (fields escaped: `tsv_field`)."""
    where = tsv_field(comment.part if comment.note is None else f"{comment.part} {comment.note}")
    if comment.anchor_old == comment.anchor_new:
        anchor = repr(comment.anchor_new)
    else:
        anchor = f"{comment.anchor_old!r} → {comment.anchor_new!r}"
    thread = f"\treply to comment {comment.parent}" if comment.parent is not None else ""
    return (f"{where} ¶{comment.paragraph}\t{tsv_field(comment.author)}\t{tsv_field(comment.date)}"
            f"\t{comment.text!r}\ton {anchor}{thread}")
