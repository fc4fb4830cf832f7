"""Writers: Document → bytes, keyed by format name. Writers never parse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from resdiff.errors import UsageError
from resdiff.model import Document
from resdiff.ooxml.package import Package
from resdiff.render.atomic import write_atomically
from resdiff.render.docx import render_docx
from resdiff.render.html import render_html
from resdiff.render.markdown import render_markdown
from resdiff.render.text import render_text


def _json(doc: Document) -> str:
    return doc.model_dump_json(indent=2) + "\n"


WRITERS: dict[str, Callable[[Document], bytes | str]] = {
    "docx": lambda doc: render_docx(doc, None),
    "txt": render_text,
    "md": render_markdown,
    "json": _json,
    "html": render_html,
}


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
        return render_docx(doc, source if isinstance(source, Package) else None)
    out = writer(doc)
    return out.encode("utf-8") if isinstance(out, str) else out


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"text": "txt", "markdown": "md", "htm": "html"}.get(suffix, suffix)


def write(doc: Document, path: str | Path, fmt: str | None = None, *, template: Document | None = None) -> None:
    """Write `doc` to `path` in the format named by `fmt` or by the path's extension (`template`: see `render`)."""
    write_atomically(path, render(doc, fmt or format_for(path), template=template))
