"""The `resdiff batch` subcommand: arguments, the lines on stderr and the exit status; the run is `resdiff.batch`.

Exit status: 2 if any input failed, else 1 if a check found an error, else 0.
"""

from __future__ import annotations

import argparse
import sys

from resdiff.batch_job import JOBS
from resdiff.errors import _one_line

__all__ = ["add_batch_command", "run_batch_command"]

EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 2

_EPILOG = """examples:
  resdiff batch proposals/ -o clean/ --job accept                 Accept All on every file (.docx stays .docx)
  resdiff batch proposals/ -o old/ --job reject --format txt      the old text of each, as plain text
  resdiff batch texts/ -o trees/ --job tree --workers 4           one clause-tree JSON per input
  resdiff batch proposals/ -o reports/ --job check                one JSON report per file plus reports/check.json
  resdiff batch drafts/ -o redlines/ --job diff --base official.docx          every draft against one base
  resdiff batch drafts/ -o redlines/ --job diff --base official/ --format html  each against official/<same path>

inputs: .docx .txt .critic.md .html under DIR, recursively; hidden files and folders, Word lock files (~$…) and
OUTDIR itself are skipped. Only regular files are read: a FIFO, socket or device, a symbolic link loop, a broken
link or a link to a file outside DIR is skipped (listed as failed, error SkippedInputError, reason "skipped: …"),
and linked folders are not entered. OUTDIR/<path> keeps each input's relative path with the output's extension.
OUTDIR/batch.json lists every file (status ok or failed, output or reason, seconds); failures are also listed on
stderr as FILE: reason lines. One bad file never stops the run.

exit status: 0 all done, 1 a check found errors, 2 an input could not be read (or failed)."""


def add_batch_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `batch` on the subcommand parsers of the resdiff CLI; its handler is `args.run`."""
    sub = commands.add_parser(
        "batch", help="run accept, reject, tree, check or diff over every document in a directory",
        description="Run one job over every readable input under DIR (recursively), in parallel, writing "
                    "OUTDIR/<relative path> per input and a summary OUTDIR/batch.json. Bad files are listed and "
                    "skipped; the run goes on.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("input", metavar="DIR", help="the directory of inputs")
    sub.add_argument("-o", "--output", metavar="OUTDIR", required=True, help="the output directory (created)")
    sub.add_argument("--job", choices=JOBS, required=True, help="what to do with each input")
    sub.add_argument("--base", metavar="FILE-or-DIR", help="diff (required) and check: the old/official text; a "
                     "file for every input, or a directory holding the base at each input's relative path")
    sub.add_argument("--format", choices=("docx", "txt", "md", "json", "html"),
                     help="output format: accept/reject docx|txt|md|json (json: the Document; default: .docx for "
                          ".docx, else .txt); diff docx|html|md|json (default docx; json: the redline, a "
                          "Document); tree and check write json")
    sub.add_argument("--workers", type=int, metavar="N",
                     help="worker processes (default: the number of CPUs; 1 = in this process)")
    sub.add_argument("--author", help="diff: author of the revisions (default: resdiff)")
    sub.add_argument("--date", help="diff: date of the revisions, ISO 8601: 2022-09-26 (midnight UTC) or "
                                    "2022-09-26T14:30:00Z")
    sub.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no closing count line")
    sub.set_defaults(run=run_batch_command)


def run_batch_command(args: argparse.Namespace) -> int:
    """Run the batch (the check job with the configuration found from the current directory), list the failures
    on stderr, and return the exit status."""
    from resdiff import batch
    from resdiff.batch_run import SUMMARY
    from resdiff.check.config import load_config

    result = batch(args.input, args.output, job=args.job, base=args.base or None, format=args.format,
                   workers=args.workers, author=args.author, date=args.date,
                   config=load_config() if args.job == "check" else None, progress=not args.quiet)
    failed = result.failed
    for outcome in failed:
        print(_one_line(f"{result.input / outcome.rel}: {outcome.reason}"), file=sys.stderr)
    if not args.quiet or failed:
        bugs = sum(1 for o in failed if o.bug)
        skipped = len(result.skipped)
        ok = len(result.outcomes) - len(failed)
        line = f"resdiff batch: {len(result.outcomes)} files, {ok} ok, {len(failed)} failed"
        notes = ([f"{skipped} skipped: not regular files, or links out of {result.input}"] if skipped else []) + (
            [f"{bugs} by an internal error"] if bugs else [])
        if notes:
            line += f" ({'; '.join(notes)})"
        if args.job == "check":
            line += f", {result.errors} error findings"
        print(f"{line} in {result.seconds:.1f} s; summary in {result.output / SUMMARY}", file=sys.stderr)
    if failed:
        return EXIT_FAILED
    return EXIT_FINDINGS if result.errors else EXIT_OK
