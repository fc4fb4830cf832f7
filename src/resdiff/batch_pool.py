"""Running the files of `resdiff batch`: one `Task` per file, in this process or in a process pool.

A worker gets paths, not documents, reads the input, does the job (`resdiff.batch_job.run_job`), writes the
output atomically and returns a small picklable `Outcome`; a bad file (a `ResdiffError`, or any other exception,
which is a resdiff bug) fails that file only, and so does a worker process that dies.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resdiff.batch_job import Job, JobOptions, run_job
from resdiff.errors import ResdiffError, SkippedInputError, UnreadableInputError, _one_line
from resdiff.records import record

if TYPE_CHECKING:
    from resdiff.check.config import Config
    from resdiff.check.context import Finding
    from resdiff.model import Document

__all__ = ["Outcome", "Task", "execute", "progress_bar", "read_regular_file", "run_task"]


@record(frozen=True)
class Task:
    """What a worker needs for one file: paths and options only (cheap to pickle)."""

    job: Job
    source: str
    """the input as a path (DIR joined with `rel`), as the single-file commands would be given it"""
    rel: str
    """the input's path relative to DIR (POSIX), which names it in the summary"""
    output: str
    """the output file (OUTDIR joined with the output's relative path)"""
    fmt: str
    base: str | None = None
    author: str = "resdiff"
    date: str | None = None
    config: Config | None = None
    """the configuration of the check job"""
    path: str | None = None
    """the file to open, when not `source`: where a link inside DIR leads (resolved when the run was planned)"""


@record(frozen=True)
class Outcome:
    """What a worker returns: status, reason when failed, and for check the findings."""

    rel: str
    ok: bool
    reason: str | None = None
    error: str | None = None
    """the exception's class name when failed (anything but a ResdiffError subclass is a resdiff bug)"""
    bug: bool = False
    seconds: float = 0.0
    findings: tuple[Finding, ...] = ()


def run_task(task: Task) -> Outcome:
    """Do one file's job; never raises (but for KeyboardInterrupt and the like)."""
    start = time.perf_counter()
    try:
        options = JobOptions(task.job, task.fmt, base=_base(task.base) if task.base else None,
                             author=task.author, date=task.date, config=task.config)
        result = run_job(*read_regular_file(task.path or task.source, task.source), options)
        _save(Path(task.output), result.output)
    except ResdiffError as exc:
        reason = exc.reason if exc.source == task.source else str(exc)
        return Outcome(task.rel, False, _one_line(reason), type(exc).__name__, False, time.perf_counter() - start)
    except Exception as exc:
        reason = _one_line(f"internal error {type(exc).__name__}: {exc} (a resdiff bug: please report it)")
        return Outcome(task.rel, False, reason, type(exc).__name__, True, time.perf_counter() - start)
    return Outcome(task.rel, True, seconds=time.perf_counter() - start, findings=result.findings)


def read_regular_file(path: str, display: str) -> tuple[bytes, str]:
    """The bytes of `path` if it is still a regular file when opened: not a link (O_NOFOLLOW: the link was
    followed when the run was planned, and a file swapped for a link since is not followed), and opened without
    blocking (O_NONBLOCK: a FIFO swapped in would otherwise hang the worker), then checked with fstat."""
    from resdiff.ooxml.source import read_source

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SkippedInputError(display, "skipped: became a symbolic link after the run was planned") from None
        if exc.errno == errno.ENOENT:
            raise UnreadableInputError(display, "no such file") from None
        raise UnreadableInputError(display, f"cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SkippedInputError(display, "skipped: not a regular file (batch reads regular files only)")
        return read_source(stream, display)


def _save(target: Path, data: bytes) -> None:
    from resdiff.render.atomic import write_atomically

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResdiffError(str(target.parent), f"cannot create the folder ({exc.strerror})") from None
    write_atomically(target, data)


def _base(path: str) -> Document:
    """The base document, read once per process while the file is unchanged (every input may be compared with
    the same file; a later run in the same process sees an edited base)."""
    file = Path(path)
    if not file.is_file():
        raise ResdiffError(path, "no such base file")
    stat = file.stat()
    return _read_base(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_base(path: str, mtime_ns: int, size: int) -> Document:
    from resdiff import read

    return read(path)


def progress_bar(total: int, job: str) -> Any:
    """A tqdm bar on stderr, or None when stderr is not a terminal or tqdm is missing."""
    if total == 0 or not sys.stderr.isatty():
        return None
    try:
        # tqdm has no type hints of its own (the ignore is unused where types-tqdm is installed)
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
