"""reject(redline(a, b)) ≡ a and accept(redline(a, b)) ≡ b at the document level, judged by an oracle that is not
resdiff: tests/doclisting.py lists style, numbering, alignment, per-character marks, tables, notes and counts of
pictures, comments, hyperlinks straight from the package XML; LibreOffice computes the same listing from its own
reading of the file.

Accept and Reject of the redline are done by resdiff's package transform (`render(read(x).new(), "docx")`), which
is checked against Open-XML-PowerTools' 104 expected documents (tests/test_rp_suite.py), never by the model.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resdiff
from corpus import CORPUS, corpus_missing
from doclisting import assert_equivalent, comparable, libreoffice_listings, listing, soffice

ROOT = Path(__file__).resolve().parent.parent
ITU = ROOT / "fixtures" / "itu-res130-docx"


def _compare_pairs() -> list[tuple[str, str]]:
    """Every compare pair of the corpus: WmlComparer's (Open-XML-PowerTools, whose goldens Docxodus shares), the
    20 formatting-change pairs, and python-redlines' pair."""
    pairs: list[tuple[str, str]] = []
    table = CORPUS / "openxml-powertools" / "expected" / "wmlcomparer_expected_revision_counts.tsv"
    if table.exists():
        with open(table, encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream, delimiter="\t"))
        pairs += sorted({(f"openxml-powertools/{r['original']}", f"openxml-powertools/{r['revised']}") for r in rows})
    formatting = CORPUS / "openxml-powertools-emrosenf" / "FC" / "expected_rprchange_counts.tsv"
    if formatting.exists():
        with open(formatting, encoding="utf-8") as stream:
            pairs += [(f"openxml-powertools-emrosenf/FC/{r['before']}", f"openxml-powertools-emrosenf/FC/{r['after']}")
                      for r in csv.DictReader(stream, delimiter="\t")]
    if (CORPUS / "python-redlines").exists():
        pairs.append(("python-redlines/original.docx", "python-redlines/modified.docx"))
    return [p for p in pairs if (CORPUS / p[0]).exists() and (CORPUS / p[1]).exists()]


def redline_sides(old: bytes | Path, new: bytes | Path) -> tuple[bytes, bytes, bytes]:
    """The redline as the CLI writes it (into the old version's package), and its Accept All and Reject All."""
    a, b = resdiff.read(old), resdiff.read(new)
    redline = resdiff.render(resdiff.diff(a, b), "docx", template=a)
    tracked = resdiff.read(redline)
    return redline, resdiff.render(tracked.new(), "docx"), resdiff.render(tracked.old(), "docx")


def resolved(path: bytes | Path, side: str) -> bytes:
    """A version as Word shows it: a version that itself has tracked changes is taken accepted (the new) or
    rejected (the old), as the diff takes it."""
    doc = resdiff.read(path)
    return resdiff.render(doc.new() if side == "new" else doc.old(), "docx")


PAIRS = _compare_pairs()


@pytest.mark.parametrize("old, new", [pytest.param(*p, marks=[] if i % 5 == 0 else [pytest.mark.slow])
                                      for i, p in enumerate(PAIRS)])
def test_corpus_pairs_round_trip_at_document_level(old: str, new: str) -> None:
    _, accepted, rejected = redline_sides(CORPUS / old, CORPUS / new)
    assert_equivalent(listing(accepted), listing(resolved(CORPUS / new, "new")))
    assert_equivalent(listing(rejected), listing(resolved(CORPUS / old, "new")))


def test_every_corpus_compare_pair_is_listed() -> None:
    if not PAIRS:
        corpus_missing()
    assert len(PAIRS) == 131


def test_the_itu_pair_round_trips_at_document_level() -> None:
    _, accepted, rejected = redline_sides(ITU / "old.docx", ITU / "new.docx")
    assert_equivalent(listing(accepted), listing(ITU / "new.docx"))
    assert_equivalent(listing(rejected), listing(ITU / "old.docx"))
    new = listing(ITU / "new.docx")
    assert new.counts.pictures == 1 and new.counts.comments == 1 and new.counts.hyperlinks >= 1


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_accepted_and_rejected_itu_redline_as_the_two_versions(tmp_path: Path) -> None:
    """An oracle that is not resdiff at all: LibreOffice's reading of Accept All / Reject All of the redline equals
    its reading of the two versions."""
    _, accepted, rejected = redline_sides(ITU / "old.docx", ITU / "new.docx")
    files = {"accepted": accepted, "rejected": rejected, "new": (ITU / "new.docx").read_bytes(),
             "old": (ITU / "old.docx").read_bytes()}
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.docx"
        paths[name].write_bytes(data)
    seen = libreoffice_listings(list(paths.values()), tmp_path / "lo")
    assert_equivalent(comparable(seen[paths["accepted"]]), comparable(seen[paths["new"]]))
    assert_equivalent(comparable(seen[paths["rejected"]]), comparable(seen[paths["old"]]))


# ---- generated pairs ------------------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c63f8cfc0f01f0005000201"
                     "a0d3a4f70000000049454e44ae426082")
_STYLES = (f'<w:styles xmlns:w="{_W}">'
           '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="Call"><w:name w:val="Call"/><w:rPr><w:i/></w:rPr></w:style>'
           '<w:style w:type="paragraph" w:styleId="enumlev1"><w:name w:val="enumlev1"/></w:style>'
           '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
           '</w:styles>')
_NUMBERING = (f'<w:numbering xmlns:w="{_W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
              '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
              '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
_FOOTNOTES = (f'<w:footnotes xmlns:w="{_W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
              '</w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
              '<w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>')
_DRAWING = ('<w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            '<wp:extent cx="9525" cy="9525"/><wp:docPr id="{n}" name="Picture {n}"/>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
            '<pic:cNvPr id="0" name="p.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
            f'<a:blip xmlns:r="{_R}" r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
            '<a:xfrm><a:off x="0" y="0"/><a:ext cx="9525" cy="9525"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
            '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>')

WORDS = ("resolves", "the", "Council", "instructs", "Director", "Member", "States", "2022", "Bucharest", "a)", "ITU")
MARKS = ("", "<w:b/>", "<w:i/>", "<w:u w:val=\"single\"/>", "<w:strike/>", "<w:vertAlign w:val=\"superscript\"/>",
         "<w:rStyle w:val=\"Strong\"/>", "<w:smallCaps/>")

# A paragraph: (style, numbered, alignment, runs); a run: (text, marks) or ("picture", "") or ("note", text).
Run = tuple[str, str]
Para = tuple[str, bool, str, tuple[Run, ...]]
Tbl = tuple[tuple[str, ...], ...]


def _runs() -> st.SearchStrategy[tuple[Run, ...]]:
    word = st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), st.sampled_from(MARKS))
    special = st.sampled_from([("picture", ""), ("note", "See Resolution 130.")])
    return st.lists(st.one_of(word, word, word, special), min_size=1, max_size=5).map(tuple)


paragraphs = st.tuples(st.sampled_from(["Normal", "Call", "enumlev1"]), st.booleans(),
                       st.sampled_from(["", "center", "both"]), _runs())
tables = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)), min_size=1, max_size=4).map(tuple)
blocks = st.lists(st.one_of(paragraphs, paragraphs, paragraphs, tables), min_size=1, max_size=6)


@st.composite
def versions(draw: st.DrawFn) -> tuple[list[Para | Tbl], list[Para | Tbl]]:
    """A document and an edited version: blocks inserted, deleted, moved, restyled, renumbered, words reformatted,
    table rows inserted and deleted."""
    old = draw(blocks)
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(new)))
        action = draw(st.sampled_from(["insert", "delete", "move", "edit"]))
        if action == "insert" or not new:
            new.insert(index, draw(st.one_of(paragraphs, tables)))
            continue
        index = min(index, len(new) - 1)
        if action == "delete":
            del new[index]
        elif action == "move":
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(index))
        elif isinstance(new[index], tuple) and len(new[index]) == 4 and isinstance(new[index][0], str):
            style, _numbered, align, runs = new[index]  # type: ignore[misc]
            new[index] = (draw(st.sampled_from([style, "Call"])), draw(st.booleans()), align,
                          tuple((t, draw(st.sampled_from(MARKS))) if t not in ("picture", "note") else (t, m)
                                for t, m in runs))
        else:
            rows = list(new[index])  # type: ignore[arg-type]
            rows.insert(draw(st.integers(0, len(rows))), draw(tables)[0])
            if len(rows) > 2 and draw(st.booleans()):
                del rows[draw(st.integers(0, len(rows) - 1))]
            new[index] = tuple(rows)  # type: ignore[assignment]
    return old, new


def _package(content: list[Para | Tbl]) -> bytes:
    body, notes, counter = [], [], [0]

    def paragraph(p: Para) -> str:
        style, numbered, align, runs = p
        props = f'<w:pStyle w:val="{style}"/>'
        props += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else ""
        props += f'<w:jc w:val="{align}"/>' if align else ""
        out = []
        for text, marks in runs:
            counter[0] += 1
            if text == "picture":
                out.append(f"<w:r>{_DRAWING.format(n=counter[0])}</w:r>")
            elif text == "note":
                notes.append(f'<w:footnote w:id="{counter[0]}"><w:p><w:r><w:t>{marks or "Note"} {counter[0]}</w:t>'
                             '</w:r></w:p></w:footnote>')
                out.append(f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                           f'<w:footnoteReference w:id="{counter[0]}"/></w:r>')
            else:
                rpr = f"<w:rPr>{marks}</w:rPr>" if marks else ""
                out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{text} </w:t></w:r>')
        return f"<w:p><w:pPr>{props}</w:pPr>{''.join(out)}</w:p>"

    for block in content:
        if isinstance(block[0], str):
            body.append(paragraph(block))  # type: ignore[arg-type]
        else:
            rows = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in row)
                           + "</w:tr>" for row in block)  # type: ignore[union-attr]
            body.append(f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/>'
                        f"</w:tblGrid>{rows}</w:tbl><w:p/>")
    document = f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{"".join(body)}</w:body></w:document>'
    return _zip(document, _FOOTNOTES.replace("{notes}", "".join(notes)))


def _zip(document: str, footnotes: str) -> bytes:
    ct = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/></Types>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdS" Type="{_R}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdN" Type="{_R}/numbering" Target="numbering.xml"/>'
            f'<Relationship Id="rIdF" Type="{_R}/footnotes" Target="footnotes.xml"/>'
            f'<Relationship Id="rIdImg" Type="{_R}/image" Target="media/image1.png"/></Relationships>')
    root_rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in (("[Content_Types].xml", ct), ("_rels/.rels", root_rels), ("word/document.xml", document),
                           ("word/_rels/document.xml.rels", rels), ("word/styles.xml", _STYLES),
                           ("word/numbering.xml", _NUMBERING), ("word/footnotes.xml", footnotes)):
            archive.writestr(name, body)
        archive.writestr("word/media/image1.png", _PNG)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions())
def test_generated_pairs_round_trip_at_document_level(pair: tuple[list[Para | Tbl], list[Para | Tbl]]) -> None:
    old, new = _package(pair[0]), _package(pair[1])
    _, accepted, rejected = redline_sides(old, new)
    assert_equivalent(listing(accepted), listing(new))
    assert_equivalent(listing(rejected), listing(old))


def _libreoffice_agreement(pairs: list[tuple[str, str]], tmp_path: Path) -> dict[str, str]:
    """For each pair, how LibreOffice's reading of Accept All / Reject All of the redline differs from its reading
    of the new / old version ('' where it does not). One soffice run for all files."""
    from doclisting import first_difference

    files: dict[Path, bytes] = {}
    for number, (old, new) in enumerate(pairs):
        _, accepted, rejected = redline_sides(CORPUS / old, CORPUS / new)
        files |= {tmp_path / f"{number}-accepted.docx": accepted, tmp_path / f"{number}-rejected.docx": rejected,
                  tmp_path / f"{number}-new.docx": resolved(CORPUS / new, "new"),
                  tmp_path / f"{number}-old.docx": resolved(CORPUS / old, "new")}
    for path, data in files.items():
        path.write_bytes(data)
    seen = libreoffice_listings(list(files), tmp_path / "lo")
    out = {}
    for number, (old, _) in enumerate(pairs):
        found = [first_difference(comparable(seen[tmp_path / f"{number}-{a}.docx"]),
                                  comparable(seen[tmp_path / f"{number}-{b}.docx"]))
                 for a, b in (("accepted", "new"), ("rejected", "old"))]
        out[old] = "; ".join(f for f in found if f)
    return out


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_agrees_on_a_sample_of_corpus_redlines(tmp_path: Path) -> None:
    sample = PAIRS[::16]
    if not sample:
        corpus_missing()
    assert _libreoffice_agreement(sample, tmp_path) == {old: "" for old, _ in sample}


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_agrees_on_every_corpus_redline(tmp_path: Path) -> None:
    assert {old: d for old, d in _libreoffice_agreement(PAIRS, tmp_path).items() if d} == {}


def _dangling(docx: bytes) -> set[str]:
    """Relationship ids the main part uses that its relationships part does not define (lxml only)."""
    from lxml import etree
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    used = {value for el in document.iter() for key, value in el.attrib.items() if key.startswith(f"{{{_R}}}")}
    return used - {rel.get("Id") for rel in rels}


SECTION_BREAKS = ["apache-tika/testWORD_2006ml.docx", "openxml-powertools/HC031-Complicated-Document.docx",
                  "openxml-powertools/RP/RP001-Tracked-Revisions-01.docx"]


@pytest.mark.parametrize("name", SECTION_BREAKS + [old for old, _ in PAIRS[::10]])
def test_no_relationship_is_left_dangling(name: str) -> None:
    """Pictures, links, comments and the headers of section breaks inside the body arrive with their parts, in
    a fresh package and in another document's package alike."""
    if not (CORPUS / name).exists():
        corpus_missing(CORPUS / name)
    doc = resdiff.read(CORPUS / name)
    other = resdiff.read(ITU / "old.docx")
    for template in (None, other, doc):
        assert _dangling(resdiff.render(resdiff.diff(doc, doc), "docx", template=template)) == set()
