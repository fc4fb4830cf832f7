"""Issue 20, writing in linear time: what resdiff builds into a package, and what Accept All moves in one.

lxml moves an element out of its parent, or into another document, in time quadratic in the nodes below it whose
namespace it looks up again: the nodes of a subtree whose namespaces are declared above it (a removed paragraph),
and xml:space attributes (an element built on its own: the xml namespace is its document's). Each lookup appends
to a list that the next one searches (lxml 6.1, proxy.pxi `_fixCNs`). Measured before the fix (CPU seconds):
writing the redline of a paragraph of 20,000 runs against one of 80,000: 0.63 and 6.33; of a table of 2,000 and
8,000 rows of ten cells: 1.37 and 29.0; `diff` of a million runs took more than 400 s; Accept All of a paragraph of
40,000 runs whose mark is deleted (it joins the next: its runs are moved one by one, each inserted at an index
that lxml walks to) 7.6 s against 0.15 s for 10,000. Now the writers make what holds many runs in the document of
the part written, discard what they replace by emptying it first (`write_elements.discard`), and a join moves
each run after the one before.

Each test runs the operation at n and 4n: linear work grows 4x, quadratic 16x; the bound is 8x (CPU time, best of
three, `assert_grows_linearly`)."""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

import resdiff
from resdiff.model import Document
from resdiff.ooxml.package import open_package
from resdiff.ooxml.write_package import resolved_package
from test_reliability import HEAD, TAIL, package
from test_reliability_text import assert_grows_linearly
from test_scale_reading import runs
from wml import docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _written(pairs: dict[bytes, tuple[Document, Document]], name: str, size: int,
             build: tuple[bytes, bytes]) -> bytes:
    """Read and diff outside the timed part: the key under which the redline and its template are kept."""
    key = f"{name}-{size}".encode()
    old, new = resdiff.read(build[0], name="old.docx"), resdiff.read(build[1], name="new.docx")
    pairs[key] = (resdiff.diff(old, new), old)
    return key


def _table(rows: int, changed: bool) -> bytes:
    """A table of `rows` rows of ten cells, each a paragraph with a space to keep (xml:space); every other row of
    the changed version has a word more in each cell."""
    def cell(row: int, column: int) -> bytes:
        more = b" more" if changed and row % 2 else b""
        return b'<w:tc><w:p><w:r><w:t xml:space="preserve">%d %d%s </w:t></w:r></w:p></w:tc>' % (row, column, more)

    rows_xml = b"".join(b"<w:tr>" + b"".join(cell(r, c) for c in range(10)) + b"</w:tr>" for r in range(rows))
    return package({"word/document.xml": HEAD + b"<w:tbl><w:tblPr/><w:tblGrid/>" + rows_xml + b"</w:tbl><w:p/>"
                    + TAIL})


def test_the_redline_of_a_paragraph_of_many_runs_is_written_in_linear_time() -> None:
    """Runs of one format against as many runs of other words, bold and plain in turn (0 1 2 … against 0 0 1 1 …). The
    template's paragraph is discarded, the redline's built and put in its place."""
    pairs: dict[bytes, tuple[Document, Document]] = {}
    assert_grows_linearly(lambda key: resdiff.render(pairs[key][0], "docx", template=pairs[key][1]),
                          lambda n: _written(pairs, "runs", n, (runs("same", n), runs("bold", n))), 80_000)
    redline, old = pairs[b"runs-80000"]
    xml = zipfile.ZipFile(BytesIO(resdiff.render(redline, "docx", template=old))).read("word/document.xml")
    root = etree.fromstring(xml)
    assert sum(1 for _ in root.iter(f"{W}r")) >= 80_000 // 2
    assert xml.count(b"xmlns:w=") == 1  # declared once, on the root, as before


def test_the_redline_of_a_large_table_is_written_in_linear_time() -> None:
    """8,000 rows then 32,000 rows of ten cells: the table, its rows and cells hold many runs between them."""
    pairs: dict[bytes, tuple[Document, Document]] = {}
    assert_grows_linearly(lambda key: resdiff.render(pairs[key][0], "docx", template=pairs[key][1]),
                          lambda n: _written(pairs, "table", n, (_table(n // 10, False), _table(n // 10, True))),
                          32_000)
    redline, old = pairs[b"table-32000"]
    root = etree.fromstring(zipfile.ZipFile(BytesIO(resdiff.render(redline, "docx", template=old)))
                            .read("word/document.xml"))
    assert len(root.findall(f"{W}body/{W}tbl/{W}tr")) == 3_200
    assert len(root.findall(f"{W}body/{W}tbl/{W}tr/{W}tc/{W}p/{W}ins")) == 16_000


def _joined(n: int) -> bytes:
    """A paragraph of n runs whose mark is deleted, then one of n runs: Accept All makes them one paragraph."""
    first = b'<w:p><w:pPr><w:rPr><w:del w:id="9"/></w:rPr></w:pPr>' + _plain_runs(n, "a") + b"</w:p>"
    return package({"word/document.xml": HEAD + first + b"<w:p>" + _plain_runs(n, "b") + b"</w:p>" + TAIL})


def _plain_runs(n: int, word: str) -> bytes:
    return b"".join(b"<w:r><w:t>%s%x </w:t></w:r>" % (word.encode(), i) for i in range(n))


def test_accept_all_joins_a_paragraph_of_many_runs_to_the_next_in_linear_time() -> None:
    assert_grows_linearly(lambda data: resolved_package(open_package(data, "joined.docx"), "new", "revisions"),
                          _joined, 40_000)
    accepted = resdiff.read(resolved_package(open_package(_joined(3), "joined.docx"), "new", "revisions"))
    assert resdiff.render(accepted, "txt") == b"a0 a1 a2 b0 b1 b2 \n"


def test_runs_of_one_format_each_get_their_own_run_properties() -> None:
    """The run properties of a format are built once and copied for each run (InlineWriter._rpr): every run made
    bold shows its own w:b and one w:rPrChange, and the plain runs between have none."""
    words = [f"w{i} " for i in range(12)]
    plain = "".join(f"<w:r><w:t xml:space='preserve'>{word}</w:t></w:r>" for word in words)
    mixed = "".join(f"<w:r>{'<w:rPr><w:b/></w:rPr>' if i % 2 else ''}<w:t xml:space='preserve'>{word}</w:t></w:r>"
                    for i, word in enumerate(words))
    old = resdiff.read(docx(f"<w:p>{plain}</w:p>"), name="old.docx")
    redline = resdiff.diff(old, docx(f"<w:p>{mixed}</w:p>"))
    root = etree.fromstring(zipfile.ZipFile(BytesIO(resdiff.render(redline, "docx", template=old)))
                            .read("word/document.xml"))
    runs_xml = root.findall(f"{W}body/{W}p/{W}r")
    shown = [(r.findtext(f"{W}t"), r.find(f"{W}rPr/{W}b") is not None, len(r.findall(f"{W}rPr/{W}rPrChange")))
             for r in runs_xml]
    assert shown == [(word, bool(i % 2), i % 2) for i, word in enumerate(words)]
