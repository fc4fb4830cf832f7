"""Readers: bytes → Document, keyed by format name. Readers never write."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from resdiff.errors import UsageError
from resdiff.model import Document, Resolution
from resdiff.ooxml.package import read_source
from resdiff.parse.akn import read_akn
from resdiff.parse.critic import read_critic
from resdiff.parse.docx import read_docx
from resdiff.parse.flat import read_flat
from resdiff.parse.html import read_html
from resdiff.parse.text import read_text

Markup = Literal["revisions", "formatting"]
READ_FORMATS = ("docx", "txt", "critic", "flat", "html", "akn")


def detect_format(data: bytes, name: str) -> str:
    if name.lower().endswith((".critic", ".critic.md")):
        return "critic"
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix == "xml" and b"docs.oasis-open.org/legaldocml/ns/akn/3.0" in data[:4096]:
        return "akn"
    if suffix in ("html", "htm", "xhtml"):
        return "html"
    if suffix in ("docx", "docm", "dotx", "dotm") or data.startswith(b"PK"):
        return "docx"
    if suffix in ("doc",) or data.startswith(b"\xd0\xcf\x11\xe0"):
        return "docx"  # the docx reader explains that a legacy .doc must be converted
    return "txt"


def read(
    source: str | Path | bytes,
    *,
    format: str | None = None,
    markup: Markup = "revisions",
    name: str | None = None,
) -> Document:
    """Read a document from a path or bytes. `format` is guessed from the name and content when not given.

    `markup="formatting"` reads underline as inserted and strike-through as deleted text (proposals drafted
    without revision marks).
    """
    data, display = read_source(source, name)
    fmt = format or detect_format(data, display)
    if fmt == "docx":
        return read_docx(data, display, markup=markup)
    if fmt in ("txt", "text"):
        return read_text(data, display)
    if fmt == "critic":
        return read_critic(data, display)
    if fmt == "html":
        return read_html(data, display)
    if fmt == "flat":
        from resdiff.align.untangle import untangle_numbering

        return untangle_numbering(read_flat(data, display))
    if fmt == "akn":
        raise UsageError(display, "an Akoma Ntoso file is a clause tree, not a document: use resdiff.read_tree "
                                  "or `resdiff tree`")
    raise UsageError(display, f"unknown input format {fmt!r}; choose one of {', '.join(READ_FORMATS)}")


def read_tree(source: str | Path | bytes, *, format: str | None = None, markup: Markup = "revisions",
              name: str | None = None, component: str | None = None) -> Resolution:
    """The clause tree of any readable input; Akoma Ntoso is read directly (`component` picks one text of a
    collection, e.g. "cmp_res_130")."""
    from resdiff.parse.structure import build_tree

    data, display = read_source(source, name)
    if (format or detect_format(data, display)) == "akn":
        return read_akn(data, display, component=component)
    return build_tree(read(data, format=format, markup=markup, name=display))
