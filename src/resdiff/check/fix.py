"""`resdiff check --fix`: the findings whose correction is certain, written into the proposal as tracked changes.

Certain means that the finding itself says what the text must read, and that nothing but that edit is needed:

- XREF001, a reference carried over from the old text to a clause the proposal renumbers: its label becomes the
  clause's new label (`point {~~5~>6~~} du décide`);
- NUM002, a clause moved by an insertion or deletion before it whose label was left as it was: the renumbering is
  tracked (`{~~c~>b~~})`), exactly as resdiff's redlines and `renumber` write it;
- CONS002, an item's closing punctuation: the mark the position asks for (`;` inside a series, `,` at the end of a
  section, `.` at the end of the resolution, `:` before sub-items), in the text's script (`；` in Chinese, `؛` in
  Arabic).

Everything else is listed as not fixed: a reference to a deleted clause (where should it point?), a label series
broken for no reason NUM002 explains (which label is the wrong one?), a generated label (the Word list is what is
wrong), untracked changes, citations. Every edit is on the new side of the text and authored `resdiff` (or the
author given), so Reject All of the fixed proposal is its old text unchanged and Accept All its new text corrected.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from resdiff.align.relabel import Stamp, TextEdit, edited
from resdiff.align.renumbering import core, label_span
from resdiff.check.config import Config
from resdiff.check.context import Finding
from resdiff.check.input import Source, load
from resdiff.check.runner import check_one
from resdiff.check.xref import CallPattern, find_references, patterns
from resdiff.model import Block, Document, Paragraph, Table
from resdiff.records import record

FIXABLE = ("XREF001", "NUM002", "CONS002")
_MARKS = {";": ";；؛", ",": ",，،", ".": ".。.", ":": ":：:"}  # ASCII, full-width (zh), Arabic (ar)


@record(frozen=True)
class Fixed:
    """The proposal with the certain fixes tracked, the findings they answer, and the findings left as they were."""

    document: Document
    fixed: list[Finding]
    unfixed: list[Finding]


def fix(source: Source, *, base: Source | None = None, select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None, config: Config | str | Path | None = None, format: str | None = None,
        name: str | None = None, realign: bool = False, author: str = "resdiff", date: str | None = None) -> Fixed:
    """Check `source` (as `check` does) and write the certain fixes (see the module docstring) as tracked changes
    authored `author` and dated `date`; the rest of the findings are `unfixed`."""
    context = load(source, base=base, format=format, name=name, realign=realign)
    findings = check_one(context.doc, base=context.base, select=select, ignore=ignore, config=config,
                         name=context.name).findings
    paragraphs = context.doc.paragraphs()
    table = patterns(context.tree.sections)
    script = {"zh": 1, "ar": 2}.get(context.tree.language or "", 0)
    edits: dict[int, list[TextEdit]] = {}
    fixed, unfixed = [], []
    for finding in findings:
        index = (finding.location.paragraph or 0) - 1
        edit = _edit(finding, paragraphs[index], table, script) if 0 <= index < len(paragraphs) else None
        taken = edits.setdefault(index, [])
        if edit is None or any((e.start < edit.end and edit.start < e.end) or e == edit for e in taken):
            unfixed.append(finding)
            continue
        taken.append(edit)
        fixed.append(finding)
    stamp = Stamp(author, date, clean=False)
    sorted_edits = {k: sorted(v, key=lambda e: e.start) for k, v in edits.items() if v}
    blocks = _blocks(context.doc.blocks, iter(range(1 << 62)), sorted_edits, stamp)
    return Fixed(context.doc.model_copy(update={"blocks": blocks}), fixed, unfixed)


def _edit(finding: Finding, paragraph: Paragraph, table: list[CallPattern], script: int) -> TextEdit | None:
    text = paragraph.text_on("new")
    details = finding.details
    if finding.rule == "XREF001" and "new_target" in details:
        for ref in find_references(text, table):
            if ref.text == details["reference"] and ref.label == details["old_target"]:
                end, new = ref.label_end, details["new_target"]
                if new.endswith(")"):  # the core changes, the `)` stays (or stays absent): `{~~b~>c~~})`
                    end, new = (end - 1 if text[end - 1] == ")" else end), new[:-1]
                return TextEdit(ref.label_start, end, new)
        return None
    if finding.rule == "NUM002" and "new_label" in details:
        where = label_span(text)
        return TextEdit(0, where[0], core(details["new_label"])) if where is not None else None
    if finding.rule == "CONS002" and details.get("expected") in _MARKS:
        end = len(text.rstrip().rstrip("*").rstrip())
        got = 1 if details.get("ending") else 0  # the wrong mark, one character, is replaced
        mark = _MARKS[details["expected"]][script]
        return TextEdit(end - got, end, mark) if end else None
    return None


def _blocks(blocks: tuple[Block, ...], counter: Iterator[int], edits: dict[int, list[TextEdit]],
            stamp: Stamp) -> tuple[Block, ...]:
    """The blocks with the edits made on the new side of their paragraphs, counted as `Document.paragraphs()`."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = tuple(row.model_copy(update={"cells": tuple(
                cell.model_copy(update={"blocks": _blocks(cell.blocks, counter, edits, stamp)})
                for cell in row.cells)}) for row in block.rows)
            out.append(block.model_copy(update={"rows": rows}))
            continue
        index = next(counter)
        if index in edits:
            block = block.model_copy(update={"spans": edited(block.spans, edits[index], stamp, side="new")})
        out.append(block)
    return tuple(out)

