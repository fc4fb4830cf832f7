"""The input of `resdiff check`: a document (a `Document`, a path or bytes) and its base, read into a `Context`.

A text input whose first lines carry a proposal tag line is text extracted from a tracked .docx (DOMAIN §4.6):
`resdiff.parse.detect_format(..., flat=True)` says "flat", and it is untangled, against the base when there
is one (its `untracked-change` messages then feed UNTRACKED001).
"""

from __future__ import annotations

from pathlib import Path

from resdiff.check.context import Context, walk
from resdiff.model import Document, Resolution
from resdiff.ooxml.source import Source as _Readable

__all__ = ["load"]

Source = Document | _Readable
"""A `Document`, a path, bytes or a binary file object."""


def load(source: Source, *, base: Source | None = None, format: str | None = None,
         name: str | None = None, realign: bool = False) -> Context:
    """Read the input (and the base) into a `Context`. `format` is guessed from the name and content when not
    given; `name` is the file name findings carry when `source` is bytes (default: the path, or "<bytes>");
    `realign` recomputes a tracked input's revisions with resdiff's aligner (`resdiff.align.retrack`)."""
    import resdiff
    from resdiff.ooxml.source import read_source
    from resdiff.parse import detect_format
    from resdiff.parse.structure import build_tree

    base_doc = None
    if base is not None:
        base_doc = base.old() if isinstance(base, Document) else resdiff.read(base).old()
    flat = format == "flat"
    if isinstance(source, Document):
        doc = source
    else:
        data, display = read_source(source, name)
        fmt = format or detect_format(data, display, flat=True)
        flat = fmt == "flat"
        if flat:
            doc = resdiff.untangle(data, base=base_doc) if base_doc is not None else resdiff.read(data, format="flat")
        else:
            doc = resdiff.read(data, format=fmt, name=display)
    if realign:
        from resdiff.align.retrack import retrack

        doc = retrack(doc)
    tree = build_tree(doc)
    return Context(name=name or _name(source), doc=doc, tree=tree, base=base_doc, flat=flat,
                   where=_locations(tree))


def _name(source: Source) -> str:
    """The file findings carry: a path as it was given (not normalised), as the user will look for it."""
    if isinstance(source, Document):
        return "<document>"
    if isinstance(source, str | Path):
        return str(source)
    name = getattr(source, "name", None)  # an open file
    return name if isinstance(name, str) else "<bytes>" if isinstance(source, bytes | bytearray) else "<stream>"


def _locations(tree: Resolution) -> dict[int, tuple[str | None, str | None, str | None]]:
    where: dict[int, tuple[str | None, str | None, str | None]] = {}
    for section in tree.sections:
        for clause in walk(section.clauses):
            where[clause.paragraph] = (section.call, clause.old_label, clause.new_label)
    return where
