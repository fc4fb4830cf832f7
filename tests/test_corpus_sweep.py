"""Sweeps over the whole third-party corpus: reading, and writing the accepted / rejected .docx.

(a) every .docx in the corpus is read without an exception (they are valid documents: a `ResdiffError` fails too);
(b) for every document with revisions (any revision element the MANIFEST counts), on both sides: the text of the
    model's resolution equals the text of the written .docx read back, the read-back document has no revisions,
    and no revision markup is left in any WordprocessingML part of the written package (an lxml scan that also
    covers what the model does not read: text boxes, headers, footers, styles);
(c) the written .docx opens in python-docx, with as many top-level paragraphs and tables as the model has;
(d) LibreOffice converts the written .docx to PDF (all files: `slow`; a deterministic sample by default);
(e) pandoc reads the written .docx (all files: `slow`; a deterministic sample by default).
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from lxml import etree

import resdiff
from corpus import CORPUS, W_NAMESPACES, corpus_missing, corpus_path, has_any_revisions, manifest_rows, spread_sample
from doclisting import convert

ALL_DOCX = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.docx")) if CORPUS.exists() else []
TRACKED = sorted(row["path"] for row in manifest_rows() if has_any_revisions(row))
SIDES = ("accept", "reject")

STRICT = "open-xml-sdk/customXmlDelRangeStart-Custom_XML_Markup_Deletion_Start-val-author-special-chars.docx"
# The written Strict package is fine: LibreOffice 7.4 opens it and reads resdiff's text of both sides
# (tests/test_libreoffice_oracle.py, "package" route), and Word opens Strict documents since Office 2010 and saves
# them since Office 2013 (PC Pro, "Making sense of Office 2013's file formats", 2012). The two tools below cannot.
STRICT_READERS = (
    "; the package is valid: LibreOffice 7.4 opens it and shows resdiff's text (test_libreoffice_oracle.py, "
    "package route), as Word does for Strict documents since Office 2010"
)
PYTHON_DOCX_CANNOT_OPEN = {
    STRICT: (
        "ISO/IEC 29500 Strict package: python-docx looks up the main part by the Transitional officeDocument "
        "relationship type and raises KeyError (the corpus original fails the same way)" + STRICT_READERS
    ),
}
PANDOC_CANNOT_OPEN = {
    STRICT: "ISO/IEC 29500 Strict package: pandoc 2.17 reads only Transitional documents (DocxError)" + STRICT_READERS,
}

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PANDOC = shutil.which("pandoc")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
PANDOC_TIMEOUT = 120

LIBREOFFICE_SAMPLE = spread_sample(TRACKED, 8)
PANDOC_SAMPLE = sorted(set(spread_sample(TRACKED, 25)) | (set(PANDOC_CANNOT_OPEN) & set(TRACKED)))

# Revision markup of ECMA-376 Part 1, 17.13, plus the deleted-text elements that may only appear inside w:del.
REVISION_ELEMENTS = frozenset(
    {
        "ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
        "moveToRangeEnd", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange",
        "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
        "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd", "delText", "delInstrText",
    }
)


@dataclass(frozen=True)
class Resolved:
    """What the tests need of one side of one document, computed once per session."""

    text: str
    paragraphs: int  # top-level paragraphs of the model (block-level content controls flattened)
    tables: int
    docx: bytes


@functools.cache
def resolved(relative: str, side: str) -> Resolved:
    doc = resdiff.read(corpus_path(relative))
    model = doc.accept() if side == "accept" else doc.reject()
    return Resolved(
        text=resdiff.render(model, "txt").decode("utf-8"),
        paragraphs=sum(isinstance(b, resdiff.Paragraph) for b in model.blocks),
        tables=sum(isinstance(b, resdiff.Table) for b in model.blocks),
        docx=resdiff.render(model, "docx"),
    )


def _cases(paths: list[str], known: dict[str, str] | None = None) -> list[object]:
    cases = []
    for path in paths:
        marks = [pytest.mark.xfail(strict=True, reason=known[path])] if known and path in known else []
        cases += [pytest.param(path, side, id=f"{path}-{side}", marks=marks) for side in SIDES]
    return cases


def test_corpus_is_all_there() -> None:
    if not CORPUS.exists():
        corpus_missing()
    assert len(ALL_DOCX) == 573
    assert set(ALL_DOCX) == {row["path"] for row in manifest_rows()}
    assert len(TRACKED) == 242
    assert set(LIBREOFFICE_SAMPLE) <= set(TRACKED) and len(LIBREOFFICE_SAMPLE) == 8
    assert {p.split("/", 1)[0] for p in PANDOC_SAMPLE} == {p.split("/", 1)[0] for p in TRACKED}


# ---- (a) reading -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("relative", ALL_DOCX)
def test_reads_without_error(relative: str) -> None:
    try:
        doc = resdiff.read(corpus_path(relative))
    except resdiff.ResdiffError as exc:
        pytest.fail(f"a valid document was refused: {exc}")
    assert isinstance(doc, resdiff.Document)


# ---- (b) the model's resolution against the XML transform ------------------------------------------------------

@pytest.mark.parametrize(("relative", "side"), _cases(TRACKED))
def test_written_docx_reads_back_to_the_same_text(relative: str, side: str) -> None:
    side_result = resolved(relative, side)
    reread = resdiff.read(side_result.docx, name=f"{relative} ({side})")
    assert not reread.has_revisions, reread.revisions()[:5]
    assert resdiff.render(reread, "txt").decode("utf-8") == side_result.text


@pytest.mark.parametrize(("relative", "side"), _cases(TRACKED))
def test_written_docx_has_no_revision_markup(relative: str, side: str) -> None:
    left: dict[str, dict[str, int]] = {}
    with zipfile.ZipFile(io.BytesIO(resolved(relative, side).docx)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml") or name.startswith(("customXml/", "docProps/")):
                continue
            root = etree.fromstring(archive.read(name))
            found: dict[str, int] = {}
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                qname = etree.QName(el)
                if qname.namespace in W_NAMESPACES and qname.localname in REVISION_ELEMENTS:
                    found[qname.localname] = found.get(qname.localname, 0) + 1
            if found:
                left[name] = found
    assert not left, f"revision markup left in the written package: {left}"


# ---- (c) python-docx --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("relative", "side"), _cases(TRACKED, PYTHON_DOCX_CANNOT_OPEN))
def test_written_docx_opens_in_python_docx(relative: str, side: str) -> None:
    result = resolved(relative, side)
    document = docx.Document(io.BytesIO(result.docx))
    paragraphs, tables = len(document.paragraphs), len(document.tables)
    body = document.element.body
    wrapped = any(etree.QName(c).localname in ("sdt", "customXml") for c in body if isinstance(c.tag, str))
    if wrapped:  # python-docx does not look into block-level content controls; resdiff flattens them
        assert paragraphs <= result.paragraphs and tables <= result.tables
        assert paragraphs + tables >= 1 or result.paragraphs + result.tables >= 1
    else:
        assert (paragraphs, tables) == (result.paragraphs, result.tables)


# ---- (d) LibreOffice --------------------------------------------------------------------------------------------

_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture(scope="session")
def libreoffice_pdfs(request: pytest.FixtureRequest,
                     tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path | str]:
    """LibreOffice's PDF of the written .docx of every (document, side) that the selected tests using this fixture
    check (or what LibreOffice said when it made none), from one LibreOffice start for all of them."""
    wanted = sorted({(item.callspec.params["relative"], item.callspec.params["side"])
                     for item in request.session.items
                     if "libreoffice_pdfs" in getattr(item, "fixturenames", ()) and hasattr(item, "callspec")})
    folder = tmp_path_factory.mktemp("lo-pdf")
    sources = {}
    for n, (relative, side) in enumerate(wanted):
        sources[relative, side] = folder / f"{n:04d}-{side}.docx"
        sources[relative, side].write_bytes(resolved(relative, side).docx)
    converted = convert(list(sources.values()), folder / "work", "pdf")
    return {key: converted[path] for key, path in sources.items()}


def check_libreoffice(relative: str, side: str, pdfs: dict[tuple[str, str], Path | str]) -> None:
    pdf = pdfs[relative, side]
    # soffice exits 0 even when it cannot load the input; the PDF is the evidence.
    assert isinstance(pdf, Path), f"LibreOffice could not convert {relative} ({side}): {pdf}"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert _PDF_PAGE.search(data), "the PDF has no page"


@needs_soffice
@pytest.mark.parametrize(("relative", "side"), _cases(LIBREOFFICE_SAMPLE))
def test_libreoffice_converts_written_docx_sample(relative: str, side: str,
                                                 libreoffice_pdfs: dict[tuple[str, str], Path | str]) -> None:
    check_libreoffice(relative, side, libreoffice_pdfs)


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize(("relative", "side"), _cases(TRACKED))
def test_libreoffice_converts_written_docx(relative: str, side: str,
                                          libreoffice_pdfs: dict[tuple[str, str], Path | str]) -> None:
    check_libreoffice(relative, side, libreoffice_pdfs)


# ---- (e) pandoc -------------------------------------------------------------------------------------------------

def check_pandoc_opens(relative: str, side: str, tmp_path: Path) -> None:
    assert PANDOC is not None
    path = tmp_path / f"{side}.docx"
    path.write_bytes(resolved(relative, side).docx)
    run = subprocess.run([PANDOC, "-f", "docx", "-t", "plain", str(path)], capture_output=True,
                         timeout=PANDOC_TIMEOUT)
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-500:]


@needs_pandoc
@pytest.mark.parametrize(("relative", "side"), _cases(PANDOC_SAMPLE, PANDOC_CANNOT_OPEN))
def test_pandoc_opens_written_docx_sample(relative: str, side: str, tmp_path: Path) -> None:
    check_pandoc_opens(relative, side, tmp_path)


@needs_pandoc
@pytest.mark.slow
@pytest.mark.parametrize(("relative", "side"), _cases(TRACKED, PANDOC_CANNOT_OPEN))
def test_pandoc_opens_written_docx(relative: str, side: str, tmp_path: Path) -> None:
    check_pandoc_opens(relative, side, tmp_path)
