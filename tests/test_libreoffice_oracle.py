"""LibreOffice as a third oracle (beside pandoc and Open-XML-PowerTools' expected documents) for Accept All /
Reject All, and for the writers whose output LibreOffice reads.

1. Accept / Reject. For every corpus document with revisions (MANIFEST: any revision element; a spread sample by
   default, all 242 under `slow`) and each side, resdiff's own text of the side (`render(side, "txt")`) is
   compared, paragraph by paragraph and note by note (`lonormal`), with LibreOffice's text export of
   * "package": resdiff's .docx of the side, `render(side, "docx")`: the original package with its revisions
     resolved in place, what `resdiff accept|reject IN -o OUT.docx` writes (`test_the_cli_writes_the_package`);
   * "model": the side's model written into a fresh package (`side.with_source(None)`, python-docx's template),
     the writer of every .docx resdiff builds from its model (redlines, CriticMarkup, text);
   * "libreoffice": the original document after LibreOffice's own Accept All / Reject All (a Basic macro,
     `lotext`; the Python-UNO bridge is not installed here, and not needed).
   Math (OMML) and text boxes are removed from every input first (`corpus.without_math_and_text_boxes`):
   LibreOffice's text export writes nothing for an equation (an embedded Math object) and leaves out the text of
   frames and drawing shapes, where resdiff writes both (tests/test_conservation.py checks that text).

2. Writers: test_libreoffice_writers.py. The rules of the comparison (`lonormal`) and the LibreOffice runner
   (`lotext`) have tests of their own at the end of this module, without LibreOffice.

What LibreOffice does differently is in `LIBREOFFICE_DIFFERS`, file by file, with what Word does and where that
is documented; where resdiff is wrong, in `RESDIFF_BUGS`. Both run as strict xfails: a fix shows up as XPASS.
Where LibreOffice's own Accept / Reject differs from resdiff's, the deciding reference is, where the corpus has one,
Open-XML-PowerTools' RevisionAccepter expectation (RP*-Accepted/-Rejected.docx) or, for the WmlComparer redlines
of openxml-powertools-emrosenf, the two documents compared (golden/manifest.json Source1 / Source2): in each such
case listed below resdiff's text equals the reference as LibreOffice reads it (plain, no revisions involved), and
LibreOffice's own result does not. Elsewhere the reason cites ECMA-376 and says what pandoc does.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import resdiff
from corpus import (
    CORPUS,
    corpus_missing,
    corpus_path,
    has_any_revisions,
    manifest_rows,
    spread_sample,
    without_math_and_text_boxes,
)
from lonormal import Written, compare, libreoffice_line, resdiff_text, squash
from lotext import Exported, Job, Note, export_text, fodt_notes, soffice

TRACKED = sorted(row["path"] for row in manifest_rows() if has_any_revisions(row))
SIDES = ("accept", "reject")
ROUTES = ("package", "model", "libreoffice")
# Documents that exercise the rules of `lonormal` (endnote marks in lower roman, a Symbol bullet "?" and page
# breaks at both ends of paragraphs, a w:sym): run by default beside a spread sample.
RULE_SAMPLE = {"openxml-powertools-emrosenf/golden/wml/WC-1710.docx", "docx4j/sample-docx.docx",
               "openxml-powertools/RP/RP043-MERGEFORMAT-Field-Code.docx"}
SAMPLE = sorted(set(spread_sample(TRACKED, 6)) | RULE_SAMPLE)
needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not on PATH")


@dataclass(frozen=True)
class Known:
    """A difference that is understood: on which sides and routes it shows, and why."""

    reason: str
    sides: tuple[str, ...] = SIDES
    routes: tuple[str, ...] = ROUTES


ALL = ROUTES
OWN = ("libreoffice",)
READ = ("package", "libreoffice")  # LibreOffice reading resdiff's package and the original alike

DATE_FIELD = (
    "a DATE or TIME field: LibreOffice shows today's date, where resdiff (and pandoc, and the package) keep the "
    "result stored in the field (ECMA-376 Part 1 §17.16.19 fldSimple: the runs inside are 'the current field "
    "result'). Word too updates a DATE field when it opens a document ([MS-OODF3] 2.1.901: 'On load, if the date "
    "field is not fixed, Word displays the current date'), so neither text is wrong: the date is not a revision"
)
PAGE_FIELD = (
    "PAGE and NUMPAGES fields ('Auto-page: - 3 –', 'Page 3 of 4'): their results are the page number and the "
    "number of pages as laid out (ECMA-376 Part 1 §17.16.5, PAGE and NUMPAGES), which Word recomputes whenever it "
    "lays the document out; headless LibreOffice recomputes them without a layout ('0', '2'), resdiff keeps the "
    "results stored in the package. The drop cap of this document is compared as `lonormal` says"
)
OWN_PARAGRAPH_MARK = (
    "LibreOffice's own Accept/Reject All keeps or drops an empty paragraph where the paragraph mark itself is the "
    "revision (an inserted mark rejected, a deleted one accepted, at the end of the document, before or after a "
    "table): Word removes such a mark and joins what was before it with the next paragraph (ECMA-376 Part 1 "
    "§17.13.5 ins/del on w:pPr/w:rPr: 'the contents of this paragraph are ... combined with the following "
    "paragraph'). resdiff's text equals the reference"
)
OWN_TABLE_CELLS = (
    "w:cellIns / w:cellDel (ECMA-376 Part 1 §17.13.5.1 cellDel, and cellIns): LibreOffice 7.4 imports no cell "
    "revisions, so "
    "its Accept/Reject All leaves the two cells that Word removes. resdiff's text equals the reference"
)
OWN_TABLE_ROWS = (
    "a table whose every row is inserted (w:trPr/w:ins), rejected: Word removes the rows and so the table; "
    "LibreOffice's Reject All leaves its empty paragraphs behind. resdiff's text has neither"
)
OWN_CONTENT_CONTROL = (
    "revisions inside a content control (w:sdt): LibreOffice 7.4 imports the control's content without its "
    "revisions, so its Accept/Reject All keeps deleted text (RP004) or both ends of a move (RP018). resdiff's text "
    "equals the reference"
)
OWN_NUMBERING_CHANGE = (
    "numbering added through a paragraph property revision (w:pPrChange holding the old w:pPr without w:numPr): "
    "Word's Reject All restores the old properties (ECMA-376 Part 1 §17.13.5.29 pPrChange), so the paragraph has "
    "no number; LibreOffice's Reject All keeps '1.'. resdiff follows Word (RP021: as its -Rejected.docx)"
)
FLOATING_TABLE = (
    "a floating table (w:tblPr/w:tblpPr): LibreOffice imports it into a text frame, and its text export leaves "
    "frames out, so the table's 15 cells are missing from its text (also from its reading of Open-XML-PowerTools' "
    "RP001-*-Accepted.docx); in the fresh package of the model route LibreOffice keeps it in the body"
)

LIBREOFFICE_DIFFERS: dict[str, Known] = {
    "apache-poi/Tika-792.docx": Known(
        "an insertion inside a move source (w:moveFrom/w:ins 'b'): Accept All removes the move source with "
        "everything in it (ECMA-376 Part 1 §17.13.5 moveFrom); LibreOffice keeps the nested insertion. resdiff "
        "and pandoc give an empty paragraph", ("accept",), OWN),
    "apache-tika/testWORD_2006ml.docx": Known(
        "LibreOffice's own Accept All adds an empty paragraph before the table 'R1c1', where the document has no "
        "revision: its reading of resdiff's accepted package (the package route) has none there, nor has resdiff",
        ("accept",), OWN),
    "apache-poi/stress023.docx": Known(
        "Reject All of paragraph 'E.', whose mark is inserted, followed by a paragraph whose content is all "
        "inserted but whose mark is not: Word removes E's mark, so E joins the next paragraph's (kept, now empty) "
        "mark and 'F.' stays a paragraph of its own (ECMA-376 Part 1 §17.13.5 ins on the paragraph mark); "
        "LibreOffice also removes the untracked mark and joins 'E.' with 'F.'", ("reject",), OWN),
    "docxodus/FA/RevTracking/003-DeletedFieldCode.docx": Known(DATE_FIELD, ("reject",)),
    "docxodus/FA/RevTracking/005-InsertedNumberedParagraph.docx": Known(OWN_NUMBERING_CHANGE, ("reject",), OWN),
    "docxodus/FA/RevTracking/008-InsertedFieldCode.docx": Known(DATE_FIELD),
    "open-xml-sdk/Comment020.docx": Known(OWN_TABLE_ROWS, SIDES, OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1210.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1230.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1250.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1330.docx": Known(OWN_PARAGRAPH_MARK, ("accept",), OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1420.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1430.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1440.docx": Known(OWN_PARAGRAPH_MARK, SIDES, OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1550.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools-emrosenf/golden/wml/WC-1840.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools/HC031-Complicated-Document.docx": Known(DATE_FIELD),
    "openxml-powertools/RP/RP001-Tracked-Revisions-01.docx": Known(FLOATING_TABLE, SIDES, READ),
    "openxml-powertools/RP/RP001-Tracked-Revisions-02.docx": Known(FLOATING_TABLE, SIDES, READ),
    "openxml-powertools/RP/RP004-Deleted-Text-in-CC.docx": Known(OWN_CONTENT_CONTROL, ("accept",), OWN),
    "openxml-powertools/RP/RP018-MoveFrom-MoveTo-CC.docx": Known(OWN_CONTENT_CONTROL, SIDES, OWN),
    "openxml-powertools/RP/RP019-Deleted-Field-Code.docx": Known(DATE_FIELD, ("reject",)),
    "openxml-powertools/RP/RP020-Inserted-Field-Code.docx": Known(DATE_FIELD, ("accept",)),
    "openxml-powertools/RP/RP021-Inserted-Numbering-Properties.docx": Known(OWN_NUMBERING_CHANGE, ("reject",), OWN),
    "openxml-powertools/RP/RP033-Table-Prop-Ex-Change.docx": Known(
        "rows with w:gridBefore/w:gridAfter: LibreOffice fills the skipped grid columns with empty cells of its "
        "own (6 more empty paragraphs in its text); in Word they are no cells, only skipped grid columns "
        "(ECMA-376 Part 1 §17.4 gridBefore), as tests/test_doclisting.py records for the same file"),
    "openxml-powertools/RP/RP034-Deleted-Cells.docx": Known(OWN_TABLE_CELLS, ("accept",), OWN),
    "openxml-powertools/RP/RP035-Inserted-Cells.docx": Known(OWN_TABLE_CELLS, ("reject",), OWN),
    "openxml-powertools/RP/RP038-Inserted-Paras-at-End.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools/RP/RP039-Inserted-Paras-at-End.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools/RP/RP042-Deleted-Para-Mark-at-End.docx": Known(OWN_PARAGRAPH_MARK, ("accept",), OWN),
    "openxml-powertools/RP/RP047-Inserted-and-Deleted-Paragraph-Mark.docx": Known(
        OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools/RP/RP049-Deleted-Para-Before-Table.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "openxml-powertools/RP/RP051-Arabic.docx": Known(
        "LibreOffice 7.4 imports none of this document's revisions (its Redlines collection is empty after "
        "loading), so its Accept/Reject All changes nothing and its text has inserted and deleted text alike",
        SIDES, OWN),
    "python-redlines/expected_redline.docx": Known(OWN_PARAGRAPH_MARK, ("reject",), OWN),
    "superdoc/advanced-text.docx": Known(PAGE_FIELD),
    "superdoc/font-formatting-runs.docx": Known(PAGE_FIELD),
}

# resdiff's faults that LibreOffice shows (see the closing notes of issue 19); not fixed here.
RESDIFF_BUGS: dict[str, Known] = {
    "open-xml-sdk/customXmlDelRangeStart-Custom_XML_Markup_Deletion_Start-val-author-special-chars.docx": Known(
        "an ISO/IEC 29500 Strict document written into a fresh (Transitional) package: the model writer copies "
        "Strict w:bookmarkStart/w:bookmarkEnd elements verbatim, and lxml writes each with its w:id twice "
        "(`w:id` of the Strict namespace re-prefixed `w`): word/document.xml is not well-formed, LibreOffice cannot "
        "load it and resdiff.read refuses it. Reachable from the CLI: `resdiff diff` of two Strict documents", SIDES,
        ("model",)),
    "apache-tika/testWORD_2006ml.docx": Known(
        "the model writer drops a field that spans paragraphs: the TOC field's w:fldChar begin/separate/end and "
        "its w:instrText (and the w:sdt around it) are gone, the PAGEREF fields inside are kept; LibreOffice then "
        "shows the entries without their page numbers ('Heading1' for 'Heading1 3')", SIDES, ("model",)),
    "docx-rs/paragraph_property_change.docx": Known(
        "the model writer puts a paragraph's w:numPr into python-docx's template, whose own numbering part gives "
        "the same numId another list: the Reject All side's label '第１条' (decimalFullWidth) comes out as '第1条'",
        ("reject",), ("model",)),
    "python-redlines/expected_redline.docx": Known(
        "the model writer puts w:numPr numId 1 into python-docx's template, whose numbering part defines numId 1 "
        "as a bullet list; the source has no numbering part, so the item (no number in Word, resdiff and "
        "LibreOffice's reading of the package) gains a '•'", ("accept",), ("model",)),
    "superdoc/sdpr.docx": Known(
        "list labels through w:numStyleLink are not followed: numId 2 → abstractNum 0, whose w:numStyleLink "
        "'Imported Style 1' names a numbering style pointing at numId 1 (bullets '●'). Word follows the link "
        "(ECMA-376 Part 1 §17.9 numStyleLink), and LibreOffice shows '•'; resdiff gives the items no label, "
        "and its model writer, without the numbering style, makes them '1.', '2.'..."),
    "openxml-powertools/RP/RP043-MERGEFORMAT-Field-Code.docx": Known(
        "Accept All leaves an orphan field code: the field's w:fldChar begin/separate/end and its first w:instrText "
        "are deleted, a later w:instrText ' \\* MERGEFORMAT ' is not; the package transform keeps that w:instrText "
        "outside any field, and LibreOffice shows it as text. ECMA-376 Part 1 §17.16 instrText: is field code "
        "'within a complex field'; Open-XML-PowerTools' RP043-*-Accepted.docx has none", ("accept",), ("package",)),
    "openxml-powertools/RP/RP044-MERGEFORMAT-Field-Code.docx": Known(
        "the orphan ' \\* MERGEFORMAT ' field code of RP043", ("accept",), ("package",)),
}


def _marks(path: str, side: str, route: str) -> list[pytest.MarkDecorator]:
    for table in (LIBREOFFICE_DIFFERS, RESDIFF_BUGS):
        known = table.get(path)
        if known and side in known.sides and route in known.routes:
            return [pytest.mark.xfail(strict=True, reason=known.reason)]
    return []


def _cases(paths: list[str]) -> list[object]:
    return [pytest.param(path, side, route, id=f"{path}-{side}-{route}", marks=_marks(path, side, route))
            for path in paths for side in SIDES for route in ROUTES]


@dataclass(frozen=True)
class Resolved:
    """resdiff's text of one side, and LibreOffice's text of that side by each route."""

    written: Written
    exported: dict[str, Exported]


def _resolve(paths: list[str], workdir: Path) -> dict[tuple[str, str], Resolved]:
    """Every side of every document through every route, with one LibreOffice run for all of them."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    if not (CORPUS / "MANIFEST.tsv").exists():
        corpus_missing()
    routes: dict[tuple[str, str], tuple[Written, dict[str, Job]]] = {}
    for n, path in enumerate(paths):
        data = without_math_and_text_boxes(corpus_path(path).read_bytes())
        original = workdir / f"{n:03d}.docx"
        original.write_bytes(data)
        doc = resdiff.read(data, name=path)
        for side in SIDES:
            resolved = doc.new() if side == "accept" else doc.old()
            written = resdiff_text(resolved)
            package, model = workdir / f"{n:03d}-{side}-package.docx", workdir / f"{n:03d}-{side}-model.docx"
            package.write_bytes(resdiff.render(resolved, "docx"))
            model.write_bytes(resdiff.render(resolved.with_source(None), "docx"))
            notes = bool(written.notes)
            routes[path, side] = (written, {"package": Job(package, notes=notes), "model": Job(model, notes=notes),
                                            "libreoffice": Job(original, "accept" if side == "accept" else "reject",
                                                               notes)})
    exported = export_text([job for _, jobs in routes.values() for job in jobs.values()], workdir / "lo")
    return {key: Resolved(written, {route: exported[job] for route, job in jobs.items()})
            for key, (written, jobs) in routes.items()}


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Resolved]:
    return _resolve(SAMPLE, tmp_path_factory.mktemp("lo-oracle-sample"))


@pytest.fixture(scope="session")
def every(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Resolved]:
    return _resolve(TRACKED, tmp_path_factory.mktemp("lo-oracle-all"))


def check(resolved: Resolved, path: str, side: str, route: str) -> None:
    exported = resolved.exported[route]
    assert not exported.failed, f"{path} ({side}, {route}): LibreOffice could not read it: {exported.log}"
    if route == "libreoffice":
        assert exported.redlines[1] == 0, f"LibreOffice's {side} left tracked changes: {exported.log}"
    difference = compare(resolved.written, exported)
    if difference is not None:
        pytest.fail(f"{path} ({side}, {route}): resdiff's text and LibreOffice's differ\n{difference}")


def test_the_lists_name_corpus_files() -> None:
    if not (CORPUS / "MANIFEST.tsv").exists():
        corpus_missing()
    assert len(TRACKED) == 242 and len(SAMPLE) == 9 and set(TRACKED) >= RULE_SAMPLE
    assert set(LIBREOFFICE_DIFFERS) <= set(TRACKED) and set(RESDIFF_BUGS) <= set(TRACKED)
    assert not {(p, s, r) for p in set(LIBREOFFICE_DIFFERS) & set(RESDIFF_BUGS) for s in SIDES for r in ROUTES
                if s in LIBREOFFICE_DIFFERS[p].sides and s in RESDIFF_BUGS[p].sides
                and r in LIBREOFFICE_DIFFERS[p].routes and r in RESDIFF_BUGS[p].routes}
    assert {p.split("/", 1)[0] for p in SAMPLE} <= {p.split("/", 1)[0] for p in TRACKED}


@needs_soffice
@pytest.mark.parametrize(("path", "side", "route"), _cases(SAMPLE))
def test_libreoffice_reads_the_same_text_sample(path: str, side: str, route: str,
                                                sample: dict[tuple[str, str], Resolved]) -> None:
    check(sample[path, side], path, side, route)


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize(("path", "side", "route"), _cases(TRACKED))
def test_libreoffice_reads_the_same_text(path: str, side: str, route: str,
                                         every: dict[tuple[str, str], Resolved]) -> None:
    check(every[path, side], path, side, route)


def test_the_cli_writes_the_package(tmp_path: Path) -> None:
    """The "package" route is what `resdiff accept|reject IN -o OUT.docx` writes, byte for byte."""
    source = Path(__file__).resolve().parent.parent / "fixtures" / "res130-iap" / "proposal.docx"
    doc = resdiff.read(source)
    for command, side in (("accept", doc.new()), ("reject", doc.old())):
        out = tmp_path / f"{command}.docx"
        run = subprocess.run([sys.executable, "-m", "resdiff.cli", command, str(source), "-o", str(out)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert out.read_bytes() == resdiff.render(side, "docx")


# ---- the normaliser's rules, without LibreOffice ----------------------------------------------------------------

def test_squash_reads_symbol_fonts_and_drops_zero_width_characters() -> None:
    assert squash("  a\t\u00a0b\u200b\u200dc \uf02a ") == "a bc *"
    assert libreoffice_line("    \u2022 A Nepalese") == "• A Nepalese"
    assert libreoffice_line("\u2705 View") == "\u2705 View"  # no indentation: text, not a label
    assert libreoffice_line("-\ttyped") == "- typed"


def test_libreoffice_lines_and_notes(tmp_path: Path) -> None:
    assert Exported("\ufeffa\n\nb\n", "before 0 after 0").lines() == ["a", "", "b"]
    assert Exported("", "before 0 after 0").lines() == [""]  # one empty paragraph: an empty file
    assert Exported("", "before 3 after 0").redlines == (3, 0)
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    fodt = tmp_path / "notes.fodt"
    fodt.write_text(
        f'<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="{text}">'
        '<office:body><office:text><text:p>x<text:note text:note-class="endnote"><text:note-citation>i'
        '</text:note-citation><text:note-body><text:p>one<text:s text:c="2"/>two<text:tab/>three</text:p>'
        '<text:p>four</text:p></text:note-body></text:note></text:p></office:text></office:body></office:document>',
        encoding="utf-8")
    assert fodt_notes(fodt) == (Note("endnote", "i", "one  two\tthree four"),)


def test_notes_are_matched_by_kind_and_order() -> None:
    written = Written(("V[1]ideo [e2]provides.",), (("footnote", "1"), ("endnote", "e2")),
                      (("footnote", "1", "Foo"), ("endnote", "e2", " New  endnote.")))
    exported = Exported("\ufeffV1ideo iprovides.\n", "before 0 after 0",
                        (Note("footnote", "1", " Foo"), Note("endnote", "i", "New endnote.")))
    assert compare(written, exported) is None
    assert compare(written, Exported("\ufeffV1ideo provides.\n", "", exported.notes)) is not None
