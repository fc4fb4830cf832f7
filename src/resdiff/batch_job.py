"""The work of `resdiff batch` on one file: its bytes and name in; the output's bytes (and for check the findings)
out. No paths, no processes: the worker of a batch run (`resdiff.batch_pool`) reads and writes the files.

`run_file` is the same work with plain, picklable arguments only (the base document as bytes too), the form to
hand to a scheduler that ships work to other machines, such as Dask's `client.map` (docs/batch.md); its result
and its errors (`ResdiffError`) pickle as well.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from resdiff.records import record

if TYPE_CHECKING:
    from resdiff.check.config import Config
    from resdiff.check.context import Finding
    from resdiff.model import Document, Markup, Side

__all__ = ["FORMATS", "JOBS", "Job", "JobOptions", "JobResult", "default_format", "run_file", "run_job"]

Job = Literal["accept", "reject", "tree", "check", "diff"]
JOBS: tuple[Job, ...] = ("accept", "reject", "tree", "check", "diff")
FORMATS: dict[str, tuple[str, ...]] = {
    # job → output formats it can write; None (no format asked) = the first one, or for accept/reject the input's kind
    "accept": ("docx", "txt", "md", "json"),
    "reject": ("docx", "txt", "md", "json"),
    "tree": ("json",),
    "check": ("json",),
    "diff": ("docx", "html", "md", "json"),
}


@record(frozen=True)
class JobOptions:
    """What to do with one file: the job, the output format (one of `FORMATS[job]`), and for diff (required)
    and check the base document; for diff the author and date of the revisions; for check the configuration."""

    job: Job
    fmt: str
    base: Document | None = None
    author: str = "resdiff"
    date: str | None = None
    config: Config | None = None


@record(frozen=True)
class JobResult:
    """The output file's bytes, and for check the findings."""

    output: bytes
    findings: tuple[Finding, ...] = ()


def run_job(data: bytes, name: str, options: JobOptions) -> JobResult:
    """Do `options.job` on one input (its bytes, and its name for the format and for messages). Bad input raises
    `ResdiffError`, as the single-file commands do."""
    return _JOBS[options.job](data, name, options)


def run_file(data: bytes, name: str, job: Job, fmt: str | None = None, *, base: bytes | None = None,
             base_name: str = "base.docx", author: str | None = None, date: str | None = None,
             config: Config | None = None) -> JobResult:
    """`run_job` from plain values: the input's bytes and name, the job, the output format (by default the one
    `resdiff batch` picks for `name`), and for diff and check the base document's bytes (read once per process
    while the same bytes come again). Options are checked as `resdiff batch` checks them; bad input or options
    raise `ResdiffError`."""
    from resdiff.errors import UsageError, revision_author, revision_date

    if job not in FORMATS:
        raise UsageError(None, f"unknown job {job!r}; choose one of {', '.join(FORMATS)}")
    chosen = fmt or default_format(job, name)
    if chosen not in FORMATS[job]:
        raise UsageError(None, f"the {job} job writes {', '.join(FORMATS[job])}, not {chosen!r}")
    options = JobOptions(job, chosen, base=_base_document(base, base_name) if base is not None else None,
                         author=revision_author(author) or "resdiff", date=revision_date(date), config=config)
    return run_job(data, name, options)


def default_format(job: str, name: str) -> str:
    """The output format of `job` when none is asked: for accept and reject .docx from a .docx input, else text;
    for the other jobs their first format."""
    if job in ("accept", "reject"):
        return "docx" if name.lower().endswith(".docx") else "txt"
    return FORMATS[job][0]


@lru_cache(maxsize=4)
def _base_document(data: bytes, name: str) -> Document:
    from resdiff import read

    return read(data, name=name)


def _resolve(data: bytes, name: str, options: JobOptions) -> JobResult:
    side: Side = "new" if options.job == "accept" else "old"
    return JobResult(resolved_output(data, name, side, "revisions", options.fmt))


def resolved_output(data: bytes, name: str, side: Side, markup: Markup, fmt: str) -> bytes:
    """Accept All (`side` "new") or Reject All ("old") of an input, written in `fmt` (`resdiff accept`/`reject`
    and batch's jobs). A .docx is resolved as a package: into a .docx, the transformed package is the output (no
    model); into text, Markdown or HTML, the transformed package is read (a model without revisions; issue 20).
    Anything else is read into the model and its side written."""
    from resdiff import read, render
    from resdiff.ooxml.package import open_package
    from resdiff.ooxml.write_package import resolved_package
    from resdiff.parse import detect_format
    from resdiff.parse.docx import RESOLVED_FORMATS, read_resolved_docx

    if detect_format(data, name) == "docx":
        if fmt == "docx":
            return resolved_package(open_package(data, name), side, markup)
        if fmt in RESOLVED_FORMATS:
            return render(read_resolved_docx(data, name, side, markup=markup), fmt)
    doc = read(data, name=name, markup=markup)
    return render(doc.new() if side == "new" else doc.old(), fmt)


def _tree(data: bytes, name: str, options: JobOptions) -> JobResult:
    from resdiff import read
    from resdiff.parse.structure import build_tree
    from resdiff.render.outline import render_tree_json

    return JobResult(render_tree_json(build_tree(read(data, name=name))).encode("utf-8"))


def _check(data: bytes, name: str, options: JobOptions) -> JobResult:
    from resdiff.check import check
    from resdiff.check.report import render_findings

    findings = check(data, name=name, base=options.base, config=options.config)
    return JobResult(render_findings(findings, "json").encode("utf-8"), tuple(findings))


def _diff(data: bytes, name: str, options: JobOptions) -> JobResult:
    from resdiff import diff, read, render
    from resdiff.errors import UsageError

    if options.base is None:
        raise UsageError(None, "the diff job needs a base document")
    redline = diff(options.base, read(data, name=name), author=options.author, date=options.date)
    # .json is the Document here as everywhere (the clause tree is the tree job's)
    return JobResult(render(redline, options.fmt, template=options.base))


_JOBS: dict[str, Callable[[bytes, str, JobOptions], JobResult]] = {
    "accept": _resolve, "reject": _resolve, "tree": _tree, "check": _check, "diff": _diff,
}
