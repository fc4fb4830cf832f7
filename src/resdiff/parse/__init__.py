"""Readers: bytes → Document, keyed by format name in `READERS` (as writers are in `resdiff.render.WRITERS`);
Akoma Ntoso, a clause tree rather than a document, in `TREE_READERS`. Readers never write.

`detect_format` is the one place that tells formats apart from a file's name and first bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from resdiff import lang
from resdiff.errors import UsageError
from resdiff.model import Document, Markup, Resolution
from resdiff.ooxml.source import Source, read_source

Reader = Callable[[bytes, str, Markup], Document]
"""(bytes, the file's name for messages, markup) → Document; only the docx reader reads `markup`."""

__all__ = ["READERS", "READ_FORMATS", "TREE_READERS", "Markup", "Reader", "Source", "detect_format", "read",
           "read_tree"]


# Each reader is imported when its format is read (a run reads one or two formats; importing all of them, lxml.html
# and the untangler included, was ~10-15 ms of every command's start; issue 20).
def _docx(data: bytes, name: str, markup: Markup) -> Document:
    from resdiff.parse.docx import read_docx

    return read_docx(data, name, markup=markup)


def _txt(data: bytes, name: str, markup: Markup) -> Document:
    from resdiff.parse.text import read_text

    return read_text(data, name)


def _critic(data: bytes, name: str, markup: Markup) -> Document:
    from resdiff.parse.critic import read_critic

    return read_critic(data, name)


def _flat(data: bytes, name: str, markup: Markup) -> Document:
    from resdiff.align.untangle import untangle_numbering
    from resdiff.collector import collector_paused
    from resdiff.parse.flat import read_flat

    with collector_paused():  # a line per paragraph, and the untangler's spans: see resdiff.collector
        return untangle_numbering(read_flat(data, name))


def _html(data: bytes, name: str, markup: Markup) -> Document:
    from resdiff.parse.html import read_html

    return read_html(data, name)


def _akn(data: bytes, name: str, component: str | None) -> Resolution:
    from resdiff.parse.akn import read_akn

    return read_akn(data, name, component=component)


READERS: dict[str, Reader] = {"docx": _docx, "txt": _txt, "critic": _critic, "flat": _flat, "html": _html}
TREE_READERS: dict[str, Callable[[bytes, str, str | None], Resolution]] = {"akn": _akn}
"""Formats that hold a clause tree, not a document: read by `read_tree` only."""
READ_FORMATS = (*READERS, *TREE_READERS)
_ALIASES = {"text": "txt"}


def detect_format(data: bytes, name: str, *, flat: bool = False) -> str:
    """The input format from the file's name and first bytes: critic, akn, html, docx (a legacy .doc too, which
    the docx reader refuses with a hint) or txt. With `flat=True`, a text whose first lines hold a proposal tag
    line ("MOD IAP/76A35/1") is "flat": text extracted from a tracked .docx (DOMAIN §4.6), which `read` takes
    as plain text unless told. A name without an extension (standard input, `<bytes>`) leaves it to the
    content: a zip is a .docx, Akoma Ntoso and HTML are known by their markup, CriticMarkup by its marks."""
    if name.lower().endswith((".critic", ".critic.md")):
        return "critic"
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in ("xml", "") and b"docs.oasis-open.org/legaldocml/ns/akn/3.0" in data[:4096]:
        return "akn"
    if suffix in ("html", "htm", "xhtml") or (not suffix and data.lstrip()[:14].lower().startswith(
            (b"<!doctype html", b"<html"))):
        return "html"
    if suffix in ("docx", "docm", "dotx", "dotm") or data.startswith(b"PK"):
        return "docx"
    if suffix in ("doc",) or data.startswith(b"\xd0\xcf\x11\xe0"):
        return "docx"  # the docx reader explains that a legacy .doc must be converted
    if flat and _has_tag_line(data):
        return "flat"
    if not suffix and _has_critic_marks(data[:65536]):
        return "critic"  # standard input or a nameless file: CriticMarkup is known by its marks
    return "txt"


_CRITIC_MARKS = ((b"{++", b"++}"), (b"{--", b"--}"), (b"{~~", b"~>", b"~~}"))


def _has_critic_marks(head: bytes) -> bool:
    """Whether an insertion, deletion or substitution mark is opened and closed in `head`. Only the first opening
    of each kind need be looked at: a closing after a later one is after the first one too. (A lazy pattern tried
    from every opening, and '{--' × 21,845 took 26 s.)"""
    for opening, *closings in _CRITIC_MARKS:
        at = head.find(opening)
        if at < 0:
            continue
        at += len(opening)
        for closing in closings:
            at = head.find(closing, at)
            if at < 0:
                break
            at += len(closing)
        else:
            return True
    return False


def _has_tag_line(data: bytes) -> bool:
    head = data[:2000].decode("utf-8", "replace").splitlines()
    return any(lang.match_proposal(line) for line in head[:5] if line.strip())


def _format(format: str | None, data: bytes, name: str) -> str:
    fmt = format or detect_format(data, name)
    fmt = _ALIASES.get(fmt, fmt)
    if fmt not in READERS and fmt not in TREE_READERS:
        raise UsageError(name, f"unknown input format {fmt!r}; choose one of {', '.join(READ_FORMATS)}")
    return fmt


def read(
    source: Source,
    *,
    format: str | None = None,
    markup: Markup = "revisions",
    name: str | None = None,
) -> Document:
    """Read a document from a path, bytes or a binary file object. `format` (one of READ_FORMATS) is guessed from
    the name and content when not given (a .docx from its bytes; `name` is the file name used for that and for
    messages when `source` is bytes or a stream).

    `markup="formatting"` reads underline as inserted and strike-through as deleted text (proposals drafted
    without revision marks).
    """
    data, display = read_source(source, name)
    fmt = _format(format, data, display)
    if fmt in TREE_READERS:
        raise UsageError(display, "an Akoma Ntoso file is a clause tree, not a document: use resdiff.read_tree "
                                  "or `resdiff tree`")
    return READERS[fmt](data, display, markup)


def read_tree(source: Source, *, format: str | None = None, markup: Markup = "revisions",
              name: str | None = None, component: str | None = None, realign: bool = False) -> Resolution:
    """The clause tree of any readable input; Akoma Ntoso is read directly (`component` picks one text of a
    collection, e.g. "cmp_res_130"). With `realign`, a tracked document's revisions are recomputed by resdiff's
    aligner first (`resdiff.align.retrack`), so a clause a Compare tool deleted and re-inserted whole is one
    clause with its old and new label."""
    from resdiff.parse.structure import build_tree

    data, display = read_source(source, name)
    fmt = _format(format, data, display)
    if fmt in TREE_READERS:
        return TREE_READERS[fmt](data, display, component)
    doc = READERS[fmt](data, display, markup)
    if realign:
        from resdiff.align.retrack import retrack

        doc = retrack(doc)
    return build_tree(doc)
