"""Word's generated list labels on each side of a tracked document (resdiff.numbered), and everything that reads
labels from text seeing them as typed labels: the clause tree, the text, Markdown and HTML writers, the CLI."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import resdiff
from resdiff.cli import main
from resdiff.model import Clause
from resdiff.numbered import generated_labels, type_labels
from resdiff.parse.structure import build_tree
from test_list_labels import ABSTRACT, lvl, package

NUM = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
STAMP = 'w:id="{id}" w:author="A" w:date="2022-09-26T00:00:00Z"'


def p(text: str, *, num: str | None = "1", level: int = 0, mark: str = "", run: str = "", ppr: str = "") -> str:
    """A paragraph: numbered unless num is None; `mark` "ins"/"del" tracks its mark, `run` its text."""
    props = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>' if num else ""
    rpr = f'<w:rPr><w:{mark} {STAMP.format(id=90)}/></w:rPr>' if mark else ""
    t = "delText" if run == "del" else "t"
    body = f'<w:r><w:{t} xml:space="preserve">{text}</w:{t}></w:r>'
    if run:
        body = f'<w:{run} {STAMP.format(id=91)}>{body}</w:{run}>'
    return f'<w:p><w:pPr>{props}{ppr}{rpr}</w:pPr>{body}</w:p>'


def labels_of(data: bytes) -> list[tuple[str | None, str | None]]:
    doc = resdiff.read(data)
    return [(old.text if old else None, new.text if new else None) for old, new in generated_labels(doc)]


def test_a_deleted_item_renumbers_the_items_after_it_on_the_new_side_only() -> None:
    body = (p("Res. 70;") + p("the WSIS statement;", mark="del", run="del") + p("Res. 174;") + p("Res. 179.")
            + p("closing", num=None))
    assert labels_of(package(body, ABSTRACT + NUM)) == [("1", "1"), ("2", None), ("3", "2"), ("4", "3"),
                                                       (None, None)]


def test_an_inserted_item_and_a_nested_level() -> None:
    body = p("one") + p("new", mark="ins", run="ins") + p("sub", level=1) + p("sub two", level=1) + p("two")
    assert labels_of(package(body, ABSTRACT + NUM)) == [
        ("1", "1"), (None, "2"), ("a)", "a)"), ("b)", "b)"), ("2", "3")]


def test_numbering_added_by_a_tracked_property_change_is_new_side_only() -> None:
    change = f'<w:pPrChange {STAMP.format(id=5)}><w:pPr/></w:pPrChange>'
    body = p("one") + p("was plain, now numbered", ppr=change) + p("two")
    assert labels_of(package(body, ABSTRACT + NUM)) == [("1", "1"), (None, "2"), ("2", "3")]


def test_items_in_a_deleted_table_row_do_not_count_on_the_new_side() -> None:
    row = (f'<w:tr><w:trPr><w:del {STAMP.format(id=7)}/></w:trPr><w:tc>'
           + p("in the row", mark="del", run="del") + '</w:tc></w:tr>')
    body = p("one") + f'<w:tbl><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>{row}</w:tbl>' + p("two")
    assert labels_of(package(body, ABSTRACT + NUM)) == [("1", "1"), ("2", None), ("3", "2")]


def test_typed_labels_show_a_renumbering_as_a_tracked_label_change() -> None:
    body = p("a;", level=1) + p("gone;", level=1, mark="del", run="del") + p("kept;", level=1)
    doc = type_labels(resdiff.read(package(body, ABSTRACT + NUM)))
    texts = [[(s.text, s.status) for s in para.spans] for para in doc.paragraphs()]
    assert texts[0] == [("a)\ta;", "unchanged")]
    assert texts[1] == [("b)\tgone;", "deleted")]
    assert texts[2] == [("c", "deleted"), ("b", "inserted"), (")\tkept;", "unchanged")]
    assert all(para.numbering is None for para in doc.paragraphs())


def test_a_document_without_lists_is_returned_as_it_is() -> None:
    doc = resdiff.read(package(p("plain", num=None), ""))
    assert type_labels(doc) is doc


def _resolution(items: str) -> bytes:
    head = (p("RESOLUTION 130 (REV. BUCHAREST, 2022)", num=None) + p("Strengthening the role of ITU", num=None)
            + p("The Plenipotentiary Conference of the International Telecommunication Union (Bucharest, 2022),",
                num=None) + p("recalling", num=None))
    abstract = '<w:abstractNum w:abstractNumId="0">' + lvl(0, "lowerLetter", "%1)") + lvl(1, "lowerRoman", "%2)") \
        + "</w:abstractNum>"
    return package(head + items, abstract + NUM)


def test_the_tree_reads_generated_labels_as_labels_and_says_so() -> None:
    items = (p("Resolution 70;") + p("the WSIS statement;", mark="del", run="del") + p("Resolution 174;")
             + p("first point;", level=1) + p("second point;", level=1) + p("Resolution 179,"))
    tree = build_tree(resdiff.read(_resolution(items)))
    (section,) = tree.sections
    got = [(c.old_label, c.new_label, c.status, c.action, c.label_source, c.new_text) for c in section.clauses]
    assert got == [("a)", "a)", "unchanged", "NOC", "generated", "Resolution 70;"),
                   ("b)", None, "deleted", "SUP", "generated", None),
                   ("c)", "b)", "unchanged", "NOC", "generated", "Resolution 174;"),
                   ("d)", "c)", "unchanged", "NOC", "generated", "Resolution 179,")]
    assert [(c.old_label, c.new_label) for c in section.clauses[2].children] == [("i)", "i)"), ("ii)", "ii)")]
    assert section.clauses[2].renumbered and not section.clauses[0].renumbered


def test_writers_and_the_cli_show_generated_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "p.docx"
    source.write_bytes(_resolution(p("Resolution 70;") + p("gone;", mark="del", run="del") + p("Resolution 174,")))
    assert main(["accept", str(source), "-o", "-"]) == 0
    assert "a)\tResolution 70;\nb)\tResolution 174," in capsys.readouterr().out
    doc = resdiff.read(source)
    markdown = resdiff.render(doc, "md").decode()
    assert "{--b)\tgone;--}" in markdown
    assert "{~~c~>b~~})\tResolution 174," in markdown
    assert "<del>c</del><ins>b</ins>)" in resdiff.render(doc, "html").decode()
    assert main(["tree", str(source), "--json"]) == 0
    assert '"label_source": "generated"' in capsys.readouterr().out


def test_the_docx_redline_keeps_the_numbering_not_typed_labels(tmp_path: Path) -> None:
    old = _resolution(p("Resolution 70;") + p("gone;") + p("Resolution 174,"))
    new = _resolution(p("Resolution 70;") + p("Resolution 174,"))
    redline = resdiff.diff(resdiff.read(old), resdiff.read(new))
    data = resdiff.render(redline, "docx", template=resdiff.read(old))
    reread = resdiff.read(data)
    assert [para.text for para in reread.paragraphs()][-3:] == ["Resolution 70;", "gone;", "Resolution 174,"]
    assert all(para.numbering is not None for para in reread.paragraphs()[-3:])
    clauses = build_tree(reread).sections[0].clauses
    assert [(c.old_label, c.new_label, c.action) for c in clauses] == [
        ("a)", "a)", "NOC"), ("b)", None, "SUP"), ("c)", "b)", "NOC")]


def test_untangle_against_an_auto_numbered_base_gives_the_labels_back_to_word(tmp_path: Path) -> None:
    """Text extracted from a proposal has the list labels typed, glued where they changed (`cb)`); against an
    official text numbered by Word, the labels Word's numbering gives are taken out again and the numbering kept,
    and a label Word cannot give (`b bis)`) stays typed in a paragraph out of the list."""
    base = resdiff.read(_resolution(p("Resolution 70;") + p("the WSIS statement;") + p("Resolution 174,")))
    flat = tmp_path / "proposal.txt"
    flat.write_text("RESOLUTION 130 (REV. BUCHAREST, 2022)\nStrengthening the role of ITU\nThe Plenipotentiary "
                    "Conference of the International Telecommunication Union (Bucharest, 2022),\nrecalling\n"
                    "a)\tResolution 70;\na bis)\tResolution 71;\nb)\tthe WSIS statement;\ncb)\tResolution 174,\n",
                    encoding="utf-8")
    tracked = resdiff.untangle(flat, base=base)
    items = tracked.paragraphs()[4:]
    assert [(para.text, para.numbering is not None and para.numbering.num_id != "0") for para in items] == [
        ("Resolution 70;", True), ("a bis)\tResolution 71;", False), ("the WSIS statement;", True),
        ("Resolution 174,", True)]
    clauses = build_tree(tracked).sections[0].clauses
    assert [(c.old_label, c.new_label, c.action, c.label_source) for c in clauses] == [
        ("a)", "a)", "NOC", "generated"), (None, "a bis)", "ADD", "typed"), ("b)", None, "SUP", "generated"),
        ("c)", "b)", "NOC", "generated")]
    accepted = resdiff.render(tracked.new(), "txt").decode().splitlines()[4:]
    assert accepted == ["a)\tResolution 70;", "a bis)\tResolution 71;", "b)\tResolution 174,"]
    written = resdiff.read(resdiff.render(tracked, "docx", template=base))
    assert [para.text for para in written.new().paragraphs()][4:] == ["Resolution 70;", "a bis)\tResolution 71;",
                                                                     "Resolution 174,"]


# ---- the Res. 130 proposal, labels typed (res130-iap) and generated by Word (res130-iap-autonum) ---------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TYPED = FIXTURES / "res130-iap" / "proposal.docx"
AUTO = FIXTURES / "res130-iap-autonum" / "proposal.docx"


def _clauses(path: Path | bytes) -> list[tuple[object, ...]]:
    def walk(clauses: tuple[Clause, ...]) -> list[Clause]:
        return [c for clause in clauses for c in (clause, *walk(clause.children))]

    tree = build_tree(resdiff.read(path))
    assert tree.messages == ()
    return [(s.call, c.old_label, c.new_label, c.status, c.action, c.old_text, c.new_text, c.label_source)
            for s in tree.sections for c in walk(s.clauses)]


def test_the_auto_numbered_res130_proposal_gives_the_tree_of_the_typed_one() -> None:
    typed, auto = _clauses(TYPED), _clauses(AUTO)
    assert [row[:-1] for row in auto] == [row[:-1] for row in typed]
    labelled = [row for row in auto if row[1] or row[2]]
    assert len(labelled) == 163  # fixtures/res130-iap/labels.tsv
    assert sum(row[-1] == "generated" for row in auto) == 142  # fixtures/res130-iap-autonum/NOTES.md
    assert {row[-1] for row in typed if row[1] or row[2]} == {"typed"}
    renumbered = [row for row in auto if row[1] and row[2] and row[1] != row[2] and row[-1] == "generated"]
    assert len(renumbered) > 20 and all(row[4] in ("NOC", "MOD") for row in renumbered)


def test_check_says_the_same_of_both_and_finds_a_list_that_forgot_to_restart(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = []
    for path in (TYPED, AUTO):
        main(["check", str(path), "--format", "json"])
        results.append([(f["rule"], f["location"], f["message"]) for f in json.loads(capsys.readouterr().out)])
    assert results[0] == results[1]
    # considérant (numId 11) without its "Restart numbering" continues rappelant's a)…q): r), s), t)…
    with zipfile.ZipFile(AUTO) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    numbering = etree.fromstring(parts["word/numbering.xml"])
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    (num,) = [n for n in numbering.iter(f"{w}num") if n.get(f"{w}numId") == "11"]
    for override in num.findall(f"{w}lvlOverride"):
        num.remove(override)
    parts["word/numbering.xml"] = etree.tostring(numbering)
    broken = tmp_path / "continued.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert main(["check", str(broken), "--select", "NUM001", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found and all(f["location"]["section"] == "considérant" for f in found), found
    assert all("restart the numbering" in f["message"] for f in found)


def test_a_word_2010_custom_format_inside_alternate_content() -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    level = (f'<w:lvl w:ilvl="0" xmlns:mc="{mc}"><w:start w:val="1"/><mc:AlternateContent>'
             '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
             '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
             '<w:lvlText w:val="%1."/></w:lvl>')
    data = package(p("first item text") + p("second item text"),
                   f'<w:abstractNum w:abstractNumId="0">{level}</w:abstractNum>' + NUM)
    assert labels_of(data) == [("001.", "001."), ("002.", "002.")]
