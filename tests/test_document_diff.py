"""Redlines that keep the document: run formatting, paragraph properties and tables through diff and .docx.

What the redline .docx says is read with plain lxml here (the package's own XML), not with resdiff's reader.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import resdiff
from resdiff.cli import main
from wml import W, docx, p

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "itu-res130-docx"
NS = {"w": W}


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def run(text: str, props: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_run_properties_survive_a_redline_verbatim() -> None:
    """Properties the model does not name (here w:lang and w:spacing) are written back as they were read."""
    props = '<w:b/><w:spacing w:val="20"/><w:lang w:val="fr-CH"/>'
    old = resdiff.read(docx(p(run("considérant ", '<w:i/>') + run("the title", props))))
    new = resdiff.read(docx(p(run("considérant ", '<w:i/>') + run("the new title", props))))
    redline = resdiff.render(resdiff.diff(old, new), "docx", template=old)
    runs = body(redline).findall(".//w:r", NS)
    assert all(r.find("w:rPr", NS) is not None for r in runs)
    langs = body(redline).findall(".//w:rPr/w:lang", NS)
    assert langs and {el.get(f"{{{W}}}val") for el in langs} == {"fr-CH"}
    assert body(redline).find(".//w:r/w:rPr/w:i", NS) is not None


def test_a_word_made_bold_is_a_tracked_formatting_change() -> None:
    old = resdiff.read(docx(p(run("the essential role"))))
    new = resdiff.read(docx(p(run("the ") + run("essential", "<w:b/>") + run(" role"))))
    redline = resdiff.diff(old, new, author="IAP")
    changed = [s for s in redline.paragraphs()[0].spans if s.format_change is not None]
    assert [(s.text, s.format_change.old if s.format_change else "-") for s in changed] == [("essential", None)]
    assert not any(s.revisions for s in redline.paragraphs()[0].spans)
    xml = body(resdiff.render(redline, "docx", template=old))
    record = xml.find(".//w:r/w:rPr/w:rPrChange", NS)
    assert record is not None and record.get(f"{{{W}}}author") == "IAP"
    assert record.getparent().find("w:b", NS) is not None and record.find("w:rPr", NS) is not None
    assert resdiff.diff(old, new, formatting="ignore").paragraphs()[0].spans[1].format_change is None
    for side, want in ((redline.accept(), True), (redline.reject(), False)):
        bold = [s for s in side.paragraphs()[0].spans if s.format is not None and s.format.bold]
        assert bool(bold) is want


def test_a_style_change_is_a_tracked_paragraph_property_change() -> None:
    styles = ('<w:style w:type="paragraph" w:styleId="Call"><w:name w:val="Call"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>')
    old = resdiff.read(docx(p(run("considering"), style="Normal"), styles=styles))
    new = resdiff.read(docx(p(run("considering"), style="Call"), styles=styles))
    redline = resdiff.diff(old, new)
    assert (redline.accept().paragraphs()[0].style, redline.reject().paragraphs()[0].style) == ("Call", "Normal")
    xml = body(resdiff.render(redline, "docx", template=old))
    assert xml.find(".//w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Call"
    assert xml.find(".//w:pPr/w:pPrChange/w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Normal"


def table(*rows: tuple[str, ...]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{p(run(c))}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/>' \
           f'<w:gridCol w:w="3000"/></w:tblGrid>{cells}</w:tbl>'


def test_tables_are_diffed_as_tables_rows_matched_by_content() -> None:
    old = resdiff.read(docx(p(run("Annex")) + table(("PP-14", "Busan"), ("PP-18", "Dubai"), ("CMDT-17", "Buenos Aires"))
                            + p(run("end"))))
    new = resdiff.read(docx(p(run("Annex")) + table(("PP-18", "Dubai"), ("CMDT-17", "Buenos Aires, Argentina"),
                                                    ("PP-22", "Bucharest")) + p(run("end"))))
    redline = resdiff.diff(old, new)
    tables = [b for b in redline.blocks if b.type == "table"]
    assert len(tables) == 1
    assert [r.revisions[0].kind if r.revisions else "paired" for r in tables[0].rows] == [
        "deleted", "paired", "paired", "inserted"]
    xml = body(resdiff.render(redline, "docx", template=old))
    tbl = xml.find(".//w:tbl", NS)
    assert tbl.find("w:tblPr/w:tblStyle", NS) is not None and len(tbl.findall("w:tblGrid/w:gridCol", NS)) == 2
    assert [bool(tr.find("w:trPr/w:del", NS) is not None) for tr in tbl.findall("w:tr", NS)] == [
        True, False, False, False]
    assert [bool(tr.find("w:trPr/w:ins", NS) is not None) for tr in tbl.findall("w:tr", NS)] == [
        False, False, False, True]
    assert tbl.find("w:tr[1]//w:delText", NS).text == "PP-14"
    assert [t.text for t in tbl.findall("w:tr[3]//w:ins//w:t", NS)] == [", Argentina"]
    for side, want in ((redline.reject(), old), (redline.accept(), new)):
        assert [b.type for b in side.blocks] == ["paragraph", "table", "paragraph"]
        assert side.blocks[1] == want.blocks[1]


def test_a_table_added_whole_is_tracked_row_by_row() -> None:
    old = resdiff.read(docx(p(run("Annex"))))
    new = resdiff.read(docx(p(run("Annex")) + table(("a", "b"), ("c", "d")) + p(run(""))))
    redline = resdiff.diff(old, new)
    assert [r.revisions[0].kind for b in redline.blocks if b.type == "table" for r in b.rows] == ["inserted"] * 2
    assert [b.type for b in redline.reject().blocks] == ["paragraph"]


def test_the_itu_pair_keeps_its_look(tmp_path: Path) -> None:
    """The ITU-styled Res. 130 pair: bold title, italic call lines, styles, the annex table, all in the redline."""
    out = tmp_path / "redline.docx"
    assert main(["diff", str(FIXTURE / "old.docx"), str(FIXTURE / "new.docx"), "-o", str(out), "--author", "IAP"]) == 0
    xml = body(out.read_bytes())
    styles = {el.get(f"{{{W}}}val") for el in xml.iter(f"{{{W}}}pStyle")}
    assert {"ResNo", "Restitle", "Call", "Normalaftertitle", "Reasons", "AnnexNo"} <= styles
    title = next(p for p in xml.iter(f"{{{W}}}p") if "".join(p.itertext()).startswith("RÉSOLUTION 130"))
    assert title.find("w:r/w:rPr/w:b", NS) is not None
    calls = [p for p in xml.iter(f"{{{W}}}p") if p.find("w:pPr/w:pStyle[@w:val='Call']", NS) is not None]
    assert len(calls) >= 10 and all(p.find(".//w:r/w:rPr/w:i", NS) is not None for p in calls)
    assert len(xml.findall(".//w:tbl", NS)) == 1
    assert len(xml.findall(".//w:rPrChange", NS)) >= 2


def _clauses(*texts: str) -> bytes:
    return docx("".join(p(run(t)) for t in texts))


MOVED = "instructs the Director to report annually to the Council on the activities under this resolution"


def test_a_moved_clause_is_written_as_a_move_with_named_ranges() -> None:
    old = resdiff.read(_clauses("resolves", MOVED, "1 to continue the work", "2 to cooperate", "invites"))
    new = resdiff.read(_clauses("resolves", "1 to continue the work", "2 to cooperate", MOVED, "invites"))
    redline = resdiff.diff(old, new, author="IAP")
    kinds = [{s.status for s in p.spans} for p in redline.paragraphs()]
    assert {"moved_from"} in kinds and {"moved_to"} in kinds
    xml = body(resdiff.render(redline, "docx", template=old))
    starts = {el.get(f"{{{W}}}name") for el in xml.iter(f"{{{W}}}moveFromRangeStart")}
    assert starts and starts == {el.get(f"{{{W}}}name") for el in xml.iter(f"{{{W}}}moveToRangeStart")}
    assert "".join(t.text for t in xml.findall(".//w:moveFrom/w:r/w:t", NS)) == MOVED
    assert "".join(t.text for t in xml.findall(".//w:moveTo/w:r/w:t", NS)) == MOVED
    assert xml.find(".//w:pPr/w:rPr/w:moveFrom", NS) is not None
    back = resdiff.read(resdiff.render(redline, "docx", template=old))
    assert [p.text for p in back.accept().paragraphs()] == [p.text for p in new.paragraphs()]
    assert [p.text for p in back.reject().paragraphs()] == [p.text for p in old.paragraphs()]


def test_a_clause_moved_and_edited_is_a_move_with_the_edits_inside() -> None:
    edited = MOVED.replace("annually", "every two years")
    old = resdiff.read(_clauses("considering", MOVED, "a) that", "b) that", "resolves"))
    new = resdiff.read(_clauses("considering", "a) that", "b) that", "resolves", edited))
    redline = resdiff.diff(old, new)
    arrived = next(p for p in redline.paragraphs() if any(s.status == "moved_to" for s in p.spans))
    assert [(s.status, s.text) for s in arrived.spans if s.status != "moved_to"] == [("inserted", "every two years")]
    left = next(p for p in redline.paragraphs() if any(s.status == "moved_from" for s in p.spans))
    assert left.text == MOVED
    for side, want in ((redline.accept(), new), (redline.reject(), old)):
        assert [p.text for p in side.paragraphs()] == [p.text for p in want.paragraphs()]


def test_a_tracked_input_is_compared_in_its_accepted_view_and_said_so(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from wml import dele, dr, ins
    tracked = docx(p(run("resolves to ") + dele(dr("continue")) + ins(run("pursue")) + run(" the work")))
    clean = docx(p(run("resolves to pursue the work further")))
    redline = resdiff.diff(resdiff.read(tracked), resdiff.read(clean))
    assert [(m.code, m.data) for m in redline.messages] == [("tracked-input", {"version": "old"})]
    assert "2 tracked changes" in redline.messages[0].text
    assert redline.reject().paragraphs()[0].text == "resolves to pursue the work"
    rejected_view = resdiff.diff(resdiff.read(tracked), resdiff.read(clean), old_view="rejected")
    assert rejected_view.reject().paragraphs()[0].text == "resolves to continue the work"
    (tmp_path / "p.docx").write_bytes(tracked)
    (tmp_path / "c.docx").write_bytes(clean)
    assert main(["diff", str(tmp_path / "p.docx"), str(tmp_path / "c.docx"), "-o", str(tmp_path / "r.docx")]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "p.docx: the old version already has 2 tracked changes" in err


def test_untangle_against_the_official_docx_gives_the_official_look(tmp_path: Path) -> None:
    """Text extracted from the proposal, untangled against the ITU-styled official text and written into its
    package: Reject All looks like the official document, paragraph for paragraph (styles, italics, bold)."""
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from doclisting import listing

    out = tmp_path / "proposal.docx"
    seed = FIXTURE.parent / "res130-iap" / "seed.txt"
    assert main(["untangle", str(seed), "--base", str(FIXTURE / "old.docx"), "-o", str(out)]) == 0
    rejected = listing(resdiff.render(resdiff.read(out).old(), "docx"))
    official = set(listing(FIXTURE / "old.docx").blocks)
    # the seed's subtitle is broken over three lines and it has blank lines: those are the only differences
    assert sum(1 for block in rejected.blocks if block in official) >= 155
    xml = body(out.read_bytes())
    calls = [p for p in xml.iter(f"{{{W}}}p") if p.find("w:pPr/w:pStyle[@w:val='Call']", NS) is not None]
    assert len(calls) >= 10 and all(p.find(".//w:r/w:rPr/w:i", NS) is not None for p in calls)


def test_the_merged_draft_keeps_the_base_tables_and_look(tmp_path: Path) -> None:
    out = tmp_path / "draft.docx"
    code = main(["merge", str(FIXTURE / "old.docx"), str(FIXTURE / "new.docx"), "--name", "IAP", "-o", str(out)])
    assert code in (0, 1)
    xml = body(out.read_bytes())
    assert len(xml.findall(".//w:tbl", NS)) == 1
    title = next(p for p in xml.iter(f"{{{W}}}p") if "".join(p.itertext()).startswith("RÉSOLUTION 130"))
    assert title.find("w:r/w:rPr/w:b", NS) is not None


def test_redlines_are_byte_identical_and_private_use_characters_survive() -> None:
    """The same inputs give the same bytes (no clock in the diff, fixed zip times); text in the private-use area,
    which note references were once encoded as, is text like any other."""
    old = resdiff.read(FIXTURE / "old.docx")
    new = resdiff.read(FIXTURE / "new.docx")
    first = resdiff.render(resdiff.diff(old, new, author="IAP"), "docx", template=old)
    assert first == resdiff.render(resdiff.diff(old, new, author="IAP"), "docx", template=old)
    private = "\ue000\ue001 \U000f0000 \ufffc"
    a = resdiff.read(docx(p(run(f"resolves {private} to act"))))
    b = resdiff.read(docx(p(run(f"resolves {private} to act now"))))
    redline = resdiff.diff(a, b)
    assert redline.reject().paragraphs()[0].text == f"resolves {private} to act"
    back = resdiff.read(resdiff.render(redline, "docx", template=a))
    assert back.accept().paragraphs()[0].text == f"resolves {private} to act now"


def test_a_json_round_trip_of_the_redline_writes_the_same_package() -> None:
    """The model holds no hidden state: the redline read back from its JSON form (pictures' bytes included)
    writes the very same .docx into the same template."""
    old = resdiff.read(FIXTURE / "old.docx")
    redline = resdiff.diff(old, resdiff.read(FIXTURE / "new.docx"), author="IAP")
    again = resdiff.Document.model_validate_json(redline.model_dump_json())
    assert again == redline
    assert resdiff.render(again, "docx", template=old) == resdiff.render(redline, "docx", template=old)


def test_a_bookmark_inside_a_word_does_not_make_the_word_a_change() -> None:
    """Word leaves a _GoBack bookmark where the cursor was, often inside a word: 'V|ideo'. The word is the same
    word; only the text really edited is marked (as Docxodus and WmlComparer mark it)."""
    start = '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
    old = resdiff.read(docx(p(run("Video provides a powerful way"))))
    new = resdiff.read(docx(p(run("V") + start + run("ideo a powerful way"))))
    redline = resdiff.diff(old, new)
    changed = [(s.status, s.text) for s in redline.paragraphs()[0].spans if s.status != "unchanged" and s.text]
    assert changed == [("deleted", "provides ")]
    assert [s.object.kind for s in redline.paragraphs()[0].spans if s.object] == ["bookmark_start", "bookmark_end"]
    kept = resdiff.diff(new, old)  # the other way, the bookmark only the old version had is kept, deleted
    assert {s.status for s in kept.paragraphs()[0].spans if s.object} == {"deleted"}
    assert [s.object.kind for s in kept.reject().paragraphs()[0].spans if s.object] == ["bookmark_start",
                                                                                       "bookmark_end"]


def test_the_itu_fixture_is_what_its_generator_makes(tmp_path: Path) -> None:
    """fixtures/itu-res130-docx is generated: its make.py, run on a copy, writes the committed bytes again."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "itu-res130-docx"
    copy.mkdir()
    shutil.copy(FIXTURE / "make.py", copy / "make.py")
    shutil.copytree(FIXTURE.parent / "res130-iap", tmp_path / "res130-iap")
    subprocess.run([sys.executable, str(copy / "make.py")], check=True, capture_output=True, timeout=120)
    for name in ("old.docx", "new.docx"):
        assert (copy / name).read_bytes() == (FIXTURE / name).read_bytes(), name


def test_a_table_row_a_proposal_adds_reaches_the_merged_draft() -> None:
    """The rows of an inserted table row are whole-paragraph insertions: merge places them instead of reporting
    them as text missing from the base."""
    base = resdiff.read(FIXTURE / "old.docx")
    synopsis = resdiff.merge(base, [FIXTURE / "new.docx"], names=["IAP"])
    assert [m.code for m in synopsis.messages if m.code == "not-in-base"] == []
    assert {"CMDT-22", "Kigali", "6–16 juin 2022"} <= {p.text for p in synopsis.draft.accept().paragraphs()}


def test_a_page_break_stays_a_page_break() -> None:
    """ITU texts start their annexes on a new page: the break is a line break in the text, and a page break in
    every .docx written from the model (it was written as a plain line break)."""
    old = resdiff.read(docx(p(run("end of the resolution") + '<w:r><w:br w:type="page"/></w:r>' + run("ANNEX"))))
    new = resdiff.read(docx(p(run("end of the resolution") + '<w:r><w:br w:type="page"/></w:r>' + run("ANNEX 1"))))
    redline = resdiff.diff(old, new)
    assert redline.accept().paragraphs()[0].text == "end of the resolution\nANNEX 1"
    for template in (None, old):
        xml = body(resdiff.render(redline, "docx", template=template))
        assert [br.get(f"{{{W}}}type") for br in xml.iter(f"{{{W}}}br")] == ["page"]
