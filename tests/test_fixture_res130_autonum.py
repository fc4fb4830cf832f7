"""fixtures/res130-iap-autonum: the Res. 130 proposal with Word's automatic numbering instead of typed labels.

Its make.py rewrites ../res130-iap/proposal.docx (lxml + zipfile, no resdiff); see its NOTES.md. These tests keep
the committed package what make.py writes, check with LibreOffice as an independent oracle that Word-style counting
gives every label of ../res130-iap/labels.tsv in both views, and check the package itself with plain lxml.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from resdiff import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE = FIXTURES / "res130-iap-autonum"
TYPED = FIXTURES / "res130-iap"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

NUMBERED_PARAGRAPHS = 142  # NOTES.md: 163 labelled paragraphs - 19 bis/ter/quater - 2 typed bullets
TYPED_LABELS = ["j bis)", "j ter)", "k bis)", "k ter)", "n bis)", "b bis)", "l bis)", "l ter)", "l quater)",
                "4 bis", "5 bis", "•", "•", "2 bis", "2 ter", "8 bis", "4 bis", "5 bis", "7 bis", "6 bis", "6 ter"]
NESTED_LINES = {66, 67, 109, 110, 111, 122, 123, 124}  # labels.tsv lines of the nested i), ii), iii) (level 1)
PLAIN_LABEL = re.compile(r"^(?:[a-z]\)|[0-9]+|(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))$")
# LibreOffice's text export writes a list label as four spaces per level (level 0: four), the label and one space.
LO_NUMBERED = re.compile(r"^((?:    )+)(\S+) (.*)$")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _rows() -> list[dict[str, str]]:
    with (TYPED / "labels.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_make_py_writes_the_committed_bytes(tmp_path: Path) -> None:
    copy = tmp_path / "res130-iap-autonum"
    copy.mkdir()
    shutil.copy(FIXTURE / "make.py", copy / "make.py")
    (tmp_path / "res130-iap").mkdir()
    for name in ("proposal.docx", "labels.tsv"):
        shutil.copy(TYPED / name, tmp_path / "res130-iap" / name)
    subprocess.run([sys.executable, str(copy / "make.py")], check=True, capture_output=True, timeout=120)
    assert (copy / "proposal.docx").read_bytes() == (FIXTURE / "proposal.docx").read_bytes()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").lstrip("\ufeff").split("\n")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")
def test_libreoffice_numbers_both_views_as_labels_tsv(tmp_path: Path) -> None:
    """Old view (Reject All) and new view (Accept All) of both fixtures, as text by LibreOffice. Line by line the
    auto-numbered one must equal the typed one, with LibreOffice's list label in place of the typed label and tab;
    the labels, in order, are labels.tsv's old_label (old view) and new_label (new view)."""
    assert SOFFICE is not None
    views: list[Path] = []
    for name, source in (("auto", FIXTURE / "proposal.docx"), ("typed", TYPED / "proposal.docx")):
        for command, view in (("reject", "old"), ("accept", "new")):
            out = tmp_path / f"{name}-{view}.docx"
            assert cli.main([command, str(source), "-o", str(out)]) == 0
            views.append(out)
    profile = (tmp_path / "lo-profile").as_uri()
    process = subprocess.Popen([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                                "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), *map(str, views)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice forks soffice.bin: end the session this test started
        process.communicate()
        pytest.fail("LibreOffice did not convert the four views within 180 s")
    rows = _rows()
    for view in ("old", "new"):
        auto_txt, typed_txt = tmp_path / f"auto-{view}.txt", tmp_path / f"typed-{view}.txt"
        assert auto_txt.exists() and typed_txt.exists(), stderr[-1000:]
        auto, typed = _lines(auto_txt), _lines(typed_txt)
        assert len(auto) == len(typed)
        found: list[tuple[str, int | None]] = []  # (label, list level; None for a typed label)
        for got, want in zip(auto, typed, strict=True):
            match = LO_NUMBERED.match(got)
            if match:  # a list paragraph: label and text as the typed fixture has them, label<TAB>text
                indent, label, text = match.groups()
                assert want == f"{label}\t{text}"
                found.append((label, len(indent) // 4 - 1))
            else:  # unlabelled, or a label typed in both (bis/ter/quater, bullets)
                assert got == want
                if "\t" in got and not got.startswith(" MOD\t"):
                    found.append((got.split("\t")[0], None))
        expected = [(row[f"{view}_label"], None if row[f"{view}_label"] in TYPED_LABELS else
                     1 if int(row["line"]) in NESTED_LINES else 0) for row in rows if row[f"{view}_label"]]
        assert found == expected, view


def _text(p: etree._Element, view: str) -> str:
    """The paragraph's text in one view: w:ins counts in the new view only, w:del in the old view only."""
    out = []
    for el in p.iter(w("t"), w("delText"), w("tab")):
        inserted = any(a.tag == w("ins") for a in el.iterancestors())
        deleted = any(a.tag == w("del") for a in el.iterancestors())
        if (view == "old" and inserted) or (view == "new" and deleted):
            continue
        out.append("\t" if el.tag == w("tab") else el.text or "")
    return "".join(out)


def _val(el: etree._Element, path: str) -> str:
    found = el.find(path)
    assert found is not None, path
    return str(found.get(w("val")))


def test_no_typed_series_label_is_left_and_the_numbered_paragraphs_are_counted() -> None:
    with zipfile.ZipFile(FIXTURE / "proposal.docx") as z:
        document = etree.fromstring(z.read("word/document.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    typed: list[str] = []
    numbered: list[tuple[int, int]] = []  # (numId, ilvl)
    for p in document.iter(w("p")):
        heads = {_text(p, view).split("\t")[0] for view in ("old", "new") if "\t" in _text(p, view)}
        assert not any(PLAIN_LABEL.match(head) for head in heads), heads
        num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            assert not heads
            numbered.append((int(_val(num_pr, w("numId"))), int(_val(num_pr, w("ilvl")))))
        elif heads - {" MOD"}:
            typed.extend(sorted(heads))
    assert typed == TYPED_LABELS
    assert len(numbered) == NUMBERED_PARAGRAPHS
    notes = re.search(r"\*\*(\d+) are numbered\*\*", (FIXTURE / "NOTES.md").read_text(encoding="utf-8"))
    assert notes is not None and int(notes.group(1)) == NUMBERED_PARAGRAPHS
    assert sum(level == 1 for _, level in numbered) == len(NESTED_LINES)

    # one list per call section, in document order: numIds 10-14 (abstractNum 9, letters) for the five preambular
    # sections, 15-22 (abstractNum 10, numbers) for the eight operative ones; each later list of an abstractNum
    # restarts at 1 (lvlOverride/startOverride), as Word's "Restart numbering" writes it
    sections = list(dict.fromkeys(num_id for num_id, _ in numbered))
    assert sections == list(range(10, 23))
    nums = {int(str(n.get(w("numId")))): n for n in numbering.iter(w("num"))}
    abstracts = [_val(nums[num_id], w("abstractNumId")) for num_id in sections]
    assert abstracts == ["9"] * 5 + ["10"] * 8
    restarts = [nums[num_id].find(f"{w('lvlOverride')}/{w('startOverride')}") for num_id in sections]
    assert [r is not None and r.get(w("val")) == "1" for r in restarts] == [False] + [True] * 4 + [False] + [True] * 7
