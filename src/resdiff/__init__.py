"""resdiff: read, consolidate and compare amended resolutions with tracked changes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from resdiff.errors import ResdiffError, UnreadableInputError, UnsafeInputError, UsageError
from resdiff.model import (
    Cell,
    Document,
    Message,
    Note,
    NoteRef,
    Paragraph,
    PropertyChange,
    Revision,
    RevisionRecord,
    Row,
    Span,
    Synopsis,
    Table,
)
from resdiff.parse import read, read_tree
from resdiff.render import render, write

if TYPE_CHECKING:
    from resdiff.batch_job import Job
    from resdiff.batch_run import BatchResult
    from resdiff.check.config import Config


def diff(old: Document, new: Document, *, author: str | None = None, date: str | None = None,
         formatting: Literal["track", "ignore"] = "track", old_view: Literal["accepted", "rejected"] = "accepted",
         new_view: Literal["accepted", "rejected"] = "accepted") -> Document:
    """The redline of two versions as a tracked Document: clauses paired by content across renumbering, text
    diffed by words, tables by rows, moves as moves, formatting changes tracked (`formatting="ignore"`: the new
    formatting, untracked, as Word's Compare without "Formatting"). A version that already has tracked changes is
    compared in its accepted view unless `old_view`/`new_view` say "rejected"; the redline's `messages` say so.
    `diff(a, b).reject()` is `a` and `diff(a, b).accept()` is `b`. Write it into the old version's package with
    `write(redline, path, template=old)`."""
    from resdiff.align.diff import diff_documents

    return diff_documents(old, new, author=author, date=date, formatting=formatting, old_view=old_view,
                          new_view=new_view)


def merge(base: Document, proposals: list[str | Path | bytes | Document], *,
          names: list[str] | None = None) -> Synopsis:
    """Several proposals on one base: the synoptic rows, their conflicts, and the consolidated draft.

    A proposal may be a tracked document (revisions against the base), text extracted from one (untangled
    against the base), or a clean new version (compared with the base). Its name — the author of its changes in
    the draft — is taken from `names`, else from its tag line (`MOD IAP/76A35/1` → IAP), else from its file."""
    from resdiff.align.merge import Proposal, merge_proposals

    prepared = []
    for index, source in enumerate(proposals):
        tracked = _as_tracked(base, source)
        name = names[index] if names and index < len(names) else _origin(tracked, source, index)
        prepared.append(Proposal(name=name, tracked=tracked))
    return merge_proposals(base, prepared)


def _as_tracked(base: Document, source: str | Path | bytes | Document) -> Document:
    if isinstance(source, Document):
        doc = source
    else:
        from resdiff.ooxml.package import read_source
        from resdiff.parse import detect_format

        data, name = read_source(source)
        if detect_format(data, name, flat=True) == "flat":
            # Text with a tag line: extracted from a tracked proposal if it holds the whole base (deleted text
            # stays in such text); otherwise a clean new version, compared below.
            untangled = untangle(data, base=base.old())
            if not any(m.code in ("untracked-change", "missing-from-proposal") for m in untangled.messages):
                return untangled
        doc = read(data, name=name)
    return doc if doc.has_revisions else diff(base, doc)


def _origin(tracked: Document, source: object, index: int) -> str:
    from resdiff.parse.structure import build_tree

    tree = build_tree(tracked)
    if tree.proposal is not None:
        return tree.proposal.symbol.split("/")[0]
    return Path(str(source)).stem if isinstance(source, str | Path) else f"P{index + 1}"


def untangle(source: str | Path | bytes, *, base: Document | None = None) -> Document:
    """The tracked document behind text extracted from a tracked .docx (Apache POI / Tika style).

    Labels glued together (`gf)`, `1213`) are split into old and new and whole-paragraph insertions and
    deletions recovered; with `base` (the old text, e.g. `resdiff.read("official.docx").old()`), inline
    insertions are recovered too, deletions where they replace a number, and base text missing from the proposal
    is reported; paragraphs whose old side is a base paragraph take its style, numbering and character formatting
    (write the result with `template=` the official document to keep its package). Ambiguities and doubts are
    `Document.messages`."""
    from resdiff.align.restyle import carry_formatting
    from resdiff.align.untangle import untangle as _untangle
    from resdiff.ooxml.package import read_source
    from resdiff.parse.flat import read_flat

    data, name = read_source(source)
    tracked = _untangle(read_flat(data, name), base)
    return carry_formatting(tracked, base) if base is not None else tracked


def batch(input: str | Path, output: str | Path, *, job: Job, base: str | Path | None = None,
          format: str | None = None, workers: int | None = None, author: str | None = None,
          date: str | None = None, config: Config | str | Path | None = None,
          progress: bool = False) -> BatchResult:
    """One job — "accept", "reject", "tree", "check" or "diff" — over every input (.docx, .txt, .critic.md,
    .html) under the directory `input`, recursively, as `resdiff batch` does: `output/<relative path>` per input,
    with the output format's extension, and a summary `output/batch.json` (for check also `output/check.json`).

    `format` is the output format (accept/reject: docx, txt, md or json, default the input's kind; diff: docx,
    html, md or json, default docx; tree and check: json). `base` is the old/official text for diff (required)
    and check: a file for every input, or a directory with the base at each input's relative path. `author` and
    `date` stamp diff's revisions; `config` is check's `resdiff.check.config.Config` (or a TOML file; default
    settings when None). `workers` processes (default: the number of CPUs; 1 = in this process); `progress`
    shows a progress bar on stderr when it is a terminal.

    A bad input fails that input only: the returned `BatchResult` has an `Outcome` per input (`ok`, `reason`,
    for check the findings) and `failed`, `errors`. Bad options raise `UsageError` before anything is
    written."""
    from resdiff.batch_run import run_batch

    return run_batch(input, output, job=job, base=base, format=format, workers=workers, author=author, date=date,
                     config=config, progress=progress)


__all__ = [
    "Cell",
    "Document",
    "Message",
    "Note",
    "NoteRef",
    "Paragraph",
    "PropertyChange",
    "ResdiffError",
    "Revision",
    "RevisionRecord",
    "Row",
    "Span",
    "Synopsis",
    "Table",
    "UnreadableInputError",
    "UnsafeInputError",
    "UsageError",
    "batch",
    "diff",
    "merge",
    "read",
    "read_tree",
    "render",
    "untangle",
    "write",
]
__version__ = "0.1.0"
