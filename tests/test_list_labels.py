"""Word's automatic list labels (resdiff.ooxml.numbering), against hand-built numbering definitions and against
LibreOffice, whose text export writes each list item's label (an oracle that shares nothing with resdiff)."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

import resdiff
from corpus import CORPUS, corpus_missing, spread_sample
from doclisting import soffice
from resdiff.numbered import generated_labels
from resdiff.ooxml.numbering import ListLabels, format_number

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def package(body: str, numbering: str, styles: str = "") -> bytes:
    buffer = io.BytesIO()
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="r1" Type="{_R}/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="r1" Type="{_R}/numbering" Target="numbering.xml"/>'
        f'<Relationship Id="r2" Type="{_R}/styles" Target="styles.xml"/></Relationships>',
        "word/document.xml": f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>',
        "word/numbering.xml": f'<w:numbering xmlns:w="{_W}">{numbering}</w:numbering>',
        "word/styles.xml": f'<w:styles xmlns:w="{_W}">{styles}</w:styles>',
    }
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def item(text: str, num: str = "1", level: int = 0, style: str = "") -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    props += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>' if num else ""
    return f'<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def labels(data: bytes) -> list[str | None]:
    doc = resdiff.read(data)
    counter = ListLabels(doc.definitions)
    return [str(label) if label else None for label in (counter.label(p) for p in doc.paragraphs())]


ABSTRACT = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "decimal", "%1") + lvl(1, "lowerLetter", "%2)")
            + lvl(2, "lowerRoman", "%3)") + "</w:abstractNum>")


def test_levels_count_and_restart_below() -> None:
    body = item("a", level=0) + item("b", level=1) + item("c", level=1) + item("d", level=2) + item("e", level=0) \
        + item("f", level=1) + item("plain", num="")
    assert labels(package(body, ABSTRACT + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')) == [
        "1\t", "a)\t", "b)\t", "i)\t", "2\t", "a)\t", None]


def test_two_lists_of_one_definition_continue_unless_one_restarts() -> None:
    """Word counts per abstract list: a second w:num continues it; "Restart numbering" is a w:startOverride."""
    nums = ('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
            '</w:lvlOverride></w:num>')
    body = item("a", "1") + item("b", "1") + item("c", "2") + item("d", "3") + item("e", "3")
    assert labels(package(body, ABSTRACT + nums)) == ["1\t", "2\t", "3\t", "1\t", "2\t"]


def test_formats_legal_numbering_suffix_and_style_lists() -> None:
    abstract = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "upperRoman", "%1.", start=4)
                + lvl(1, "upperLetter", "%1.%2", extra='<w:isLgl/><w:suff w:val="space"/>')
                + lvl(2, "bullet", "\u2022", extra='<w:pStyle w:val="Bullet"/>') + "</w:abstractNum>")
    styles = ('<w:style w:type="paragraph" w:styleId="Bullet"><w:name w:val="Bullet"/><w:pPr><w:numPr>'
              '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="Bullet2"><w:name w:val="Bullet2"/>'
              '<w:basedOn w:val="Bullet"/></w:style>')
    body = item("a", level=0) + item("b", level=1) + item("c", num="", style="Bullet2") + item("d", num="0")
    assert labels(package(body, abstract + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>', styles)) == [
        "IV.\t", "4.1 ", "\u2022\t", None]


@pytest.mark.parametrize("value, fmt, shown", [(1, "lowerLetter", "a"), (26, "lowerLetter", "z"),
                                               (27, "lowerLetter", "aa"), (28, "upperLetter", "BB"),
                                               (14, "lowerRoman", "xiv"), (1994, "upperRoman", "MCMXCIV"),
                                               (7, "decimalZero", "07"), (12, "ordinal", "12th"),
                                               (22, "ordinal", "22nd"), (5, "chineseCounting", "五")])
def test_number_formats(value: int, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


# ---- LibreOffice as the oracle ---------------------------------------------------------------------------------

def _documents_with_lists() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("**/*.docx")) if CORPUS.exists() else []:
        try:
            with zipfile.ZipFile(path) as archive:  # numbered directly, or through a paragraph style
                names = set(archive.namelist())
                parts = [archive.read(n) for n in ("word/document.xml", "word/styles.xml") if n in names]
                if "word/numbering.xml" in names and any(b"numPr" in part for part in parts):
                    found.append(str(path.relative_to(CORPUS)))
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
    return found


LISTED = _documents_with_lists()


def _agreement(names: list[str], tmp_path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """For each document and each side (Reject All, Accept All), the labels resdiff gives the tracked document's
    paragraphs on that side (`resdiff.numbered.generated_labels`) and LibreOffice's text export of that side's
    view disagree on, as (side, resdiff, LibreOffice). Paragraphs are found in LibreOffice's lines by their whole
    text in document order; paragraphs whose text is too short to find surely are left out."""
    docs = {}
    for number, name in enumerate(names):
        doc = resdiff.read(CORPUS / name)
        for side in ("old", "new"):
            path = tmp_path / f"{number}-{side}.docx"
            path.write_bytes(resdiff.render(doc.old() if side == "old" else doc.new(), "docx"))
            docs[name, side] = (doc, path)
    exe = soffice()
    assert exe is not None
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path)]
                   + [str(p) for _, p in docs.values()], capture_output=True, timeout=900, check=False)
    out: dict[str, list[tuple[str, str, str]]] = {name: [] for name in names}
    for (name, side), (doc, path) in docs.items():
        lines = [" ".join(line.replace("\ufeff", "").split())
                 for line in path.with_suffix(".txt").read_text(encoding="utf-8").split("\n")]
        at, wrong = 0, out[name]
        for paragraph, both in zip(doc.paragraphs(), generated_labels(doc), strict=True):
            label = both[0] if side == "old" else both[1]
            text = " ".join("".join(s.text for s in paragraph.spans if s.on(side)).split())
            if label is None or len(text) < 12:
                continue
            found = next((k for k in range(at, len(lines)) if lines[k].endswith(" " + text)), None)
            if found is None:
                continue
            at = found + 1
            theirs, ours = lines[found][:-len(text) - 1].strip(), label.text
            # a bullet is a character of the level's font (Symbol's U+F0B7, Courier New's "o"), which LibreOffice
            # shows as the Unicode glyph it maps it to ("•", "◦"): bullets are compared as bullets
            bullet = label.format == "bullet" and len(theirs) <= 1 and not theirs.isalnum()
            if theirs != ours and not bullet:
                wrong.append((side, ours, theirs))
    return out


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_labels_agree_with_libreoffice_on_a_corpus_sample(tmp_path: Path) -> None:
    sample = spread_sample(LISTED, 12)
    if not sample:
        corpus_missing()
    found = _agreement(sample, tmp_path)
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_labels_agree_with_libreoffice_on_every_corpus_document_with_lists(tmp_path: Path) -> None:
    found = _agreement(LISTED, tmp_path)
    assert len(LISTED) >= 30
    assert {k: v for k, v in found.items() if v} == {}


def test_the_itu_fixture_list_is_labelled_a_to_d() -> None:
    doc = resdiff.read(Path(__file__).resolve().parent.parent / "fixtures" / "itu-res130-docx" / "new.docx")
    counter = ListLabels(doc.definitions)
    got = [label for label in (counter.label(p) for p in doc.paragraphs()) if label]
    assert [str(g) for g in got] == ["a)\t", "b)\t", "c)\t", "d)\t"]
