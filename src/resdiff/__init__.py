"""resdiff: read, consolidate and compare amended resolutions with tracked changes.

The names below are loaded on first use (PEP 562): `import resdiff` and `resdiff --version` cost what the
interpreter costs, and a command pays only for the readers, writers and checks it runs."""

from __future__ import annotations

import sys
import types
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from resdiff.errors import ResdiffError, UnreadableInputError, UnsafeInputError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from resdiff.batch_job import Job
    from resdiff.batch_run import BatchResult
    from resdiff.check.config import Config
    from resdiff.check.context import Finding
    from resdiff.model import (
        Cell,
        Document,
        Markup,
        Message,
        Note,
        NoteRef,
        Paragraph,
        PropertyChange,
        Resolution,
        Revision,
        RevisionRecord,
        Row,
        Side,
        Span,
        Synopsis,
        Table,
    )
    from resdiff.ooxml.source import Source
    from resdiff.parse import read, read_tree
    from resdiff.render import render, write

# name → the module that defines it, imported when the name is first asked for
_LAZY = {
    **dict.fromkeys(("Cell", "Document", "Message", "Note", "NoteRef", "Paragraph", "PropertyChange", "Resolution",
                     "Revision", "RevisionRecord", "Row", "Span", "Synopsis", "Table"), "resdiff.model"),
    "read": "resdiff.parse", "read_tree": "resdiff.parse",
    "render": "resdiff.render", "write": "resdiff.render",
}
_SHADOWED = ("check", "render")  # API functions named as the subpackages that define them: see _Package


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # once: later lookups are plain attribute reads
        return value
    raise AttributeError(f"module 'resdiff' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(types.ModuleType):
    """`resdiff.check` and `resdiff.render` are the functions of the API, which share their names with the
    subpackages that define them. The import system binds a subpackage on its parent when it is first imported
    (`import resdiff.check.config` would set `resdiff.check` to the package), so those bindings are refused
    here; the packages stay reachable through `sys.modules` and `from … import`."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def accept(source: Source, fmt: str = "docx", *, markup: Markup = "revisions", name: str | None = None) -> bytes:
    """Word's Accept All of a document, written in `fmt` (docx, txt, md, html, json), as `resdiff accept IN -o
    OUT` writes it. A .docx is resolved as a package, never read into the model first: into a .docx, every part
    but the resolved WordprocessingML is kept byte for byte; into text, Markdown or HTML, the resolved package is
    read. So a paragraph of a million tracked runs takes seconds and under 1 GB, where
    `render(read(source).accept(), fmt)` holds every revision in the model. Other inputs (text, CriticMarkup,
    HTML) are read, and their new side written. `source` is a path, bytes or a binary file object (`name` names
    bytes or a stream, for the format and for messages); `markup="formatting"`: underline is inserted text and
    strike-through deleted, as in `read`."""
    return _resolved(source, "new", fmt, markup, name)


def reject(source: Source, fmt: str = "docx", *, markup: Markup = "revisions", name: str | None = None) -> bytes:
    """Word's Reject All of a document, written in `fmt`, as `resdiff reject IN -o OUT` writes it (see `accept`)."""
    return _resolved(source, "old", fmt, markup, name)


def _resolved(source: Source, side: Side, fmt: str, markup: Markup, name: str | None) -> bytes:
    from resdiff.batch_job import resolved_output
    from resdiff.ooxml.source import read_source

    data, display = read_source(source, name)
    return resolved_output(data, display, side, markup, fmt)


def _document(source: Document | Source) -> Document:
    from resdiff.model import Document
    from resdiff.parse import read

    return source if isinstance(source, Document) else read(source)


def diff(old: Document | Source, new: Document | Source, *, author: str | None = None, date: str | None = None,
         formatting: Literal["track", "ignore"] = "track", old_view: Literal["accepted", "rejected"] = "accepted",
         new_view: Literal["accepted", "rejected"] = "accepted") -> Document:
    """The redline of two versions as a tracked Document: clauses paired by content across renumbering, text
    diffed by words, tables by rows, moves as moves, formatting changes tracked (`formatting="ignore"`: the new
    formatting, untracked, as Word's Compare without "Formatting"). A version that already has tracked changes is
    compared in its accepted view unless `old_view`/`new_view` say "rejected"; the redline's `messages` say so.
    `diff(a, b).reject()` is `a` and `diff(a, b).accept()` is `b`. Write it into the old version's package with
    `write(redline, path, template=old)`. Each version is a Document, a path, bytes or a binary file object;
    `date` is ISO 8601 (`2022-09-26`, completed to midnight UTC, or `2022-09-26T00:00:00Z`)."""
    from resdiff.align.diff import diff_documents
    from resdiff.errors import revision_author, revision_date

    author, date = revision_author(author, "author"), revision_date(date, "date")
    return diff_documents(_document(old), _document(new), author=author, date=date, formatting=formatting,
                          old_view=old_view, new_view=new_view)


def merge(base: Document | Source, proposals: list[Source | Document], *,
          names: list[str] | None = None) -> Synopsis:
    """Several proposals on one base: the synoptic rows, their conflicts, and the consolidated draft.

    A proposal may be a tracked document (revisions against the base), text extracted from one (untangled
    against the base), or a clean new version (compared with the base). Its name — the author of its changes in
    the draft — is taken from `names`, else from its tag line (`MOD IAP/76A35/1` → IAP), else from its file.
    The base and each proposal are a Document, a path, bytes or a binary file object."""
    from resdiff.align.merge import Proposal, merge_proposals

    base = _document(base)
    prepared = []
    for index, source in enumerate(proposals):
        tracked = _as_tracked(base, source)
        name = names[index] if names and index < len(names) else _origin(tracked, source, index)
        prepared.append(Proposal(name=name, tracked=tracked))
    return merge_proposals(base, prepared)


def _as_tracked(base: Document, source: Source | Document) -> Document:
    from resdiff.model import Document
    from resdiff.parse import read

    if isinstance(source, Document):
        doc = source
    else:
        from resdiff.ooxml.source import read_source
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
    name = getattr(source, "name", None) if not isinstance(source, str | Path) else str(source)
    return Path(name).stem if isinstance(name, str) and not name.startswith("<") else f"P{index + 1}"


def untangle(source: Source, *, base: Document | Source | None = None,
             glue: Literal["del-ins", "ins-del", "auto"] = "del-ins") -> Document:
    """The tracked document behind text extracted from a tracked .docx (Apache POI / Tika style).

    Labels glued together (`gf)`, `1213`) are split into old and new and whole-paragraph insertions and
    deletions recovered; with `base` (the old text, e.g. `resdiff.read("official.docx").old()`), inline
    insertions are recovered too, deletions where they replace a citation's place and year, a resolution or
    document number or closing punctuation (`(Rev. Buenos Aires, 2017Kigali, 2022)`, `68/19876/189`, `,;`), and
    base text missing from the proposal is reported; paragraphs whose old side is a base paragraph take its
    style, numbering and character formatting (write the result with `template=` the official document to keep
    its package). An insertion glued to base text it may have replaced, where no such pattern says how much, is
    kept as a pure insertion and reported (`ambiguous-replacement`). Ambiguities and doubts are
    `Document.messages`. `glue` is the order the extractor glued deleted and inserted text in: "del-ins" (the
    deleted text first, as POI/Tika do), "ins-del", or "auto" (chosen from the labels, then the base; an info
    message `glue-order` says which and why). `source` is a path, bytes or a binary file object; `base` a
    Document or one of those (read, and its old side taken)."""
    from resdiff.align.restyle import carry_formatting
    from resdiff.align.untangle import untangle as _untangle
    from resdiff.model import Document
    from resdiff.ooxml.source import read_source
    from resdiff.parse import read
    from resdiff.parse.flat import read_flat

    if base is not None and not isinstance(base, Document):
        base = read(base).old()
    data, name = read_source(source)
    tracked = _untangle(read_flat(data, name), base, glue)
    return carry_formatting(tracked, base) if base is not None else tracked


def check(source: Document | Source, *, base: Document | Source | None = None, select: Iterable[str] | None = None,
          ignore: Iterable[str] | None = None, config: Config | str | Path | None = None,
          format: str | None = None, name: str | None = None, realign: bool = False) -> list[Finding]:
    """The findings of `resdiff check` on one proposal (or resolution), sorted by paragraph: each a
    `resdiff.check.Finding` (rule, severity, message, file, location {paragraph, section, label}, details).

    `source` and `base` (the official text the proposal amends, which UNTRACKED001 needs) are a Document, a
    path, bytes or a binary file object. `select`/`ignore` take rule ids or prefixes ("NUM", "CONS003");
    `config` is a `resdiff.check.config.Config` or a TOML file (its severities always apply, its selection when
    `select`/`ignore` are None); `format` forces the input format; `name` is the file the findings name when
    `source` is bytes; `realign` checks a tracked input after `retrack`. An input that is not a resolution at
    all is a STRUCT001 error; unreadable input raises `ResdiffError`."""
    from resdiff.check.runner import check as _check

    return _check(source, base=base, select=select, ignore=ignore, config=config, format=format, name=name,
                  realign=realign)


def build_tree(source: Document | Source, *, markup: Markup = "revisions", realign: bool = False) -> Resolution:
    """The clause tree of a resolution: title, enacting formula, call sections, clauses with their old and new
    labels and texts, status and ITU action (NOC/MOD/ADD/SUP). `source` is a Document (e.g. a redline from
    `diff`), or a path, bytes or a binary file object read as `read_tree` reads it (Akoma Ntoso included).
    `realign`: the tree of `retrack(source)`, for documents tracked by another tool's Compare."""
    from resdiff.model import Document
    from resdiff.parse import read_tree
    from resdiff.parse.structure import build_tree as _build_tree

    if isinstance(source, Document):
        return _build_tree(retrack(source) if realign else source)
    return read_tree(source, markup=markup, realign=realign)


def retrack(source: Document | Source) -> Document:
    """A tracked document with its revisions recomputed by resdiff's clause-aware aligner: the same old and new
    text, renumbering as label changes and words changed inside clauses instead of whole clauses deleted and
    re-inserted (as Word's and LibreOffice's Compare track them); every revision keeps the author and date of
    the original revision its text came from, and the package (styles, numbering, notes) is kept for writing."""
    from resdiff.align.retrack import retrack as _retrack

    return _retrack(_document(source))


def propose(official: Document | Source | None, draft: Document | Source | None = None, *, tag: str,
            reasons: str | None = None, revision: str | None = None, author: str | None = None,
            date: str | None = None) -> Document:
    """The ITU proposal document for a resolution, as `resdiff propose` writes it: the tag line (`tag`, "MOD
    IAP/76A35/1") in the Proposal style; for MOD and (MOD) the official text with the draft's changes tracked
    (authored by `author`, default the proposal's origin "IAP"; `revision` = "Rev. Bucharest, 2022" puts the
    conference in the title's revision, tracked); for ADD/ADD* the draft (or the one text given) untracked; for
    SUP/SUP*/NOC the official title and subtitle; then a Reasons paragraph (`reasons`, or the draft's own;
    required for SUP and NOC). A tag line or Reasons already in the inputs is replaced. Write it with
    `template=` the official document (or the draft for ADD) to keep its package. Inputs are Documents, paths,
    bytes or binary files."""
    from resdiff.proposals import build_proposal

    return build_proposal(_document(official) if official is not None else None,
                          _document(draft) if draft is not None else None, tag=tag, reasons=reasons,
                          revision=revision, author=author, date=date)


def parallel(versions: Iterable[Document | Source], *, names: list[str] | None = None,
             ignore: Iterable[str] = ()) -> list[Finding]:
    """The mismatches between language versions of one resolution or proposal, as `resdiff parallel` reports
    them: the versions aligned by structure (title, sections by call meaning, labels, nesting; the first is the
    reference), each mismatch a `Finding` (PAR001…PAR009) located in one version with the other's location in
    `details`. `names` are the versions' names in the findings (default: their paths); `ignore` leaves out rules
    by id or prefix. Each version is a Document, a path, bytes or a binary file object."""
    from resdiff.parallel_check import compare_versions, read_versions
    from resdiff.parallel_report import select

    return select(compare_versions(read_versions(list(versions), names))[1], ignore)


def renumber(source: Document | Source, *, author: str | None = "resdiff", date: str | None = None,
             clean: bool = False) -> Document:
    """The final numbering of a consolidated resolution (`resdiff renumber`): bis/ter labels and gaps become
    consecutive labels per level and section in each series' style, every cross-reference inside the text
    follows its clause; tracked changes by `author` on top of the input's accepted text, or clean. Write a .docx
    with `write(doc, path, template=input)`; `resdiff.renumbering.renumber_with_map` also gives the label map."""
    from resdiff.renumbering import renumber as _renumber

    return _renumber(source, author=author, date=date, clean=clean)


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
    "accept",
    "batch",
    "build_tree",
    "check",
    "diff",
    "merge",
    "parallel",
    "propose",
    "read",
    "read_tree",
    "reject",
    "render",
    "renumber",
    "retrack",
    "untangle",
    "write",
]
__version__ = "0.1.0"
