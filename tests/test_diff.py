"""Redlines of two versions: round trips (own reader, pandoc), renumbering, word granularity, writers."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import resdiff
from corpus import CORPUS, corpus_missing, without_math_and_text_boxes
from resdiff.align.words import diff_words
from resdiff.cli import main
from resdiff.model import Clause, Document, Paragraph, Span
from resdiff.parse.structure import build_tree

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "res130-iap"
PANDOC = shutil.which("pandoc")


def lines(doc: Document) -> list[str]:
    return resdiff.render(doc, "txt").decode().split("\n")


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs()]


def assert_round_trip(old: Document, new: Document) -> None:
    """reject(redline) == old and accept(redline) == new: in the model, and through the .docx writer and reader."""
    redline = resdiff.diff(old, new, author="test")
    assert texts(redline.reject()) == texts(old.new())
    assert texts(redline.accept()) == texts(new.new())
    templates = [None] + ([old] if old.source is not None else [])
    for template in templates:  # a fresh package, and the old version's package as the CLI writes it
        back = resdiff.read(resdiff.render(redline, "docx", template=template))
        assert texts(back.reject()) == texts(old.new())
        assert texts(back.accept()) == texts(new.new())
        # footnotes and endnotes too (render_text writes the cited ones after the body)
        assert lines(back.reject()) == lines(old.new()) and lines(back.accept()) == lines(new.new())


def walk(clauses: tuple[Clause, ...]) -> Iterator[Clause]:
    for clause in clauses:
        yield clause
        yield from walk(clause.children)


# ---- Res. 130 -----------------------------------------------------------------------------------------------------

def res130() -> tuple[Document, Document]:
    return resdiff.read(FIXTURE / "old.txt"), resdiff.read(FIXTURE / "new.txt")


def test_res130_round_trip() -> None:
    assert_round_trip(*res130())


def test_res130_renumbered_clauses_are_reported_once_with_both_labels() -> None:
    """The computed redline has the very clauses of the hand-tracked proposal: 163 labelled paragraphs with the
    same (old label, new label, status), renumbered ones never split into a deletion and an insertion."""
    tree = build_tree(resdiff.diff(*res130()))
    tracked = build_tree(resdiff.read(FIXTURE / "proposal.docx"))
    got = [(c.old_label, c.new_label, c.status) for s in tree.sections for c in walk(s.clauses) if c.old_label or c.new_label]
    want = [(c.old_label, c.new_label, c.status) for s in tracked.sections for c in walk(s.clauses)
            if c.old_label or c.new_label]
    assert got == want and len(got) == 163
    renumbered = [c for s in tree.sections for c in walk(s.clauses) if c.renumbered]
    assert len(renumbered) == 42 and {c.action for c in renumbered} <= {"NOC", "MOD"}
    deleted_texts = {c.old_text for s in tree.sections for c in walk(s.clauses) if c.status == "deleted"}
    inserted_texts = {c.new_text for s in tree.sections for c in walk(s.clauses) if c.status == "inserted"}
    assert not deleted_texts & inserted_texts


def test_label_change_is_tracked_like_text() -> None:
    redline = resdiff.diff(*res130())
    gf = next(p for p in redline.paragraphs() if p.text.startswith("gf)\tla Résolution 70/125"))
    assert [(s.status, s.text) for s in gf.spans[:2]] == [("deleted", "g"), ("inserted", "f")]
    assert gf.spans[2].status == "unchanged" and gf.spans[2].text.startswith(")\tla Résolution 70/125")


@pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
def test_pandoc_reads_the_redline(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    assert main(["diff", str(FIXTURE / "old.txt"), str(FIXTURE / "new.txt"), "-o", str(out), "--author", "IAP"]) == 0
    for mode, side in (("accept", FIXTURE / "new.txt"), ("reject", FIXTURE / "old.txt")):
        result = subprocess.run([PANDOC, "-f", "docx", f"--track-changes={mode}", "-t", "plain", "--wrap=none",
                                 str(out)], capture_output=True, text=True, check=True)
        got = [" ".join(x.split()) for x in result.stdout.split("\n") if x.strip()]
        want = [" ".join(x.split()) for x in side.read_text(encoding="utf-8").split("\n") if x.strip()]
        assert got == want


# ---- word granularity ---------------------------------------------------------------------------------------------

def test_a_citation_is_replaced_whole() -> None:
    assert diff_words("Resolution 130 (Rev. Dubai, 2018) of", "Resolution 130 (Rev. Bucharest, 2022) of") == [
        (0, "Resolution 130 (Rev. "), (-1, "Dubai, 2018"), (1, "Bucharest, 2022"), (0, ") of")]


def test_numbers_and_words_are_never_split() -> None:
    assert diff_words("Resolution 68/198 on", "Resolution 76/189 on") == [
        (0, "Resolution "), (-1, "68/198"), (1, "76/189"), (0, " on")]
    assert diff_words("the developing countries", "the developed countries") == [
        (0, "the "), (-1, "developing"), (1, "developed"), (0, " countries")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab é1,2 ", max_size=30), st.text(alphabet="ab é1,2 ", max_size=30))
def test_word_diff_projects_back_to_both_texts(old: str, new: str) -> None:
    pieces = diff_words(old, new)
    assert "".join(t for op, t in pieces if op <= 0) == old
    assert "".join(t for op, t in pieces if op >= 0) == new


# ---- generated pairs ----------------------------------------------------------------------------------------------

WORDS = ["to", "continue", "resolves", "the", "work", "of", "ITU", "2018", "2022", "Dubai", "Bucharest", ";", ","]
paragraph_texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)


def _document(items: list[str]) -> Document:
    return Document(blocks=tuple(Paragraph(spans=(Span(text=t),) if t else ()) for t in items))


@st.composite
def version_pairs(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    old = draw(st.lists(paragraph_texts, min_size=0, max_size=10))
    new = list(old)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["insert", "delete", "edit", "move", "split", "merge"]))
        if action == "split" and new:
            at = draw(st.integers(0, len(new) - 1))
            words = new[at].split(" ")
            cut = draw(st.integers(0, len(words)))
            new[at:at + 1] = [" ".join(words[:cut]), " ".join(words[cut:])]
        elif action == "merge" and len(new) > 1:
            at = draw(st.integers(0, len(new) - 2))
            new[at:at + 2] = [(new[at] + " " + new[at + 1]).strip()]
        elif action in ("insert", "split", "merge") or not new:
            new.insert(draw(st.integers(0, len(new))), draw(paragraph_texts))
        elif action == "delete":
            new.pop(draw(st.integers(0, len(new) - 1)))
        elif action == "edit":
            new[draw(st.integers(0, len(new) - 1))] = draw(paragraph_texts)
        else:
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(draw(st.integers(0, len(new) - 1))))
    return old, new


@settings(max_examples=150, deadline=None)
@given(version_pairs())
def test_round_trip_on_generated_pairs(pair: tuple[list[str], list[str]]) -> None:
    assert_round_trip(_document(pair[0]), _document(pair[1]))


def test_a_split_paragraph_is_one_inserted_paragraph_mark() -> None:
    old = _document(["1\tto continue the work on the security of networks and to report annually to the Council;",
                     "2\tto study,"])
    new = _document(["1\tto continue the work on the security of networks;", "2\tto report annually to the Council;",
                     "3\tto study,"])
    redline = resdiff.diff(old, new)
    first = redline.paragraphs()[0]
    assert [r.kind for r in first.mark] == ["inserted"]
    assert not any(s.status == "deleted" and "security" in s.text for s in first.spans)  # nothing retyped
    assert_round_trip(old, new)
    merged = resdiff.diff(new, old)
    assert [r.kind for r in merged.paragraphs()[0].mark] == ["deleted"]
    assert_round_trip(new, old)


# ---- the compare pairs of Open-XML-PowerTools' WmlComparer tests --------------------------------------------------

def _compare_pairs() -> list[tuple[str, str]]:
    table = CORPUS / "openxml-powertools" / "expected" / "wmlcomparer_expected_revision_counts.tsv"
    if not table.exists():
        return []
    with open(table, encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    root = CORPUS / "openxml-powertools"
    return sorted({(r["original"], r["revised"]) for r in rows if (root / r["original"]).exists()
                   and (root / r["revised"]).exists()})


@pytest.mark.parametrize("original, revised", _compare_pairs())
def test_round_trip_on_wmlcomparer_pairs(original: str, revised: str) -> None:
    root = CORPUS / "openxml-powertools"
    assert_round_trip(resdiff.read(root / original), resdiff.read(root / revised))


# ---- writers ------------------------------------------------------------------------------------------------------

def test_html_is_self_contained_with_two_views(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["diff", str(FIXTURE / "old.txt"), str(FIXTURE / "new.txt"), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<ins>" in page and "<del>" in page and 'id="view-side"' in page
    assert "http://" not in page and "https://" not in page and "<script" not in page and "<link" not in page
    assert page.count('class="act">ADD<') >= 25 and page.count('class="act">SUP<') >= 12


def test_tree_is_the_clause_tree_with_actions(tmp_path: Path) -> None:
    # issue 18: `-o x.json` is the redline as a Document, as every .json output; `--tree` is the clause tree
    out = tmp_path / "r.json"
    assert main(["diff", str(FIXTURE / "old.txt"), str(FIXTURE / "new.txt"), "--tree", "-o", str(out)]) == 0
    tree = json.loads(out.read_text(encoding="utf-8"))
    clause = tree["sections"][0]["clauses"][6]
    assert {k: clause[k] for k in ("old_label", "new_label", "status", "action", "renumbered")} == {
        "old_label": "g)", "new_label": "f)", "status": "unchanged", "action": "NOC", "renumbered": True}


def test_markdown_is_criticmarkup(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(FIXTURE / "old.txt"), str(FIXTURE / "new.txt")]) == 0
    out = capsys.readouterr().out
    assert "{~~g~>f~~})" in out and "({~~Dubaï, 2018~>Bucarest, 2022~~})" in out
    back = resdiff.read(out.replace("\n\n", "\n").encode(), format="critic")
    assert lines(back.accept())[:6] == [x for x in lines(resdiff.read(FIXTURE / "new.txt")) if x][:6]


def test_redline_docx_carries_author_and_date(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    assert main(["diff", str(FIXTURE / "old.txt"), str(FIXTURE / "new.txt"), "-o", str(out), "--author", "EUR",
                 "--date", "2022-09-26T00:00:00Z"]) == 0
    revisions = resdiff.read(out).revisions()
    assert {(r.author, r.date) for r in revisions} == {("EUR", "2022-09-26T00:00:00Z")}


def test_a_docx_redline_is_written_into_the_old_package() -> None:
    root = CORPUS / "openxml-powertools" / "WC"
    old_path, new_path = root / "WC001-Digits.docx", root / "WC001-Digits-Mod.docx"
    if not old_path.exists():
        corpus_missing(old_path)
    old_doc = resdiff.read(old_path)
    redline = resdiff.render(resdiff.diff(old_doc, resdiff.read(new_path)), "docx", template=old_doc)
    import io
    import zipfile
    with zipfile.ZipFile(old_path) as old, zipfile.ZipFile(io.BytesIO(redline)) as out:
        assert out.namelist() == old.namelist()
        assert out.read("word/styles.xml") == old.read("word/styles.xml")
        assert out.read("word/document.xml") != old.read("word/document.xml")


def _words(text: str) -> list[str]:
    """Words in order; resdiff's plain text marks endnotes [e1] where pandoc writes [1]."""
    import re
    return re.findall(r"\w+", re.sub(r"\[e(\d+)\]", r"[\1]", text).casefold())


def _pandoc_words(docx_bytes: bytes, mode: str, tmp_path: Path) -> list[str]:
    path = tmp_path / f"redline-{mode}.docx"
    path.write_bytes(without_math_and_text_boxes(docx_bytes))
    result = subprocess.run([PANDOC, "-f", "docx", f"--track-changes={mode}", "-t", "plain", "--wrap=none",  # type: ignore[list-item]
                             "--lua-filter", str(Path(__file__).with_name("cells_as_blocks.lua")), str(path)],
                            capture_output=True, text=True, check=True, timeout=120)
    return _words(result.stdout)


PAIRS = _compare_pairs()


def _pandoc_marks(index: int) -> list[pytest.MarkDecorator]:
    return [] if index % 6 == 0 else [pytest.mark.slow]


@pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
@pytest.mark.parametrize("original, revised", [pytest.param(*p, marks=_pandoc_marks(i))
                                               for i, p in enumerate(PAIRS)])
def test_pandoc_accepts_and_rejects_the_redline_of_wmlcomparer_pairs(original: str, revised: str,
                                                                      tmp_path: Path) -> None:
    """pandoc reads resdiff's redline rejected as it reads the old version, accepted as the new (words compared:
    pandoc's plain writer lays out tables and lists its own way). Equations and text boxes are removed from every
    package first (`without_math_and_text_boxes`): pandoc ignores tracked changes inside equations (Word's own
    WC012-Math-After.docx, a '2' inserted into A=πr² with w:ins inside m:r, reads as "A = πr²" accepted and
    rejected alike) and drops text boxes; resdiff's own Accept/Reject and the lxml listing
    (tests/test_document_roundtrip.py) check those."""
    root = CORPUS / "openxml-powertools"
    old, new = resdiff.read(root / original), resdiff.read(root / revised)
    redline = resdiff.render(resdiff.diff(old, new), "docx", template=old)
    for mode, version in (("reject", root / original), ("accept", root / revised)):
        assert _pandoc_words(redline, mode, tmp_path) == _pandoc_words(version.read_bytes(), mode, tmp_path)


@pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
@settings(max_examples=25, deadline=None)
@given(version_pairs())
def test_pandoc_accepts_and_rejects_generated_redlines(pair: tuple[list[str], list[str]]) -> None:
    import tempfile
    old, new = _document(pair[0]), _document(pair[1])
    with tempfile.TemporaryDirectory() as tmp:
        redline = resdiff.render(resdiff.diff(old, new), "docx")
        assert _pandoc_words(redline, "reject", Path(tmp)) == _words(" ".join(pair[0]))
        assert _pandoc_words(redline, "accept", Path(tmp)) == _words(" ".join(pair[1]))
