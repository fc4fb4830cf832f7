"""Property tests: any tracked document survives the .docx writer and reader, and pandoc resolves it as resdiff does.

For a random tracked document T (spans inserted, deleted, or inserted-then-deleted by another author; paragraph
marks inserted or deleted; tables with tracked rows), writing T as .docx with native revision marks and reading
it back gives T again, and pandoc's Accept/Reject All of that .docx keeps the text of the model's new/old view
(pandoc is the independent oracle; it ignores tracked table rows, so the tables it is given have none: Accept and
Reject of tracked rows are checked against Open-XML-PowerTools' expectations in tests/test_rp_suite.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resdiff
from resdiff.model import Cell, Document, Paragraph, Revision, Row, Span, Table
from resdiff.ooxml.names import W_TRANSITIONAL
from resdiff.views import merge_spans
from test_pandoc_oracle import WORDS_FILTER, comparable, keys, pandoc_blocks

A = Revision(kind="inserted", author="EUR", date="2022-09-01T00:00:00Z")
D = Revision(kind="deleted", author="IAP", date="2022-09-02T00:00:00Z")
STATES = [(), (A,), (D,), (A, D)]

words = st.text(alphabet="abcé XYZ019,;()\t", min_size=1, max_size=12)
spans = st.lists(st.builds(lambda t, s: Span(text=t, revisions=s), words, st.sampled_from(STATES)), max_size=5)
paragraphs = st.builds(
    lambda ss, mark: Paragraph(spans=merge_spans(ss), mark=mark), spans, st.sampled_from([(), (A,), (D,)])
)


def _with_grid(rows: list[Row]) -> Table:
    """A table with column widths, as Word writes it: pandoc 2.17 drops every cell of a table whose w:gridCol
    elements have no w:w (the attribute is optional; resdiff writes none for a table without a grid)."""
    columns = '<w:gridCol w:w="2000"/>' * max(len(row.cells) for row in rows)
    return Table(rows=tuple(rows), grid=f'<w:tblGrid xmlns:w="{W_TRANSITIONAL}">{columns}</w:tblGrid>')


def tables(row_states: list[tuple[Revision, ...]], *, grid: bool = False) -> st.SearchStrategy[Table]:
    return st.builds(
        _with_grid if grid else lambda rows: Table(rows=tuple(rows)),
        st.lists(
            st.builds(
                lambda texts, rev: Row(
                    cells=tuple(Cell(blocks=(Paragraph(spans=merge_spans([Span(text=t)])),)) for t in texts),
                    revisions=rev,
                ),
                st.lists(words, min_size=1, max_size=3),
                st.sampled_from(row_states),
            ),
            min_size=1,
            max_size=3,
        ),
    )


def documents_with(table: st.SearchStrategy[Table]) -> st.SearchStrategy[Document]:
    return st.builds(lambda blocks: Document(blocks=tuple(blocks)),
                     st.lists(st.one_of(paragraphs, paragraphs, paragraphs, table), min_size=1, max_size=8))


documents = documents_with(tables([(), (A,), (D,)]))


def _marks_only_between_paragraphs(doc: Document) -> Document:
    """`doc` with a tracked paragraph mark only where a paragraph follows. pandoc 2.17 loses the text of a last
    paragraph whose mark is tracked (Word never tracks the document's last mark), and carries the text of a
    paragraph before a table past the table (tests/test_pandoc_oracle.py, RP051)."""
    blocks = list(doc.blocks)
    for i, block in enumerate(blocks):
        followed = i + 1 < len(blocks) and isinstance(blocks[i + 1], Paragraph)
        if isinstance(block, Paragraph) and block.mark and not followed:
            blocks[i] = block.model_copy(update={"mark": ()})
    return Document(blocks=tuple(blocks))


def _shape(doc: Document) -> list[object]:
    out: list[object] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(([(s.text, [r.kind for r in s.revisions]) for s in block.spans], [r.kind for r in block.mark]))
        else:
            out.append([([_shape(Document(blocks=c.blocks)) for c in row.cells], [r.kind for r in row.revisions])
                        for row in block.rows])
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_docx_round_trip_keeps_every_revision(doc: Document) -> None:
    back = resdiff.read(resdiff.render(doc, "docx"))
    assert _shape(back) == _shape(doc)


PANDOC = shutil.which("pandoc")


@pytest.fixture(scope="session")
def pandoc_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pandoc-properties")
    (folder / "words.lua").write_text(WORDS_FILTER, encoding="utf-8")
    return folder


@pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents_with(tables([()], grid=True)).map(_marks_only_between_paragraphs))
def test_pandoc_resolves_the_written_revisions_as_the_model_does(pandoc_folder: Path, doc: Document) -> None:
    """pandoc's Accept All / Reject All of the written .docx keep, paragraph by paragraph, the letters and digits
    of the model's new / old view (compared as in tests/test_pandoc_oracle.py)."""
    docx = pandoc_folder / "tracked.docx"
    docx.write_bytes(resdiff.render(doc, "docx"))
    for side, view in (("accept", doc.new()), ("reject", doc.old())):
        expected = keys(comparable(pandoc_blocks(docx, side, pandoc_folder / "words.lua")))
        assert keys(comparable([p.text for p in view.paragraphs()])) == expected, side


@settings(max_examples=100, deadline=None)
@given(documents)
def test_critic_markup_round_trip(doc: Document) -> None:
    """Markdown with CriticMarkup, one paragraph per line, read back as CriticMarkup, gives the same two sides."""
    flat = Document(blocks=tuple(b for b in doc.blocks if isinstance(b, Paragraph)
                                 and not any(len(s.revisions) > 1 for s in b.spans)))
    if not flat.blocks:
        return
    markdown = resdiff.render(flat, "md").decode()
    lines = "\n".join(markdown.split("\n\n")).replace("\\", "")
    back = resdiff.read(lines.encode(), format="critic")
    for side in ("old", "new"):
        got = [p.text for p in getattr(back, side)().paragraphs()]
        want = [p.text for p in getattr(flat, side)().paragraphs()]
        assert [t for t in got if t.strip()] == [t for t in want if t.strip()]  # Markdown has no blank paragraphs


def test_two_groups_around_plain_text_are_not_one_whole_line_group() -> None:
    doc = resdiff.read(b"{++0++}0{++0++}\n0\n", format="critic")
    assert doc.paragraphs()[0].mark == () and [p.text for p in doc.old().paragraphs()] == ["0", "0"]
