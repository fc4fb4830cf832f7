"""`resdiff comments`: the comments of a document, one line each or as JSON (`resdiff.comments.list_comments`)."""

from __future__ import annotations

import argparse
import json
import sys

from resdiff import read
from resdiff.comments import list_comments
from resdiff.model.tree import Comment

_EPILOG = """examples:
  resdiff comments proposal.docx                 one line per comment: where, author, date, text, commented text
  resdiff comments proposal.docx --json          machine-readable list"""


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
    comments = list_comments(read(args.input))
    if args.json:
        json.dump([c.model_dump(mode="json") for c in comments], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.writelines(comment_line(c) + "\n" for c in comments)
    return 0


def comment_line(comment: Comment) -> str:
    """One comment as a tab-separated line, in the manner of `resdiff revisions`."""
    where = comment.part if comment.note is None else f"{comment.part} {comment.note}"
    if comment.anchor_old == comment.anchor_new:
        anchor = repr(comment.anchor_new)
    else:
        anchor = f"{comment.anchor_old!r} → {comment.anchor_new!r}"
    thread = f"\treply to comment {comment.parent}" if comment.parent is not None else ""
    return (f"{where} ¶{comment.paragraph}\t{comment.author or '-'}\t{comment.date or '-'}\t{comment.text!r}"
            f"\ton {anchor}{thread}")
