"""The language versions of one resolution side by side as a Word table: one column per version, one row per
aligned section or clause (`resdiff.align.parallel`), each cell that version's clause with its tracked changes
(real w:ins/w:del, so Word shows and can accept them) after the ITU action and a tab.

The table is a `resdiff.model.Document` written by resdiff's .docx writer, which alone knows WordprocessingML.
Every version numbers its footnotes from 1, so the notes are renumbered across the table (`1` of the second
version becomes the first free number) and each cell cites its own version's notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count

from resdiff.align.parallel import Alignment, Version, title_paragraph
from resdiff.align.parallel import Row as AlignedRow
from resdiff.model import Cell, Document, Note, NoteRef, Paragraph, Row, RunFormat, Span, Table

__all__ = ["parallel_table_document"]


def parallel_table_document(alignment: Alignment, *, title: str = "resdiff parallel") -> Document:
    """The side-by-side table as a Document: a title paragraph, then the table (header row: the versions)."""
    versions = alignment.versions
    numbers = count(1)
    renumber = [{key: str(next(numbers)) for key in v.tree.footnotes} for v in versions]
    header = Row(cells=tuple(_cell(v.name, bold=True) for v in versions))
    rows = [header, Row(cells=tuple(_title_cell(v) for v in versions))]
    rows += [_row(versions, row, renumber) for row in alignment.rows]
    notes = tuple(Note(kind="footnote", id=renumber[i][key], blocks=(Paragraph(spans=(Span(text=text),)),))
                  for i, v in enumerate(versions) for key, text in v.tree.footnotes.items())
    return Document(blocks=(Paragraph(spans=(Span(text=title, format=RunFormat(bold=True)),)), Table(rows=tuple(rows))),
                    notes=notes)


def _title_cell(version: Version) -> Cell:
    """The title line as the version writes it (tracked), then the subtitle and the enacting formula."""
    index = title_paragraph(version)
    title = (Paragraph(spans=version.doc.paragraphs()[index].spans),) if index is not None else ()
    rest = tuple(Paragraph(spans=(Span(text=text),)) for text in (version.tree.title, version.tree.preamble) if text)
    return Cell(blocks=(*title, *rest) or (Paragraph(),))


def _cell(text: str, *, bold: bool = False, italic: bool = False) -> Cell:
    fmt = RunFormat(bold=True) if bold else RunFormat(italic=True) if italic else None
    return Cell(blocks=(Paragraph(spans=(Span(text=text, format=fmt),) if text else ()),))


def _row(versions: Sequence[Version], row: AlignedRow, renumber: list[dict[str, str]]) -> Row:
    cells = []
    for index, version in enumerate(versions):
        if row.depth == 0:
            section_index = row.sections[index]
            section = version.tree.sections[section_index] if section_index is not None else None
            call = " ".join(x for x in (section.call, *section.intro) if x) if section is not None else ""
            cells.append(_cell(call, italic=True))
            continue
        clause = row.cells[index]
        if clause is None:
            cells.append(_cell(""))
            continue
        spans = tuple(_renoted(span, renumber[index]) for span in clause.spans)
        action = Span(text=f"{clause.action}\t", format=RunFormat(bold=True))
        cells.append(Cell(blocks=(Paragraph(spans=(action, *spans)),)))
    return Row(cells=tuple(cells))


def _renoted(span: Span, renumber: dict[str, str]) -> Span:
    if span.note is None or span.note.kind != "footnote" or span.note.id not in renumber:
        return span
    return span.model_copy(update={"note": NoteRef(kind="footnote", id=renumber[span.note.id])})
