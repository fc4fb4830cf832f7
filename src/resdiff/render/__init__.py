"""Writers: Document → bytes, keyed by format name. Writers never parse."""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import Protocol, runtime_checkable

from resdiff.errors import UsageError
from resdiff.model import Document
from resdiff.ooxml.package import Package
from resdiff.render.atomic import write_atomically


# Each writer is imported when its format is written (a run writes one format; importing all of them, the HTML
# report's hashing and templates included, was ~10 ms of every command's start; issue 20).
def _docx(doc: Document, package: Package | None = None) -> bytes:
    from resdiff.render.docx import render_docx

    return render_docx(doc, package)


def _txt(doc: Document) -> str:
    from resdiff.render.text import render_text

    return render_text(doc)


def _md(doc: Document) -> str:
    from resdiff.render.markdown import render_markdown

    return render_markdown(doc)


def _json(doc: Document) -> str:
    return doc.model_dump_json(indent=2) + "\n"


def _html(doc: Document) -> str:
    from resdiff.render.html import render_html

    return render_html(doc)


WRITERS: dict[str, Callable[[Document], bytes | str]] = {"docx": _docx, "txt": _txt, "md": _md, "json": _json,
                                                         "html": _html}


def render(doc: Document, fmt: str, *, template: Document | None = None) -> bytes:
    """`doc` written in format `fmt` (docx, txt, md, json, html) as bytes; text formats are UTF-8.

    `template`, a document read from .docx, gives the package a .docx is built into: its styles, numbering,
    headers, section properties and settings (a redline goes into the old version's package)."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise UsageError(None, f"unknown output format {fmt!r}; choose one of {', '.join(WRITERS)}") from None
    if fmt == "docx" and template is not None:
        source = template.source
        return _docx(doc, source if isinstance(source, Package) else None)
    out = writer(doc)
    return out.encode("utf-8") if isinstance(out, str) else out


def format_for(path: str | Path) -> str:
    """The format named by a file's extension (`.markdown` is md, `.htm` html, `.text` txt)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"text": "txt", "markdown": "md", "htm": "html"}.get(suffix, suffix)


@runtime_checkable
class BinaryWriter(Protocol):
    """A binary file object: anything with `write(bytes)` (an open file, `io.BytesIO`, stdout's buffer)."""

    def write(self, data: bytes, /) -> int: ...


def write(doc: Document, target: str | PathLike[str] | BinaryWriter, fmt: str | None = None, *,
          template: Document | None = None) -> None:
    """Write `doc` in the format named by `fmt` or by the target's extension (`template`: see `render`).

    `target` is a path, written atomically (the old file stays whole until the new one is complete, and keeps
    its permissions), or a binary file object (`fmt` then names the format, unless the object has a `name` with
    an extension, as an open file has)."""
    if isinstance(target, str | PathLike):
        write_atomically(Path(target), render(doc, fmt or format_for(Path(target)), template=template))
        return
    if not isinstance(target, BinaryWriter):
        raise UsageError(None, f"cannot write to an object of type {type(target).__name__}: give a path or a "
                               "binary file object")
    name = getattr(target, "name", None)
    fmt = fmt or (format_for(name) if isinstance(name, str) else "")
    if not fmt:
        raise UsageError(None, "writing to a file object: name the format, e.g. write(doc, stream, 'docx')")
    data = render(doc, fmt, template=template)
    try:
        target.write(data)
    except TypeError:  # a text stream
        raise UsageError(None, "cannot write to a text stream: open the file in binary mode ('wb')") from None
