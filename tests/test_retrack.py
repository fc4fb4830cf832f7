"""Re-tracking (resdiff.align.retrack): a document tracked the way Compare tools track a renumbered and edited list
(clauses deleted and re-inserted whole) gets resdiff's alignment — renumbering as label changes, words inside
clauses — with the same two sides and the original authors and dates. pandoc reads the written .docx."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import lo_uno
import resdiff
from resdiff.align.retrack import retrack
from resdiff.parse.structure import build_tree
from test_merge import BASE, NEW, _compare_style

AUTHOR, DATE = "LibreOffice user", "2022-09-01T10:00:00Z"


def _compare_tracked(tmp_path: Path) -> resdiff.Document:
    source = tmp_path / "compare.critic.md"
    source.write_text(_compare_style([line for line in BASE if line], NEW[1:]), encoding="utf-8")
    doc = resdiff.read(source)
    from resdiff.views import stamp_revisions

    return stamp_revisions(doc, AUTHOR, DATE)


def _labels(doc: resdiff.Document) -> list[tuple[str | None, str | None, str]]:
    def walk(clauses: tuple[resdiff.model.Clause, ...]) -> list[resdiff.model.Clause]:
        return [c for clause in clauses for c in (clause, *walk(clause.children))]

    return [(c.old_label, c.new_label, c.status) for s in build_tree(doc).sections for c in walk(s.clauses)
            if c.old_label or c.new_label]


def test_retrack_keeps_both_sides_and_the_authors(tmp_path: Path) -> None:
    tracked = _compare_tracked(tmp_path)
    again = retrack(tracked)
    assert [p.text for p in again.new().paragraphs()] == [p.text for p in tracked.new().paragraphs()]
    assert [p.text for p in again.old().paragraphs()] == [p.text for p in tracked.old().paragraphs()]
    assert {(r.author, r.date) for r in again.revisions()} == {(AUTHOR, DATE)}


def test_the_realigned_tree_is_the_tree_of_the_clean_diff(tmp_path: Path) -> None:
    """Compare-style tracking makes every renumbered and edited clause a deletion plus an insertion; re-tracked,
    each clause has the (old, new) label pair and status the clean diff of the two texts gives it."""
    tracked = _compare_tracked(tmp_path)
    clean = resdiff.diff(tracked.old(), tracked.new())
    before, after, want = _labels(tracked), _labels(retrack(tracked)), _labels(clean)
    assert after == want
    assert len(before) > len(want)  # the Compare-style tree lists renumbered clauses twice
    renumbered = [row for row in after if row[0] and row[1] and row[0] != row[1]]
    assert len(renumbered) >= 29


def _marked(doc: resdiff.Document) -> int:
    return sum(len(s.text) for p in doc.paragraphs() for s in p.spans if s.revisions)


def test_retrack_marks_about_as_much_as_resdiff_diff(tmp_path: Path) -> None:
    tracked = _compare_tracked(tmp_path)
    again, clean = retrack(tracked), resdiff.diff(tracked.old(), tracked.new())
    assert _marked(again) <= 1.05 * _marked(clean)
    assert _marked(again) < _marked(tracked) / 2  # whole clauses deleted and inserted vs. the words that changed


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_accepts_and_rejects_the_retracked_docx_to_the_input_sides(tmp_path: Path) -> None:
    tracked = _compare_tracked(tmp_path)
    out = tmp_path / "retracked.docx"
    out.write_bytes(resdiff.render(retrack(tracked), "docx"))
    source = tmp_path / "input.docx"
    source.write_bytes(resdiff.render(tracked, "docx"))
    for mode in ("accept", "reject"):
        texts = [subprocess.run(["pandoc", str(path), f"--track-changes={mode}", "-t", "plain", "--wrap=none"],
                                capture_output=True, text=True, check=True).stdout for path in (out, source)]
        assert texts[0] == texts[1]


@pytest.mark.skipif(not lo_uno.available(), reason="LibreOffice with Python UNO (python3-uno) is not installed")
@pytest.mark.parametrize("fixture", ["res130-iap", "res130-iap-en"])
def test_libreoffice_compare_retracked_gives_the_clean_diffs_163_label_pairs(fixture: str, tmp_path: Path) -> None:
    """The Res. 130 pair (French, English) tracked by LibreOffice's own Compare (Edit ▸ Track Changes ▸ Compare
    Document, through UNO): its tree lists clauses twice; re-tracked, every labelled clause has the clean diff's
    (old, new) pair, both sides are unchanged (pandoc reads them), and it marks no more than resdiff diff does."""
    folder = Path(__file__).resolve().parent.parent / "fixtures" / fixture
    for name in ("old", "new"):
        (tmp_path / f"{name}.docx").write_bytes(resdiff.render(resdiff.read(folder / f"{name}.txt"), "docx"))
    compared = tmp_path / "compared.docx"
    lo_uno.run_jobs([{"do": "compare", "old": str(tmp_path / "old.docx"), "new": str(tmp_path / "new.docx"),
                      "out": str(compared)}], tmp_path)
    tracked = resdiff.read(compared)
    clean = resdiff.diff(resdiff.read(tmp_path / "old.docx"), resdiff.read(tmp_path / "new.docx"))
    want = _labels(clean)
    assert len(want) == 163  # the fixture's labels.tsv
    assert _labels(tracked) != want
    again = retrack(tracked)
    assert _labels(again) == want
    assert [p.text for p in again.new().paragraphs()] == [p.text for p in tracked.new().paragraphs()]
    assert [p.text for p in again.old().paragraphs()] == [p.text for p in tracked.old().paragraphs()]
    assert _marked(again) <= 1.05 * _marked(clean)
    if shutil.which("pandoc") is not None:
        out = tmp_path / "retracked.docx"
        out.write_bytes(resdiff.render(again, "docx", template=tracked))
        # Accept All only: where LibreOffice's Compare deleted a paragraph mark, pandoc's Reject All of its file
        # glues the two paragraphs without a space and of ours (the same old side, as resdiff reads it) with one —
        # the paragraph-mark divergence between LibreOffice and Word noted in tests/lo_uno.py's users.
        texts = [subprocess.run(["pandoc", str(path), "--track-changes=accept", "-t", "plain", "--wrap=none"],
                                capture_output=True, text=True, check=True).stdout for path in (out, compared)]
        assert texts[0] == texts[1]


def test_the_cli_retracks_and_tree_and_check_realign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from resdiff.cli import main

    source = tmp_path / "compare.docx"
    source.write_bytes(resdiff.render(_compare_tracked(tmp_path), "docx"))
    out = tmp_path / "retracked.docx"
    assert main(["retrack", str(source), "-o", str(out)]) == 0
    assert _labels(resdiff.read(out)) == _labels(resdiff.diff(resdiff.read(source).old(), resdiff.read(source).new()))
    assert main(["retrack", str(source), "-o", str(source)]) == 2  # never over its input
    capsys.readouterr()
    assert main(["tree", str(source), "--json", "--realign"]) == 0
    from resdiff.render.outline import render_tree_json

    printed = capsys.readouterr().out
    assert printed == render_tree_json(resdiff.build_tree(source, realign=True))
    assert printed != render_tree_json(resdiff.build_tree(source))
    assert resdiff.check(source, realign=True, select=["NUM"]) == []
