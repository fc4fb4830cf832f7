"""The command line's inputs and outputs: '-' for standard input and output, -o refused when it is an input,
atomic writes, one-line messages on stderr (left out with --quiet), --date and --author checked first."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from resdiff.errors import UsageError, _one_line, revision_author, revision_date

if TYPE_CHECKING:  # the readers and writers are imported by the functions that use them (start-up time)
    from resdiff.model import Document, Markup, Message
    from resdiff.ooxml.source import Source

STDIN = "<stdin>"
JSON_MEANING = "a .json output is the JSON of the Document written (schema 'document'), as for every command"


def source(arg: str) -> Source:
    """An input argument as the API takes it: the path, or for '-' standard input's bytes."""
    from resdiff.ooxml.source import read_source

    return read_source(sys.stdin.buffer, STDIN)[0] if arg == "-" else arg


def shown(arg: str) -> str:
    return STDIN if arg == "-" else arg


def read_bytes(arg: str) -> tuple[bytes, str]:
    """An input argument's bytes and the name messages give it (standard input is read here, once)."""
    from resdiff.ooxml.source import read_source

    return read_source(source(arg), STDIN if arg == "-" else None)


def read_input(arg: str, markup: Markup = "revisions") -> Document:
    from resdiff.parse import read

    return read(source(arg), name=STDIN if arg == "-" else None, markup=markup)


def refuse_inputs(args: argparse.Namespace, *inputs: str | None) -> None:
    """Refuse -o when it is one of the inputs (before anything is read), unless --in-place; with --in-place and
    no -o, the output is the input."""
    in_place = bool(getattr(args, "in_place", False))
    if in_place:
        if args.input == "-":
            raise UsageError(None, "--in-place needs IN to be a file, not standard input")
        if args.output == "-":
            args.output = args.input
    from resdiff.render.atomic import refuse_input_as_output

    hint = "choose another -o, or give --in-place to replace IN" if hasattr(args, "in_place") else \
        "choose another -o"
    refuse_input_as_output(args.output, inputs, allowed=in_place, hint=hint)


def put(args: argparse.Namespace, data: bytes) -> None:
    """The output's bytes to -o, atomically, or as text to stdout for '-'."""
    from resdiff.render.atomic import write_atomically

    if args.output == "-":
        sys.stdout.write(data.decode("utf-8"))
    else:
        write_atomically(args.output, data)


def emit(args: argparse.Namespace, doc: Document, stdout_format: str, *, template: Document | None = None) -> None:
    """`doc` in the format of -o's extension, or in `stdout_format` on stdout."""
    from resdiff.render import format_for, render

    fmt = stdout_format if args.output == "-" else format_for(args.output)
    put(args, render(doc, fmt, template=template))


def say(args: argparse.Namespace, text: str) -> None:
    """A line of information on stderr (not an error): left out with --quiet."""
    if not getattr(args, "quiet", False):
        print(_one_line(f"resdiff {args.command}: {text}"), file=sys.stderr)


def message_line(path: str, message: Message) -> str:
    """`file:paragraph: text` (1-based paragraph, as check prints findings), the paragraph left out if none."""
    where = f"{shown(path)}:{message.paragraph}" if message.paragraph is not None else shown(path)
    return f"{where}: {message.text}"


def check_options(args: argparse.Namespace) -> None:
    """What can be refused before anything is read: --date and --author (they go into the output), and
    standard input named twice."""
    if getattr(args, "date", None) is not None:
        args.date = revision_date(args.date)
    if getattr(args, "author", None) is not None:
        args.author = revision_author(args.author)
    named: Iterable[object] = [getattr(args, key, None) for key in ("input", "old", "new", "base")]
    if [*named, *getattr(args, "proposals", [])].count("-") > 1:
        raise UsageError(None, "standard input ('-') can be read only once: give it as one input")


def output_option(sub: argparse.ArgumentParser, stdout: str, formats: str, *, in_place: bool = False) -> None:
    """-o/--output (and --in-place where the command may replace its input), and -q."""
    sub.add_argument("-o", "--output", metavar="OUT", default="-",
                     help=f"output file; its extension picks the format ({formats}); default '-': {stdout} on "
                          f"stdout. {JSON_MEANING}. OUT must not be an input"
                          + (" unless --in-place is given" if in_place else ""))
    if in_place:
        sub.add_argument("--in-place", action="store_true",
                         help="replace IN by the result (OUT defaults to IN), atomically: the old file stays "
                              "whole until the new one is complete, and keeps its permissions")
    sub.add_argument("-q", "--quiet", action="store_true", help="nothing on stderr but errors")


def markup_option(sub: argparse.ArgumentParser) -> None:
    """--markup: how the input shows its changes."""
    sub.add_argument("--markup", choices=("revisions", "formatting"), default="revisions",
                     help="how changes are shown: Word revision marks (default) or underline/strike-through")
