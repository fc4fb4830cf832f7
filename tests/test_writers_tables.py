"""Tables in the HTML and Markdown writers: real <table> elements in both HTML views, GitHub pipe tables in
Markdown with CriticMarkup in the cells, and the paragraph-by-paragraph fallback for tables a pipe table cannot
hold. The HTML is read back with lxml.html, the Markdown with resdiff's own CriticMarkup reader.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree

import resdiff
from resdiff.model import Cell, Document, Paragraph, Revision, Row, RunFormat, Span, Table
from resdiff.render.html import render_html
from resdiff.render.markdown import render_markdown
from wml import docx, p

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
INS = (Revision(kind="inserted", author="A"),)
DEL = (Revision(kind="deleted", author="A"),)


def para(*spans: Span | str) -> Paragraph:
    return Paragraph(spans=tuple(Span(text=s) if isinstance(s, str) else s for s in spans))


def cell(*blocks: Paragraph | Table | str) -> Cell:
    return Cell(blocks=tuple(para(b) if isinstance(b, str) else b for b in blocks))


def row(*cells: Cell | str, revisions: tuple[Revision, ...] = ()) -> Row:
    return Row(cells=tuple(cell(c) if isinstance(c, str) else c for c in cells), revisions=revisions)


def meetings() -> Document:
    """A header, a deleted row, a changed cell, an inserted row whose text is not tracked itself (as a model built
    in code may have it), and a cell whose text looks like markup."""
    changed = para("Buenos Aires", Span(text=", Argentina", revisions=INS))
    table = Table(rows=(
        row("Meeting", "Place"),
        row("PP-14", "Busan", revisions=DEL),
        row("CMDT-17", Cell(blocks=(changed,))),
        row("PP-22", "<script>alert('x')</script> & | pipe", revisions=INS),
    ))
    return Document(blocks=(para("Annex"), table, para("end")))


def page(html: str) -> Any:
    return lxml.html.document_fromstring(html)


def grid(table: Any) -> list[list[str]]:
    return [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath("./tr | ./tbody/tr")]


# ---- HTML ---------------------------------------------------------------------------------------------------------

def test_html_table_is_a_table_with_tracked_rows_marked() -> None:
    root = page(render_html(meetings()))
    tables = root.xpath("//main//div[@class='inline']/table")
    assert len(tables) == 1
    rows = tables[0].xpath("./tr")
    assert [len(tr.xpath("./td")) for tr in rows] == [2, 2, 2, 2]
    assert [tr.get("class") for tr in rows] == [None, "row-del", None, "row-ins"]
    assert all(td.xpath("./del") for td in rows[1].xpath("./td"))
    assert all(td.xpath("./ins") for td in rows[3].xpath("./td"))
    assert [ins.text_content() for ins in rows[2].xpath(".//ins")] == [", Argentina"]
    block = tables[0].xpath("ancestor::div[contains(@class, 'tblock')]")[0]
    assert block.get("id") == "t0" and block.xpath("./span[@class='act']")[0].text == "MOD"


def test_html_escapes_cell_text() -> None:
    html = render_html(meetings())
    root = page(html)
    assert root.xpath("//script") == [] and "<script>" not in html
    cells = [td.text_content() for td in root.xpath("//main//div[@class='inline']//td")]
    assert "<script>alert('x')</script> & | pipe" in cells


def test_html_side_by_side_shows_each_side_of_the_table() -> None:
    root = page(render_html(meetings()))
    side = root.xpath("//main//div[contains(@class, 'tblock')]//div[@class='side']")[0]
    old, new = (side.xpath(f"./div[@aria-label='{s}']/table")[0] for s in ("old", "new"))
    assert grid(old) == [["Meeting", "Place"], ["PP-14", "Busan"], ["CMDT-17", "Buenos Aires"]]
    assert grid(new) == [["Meeting", "Place"], ["CMDT-17", "Buenos Aires, Argentina"],
                         ["PP-22", "<script>alert('x')</script> & | pipe"]]
    assert side.xpath(".//ins | .//del | .//*[@id]") == []  # the sides are clean, and ids stay unique


def test_html_paragraph_ids_follow_document_paragraphs() -> None:
    """Every paragraph, table cells and nested tables included, keeps its index in `Document.paragraphs()`."""
    inner = Table(rows=(row("x1", "x2"), row("y1", "y2", revisions=INS)))
    table = Table(rows=(row(cell("a", inner, "b"), "c"), row("d", "e", revisions=DEL), row("f", "g")))
    doc = Document(blocks=(para("first"), table, para("last")))
    root = page(render_html(doc))
    ids = root.xpath("//main//*[starts-with(@id, 'p')]/@id")
    assert ids == [f"p{i}" for i in range(len(doc.paragraphs()))]
    assert [shown(root.get_element_by_id(i)) for i in ids] == [p.text for p in doc.paragraphs()]


def test_html_paragraphs_hidden_in_a_tracked_row_keep_the_numbering() -> None:
    """An inserted row shows its new side: a nested row deleted inside it is not shown, and the paragraphs after
    it keep their index in `Document.paragraphs()`."""
    inner = Table(rows=(row("gone", revisions=DEL), row("kept")))
    doc = Document(blocks=(Table(rows=(row(cell("new", inner), revisions=INS),)), para("after")))
    root = page(render_html(doc))
    assert root.xpath("//main//*[starts-with(@id, 'p')]/@id") == ["p0", "p2", "p3"]
    assert [p.text for p in doc.paragraphs()][3] == "after" == shown(root.get_element_by_id("p3"))
    assert "gone" not in root.xpath("string(//div[@class='inline'])")


def shown(element: Any) -> str:
    """The text of a paragraph element: a top-level paragraph's inline view, or a cell paragraph."""
    inline = element.xpath("./div/div[@class='inline']")
    return str((inline[0] if inline else element).text_content())


def test_html_nested_tables_in_both_views() -> None:
    inner = Table(rows=(row("x1", "x2"), row("new", "row", revisions=INS)))
    doc = Document(blocks=(Table(rows=(row(cell("outer", inner), "c"),)),))
    root = page(render_html(doc))
    inline = root.xpath("//div[@class='inline']/table/tr/td/table")
    assert len(inline) == 1 and [tr.get("class") for tr in inline[0].xpath("./tr")] == [None, "row-ins"]
    old = root.xpath("//div[@aria-label='old']/table/tr/td/table")[0]
    new = root.xpath("//div[@aria-label='new']/table/tr/td/table")[0]
    assert grid(old) == [["x1", "x2"]] and grid(new) == [["x1", "x2"], ["new", "row"]]


def test_html_table_actions() -> None:
    added = Document(blocks=(Table(rows=(row("a", revisions=INS), row("b", revisions=INS))),))
    removed = Document(blocks=(Table(rows=(row("a", revisions=DEL),)),))
    same = Document(blocks=(Table(rows=(row("a"),)),))
    for doc, action in ((added, "ADD"), (removed, "SUP"), (same, "NOC")):
        assert page(render_html(doc)).xpath("//main/div[contains(@class, 'tblock')]/span[@class='act']/text()") \
            == [action]
    assert page(render_html(added)).xpath("//div[@aria-label='old']/table") == []  # no row on the old side


def test_html_character_formatting() -> None:
    spans = [Span(text=t, format=f) for t, f in (
        ("B", RunFormat(bold=True)), ("I", RunFormat(italic=True)), ("U", RunFormat(underline="single")),
        ("S", RunFormat(strike=True)), ("2", RunFormat(vert_align="superscript")),
        ("0", RunFormat(vert_align="subscript")), ("BI", RunFormat(bold=True, italic=True)))]
    root = page(render_html(Document(blocks=(para(*spans),))))
    inline = root.xpath("//div[@id='p0']//div[@class='inline']")[0]
    assert [(el.tag, el.text_content()) for el in inline.iter("b", "i", "u", "s", "sup", "sub")] == [
        ("b", "B"), ("i", "I"), ("u", "U"), ("s", "S"), ("sup", "2"), ("sub", "0"), ("i", "BI"), ("b", "BI")]


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def wml_table(*rows: tuple[str, ...]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{p(run(c))}</w:tc>" for c in r) + "</w:tr>" for r in rows)
    return f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/></w:tblGrid>{cells}</w:tbl>'


def docx_redline() -> Document:
    old = resdiff.read(docx(p(run("Annex")) + wml_table(
        ("Meeting", "Place"), ("PP-14", "Busan"), ("PP-18", "Dubai"), ("CMDT-17", "Buenos Aires")) + p(run("end"))))
    new = resdiff.read(docx(p(run("Annex")) + wml_table(
        ("Meeting", "Place"), ("PP-18", "Dubai"), ("CMDT-17", "Buenos Aires, Argentina"),
        ("PP-22", "Bucharest &lt;script&gt; | x")) + p(run("end"))))
    return resdiff.diff(old, new)


def test_html_of_a_docx_redline() -> None:
    redline = docx_redline()
    root = page(render_html(redline))
    table = root.xpath("//div[@class='inline']/table")[0]
    assert [tr.get("class") for tr in table.xpath("./tr")] == [None, "row-del", None, None, "row-ins"]
    assert grid(table)[4] == ["PP-22", "Bucharest <script> | x"]
    assert root.xpath("//main//*[starts-with(@id, 'p')]/@id") == [f"p{i}" for i in range(len(redline.paragraphs()))]
    assert root.xpath("//script") == []


# ---- Markdown -----------------------------------------------------------------------------------------------------

def test_markdown_pipe_table() -> None:
    table = Table(rows=(
        row("Meeting", "Place"),
        row("PP-14", "Busan", revisions=DEL),
        row("PP-18", Cell(blocks=(para(Span(text="Dubai", revisions=DEL), Span(text="Doha", revisions=INS)),))),
        row("PP-22", "a | b", revisions=INS),
        row("x"),
    ))
    assert render_markdown(Document(blocks=(table,))) == (
        "| Meeting | Place |\n"
        "| --- | --- |\n"
        "| {--PP-14--} | {--Busan--} |\n"
        "| PP-18 | {~~Dubai~>Doha~~} |\n"
        "| {++PP-22++} | {++a \\| b++} |\n"
        "| x |  |\n"
    )


def test_markdown_of_a_docx_redline() -> None:
    assert render_markdown(docx_redline()) == (
        "Annex\n\n"
        "| Meeting | Place |\n"
        "| --- | --- |\n"
        "| {--PP-14--} | {--Busan--} |\n"
        "| PP-18 | Dubai |\n"
        "| CMDT-17 | Buenos Aires{++, Argentina++} |\n"
        "| {++PP-22++} | {++Bucharest \\<script\\> \\| x++} |\n\n"
        "end\n"
    )


def words(doc: Document) -> list[str]:
    """The words of a document's paragraphs, without Markdown's escapes, pipes and table separators."""
    text = " ".join(p.text for p in doc.paragraphs()).replace("\\", "").replace("|", " ")
    return [w for w in text.split() if w != "---"]


@pytest.mark.parametrize("build", [docx_redline, meetings])
def test_markdown_read_back_keeps_every_cell(build: Any) -> None:
    """resdiff's CriticMarkup reader reads a pipe table as paragraphs, one a line: no cell text is lost."""
    redline = build()
    back = resdiff.read(render_markdown(redline).encode(), format="critic")
    assert words(back.reject()) == words(redline.reject())
    assert words(back.accept()) == words(redline.accept())


def test_markdown_tables_a_pipe_table_cannot_hold_are_paragraphs() -> None:
    inner = Table(rows=(row("x1", "x2"),))
    nested = Document(blocks=(Table(rows=(row(cell("a", inner), "b"),)),))
    assert render_markdown(nested) == "a\n\n| x1 | x2 |\n| --- | --- |\n\nb\n"
    several = Document(blocks=(Table(rows=(
        row(cell("a1", "a2"), "b"),
        row(cell("c1", "c2"), "d", revisions=INS),
        row(cell(para("line", Span(text="\nbreak", revisions=INS))), "e"))),))
    out = render_markdown(several)
    assert out == "a1\n\na2\n\nb\n\n{++c1++}\n\n{++c2++}\n\n{++d++}\n\nline  \n{++break++}\n\ne\n"
    back = resdiff.read(out.encode(), format="critic")  # a line break inside a group does not leave it open
    assert [p.text.strip() for p in back.reject().paragraphs() if p.text] == ["a1", "a2", "b", "line", "e"]
    assert "c1" in [p.text for p in back.accept().paragraphs()]


# ---- in a browser -------------------------------------------------------------------------------------------------

def test_tables_in_both_views_in_chromium(tmp_path: Path) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"{chromium} is missing")
    sync_api = pytest.importorskip("playwright.sync_api")
    from test_html_browser import FLAGS

    report = tmp_path / "tables.html"
    report.write_text(render_html(meetings()), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=FLAGS)
        try:
            view = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            view.on("pageerror", lambda e: errors.append(str(e)))
            view.goto(report.as_uri(), wait_until="load")
            block = view.locator("main .tblock")
            assert block.locator(".inline table").is_visible()
            assert block.locator(".inline tr.row-del del").first.is_visible()
            assert not block.locator(".side").is_visible()
            view.click("label[for=view-side]")
            old, new = block.locator("[aria-label=old] table"), block.locator("[aria-label=new] table")
            assert old.is_visible() and new.is_visible() and not block.locator(".inline").is_visible()
            old_box, new_box = old.bounding_box(), new.bounding_box()
            assert old_box and new_box and new_box["x"] >= old_box["x"] + old_box["width"]  # two columns
            assert errors == []
        finally:
            browser.close()


# ---- .docx: a table built in code has no grid ---------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_a_docx_table_without_a_grid_keeps_every_cell_for_pandoc(tmp_path: Path) -> None:
    """A table read from HTML or Markdown, or built in code, has no w:tblGrid of its own; pandoc drops every cell of
    a table whose w:gridCol has no width, so the writer gives each column a share of the text width."""
    path = tmp_path / "t.docx"
    path.write_bytes(resdiff.render(meetings().new(), "docx"))
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
    widths = [c.get(f"{{{W}}}w") for c in document.iter(f"{{{W}}}gridCol")]
    assert widths == ["4680", "4680"]
    text = subprocess.run(["pandoc", str(path), "-t", "plain"], capture_output=True, text=True, check=True).stdout
    for word in ("Meeting", "Place", "CMDT-17", "Buenos Aires, Argentina", "PP-22", "pipe"):
        assert word in text, text
