"""Akoma Ntoso inline content for the AKN writer: the two sides of a clause's text as AKN's <ins>/<del>, short
two-sided values, footnote references, and eIds made from labels."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from resdiff.model import Clause, Side, Span

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def q(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def clean(text: str) -> str:
    """Control characters XML 1.0 cannot hold (Word's vertical tab, …) become U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    element = etree.SubElement(parent, q(tag), {k: v for k, v in attrs.items() if v is not None})
    if text:
        element.text = clean(text)
    return element


def append_text(parent: etree._Element, text: str) -> None:
    """Append text at the end of `parent`'s content (after its last child, if any)."""
    text = clean(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# ---- inline content: the two sides of one paragraph --------------------------------------------------------


def segments(clause: Clause) -> list[tuple[str, str]]:
    """The clause's own text (label cut off) as (status, text) runs; status is 'unchanged', 'inserted',
    'deleted', 'moved_to', 'moved_from' or 'note' (text = the note id). Read back, the old side (unchanged +
    deleted) is `old_text` and the new side `new_text` exactly; when the spans cannot be cut so (an unusual
    label split), the whole old text is shown deleted and the new text inserted."""
    segments = _span_segments(clause) if clause.spans else None
    if segments is not None and _sides(segments) == (clause.old_text, clause.new_text):
        return segments
    fallback: list[tuple[str, str]] = []
    if clause.old_text is not None and clause.old_text == clause.new_text:
        fallback.append(("unchanged", clause.old_text))
    else:
        if clause.old_text:
            fallback.append(("deleted", clause.old_text))
        if clause.new_text:
            fallback.append(("inserted", clause.new_text))
    fallback += [("note", note) for note in clause.footnotes]
    return fallback


def _sides(segments: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """What a reader gets back for the text part of a clause (mirrors parse.akn): stripped sides, None if empty."""
    old = "".join(t for s, t in segments if s in ("unchanged", "deleted", "moved_from")).strip()
    new = "".join(t for s, t in segments if s in ("unchanged", "inserted", "moved_to")).strip()
    return old or None, new or None


def _range(spans: tuple[Span, ...], side: Side, text: str | None) -> tuple[int, int] | None:
    if text is None:
        return (0, 0)
    full = "".join(s.text for s in spans if s.note is None and s.on(side)).rstrip()
    if not full.endswith(text):
        return None
    return len(full) - len(text), len(full)


def _span_segments(clause: Clause) -> list[tuple[str, str]] | None:
    old_range = _range(clause.spans, "old", clause.old_text)
    new_range = _range(clause.spans, "new", clause.new_text)
    if old_range is None or new_range is None:
        return None
    runs: list[tuple[str, str]] = []

    def add(status: str, text: str) -> None:
        if runs and runs[-1][0] == status and status != "note":
            runs[-1] = (status, runs[-1][1] + text)
        else:
            runs.append((status, text))

    o = n = 0
    for span in clause.spans:
        on_old, on_new = span.on("old"), span.on("new")
        if span.note is not None:
            if on_old or on_new:
                runs.append(("note", span.note.id))
            continue
        kinds = {r.kind for r in span.revisions}
        for char in span.text:
            keep_old = on_old and old_range[0] <= o < old_range[1]
            keep_new = on_new and new_range[0] <= n < new_range[1]
            if keep_old and keep_new:
                add("unchanged", char)
            elif keep_old:
                add("moved_from" if "moved_from" in kinds else "deleted", char)
            elif keep_new:
                add("moved_to" if "moved_to" in kinds else "inserted", char)
            o += on_old
            n += on_new
    return runs


def inline(parent: etree._Element, segments: Iterable[tuple[str, str]], notes: dict[str, str]) -> None:
    for status, text in segments:
        if status == "note":
            sub(parent, "noteRef", href=f"#{notes.get(text, eid_part(text))}", marker=text)
        elif status == "unchanged":
            append_text(parent, text)
        else:
            tag = "ins" if status in ("inserted", "moved_to") else "del"
            mark = sub(parent, tag, text)
            if status.startswith("moved"):
                mark.set("class", status)


def two_sides(parent: etree._Element, old: str | None, new: str | None, *, tracked: bool = True) -> None:
    """A short value with an old and a new side (label, call, revision): plain when equal, else <del><ins>."""
    if old == new or not tracked:
        if new:
            append_text(parent, new)
        return
    if old:
        sub(parent, "del", old)
    if new:
        sub(parent, "ins", new)


# ---- eIds ------------------------------------------------------------------------------------------------


def eid_part(label: str | None) -> str:
    """A label as an eId part: "a)" → "a", "4 bis)" → "4bis", "1.1" → "1-1" (ids are unique, not pretty)."""
    return "-".join(re.findall(r"\w+", re.sub(r"\s+", "", label or "")))


class Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, wanted: str) -> str:
        eid, n = wanted, 1
        while eid in self.used:
            n += 1
            eid = f"{wanted}-{n}"
        self.used.add(eid)
        return eid
