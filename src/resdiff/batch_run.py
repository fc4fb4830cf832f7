"""`resdiff.batch`: one job (accept, reject, tree, check, diff) over every readable input of a directory tree.

Inputs are found recursively (.docx, .txt, .critic.md, .html; hidden files and folders, Word's `~$` lock files and
the output directory are skipped) and run by `resdiff.batch_pool`, in this process or in a process pool. The
summary (`OUTDIR/batch.json`) and the combined `OUTDIR/check.json` are in sorted input order, so one worker and
several give the same outputs.

Only regular files are read, and symbolic links are not followed out of DIR (nor into a folder at all): an entry
named like an input that is a FIFO, a socket or a device (reading one would block or never end), a link loop, a
broken link or a link to a file outside DIR (a link to /etc/passwd would be copied into OUTDIR) is listed as
skipped, with the reason, in batch.json (a failed entry whose error is `SkippedInputError`) and on stderr.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from resdiff.batch_job import FORMATS, Job, default_format
from resdiff.batch_pool import Outcome, Task, execute, progress_bar
from resdiff.errors import SkippedInputError, UsageError, revision_author, revision_date
from resdiff.records import record

if TYPE_CHECKING:
    from resdiff.check.config import Config

__all__ = ["CHECK_REPORT", "INPUT_SUFFIXES", "SUMMARY", "BatchResult", "find_inputs", "plan_outputs", "run_batch",
           "scan_inputs"]

INPUT_SUFFIXES = (".critic.md", ".docx", ".txt", ".html")
SUMMARY, CHECK_REPORT = "batch.json", "check.json"


@record(frozen=True)
class BatchResult:
    """What a batch run did: every input's `Outcome` in sorted input order (its `rel` is the path relative to
    `input`), the output path of each input that succeeded (relative to `output`), and the wall-clock time."""

    job: Job
    input: Path
    output: Path
    outcomes: tuple[Outcome, ...]
    outputs: dict[str, str]
    workers: int
    seconds: float

    @property
    def failed(self) -> list[Outcome]:
        """The inputs that could not be processed (`reason` says why), the skipped ones included."""
        return [o for o in self.outcomes if not o.ok]

    @property
    def skipped(self) -> list[Outcome]:
        """The entries named like inputs that were not read: not regular files, or links out of DIR."""
        return [o for o in self.outcomes if o.error == SkippedInputError.__name__]

    @property
    def errors(self) -> int:
        """How many findings of the check job are errors."""
        return sum(1 for o in self.outcomes for f in o.findings if f.severity == "error")


# ---- planning: inputs, outputs, bases -----------------------------------------------------------------------


def _is_input(name: str) -> bool:
    return not name.startswith((".", "~$")) and name.lower().endswith(INPUT_SUFFIXES)


def find_inputs(root: Path, skip: Path | None = None) -> list[Path]:
    """The inputs under `root` that are read, relative to it, sorted; `skip` (the output directory) is not
    entered. The entries skipped are `scan_inputs`'s."""
    return scan_inputs(root, skip)[0]


def scan_inputs(root: Path, skip: Path | None = None) -> tuple[list[Path], dict[Path, str]]:
    """The inputs under `root` (relative to it, sorted) that are regular files or links to regular files inside
    `root`, and the entries named like inputs that are not read, with the reason. Folders are walked without
    following links; `skip` (the output directory) is not entered."""
    skipped_dir = _resolved(skip) if skip is not None else None
    top = _resolved(root) or root.absolute()
    found: list[Path] = []
    refused: dict[Path, str] = {}
    for directory, folders, files in os.walk(root):  # followlinks=False: a linked folder is not entered
        here = Path(directory)
        folders[:] = [f for f in folders if not f.startswith(".") and _resolved(here / f) != skipped_dir]
        for name in files:
            if _is_input(name):
                reason = _not_readable(here / name, top)
                if reason is None:
                    found.append((here / name).relative_to(root))
                else:
                    refused[(here / name).relative_to(root)] = reason
    return sorted(found, key=lambda p: p.parts), refused


_KINDS = {stat.S_ISFIFO: "a FIFO (named pipe)", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a character device",
          stat.S_ISBLK: "a block device", stat.S_ISDIR: "a folder"}


def _not_readable(path: Path, top: Path) -> str | None:
    """Why `path` is not read (None: it is a regular file, or a link to one inside `top`)."""
    try:
        found = os.lstat(path)
    except OSError as exc:
        return f"skipped: cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(found.st_mode):
        try:
            real = path.resolve(strict=True)
        except RuntimeError:  # Python < 3.13 reports a loop so
            return "skipped: a symbolic link loop"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "skipped: a symbolic link loop"
            if exc.errno == errno.ENOENT:
                return "skipped: a broken symbolic link"
            return f"skipped: a symbolic link that cannot be followed ({exc.strerror})"
        if not real.is_relative_to(top):
            return "skipped: a symbolic link to a file outside the input folder (not followed)"
        try:
            found = os.stat(real)
        except OSError as exc:
            return f"skipped: cannot be examined ({exc.strerror})"
    if not stat.S_ISREG(found.st_mode):
        kind = next((kind for test, kind in _KINDS.items() if test(found.st_mode)), "not a regular file")
        return f"skipped: {kind}, not a regular file (batch reads regular files only)"
    return None


def _stem(rel: Path) -> Path:
    """The relative path without the input's extension (both parts of `.critic.md`)."""
    name = rel.name
    if name.lower().endswith(".critic.md"):
        return rel.with_name(name[: -len(".critic.md")])
    return rel.with_suffix("")


def plan_outputs(job: str, inputs: Sequence[Path], fmt: str | None) -> list[tuple[Path, str]]:
    """(output path relative to OUTDIR, format) per input. Two inputs that would share an output (`a.docx` and
    `a.txt` to `a.txt`), or an output named like the summaries, keep their whole name: `a.docx.txt`."""
    chosen = [fmt or default_format(job, rel.name) for rel in inputs]
    plain = [_stem(rel).with_name(_stem(rel).name + "." + f) for rel, f in zip(inputs, chosen)]
    counts: dict[Path, int] = {}
    for out in plain:
        counts[out] = counts.get(out, 0) + 1
    reserved = {Path(SUMMARY), Path(CHECK_REPORT)}
    return [(rel.with_name(rel.name + "." + f) if counts[out] > 1 or out in reserved else out, f)
            for rel, out, f in zip(inputs, plain, chosen)]


def _base_for(base: Path | None, rel: Path) -> str | None:
    if base is None:
        return None
    return str(base / rel) if base.is_dir() else str(base)


def _validate(input: str | Path, output: str | Path, job: Job, base: str | Path | None, fmt: str | None,
              workers: int, author: str | None = None, date: str | None = None) -> None:
    """Usage errors, before anything is written; a file is named as it was given."""
    root, outdir = Path(input), Path(output)
    if not root.is_dir():
        raise UsageError(str(input), "not a directory (batch reads every input under a directory)")
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(str(output), "the output must be a directory")
    if _resolved(outdir) is None or _resolved(root) is None:  # Path.resolve raises on a loop (RuntimeError)
        loop = output if _resolved(outdir) is None else input
        raise UsageError(str(loop), "is a symbolic link loop, not a directory")
    if _resolved(outdir) == _resolved(root):
        raise UsageError(str(output), "the output directory must not be the input directory")
    if job not in FORMATS:
        raise UsageError(None, f"unknown job {job!r}; choose one of {', '.join(FORMATS)}")
    if fmt is not None and fmt not in FORMATS[job]:
        raise UsageError(None, f"--job {job} writes {', '.join(FORMATS[job])}, not {fmt!r}")
    if job == "diff" and base is None:
        raise UsageError(None, "--job diff needs --base (a file, or a directory of files at the same paths)")
    if base is not None and job not in ("diff", "check"):
        raise UsageError(None, f"--base applies to --job diff and check, not {job}")
    if base is not None and not Path(base).exists():
        raise UsageError(str(base), "no such file or directory")
    if workers < 1:
        raise UsageError(None, "--workers must be at least 1")
    revision_date(date)
    revision_author(author)


def _plan(root: Path, outdir: Path, job: Job, base: Path | None, fmt: str | None, author: str, date: str | None,
          config: Config | None) -> tuple[list[Path], list[Task], dict[str, Outcome]]:
    """Every entry (inputs and skipped ones, sorted), a task per input, and the outcomes decided here: the entries
    skipped, and the inputs refused because their output would overwrite an input or a base (OUTDIR above DIR,
    or a file of OUTDIR linked to one: the same path once symlinks are resolved, or the same inode)."""
    inputs, skipped = scan_inputs(root, skip=outdir)
    bases = {_base_for(base, rel) for rel in inputs} - {None}
    read_files = [root / rel for rel in inputs] + [Path(b) for b in bases if b is not None]
    resolved = {_resolved(p) for p in read_files} - {None}
    inodes = {_inode(p) for p in read_files} - {None}
    tasks, refused = [], {}
    for rel, (out, chosen) in zip(inputs, plan_outputs(job, inputs, fmt)):
        task = Task(job=job, source=str(root / rel), rel=rel.as_posix(), output=str(outdir / out), fmt=chosen,
                    base=_base_for(base, rel), author=author, date=date, config=config,
                    path=str(_resolved(root / rel) or root / rel))
        if _resolved(outdir / out) in resolved or _inode(outdir / out) in inodes:  # never overwrite an input
            refused[task.rel] = Outcome(task.rel, False, f"the output {outdir / out} would overwrite an input",
                                        "UsageError")
        else:
            tasks.append(task)
    for rel, reason in skipped.items():
        refused[rel.as_posix()] = Outcome(rel.as_posix(), False, reason, SkippedInputError.__name__)
    return sorted([*inputs, *skipped], key=lambda p: p.parts), tasks, refused


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


# ---- running ------------------------------------------------------------------------------------------------


def run_batch(input: str | Path, output: str | Path, *, job: Job, base: str | Path | None = None,
              format: str | None = None, workers: int | None = None, author: str | None = None,
              date: str | None = None, config: Config | str | Path | None = None,
              progress: bool = False) -> BatchResult:
    """The implementation of `resdiff.batch` (see there)."""
    from resdiff.check.config import Config, load_config_file

    count = workers if workers is not None else (os.cpu_count() or 1)
    _validate(input, output, job, base, format, count, author, date)
    date = revision_date(date)
    root, outdir = Path(input), Path(output)
    base_path = Path(base) if base is not None else None
    settings = config if isinstance(config, Config) or config is None else load_config_file(Path(config))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(str(output), f"cannot create the output directory ({exc.strerror})") from None

    inputs, tasks, refused = _plan(root, outdir, job, base_path, format, author or "resdiff", date,
                                   settings if job == "check" else None)
    started = time.perf_counter()
    done = {o.rel: o for o in execute(tasks, count, lambda: progress_bar(len(tasks), job) if progress else None)}
    done.update(refused)
    result = BatchResult(job=job, input=root, output=outdir, outcomes=tuple(done[rel.as_posix()] for rel in inputs),
                         outputs={t.rel: Path(t.output).relative_to(outdir).as_posix() for t in tasks},
                         workers=count, seconds=time.perf_counter() - started)
    _write_reports(result, base)
    return result


def _write_reports(result: BatchResult, base: str | Path | None) -> None:
    """OUTDIR/batch.json, and for check OUTDIR/check.json (every finding of the files read, in input order)."""
    from resdiff.render.atomic import write_text

    if result.job == "check":
        combined = [f.model_dump(mode="json") for o in result.outcomes if o.ok for f in o.findings]
        write_text(result.output / CHECK_REPORT, json.dumps(combined, ensure_ascii=False, indent=2) + "\n")
    files = []
    for o in result.outcomes:
        entry: dict[str, object] = {"file": o.rel, "status": "ok" if o.ok else "failed"}
        if o.ok:
            entry["output"] = result.outputs[o.rel]
        else:
            entry.update(reason=o.reason, error=o.error, bug=o.bug)
        if result.job == "check" and o.ok:
            entry["errors"] = sum(1 for f in o.findings if f.severity == "error")
            entry["warnings"] = sum(1 for f in o.findings if f.severity == "warning")
        entry["seconds"] = round(o.seconds, 4)
        files.append(entry)
    summary = {
        "schema_version": 1,  # schemas/batch.schema.json
        "job": result.job,
        "input": str(result.input),
        "output": str(result.output),
        "base": str(base) if base is not None else None,
        "workers": result.workers,
        "ok": sum(1 for o in result.outcomes if o.ok),
        "failed": len(result.failed),  # the skipped entries too: schema version 1 has no third status
        "seconds": round(result.seconds, 3),
        "files": files,
    }
    write_text(result.output / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
