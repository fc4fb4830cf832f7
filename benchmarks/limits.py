"""Whole-process figures at resdiff's limits: issue 20's hostile but legal inputs, time and peak memory.

`python -m benchmarks limits [--only WORDS]` writes the samples the tests check (tests/test_scale_reading.py: a
paragraph of a million runs of one format, bold and plain in turn, or each in a w:ins or a w:del;
tests/test_scale_writing.py: a table of 80,000 rows of ten cells, near MAX_XML_NODES) and runs resdiff's command
line on each, each run its own process (benchmarks/whole.py's `measure`: GNU time's peak RSS of the child). The
issue's bound is under 1 GB for a command that reads one document. One run each: from seconds to two minutes a
case, some seven minutes in all. README quotes these figures. No test asserts on any of this.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.whole import BIN, Failed, measure, say

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the samples are the tests' own, so the figures are for what they check

# (what, the command's arguments: a sample's name stands for its file, "OUT" for an output file in the scratch folder)
CASES: list[tuple[str, list[str]]] = [
    ("tree: a million runs of one format", ["tree", "same"]),
    ("tree: a million runs, bold and plain", ["tree", "bold"]),
    ("tree: a million tracked runs", ["tree", "insdel"]),
    ("revisions: a million tracked runs", ["revisions", "insdel"]),
    ("accept: a million tracked runs, to .docx", ["accept", "insdel", "-o", "OUT.docx"]),
    ("reject: a million tracked runs, to .txt", ["reject", "insdel", "-o", "OUT.txt"]),
    ("diff: a million runs against a million others, to .docx", ["diff", "same", "bold", "-o", "OUT.docx"]),
    ("tree: a table of 80,000 rows", ["tree", "table"]),
    ("check: a table of 80,000 rows", ["check", "--quiet", "table"]),
    ("accept: a table of 80,000 rows, to .docx", ["accept", "table", "-o", "OUT.docx"]),
    ("diff: two tables of 80,000 rows, to .docx", ["diff", "table", "table-changed", "-o", "OUT.docx"]),
]


def samples(folder: Path, names: set[str]) -> dict[str, Path]:
    """The samples the cases use, written into `folder`."""
    from test_scale_reading import runs  # type: ignore[import-not-found]
    from test_scale_writing import _table  # type: ignore[import-not-found]

    makers = {"same": lambda: runs("same", 1_000_000), "bold": lambda: runs("bold", 1_000_000),
              "insdel": lambda: runs("insdel", 1_000_000), "table": lambda: _table(80_000, False),
              "table-changed": lambda: _table(80_000, True)}
    paths = {}
    for name in sorted(names & set(makers)):
        paths[name] = folder / f"{name}.docx"
        paths[name].write_bytes(makers[name]())
    return paths


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks limits", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="the cases whose name holds one of these comma-separated words")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is stopped (900)")
    args = parser.parse_args(argv)
    words = [w.strip() for w in args.only.split(",")] if args.only else []
    cases = [(what, command) for what, command in CASES if not words or any(w in what for w in words)]
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as benchmarks/whole.py: start-up as an install has it
    resdiff = str(BIN / "resdiff")
    rows = []
    with tempfile.TemporaryDirectory(prefix="resdiff-limits-") as tmp:
        scratch = Path(tmp)
        paths = samples(scratch, {word for _, command in cases for word in command})
        for what, command in cases:
            say(what)
            argv_ = [str(paths.get(word, scratch / word if word.startswith("OUT") else word)) for word in command]
            try:
                seconds, kib = measure([[resdiff, *argv_]], args.timeout, ok=(0, 1))  # check: 1 = findings
                rows.append((what, f"{seconds:.1f} s", f"{kib / 1024 ** 2:.2f} GB"))
            except Failed as failure:
                rows.append((what, str(failure), ""))
            say("  " + " | ".join(rows[-1]))
    width = max(len(row[0]) for row in rows)
    print(f"Whole process, {os.cpu_count()} cores, one run each ({time.strftime('%Y-%m-%d %H:%M')}); GB = GiB of "
          "peak RSS")
    for what, took, peak in rows:
        print(f"{what.ljust(width)}  {took.rjust(9)}  {peak.rjust(8)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
