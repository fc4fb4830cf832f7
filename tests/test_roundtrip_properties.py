"""Property tests: any tracked document survives the .docx writer and reader, and both resolutions agree.

For a random tracked document T (spans inserted, deleted, or inserted-then-deleted by another author; paragraph
marks inserted or deleted; tables with tracked rows), writing T as .docx with native revision marks and reading
it back gives T again, and the package-level Accept/Reject All equals the model's new/old view.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resdiff
from resdiff.model import Cell, Document, Paragraph, Revision, Row, Span, Table
from resdiff.views import merge_spans

A = Revision(kind="inserted", author="EUR", date="2022-09-01T00:00:00Z")
D = Revision(kind="deleted", author="IAP", date="2022-09-02T00:00:00Z")
STATES = [(), (A,), (D,), (A, D)]

words = st.text(alphabet="abcé XYZ019,;()\t", min_size=1, max_size=12)
spans = st.lists(st.builds(lambda t, s: Span(text=t, revisions=s), words, st.sampled_from(STATES)), max_size=5)
paragraphs = st.builds(
    lambda ss, mark: Paragraph(spans=merge_spans(ss), mark=mark), spans, st.sampled_from([(), (A,), (D,)])
)
tables = st.builds(
    lambda rows: Table(rows=tuple(rows)),
    st.lists(
        st.builds(
            lambda texts, rev: Row(
                cells=tuple(Cell(blocks=(Paragraph(spans=merge_spans([Span(text=t)])),)) for t in texts), revisions=rev
            ),
            st.lists(words, min_size=1, max_size=3),
            st.sampled_from([(), (A,), (D,)]),
        ),
        min_size=1,
        max_size=3,
    ),
)
documents = st.builds(
    lambda blocks: Document(blocks=tuple(blocks)),
    st.lists(st.one_of(paragraphs, paragraphs, paragraphs, tables), min_size=1, max_size=8),
)


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


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_package_resolution_equals_model_views(doc: Document) -> None:
    tracked = resdiff.read(resdiff.render(doc, "docx"))
    for model_side, package_side in ((doc.old(), tracked.old()), (doc.new(), tracked.new())):
        written = resdiff.read(resdiff.render(package_side, "docx"))
        assert resdiff.render(written, "txt") == resdiff.render(model_side, "txt")


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
