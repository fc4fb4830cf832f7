"""Issue 20, writing in bounded memory: the main part is serialised while it is written (`resdiff.ooxml.write_stream`)
and the template's body is dropped while it is parsed (`resdiff.ooxml.streamed.without_body_content`).

Measured before (whole process, this machine): `resdiff diff` of a paragraph of a million runs against a million runs
of other words, bold and plain in turn, took 40.3 s and 2.37 GB: the redline's tree (1.3 GB, four million nodes,
built whole and then serialised) and the old version's main part, parsed whole a second time as the template (some
0.4 GB). After: 28.5 s and 0.70 GB (the diff's own peak), with the same bytes.

The oracle is the whole tree serialised once, as the writer did it before (`_whole_body`): each block added before
the section properties, the part serialised at the end, the template parsed whole. The streamed part must be the
same bytes; the tests force the stream to its extreme (every paragraph streamed, serialised after every node, every
template streamed) so that each of its steps is exercised on real documents."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree

import resdiff
from corpus import CORPUS, corpus_path
from resdiff.errors import UnreadableInputError
from resdiff.model import Document, Paragraph, Span
from resdiff.ooxml import streamed, write_body, write_package, write_stream
from resdiff.ooxml.package import Package
from resdiff.ooxml.write_body import BodyWriter
from test_reliability import HEAD, TAIL, package
from test_scale_reading import runs

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIXTURES = sorted((ROOT / "fixtures").rglob("*.docx"))
CORPUS_DOCX = sorted(CORPUS.rglob("*.docx")) if CORPUS.exists() else []


def _whole_body(body: etree._Element, doc: Document, writer: BodyWriter) -> list[bytes]:
    """The writer before the stream: every block built and added before the section properties, the part
    serialised once."""
    sect_pr = body.find(f"{W}sectPr")
    for el in list(body):
        if el is not sect_pr:
            body.remove(el)
    for block in doc.blocks:
        el = writer.block(block)
        if sect_pr is not None:
            sect_pr.addprevious(el)
        else:
            body.append(el)
    return [etree.tostring(body.getroottree().getroot(), xml_declaration=True, encoding="UTF-8", standalone=True)]


def _written(doc: Document, template: Package) -> bytes:
    builder = write_package.write_document(doc, template)
    if builder is None:
        pytest.skip("a template the writer cannot take (Strict namespace, no body)")
    return builder.to_zip()


def _whole_and_streamed(doc: Document, template: Package, monkeypatch: pytest.MonkeyPatch, *,
                        spans: int = 0, nodes: int = 1) -> tuple[bytes, bytes, int]:
    """The package written with the whole tree, and streamed (by default: every paragraph, every node); and how
    many times the streamed part was serialised."""
    with monkeypatch.context() as m:
        m.setattr(write_package, "_replace_body", _whole_body)
        m.setattr(streamed, "STREAM_FROM", 1 << 62)
        whole = _written(doc, template)
    calls = [0]
    serialised = write_stream.serialised

    def counted(root: etree._Element) -> bytes:
        calls[0] += 1
        return serialised(root)

    with monkeypatch.context() as m:
        m.setattr(write_body, "STREAMED_SPANS", spans)
        m.setattr(write_body, "STREAMED_ROWS", spans)
        m.setattr(write_stream, "FLUSH_NODES", nodes)
        m.setattr(write_stream, "serialised", counted)
        m.setattr(streamed, "STREAM_FROM", 0)
        m.setattr(streamed, "CHUNK", 97)  # the template's body dropped at many points of its parse
        stream = _written(doc, template)
    return whole, stream, calls[0]


def _sample() -> list[Path]:
    """The fixtures, and every seventh .docx of the corpus (all of them in the slow run)."""
    return FIXTURES + CORPUS_DOCX[::7]


@pytest.mark.parametrize("path", _sample(), ids=lambda p: p.name)
def test_a_streamed_part_is_the_whole_tree_serialised(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The document written into its own package: the same bytes, streamed to the extreme or built whole."""
    doc = resdiff.read(path)
    if not isinstance(doc.source, Package):
        pytest.skip("not read from a package")
    whole, stream, _ = _whole_and_streamed(doc, doc.source, monkeypatch)
    assert stream == whole


@pytest.mark.slow
@pytest.mark.parametrize("path", CORPUS_DOCX, ids=lambda p: p.name)
def test_every_corpus_document_streamed_is_the_whole_tree_serialised(path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    doc = resdiff.read(path)
    if not isinstance(doc.source, Package):
        pytest.skip("not read from a package")
    for side in (doc, doc.accept(), doc.reject()):
        whole, stream, _ = _whole_and_streamed(side.model_copy(update={"side": None}), doc.source, monkeypatch)
        assert stream == whole


def test_the_res130_redline_streamed_is_the_whole_tree_serialised(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ROOT / "fixtures" / "itu-res130-docx"
    old, new = resdiff.read(folder / "old.docx"), resdiff.read(folder / "new.docx")
    assert isinstance(old.source, Package)
    redline = resdiff.diff(old, new)
    whole, stream, calls = _whole_and_streamed(redline, old.source, monkeypatch)
    assert stream == whole and calls > 2 * len(redline.blocks)  # each paragraph opened, then each run flushed


def _one_paragraph(doc: Document, copies: int) -> Document:
    """Every span of the document's body paragraphs in one paragraph, `copies` times over: hyperlinks, fields,
    comments, notes, pictures and revisions side by side in a paragraph long enough to be streamed."""
    spans: list[Span] = [s for block in doc.blocks if isinstance(block, Paragraph) for s in block.spans]
    return doc.model_copy(update={"blocks": (Paragraph(spans=tuple(spans * copies)),), "side": None})


@pytest.mark.parametrize("name", ["apache-tika/testWORD_2006ml.docx", "openxml-powertools/HC031-Complicated-Document.docx",
                                  "superdoc/advanced-text.docx", "open-xml-sdk/Comment042.docx", "apache-poi/delins.docx",
                                  "docxodus/FA/RevTracking/014-MovedParagraph.docx"])
def test_a_paragraph_of_many_spans_is_streamed_in_pieces_as_the_whole_tree(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the writer's own thresholds: the paragraph holds more spans than STREAMED_SPANS and is serialised
    every FLUSH_NODES nodes, yet gives the bytes of the paragraph built whole."""
    doc = resdiff.read(corpus_path(*name.split("/")))
    assert isinstance(doc.source, Package)
    spans = sum(len(b.spans) for b in doc.blocks if isinstance(b, Paragraph))
    big = _one_paragraph(doc, write_body.STREAMED_SPANS // max(spans, 1) + 2)
    whole, stream, calls = _whole_and_streamed(big, doc.source, monkeypatch, spans=write_body.STREAMED_SPANS,
                                               nodes=write_stream.FLUSH_NODES)
    assert stream == whole
    assert calls >= 3  # the part's start, the paragraph's start, and at least one flush of its runs


def test_a_templates_section_properties_are_kept_wherever_they_stand(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer keeps the body's first w:sectPr and drops the rest of the body. Word writes it last, but a
    paragraph may follow it (LibreOffice and Word read such a part): dropped while parsed, it is kept all the
    same."""
    sect = b'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    body = b"<w:p><w:r><w:t>before</w:t></w:r></w:p>" + sect + b"<w:p><w:r><w:t>after</w:t></w:r></w:p>" * 50
    doc = resdiff.read(package({"word/document.xml": HEAD + body + TAIL}), name="template.docx")
    assert isinstance(doc.source, Package)
    whole, stream, _ = _whole_and_streamed(doc, doc.source, monkeypatch)
    assert stream == whole
    written = zipfile.ZipFile(BytesIO(stream)).read("word/document.xml")
    assert written.count(b"<w:sectPr>") == 1 and written.index(b"<w:sectPr>") > written.rindex(b"after")


def test_a_template_that_holds_the_marker_gets_another(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stream finds its place by a comment's bytes: a part that holds the first one already (here in its
    section properties, which stay) is written with the next, and keeps its own."""
    mine = b"<!-- resdiff: content goes here (0) -->"
    sect = b'<w:sectPr>' + mine + b'<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    doc = resdiff.read(package({"word/document.xml": HEAD + b"<w:p><w:r><w:t>text</w:t></w:r></w:p>" + sect + TAIL}),
                       name="template.docx")
    assert isinstance(doc.source, Package)
    whole, stream, _ = _whole_and_streamed(doc, doc.source, monkeypatch)
    assert stream == whole
    assert zipfile.ZipFile(BytesIO(stream)).read("word/document.xml").count(mine) == 1


def test_a_template_part_with_a_syntax_error_is_refused_as_a_whole_parse_refuses_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The body dropped while parsed: an error after it is still found, with a whole parse's message."""
    doc = resdiff.read(ROOT / "fixtures" / "itu-res130-docx" / "old.docx")
    assert isinstance(doc.source, Package)
    package = doc.source
    broken = Package(source="broken.docx", parts={**package.parts}, infos=package.infos,
                     main_part=package.main_part)
    broken.parts[package.main_part] = package.parts[package.main_part].replace(b"</w:body>", b"</w:bdy>")
    messages = []
    for stream_from in (0, 1 << 62):
        monkeypatch.setattr(streamed, "STREAM_FROM", stream_from)
        with pytest.raises(UnreadableInputError) as refused:
            write_package.write_document(doc, broken)
        messages.append(str(refused.value))
    assert messages[0] == messages[1] and "broken.docx" in messages[0] and "not well-formed" in messages[0]


# ---- memory ---------------------------------------------------------------------------------------------------------

_CHILD = """
import sys, resdiff
from resdiff.ooxml import streamed
streamed.STREAM_FROM = 0  # the template's body dropped while it is parsed, as it is for a part over 16 MiB

def status(key):
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(key + ":"))

old, new = resdiff.read(sys.argv[1]), resdiff.read(sys.argv[2])
redline = resdiff.diff(old, new)
before = status("VmRSS")
open("/proc/self/clear_refs", "w").write("5")  # the peak from here on (Linux: resets VmHWM)
out = resdiff.render(redline, "docx", template=old)
print(before, status("VmHWM"), len(out))
"""


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux's /proc/PID/clear_refs")
def test_writing_a_redline_of_many_runs_holds_neither_its_tree_nor_the_templates(tmp_path: Path) -> None:
    """A redline of 100,000 runs (a format change on every other one), written into the old version's package. The
    tree writer held the template's part (~40 MB) and then the redline's tree (~115 MB) at once: the peak grew by
    150 MB. Now it grows by the bytes of the part (11 MB) and a few thousand nodes."""
    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    old.write_bytes(runs("same", 100_000))
    new.write_bytes(runs("bold", 100_000))
    done = subprocess.run([sys.executable, "-c", _CHILD, str(old), str(new)], capture_output=True, text=True,
                          timeout=300, check=True)
    before, peak, size = map(int, done.stdout.split())
    assert size > 500_000
    grown = (peak - before) / 1024
    assert grown < 40, f"writing the redline grew the peak by {grown:.0f} MiB"


@pytest.mark.slow
def test_the_redline_of_a_million_runs_is_written_in_under_a_gigabyte(tmp_path: Path) -> None:
    """`resdiff diff` of the million-run paragraphs, in a child process: 2.37 GB before, 0.70 GB here."""
    from test_reliability import measure

    old, new = tmp_path / "same-1m.docx", tmp_path / "bold-1m.docx"
    old.write_bytes(runs("same", 1_000_000))
    new.write_bytes(runs("bold", 1_000_000))
    done, seconds, peak = measure("diff", old, new, "-o", tmp_path / "redline.docx", timeout=900)
    assert done.returncode == 0, f"{done.stderr} ({seconds:.1f} s, {peak:.0f} MiB)"
    assert peak < 1000, f"{peak:.0f} MiB ({seconds:.1f} s)"
    with zipfile.ZipFile(tmp_path / "redline.docx") as z:
        xml = z.read("word/document.xml")  # 113 MB: counted as bytes, a tree of it would take a gigabyte here
    # the words differ (0 1 2 … against 0 0 1 1 …): the old text deleted, the new runs inserted, bold and plain
    assert xml.count(b"<w:r>") > 1_000_000 and xml.count(b"<w:b/>") == 500_000 and xml.count(b"<w:ins ") > 500_000
