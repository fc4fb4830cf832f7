"""`resdiff batch`: one job (accept, reject, tree, check, diff) over every readable input of a directory tree.

Inputs are found recursively (.docx, .txt, .critic.md, .html; hidden files and folders, Word's `~$` lock files and
the output directory are skipped) and processed in a process pool. A worker gets paths, not documents, writes its
output atomically and returns a small picklable `Outcome`; a bad file (a `ResdiffError`, or any other exception,
which is a resdiff bug) fails that file only. The summary (`OUTDIR/batch.json`, the failure list on stderr, the
combined `OUTDIR/check.json`) is in sorted input order, so `--workers 1` and `--workers N` give the same outputs.

Exit status: 2 if any input failed, else 1 if a check found an error, else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resdiff.errors import ResdiffError, UsageError, _one_line

if TYPE_CHECKING:
    from resdiff.model import Document

__all__ = ["JOBS", "Outcome", "Task", "add_batch_command", "find_inputs", "run_batch"]

EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 2

INPUT_SUFFIXES = (".critic.md", ".docx", ".txt", ".html")
JOBS = ("accept", "reject", "tree", "check", "diff")
FORMATS: dict[str, tuple[str, ...]] = {
    # job → output formats it can write; None (no --format) = the first one, or for accept/reject the input's kind
    "accept": ("docx", "txt", "md", "json"),
    "reject": ("docx", "txt", "md", "json"),
    "tree": ("json",),
    "check": ("json",),
    "diff": ("docx", "html", "md", "json"),
}
SUMMARY, CHECK_REPORT = "batch.json", "check.json"

_EPILOG = """examples:
  resdiff batch proposals/ -o clean/ --job accept                 Accept All on every file (.docx stays .docx)
  resdiff batch proposals/ -o old/ --job reject --format txt      the old text of each, as plain text
  resdiff batch texts/ -o trees/ --job tree --workers 4           one clause-tree JSON per input
  resdiff batch proposals/ -o reports/ --job check                one JSON report per file plus reports/check.json
  resdiff batch drafts/ -o redlines/ --job diff --base official.docx          every draft against one base
  resdiff batch drafts/ -o redlines/ --job diff --base official/ --format html  each against official/<same path>

inputs: .docx .txt .critic.md .html under DIR, recursively; hidden files and folders, Word lock files (~$…) and
OUTDIR itself are skipped. OUTDIR/<path> keeps each input's relative path with the output's extension.
OUTDIR/batch.json lists every file (status ok or failed, output or reason, seconds); failures are also listed on
stderr as FILE: reason lines. One bad file never stops the run.

exit status: 0 all done, 1 a check found errors, 2 an input could not be read (or failed)."""


# ---- the work of one file (runs in a worker process) --------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """What a worker needs for one file: paths and options only (cheap to pickle)."""

    job: str
    source: str
    """the input as a path (DIR joined with `rel`), as the single-file commands would be given it"""
    rel: str
    output: str
    fmt: str
    base: str | None = None
    author: str = "resdiff"
    date: str | None = None
    config: object | None = None
    """the `resdiff.check.config.Config` for the check job"""


@dataclass(frozen=True)
class Outcome:
    """What a worker returns: status, output or reason, and for check the findings as JSON-ready dicts."""

    rel: str
    ok: bool
    reason: str | None = None
    error: str | None = None
    """the exception's class name when failed (anything but a ResdiffError subclass is a resdiff bug)"""
    bug: bool = False
    seconds: float = 0.0
    findings: list[dict[str, object]] = field(default_factory=list)


def run_task(task: Task) -> Outcome:
    """Do one file's job; never raises (but for KeyboardInterrupt and the like)."""
    start = time.perf_counter()
    try:
        findings = _JOBS[task.job](task)
    except ResdiffError as exc:
        reason = exc.reason if exc.source == task.source else str(exc)
        return Outcome(task.rel, False, _one_line(reason), type(exc).__name__, False, time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a bug in resdiff: reported with the file, the run goes on
        reason = _one_line(f"internal error {type(exc).__name__}: {exc} (a resdiff bug: please report it)")
        return Outcome(task.rel, False, reason, type(exc).__name__, True, time.perf_counter() - start)
    return Outcome(task.rel, True, seconds=time.perf_counter() - start, findings=findings)


def _save(task: Task, data: bytes) -> None:
    from resdiff.render.atomic import write_atomically

    target = Path(task.output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResdiffError(str(target.parent), f"cannot create the folder ({exc.strerror})") from None
    write_atomically(target, data)


def _resolve(task: Task) -> list[dict[str, object]]:
    from resdiff import read, render

    doc = read(task.source)
    _save(task, render(doc.new() if task.job == "accept" else doc.old(), task.fmt))
    return []


def _tree(task: Task) -> list[dict[str, object]]:
    from resdiff import read
    from resdiff.parse.structure import build_tree
    from resdiff.render.outline import render_tree_json

    _save(task, render_tree_json(build_tree(read(task.source))).encode("utf-8"))
    return []


def _check(task: Task) -> list[dict[str, object]]:
    from resdiff.check import check
    from resdiff.check.report import render_findings

    findings = check(task.source, base=_base(task.base) if task.base else None, config=task.config)
    _save(task, render_findings(findings, "json").encode("utf-8"))
    return [f.model_dump(mode="json") for f in findings]


def _diff(task: Task) -> list[dict[str, object]]:
    from resdiff import diff, read, render
    from resdiff.parse.structure import build_tree
    from resdiff.render.outline import render_tree_json

    assert task.base is not None
    base = _base(task.base)
    redline = diff(base, read(task.source), author=task.author, date=task.date)
    if task.fmt == "json":
        _save(task, render_tree_json(build_tree(redline)).encode("utf-8"))
    else:
        _save(task, render(redline, task.fmt, template=base))
    return []


@lru_cache(maxsize=4)
def _base(path: str) -> Document:
    """The base document, read once per worker process when every input is compared with the same file."""
    from resdiff import read

    if not Path(path).is_file():
        raise ResdiffError(path, "no such base file")
    return read(path)


_JOBS: dict[str, Callable[[Task], list[dict[str, object]]]] = {
    "accept": _resolve, "reject": _resolve, "tree": _tree, "check": _check, "diff": _diff,
}


# ---- planning: inputs, outputs, bases -----------------------------------------------------------------------


def _is_input(name: str) -> bool:
    return not name.startswith((".", "~$")) and name.lower().endswith(INPUT_SUFFIXES)


def find_inputs(root: Path, skip: Path | None = None) -> list[Path]:
    """The inputs under `root`, relative to it, sorted; `skip` (the output directory) is not entered."""
    skipped = skip.resolve() if skip is not None else None
    found: list[Path] = []
    for directory, folders, files in os.walk(root):
        here = Path(directory)
        folders[:] = [f for f in folders if not f.startswith(".") and (here / f).resolve() != skipped]
        found.extend((here / name).relative_to(root) for name in files if _is_input(name))
    return sorted(found, key=lambda p: p.parts)


def _stem(rel: Path) -> Path:
    """The relative path without the input's extension (both parts of `.critic.md`)."""
    name = rel.name
    if name.lower().endswith(".critic.md"):
        return rel.with_name(name[: -len(".critic.md")])
    return rel.with_suffix("")


def _default_format(job: str, rel: Path) -> str:
    if job in ("accept", "reject"):
        return "docx" if rel.suffix.lower() == ".docx" else "txt"
    return FORMATS[job][0]


def plan_outputs(job: str, inputs: Sequence[Path], fmt: str | None) -> list[tuple[Path, str]]:
    """(output path relative to OUTDIR, format) per input. Two inputs that would share an output (`a.docx` and
    `a.txt` to `a.txt`), or an output named like the summaries, keep their whole name: `a.docx.txt`."""
    chosen = [fmt or _default_format(job, rel) for rel in inputs]
    plain = [_stem(rel).with_name(_stem(rel).name + "." + f) for rel, f in zip(inputs, chosen)]
    counts: dict[Path, int] = {}
    for out in plain:
        counts[out] = counts.get(out, 0) + 1
    reserved = {Path(SUMMARY), Path(CHECK_REPORT)}
    return [(rel.with_name(rel.name + "." + f) if counts[out] > 1 or out in reserved else out, f)
            for rel, out, f in zip(inputs, plain, chosen)]


# ---- running ------------------------------------------------------------------------------------------------


def _progress(total: int, job: str, quiet: bool) -> Any:
    """A tqdm bar on stderr, or None when quiet, when stderr is not a terminal, or when tqdm is missing."""
    if quiet or total == 0 or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    return tqdm(total=total, desc=f"resdiff {job}", unit="file", file=sys.stderr, dynamic_ncols=True)


_DIED = "internal error: the worker process died (a crash or out of memory; a resdiff bug: please report it)"


def _in_pool(tasks: Sequence[Task], workers: int, make_progress: Callable[[], Any]) -> list[Outcome]:
    """Run the tasks in a pool of `workers` processes. If a worker dies (a crash, the OOM killer), the unfinished
    tasks are run again one per process, so that only the file that kills its process fails."""
    results: dict[int, Outcome] = {}
    broken: list[int] = []
    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)))
    progress = None
    try:
        futures: dict[Future[Outcome], int] = {pool.submit(run_task, t): i for i, t in enumerate(tasks)}
        progress = make_progress()  # after the workers are forked: the bar may start a monitor thread
        for future in as_completed(futures):
            index = futures[future]
            try:
                results[index] = future.result()
            except BrokenProcessPool:
                broken.append(index)
                continue
            if progress is not None:
                progress.update(1)
        for index in sorted(broken):
            try:
                with ProcessPoolExecutor(max_workers=1) as alone:
                    results[index] = alone.submit(run_task, tasks[index]).result()
            except BrokenProcessPool:
                results[index] = Outcome(tasks[index].rel, False, _DIED, "BrokenProcessPool", True)
            if progress is not None:
                progress.update(1)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on Ctrl-C: no waiting for the files not started
        if progress is not None:
            progress.close()
    return [results[i] for i in range(len(tasks))]


def execute(tasks: Sequence[Task], workers: int, make_progress: Callable[[], Any] = lambda: None) -> list[Outcome]:
    """Outcomes in the order of `tasks`: in this process for one worker, else in a process pool. `make_progress`
    returns a tqdm-like bar (or None)."""
    if workers > 1 and len(tasks) > 1:
        return _in_pool(tasks, workers, make_progress)
    progress = make_progress()
    try:
        outcomes = []
        for task in tasks:
            outcomes.append(run_task(task))
            if progress is not None:
                progress.update(1)
        return outcomes
    finally:
        if progress is not None:
            progress.close()


def _base_for(base: Path | None, rel: Path) -> str | None:
    if base is None:
        return None
    return str(base / rel) if base.is_dir() else str(base)


def run_batch(args: argparse.Namespace) -> int:
    """Plan, run, summarise; returns the exit status."""
    root, outdir = Path(args.input), Path(args.output)
    if not root.is_dir():
        raise UsageError(args.input, "not a directory (batch reads every input under a directory)")
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(args.output, "the output must be a directory")
    if outdir.resolve() == root.resolve():
        raise UsageError(args.output, "the output directory must not be the input directory")
    formats = FORMATS[args.job]
    if args.format is not None and args.format not in formats:
        raise UsageError(None, f"--job {args.job} writes {', '.join(formats)}, not {args.format!r}")
    base = Path(args.base) if args.base else None
    if args.job == "diff" and base is None:
        raise UsageError(None, "--job diff needs --base (a file, or a directory of files at the same paths)")
    if base is not None and args.job not in ("diff", "check"):
        raise UsageError(None, f"--base applies to --job diff and check, not {args.job}")
    if base is not None and not base.exists():
        raise UsageError(args.base, "no such file or directory")
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise UsageError(None, "--workers must be at least 1")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(args.output, f"cannot create the output directory ({exc.strerror})") from None

    config = None
    if args.job == "check":
        from resdiff.check.config import load_config

        config = load_config()
    inputs = find_inputs(root, skip=outdir)
    resolved_inputs = {(root / rel).resolve() for rel in inputs}
    tasks, refused = [], {}
    for rel, (out, fmt) in zip(inputs, plan_outputs(args.job, inputs, args.format)):
        task = Task(job=args.job, source=str(root / rel), rel=rel.as_posix(), output=str(outdir / out), fmt=fmt,
                    base=_base_for(base, rel), author=args.author or "resdiff", date=args.date, config=config)
        if (outdir / out).resolve() in resolved_inputs:  # OUTDIR above DIR: never overwrite an input
            refused[task.rel] = Outcome(task.rel, False, f"the output {outdir / out} would overwrite an input",
                                        "UsageError")
        else:
            tasks.append(task)

    started = time.perf_counter()
    done = {o.rel: o for o in execute(tasks, workers, lambda: _progress(len(tasks), args.job, args.quiet))}
    done.update(refused)
    outputs = {t.rel: str(Path(t.output).relative_to(outdir).as_posix()) for t in tasks}
    outcomes = [done[rel.as_posix()] for rel in inputs]
    total = time.perf_counter() - started

    if args.job == "check":
        combined = [f for o in outcomes if o.ok for f in o.findings]
        from resdiff.render.atomic import write_text

        write_text(outdir / CHECK_REPORT, json.dumps(combined, ensure_ascii=False, indent=2) + "\n")
    _write_summary(args, root, outdir, workers, outcomes, outputs, total)

    failed = [o for o in outcomes if not o.ok]
    errors = sum(1 for o in outcomes for f in o.findings if f.get("severity") == "error")
    ok = len(outcomes) - len(failed)
    for outcome in failed:
        print(_one_line(f"{root / outcome.rel}: {outcome.reason}"), file=sys.stderr)
    if not args.quiet or failed:
        bugs = sum(1 for o in failed if o.bug)
        line = f"resdiff batch: {len(outcomes)} files, {ok} ok, {len(failed)} failed"
        if bugs:
            line += f" ({bugs} by an internal error)"
        if args.job == "check":
            line += f", {errors} error findings"
        print(f"{line} in {total:.1f} s; summary in {outdir / SUMMARY}", file=sys.stderr)
    if failed:
        return EXIT_FAILED
    return EXIT_FINDINGS if errors else EXIT_OK


def _write_summary(args: argparse.Namespace, root: Path, outdir: Path, workers: int, outcomes: Sequence[Outcome],
                   outputs: dict[str, str], total: float) -> None:
    from resdiff.render.atomic import write_text

    files = []
    for o in outcomes:
        entry: dict[str, object] = {"file": o.rel, "status": "ok" if o.ok else "failed"}
        if o.ok:
            entry["output"] = outputs[o.rel]
        else:
            entry.update(reason=o.reason, error=o.error, bug=o.bug)
        if args.job == "check" and o.ok:
            entry["errors"] = sum(1 for f in o.findings if f.get("severity") == "error")
            entry["warnings"] = sum(1 for f in o.findings if f.get("severity") == "warning")
        entry["seconds"] = round(o.seconds, 4)
        files.append(entry)
    summary = {
        "job": args.job,
        "input": str(root),
        "output": str(outdir),
        "base": args.base,
        "workers": workers,
        "ok": sum(1 for o in outcomes if o.ok),
        "failed": sum(1 for o in outcomes if not o.ok),
        "seconds": round(total, 3),
        "files": files,
    }
    write_text(outdir / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")


# ---- the subcommand -----------------------------------------------------------------------------------------


def add_batch_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
                     help="output format: accept/reject docx|txt|md|json (default: .docx for .docx, else .txt); "
                          "diff docx|html|md|json (default docx); tree and check write json")
    sub.add_argument("--workers", type=int, metavar="N",
                     help="worker processes (default: the number of CPUs; 1 = in this process)")
    sub.add_argument("--author", help="diff: author of the revisions (default: resdiff)")
    sub.add_argument("--date", help="diff: ISO 8601 date of the revisions")
    sub.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no closing count line")
    sub.set_defaults(run=run_batch)
