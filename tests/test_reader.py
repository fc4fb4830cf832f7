"""The DOCX reader and the two views, on hand-written WordprocessingML (one behaviour per test)."""

from __future__ import annotations

import pytest

import resdiff
from resdiff.model import Document
from wml import dele, docx, dr, ins, p, r


def texts(doc: Document) -> list[str]:
    return [paragraph.text for paragraph in doc.paragraphs()]


def both(doc: Document) -> tuple[list[str], list[str]]:
    """Texts of the old and new sides, from the model and — checked equal — from the transformed package."""
    sides = []
    for side in (doc.old(), doc.new()):
        back = resdiff.read(resdiff.render(side, "docx"))
        assert not back.has_revisions
        assert texts(back) == texts(side)
        sides.append(texts(side))
    return sides[0], sides[1]


def test_inserted_and_deleted_text() -> None:
    doc = resdiff.read(docx(p(r("Resolution 130 (Rev. ") + dele(dr("Dubai, 2018")) + ins(r("Bucharest, 2022")) + r(")"))))
    assert both(doc) == (["Resolution 130 (Rev. Dubai, 2018)"], ["Resolution 130 (Rev. Bucharest, 2022)"])
    assert [(s.status, s.text) for s in doc.paragraphs()[0].spans] == [
        ("unchanged", "Resolution 130 (Rev. "),
        ("deleted", "Dubai, 2018"),
        ("inserted", "Bucharest, 2022"),
        ("unchanged", ")"),
    ]


def test_revision_carries_author_date_and_id() -> None:
    doc = resdiff.read(docx(p(ins(r("x"), author="EUR", rid="42"))))
    rev = doc.paragraphs()[0].spans[0].revisions[0]
    assert (rev.kind, rev.author, rev.date, rev.id) == ("inserted", "EUR", "2022-01-01T00:00:00Z", "42")


def test_another_authors_deletion_inside_an_insertion_is_on_neither_side() -> None:
    body = p(r("a ") + ins(r("b ") + dele(dr("c "), author="B", rid="2") + r("d"), author="A"))
    doc = resdiff.read(docx(body))
    assert both(doc) == (["a "], ["a b d"])
    nested = next(s for s in doc.paragraphs()[0].spans if s.text == "c ")
    assert [x.author for x in nested.revisions] == ["A", "B"]


def test_deleted_paragraph_mark_joins_the_next_paragraph() -> None:
    doc = resdiff.read(docx(p(r("one "), mark="del") + p(r("two"))))
    assert both(doc) == (["one ", "two"], ["one two"])


def test_inserted_paragraph_mark_joins_on_reject() -> None:
    doc = resdiff.read(docx(p(r("one ") + ins(r("new")), mark="ins") + p(r("two"))))
    assert both(doc) == (["one two"], ["one new", "two"])


def test_a_wholly_deleted_paragraph_disappears() -> None:
    doc = resdiff.read(docx(p(r("a")) + p(dele(dr("gone")), mark="del") + p(r("b"))))
    assert both(doc) == (["a", "gone", "b"], ["a", "b"])


def test_consecutive_deleted_marks_chain() -> None:
    doc = resdiff.read(docx(p(r("1"), mark="del") + p(r("2"), mark="del") + p(r("3"))))
    assert both(doc)[1] == ["123"]


def test_deleted_mark_before_a_table_keeps_its_content() -> None:
    table = "<w:tbl><w:tr><w:tc>" + p(r("cell")) + "</w:tc></w:tr></w:tbl>"
    doc = resdiff.read(docx(p(r("kept"), mark="del") + table + p(r("after"))))
    assert both(doc)[1] == ["kept", "cell", "after"]


def test_moves_are_a_deletion_at_the_source_and_an_insertion_at_the_target() -> None:
    mf = '<w:moveFrom w:id="1" w:author="A">' + dr("moved") + "</w:moveFrom>"
    mt = '<w:moveTo w:id="2" w:author="A">' + r("moved") + "</w:moveTo>"
    doc = resdiff.read(docx(p(r("x ") + mf) + p(r("y ") + mt)))
    assert both(doc) == (["x moved", "y "], ["x ", "y moved"])
    assert {s.status for s in doc.paragraphs()[0].spans} == {"unchanged", "moved_from"}


def test_table_rows_and_cells_inserted_and_deleted() -> None:
    def row(text: str, mark: str = "") -> str:
        props = f'<w:trPr><w:{mark} w:id="5" w:author="A"/></w:trPr>' if mark else ""
        return f"<w:tr>{props}<w:tc>{p(r(text))}</w:tc></w:tr>"

    cell_ins = '<w:tc><w:tcPr><w:cellIns w:id="6" w:author="A"/></w:tcPr>' + p(r("newcell")) + "</w:tc>"
    cell_del = '<w:tc><w:tcPr><w:cellDel w:id="7" w:author="A"/></w:tcPr>' + p(r("oldcell")) + "</w:tc>"
    table = f"<w:tbl>{row('kept')}{row('added', 'ins')}{row('removed', 'del')}<w:tr>{cell_ins}{cell_del}</w:tr></w:tbl>"
    doc = resdiff.read(docx(table))
    assert both(doc) == (["kept", "removed", "oldcell"], ["kept", "added", "newcell"])


def test_field_codes_are_not_text_but_results_are() -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("resolves 2")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    deleted_code = dele('<w:r><w:delInstrText> PAGE </w:delInstrText></w:r>')
    doc = resdiff.read(docx(p(r("see ") + field + deleted_code)))
    assert both(doc) == (["see resolves 2"], ["see resolves 2"])


def test_simple_fields_hyperlinks_and_content_controls_are_read_through() -> None:
    body = p(
        '<w:fldSimple w:instr=" NUMPAGES ">' + r("3") + "</w:fldSimple>"
        + '<w:hyperlink r:id="x" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + ins(r(" link")) + "</w:hyperlink>"
        + "<w:sdt><w:sdtPr/><w:sdtContent>" + r(" cc") + "</w:sdtContent></w:sdt>"
    )
    assert both(resdiff.read(docx(body))) == (["3 cc"], ["3 link cc"])


def test_tabs_breaks_symbols_and_hyphens() -> None:
    run = '<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:sym w:font="Symbol" w:char="F0B7"/><w:noBreakHyphen/></w:r>'
    assert texts(resdiff.read(docx(p(run)))) == ["a\tb\n\u00b7\u2011"]


def test_footnotes_are_notes_with_their_own_revisions() -> None:
    body = p(r("developing countries") + '<w:r><w:footnoteReference w:id="1"/></w:r>')
    notes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1">' + p('<w:r><w:footnoteRef/></w:r>' + r(" These include ") + ins(r("LDCs"))) + "</w:footnote>"
    )
    doc = resdiff.read(docx(body, footnotes=notes))
    assert [n.id for n in doc.notes] == ["1"]
    assert doc.paragraphs()[0].spans[-1].note is not None
    assert resdiff.render(doc.new(), "txt").decode() == "developing countries[1]\n\n[1] These include LDCs\n"
    assert resdiff.render(doc.old(), "txt").decode() == "developing countries[1]\n\n[1] These include\n"
    assert [r.part for r in doc.revisions()] == ["footnote"]


def test_strict_namespace_documents_read_like_transitional_ones() -> None:
    strict = docx(p(r("a") + ins(r("b")) + dele(dr("c"))).replace("w:", "w:"), strict=True)
    assert both(resdiff.read(strict)) == (["ac"], ["ab"])


def test_reused_revision_ids_do_not_merge_revisions() -> None:
    body = p(ins(r("one"), rid="1") + r(" ") + dele(dr("two"), rid="1"))
    doc = resdiff.read(docx(body))
    assert both(doc) == ([" two"], ["one "])
    assert [x.kind for x in doc.revisions()] == ["inserted", "deleted"]


def test_property_changes_are_metadata_resolved_by_the_views() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Call"><w:name w:val="Call"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    )
    change = '<w:pPrChange w:id="3" w:author="A"><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:pPrChange>'
    run = '<w:r><w:rPr><w:b/><w:rPrChange w:id="4" w:author="A"><w:rPr/></w:rPrChange></w:rPr><w:t>resolves</w:t></w:r>'
    body = f'<w:p><w:pPr><w:pStyle w:val="Call"/>{change}</w:pPr>{run}</w:p>'
    doc = resdiff.read(docx(body, styles=styles))
    paragraph = doc.paragraphs()[0]
    assert [c.target for c in paragraph.property_changes] == ["paragraph"]
    assert [r.kind for r in doc.revisions()] == ["paragraph_property_change", "run_property_change"]
    span = paragraph.spans[0]
    assert span.format is not None and span.format.bold and span.format_change is not None
    assert span.format_change.author == "A" and span.format_change.old is None
    assert (doc.new().paragraphs()[0].spans[0].format, doc.old().paragraphs()[0].spans[0].format) == (
        span.format, None)
    assert (doc.new().paragraphs()[0].style, doc.old().paragraphs()[0].style) == ("Call", "Normal")
    assert doc.paragraphs()[0].text == "resolves"
    rejected = resdiff.render(doc.old(), "docx")
    assert b"pPrChange" not in rejected and b"rPrChange" not in rejected
    assert resdiff.read(rejected).paragraphs()[0].style == "Normal"


def test_formatting_markup_reads_underline_as_inserted_and_strike_as_deleted() -> None:
    body = p(
        r("RESOLUTION 130 (REV. ")
        + '<w:r><w:rPr><w:strike/></w:rPr><w:t>DUBAI, 2018</w:t></w:r>'
        + '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>BUCHAREST, 2022</w:t></w:r>'
        + '<w:r><w:rPr><w:u w:val="none"/></w:rPr><w:t>)</w:t></w:r>'
    )
    plain = resdiff.read(docx(body))
    assert not plain.has_revisions
    marked = resdiff.read(docx(body), markup="formatting")
    assert both(marked) == (["RESOLUTION 130 (REV. DUBAI, 2018)"], ["RESOLUTION 130 (REV. BUCHAREST, 2022)"])
    accepted = resdiff.render(marked.new(), "docx")
    assert b"<w:u " not in accepted.replace(b'w:val="none"', b"")  # underline of insertions is removed
    # and from the model's sides, as from the package: the formatting was the revision's mark, not the text's
    for side, text in ((marked.new(), "RESOLUTION 130 (REV. BUCHAREST, 2022"), (marked.old(), "RESOLUTION 130 (REV. DUBAI, 2018")):
        spans = side.paragraphs()[0].spans
        assert (spans[0].text, spans[0].format) == (text, None)  # the marked text joins the plain text before it
        assert [(s.text, s.format and s.format.underline) for s in spans[1:]] == [(")", None)]  # w:u none stays
    assert b"<u>" not in resdiff.render(marked.new(), "html") and b"<s>" not in resdiff.render(marked.old(), "html")


def test_unknown_elements_are_reported_not_silently_dropped() -> None:
    doc = resdiff.read(docx(p(r("a") + "<w:futureThing><w:r><w:t>hidden</w:t></w:r></w:futureThing>")))
    assert [m.code for m in doc.messages] == ["unknown-element"]
    assert "w:futureThing" in doc.messages[0].text


def test_plain_text_cannot_show_revisions() -> None:
    doc = resdiff.read(docx(p(ins(r("x")))))
    with pytest.raises(resdiff.UsageError):
        resdiff.render(doc, "txt")


def test_an_equation_with_a_formatting_revision_inside_is_one_equation_on_each_side() -> None:
    math = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    body = (f'<w:p><m:oMath {math}><m:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="A"><w:rPr/></w:rPrChange>'
            '</w:rPr><m:t>x=1</m:t></m:r></m:oMath></w:p>')
    doc = resdiff.read(docx(body))
    for side in (doc.old(), doc.new()):
        assert [(s.text, s.object.kind) for s in side.paragraphs()[0].spans if s.object] == [("x=1", "math")]
