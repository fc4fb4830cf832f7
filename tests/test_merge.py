"""Several proposals on one base: synoptic rows, conflicts, consolidated draft."""

from __future__ import annotations

from pathlib import Path

import pytest

import resdiff
from corpus import CORPUS, corpus_missing
from resdiff.cli import main
from resdiff.labels import parse_label

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "res130-iap"
# The official text: the old side of the fixture without the proposal's tag line.
BASE = (FIXTURE / "old.txt").read_text(encoding="utf-8").split("\n")[1:]
RECALLING = BASE.index("rappelant")


def _relabel(lines: list[str], start: int, shift: int) -> list[str]:
    """Shift the letters of the 'rappelant' items from `start` on by `shift` (a renumbering)."""
    out = list(lines)
    index = start
    while index < len(out) and out[index][:2].rstrip(")").isalpha() and out[index][1:2] == ")":
        label = parse_label(out[index].split("\t")[0])
        assert label is not None
        out[index] = f"{chr(ord('a') + label.ordinal - 1 + shift)})" + out[index][2:]
        index += 1
    return out


def _three_proposals(tmp_path: Path) -> tuple[Path, list[Path]]:
    """IAP inserts a new c) (renumbering the rest), EUR deletes e) (renumbering), ACP edits e)."""
    b_line = RECALLING + 2
    iap = BASE[: b_line + 1] + ["c)\tla Résolution 75/240 de l'Assemblée générale des Nations Unies;"] + \
        _relabel(BASE, b_line + 1, +1)[b_line + 1:]
    e_line = RECALLING + 5
    assert BASE[e_line].startswith("e)\tla Résolution 64/211")
    eur = BASE[:e_line] + _relabel(BASE, e_line + 1, -1)[e_line + 1:]
    acp = list(BASE)
    acp[e_line] = acp[e_line].replace("infrastructures essentielles", "infrastructures de l'information essentielles")
    paths = []
    for name, lines in (("IAP", iap), ("EUR", eur), ("ACP", acp)):
        path = tmp_path / f"{name}.txt"
        path.write_text("\n".join([f"MOD\t{name}/1/1"] + lines), encoding="utf-8")  # its tag line names it
        paths.append(path)
    base = tmp_path / "official.txt"
    base.write_text("\n".join(BASE), encoding="utf-8")
    return base, paths


def test_three_proposals_on_res130(tmp_path: Path) -> None:
    base, proposals = _three_proposals(tmp_path)
    synopsis = resdiff.merge(resdiff.read(base), proposals)
    assert synopsis.proposals == ("IAP", "EUR", "ACP")
    assert [(r.after, [(c.proposal, c.action) for c in r.cells]) for r in synopsis.rows[:3]] == [
        (-1, [("IAP", "ADD")]), (-1, [("EUR", "ADD")]), (-1, [("ACP", "ADD")])]  # the three tag lines
    recalling = [r for r in synopsis.rows if (r.base_index is None and r.after != -1)
                 or (r.base_index is not None and RECALLING < r.base_index <= RECALLING + 17)]
    summary = [(r.base_index, r.after, [(c.proposal, c.action) for c in r.cells], bool(r.conflict))
               for r in recalling[:8]]
    assert summary == [
        (RECALLING + 1, None, [], False),                                  # a)
        (RECALLING + 2, None, [], False),                                  # b)
        (None, RECALLING + 2, [("IAP", "ADD")], False),                    # new c) from IAP
        (RECALLING + 3, None, [("IAP", "MOD")], False),                    # c) → d) (renumbered by IAP)
        (RECALLING + 4, None, [("IAP", "MOD")], False),                    # d) → e)
        (RECALLING + 5, None, [("IAP", "MOD"), ("EUR", "SUP"), ("ACP", "MOD")], True),   # e): the conflict
        (RECALLING + 6, None, [("IAP", "MOD"), ("EUR", "MOD")], False),    # f): both only renumber
        (RECALLING + 7, None, [("IAP", "MOD"), ("EUR", "MOD")], False),
    ]
    conflicts = [r for r in synopsis.rows if r.conflict]
    assert [(r.base_index, r.conflict) for r in conflicts] == [(RECALLING + 5, "EUR deletes what IAP, ACP modify")]


def test_the_draft_applies_what_does_not_conflict(tmp_path: Path) -> None:
    base, proposals = _three_proposals(tmp_path)
    draft = resdiff.merge(resdiff.read(base), proposals).draft
    new = [p.text for p in draft.accept().paragraphs()]
    assert "c)\tla Résolution 75/240 de l'Assemblée générale des Nations Unies;" in new
    conflict = next(t for t in new if "64/211" in t)
    assert conflict.startswith("e)\tla Résolution 64/211") and "[IAP: " in conflict and "ACP: " in conflict
    assert "EUR: (delete)" in conflict
    assert {r.author for r in draft.revisions()} >= {"IAP", "EUR"}
    assert [p.text for p in draft.reject().paragraphs()] == [p.text for p in resdiff.read(base).paragraphs()]


def test_the_docxodus_three_way_case_reports_its_conflict(tmp_path: Path) -> None:
    folder = CORPUS / "docxodus" / "RC"
    if not folder.exists():
        corpus_missing(folder)
    out = tmp_path / "synoptic.html"
    code = main(["merge", str(folder / "RC100-Conflict-Base.docx"), str(folder / "RC100-Conflict-Alice.docx"),
                 str(folder / "RC100-Conflict-Bob.docx"), "--name", "Alice", "--name", "Bob", "-o", str(out)])
    assert code == 1
    page = out.read_text(encoding="utf-8")
    assert "Conflict: Alice and Bob change it differently" in page and "SLOW" in page and "FAST" in page
    assert "http" not in page.replace("http-equiv", "")
    draft = resdiff.merge(resdiff.read(folder / "RC100-Conflict-Base.docx"),
                          [folder / "RC100-Conflict-Alice.docx", folder / "RC100-Conflict-Bob.docx"],
                          names=["Alice", "Bob"]).draft
    assert [p.text for p in draft.accept().paragraphs()] == [
        "the quick brown fox jumps over the lazy dog [Alice: the SLOW brown fox jumps over the lazy dog / "
        "Bob: the FAST brown fox jumps over the lazy dog]"]


def test_names_come_from_tag_lines(tmp_path: Path) -> None:
    official = resdiff.read(FIXTURE / "proposal.docx").old()
    synopsis = resdiff.merge(official, [FIXTURE / "proposal.docx", FIXTURE / "seed.txt"])
    assert synopsis.proposals == ("IAP", "IAP")
    # The same proposal twice, as .docx and as extracted text untangled against the base: they agree wherever
    # the extracted text can be untangled (replaced numbers and years); word replacements stay glued there.
    conflicts = [r for r in synopsis.rows if r.conflict]
    agreeing = [r for r in synopsis.rows if len(r.cells) == 2 and not r.conflict]
    assert len(agreeing) > 60 and len(conflicts) < len(agreeing)
