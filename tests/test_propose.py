"""`resdiff propose` (issue 16): the proposal document from the official text and a draft.

Oracles: the fixture's labels.tsv (written with the fixture, not by resdiff) for the clause structure of the real
IAP proposal; pandoc's Accept All / Reject All of the written .docx for the two texts; a plain lxml listing of
document.xml and styles.xml for the tag line, the title's tracked revision and the styles."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

import resdiff
from resdiff.cli import main
from resdiff.model import Clause
from resdiff.parse.structure import build_tree

ROOT = Path(__file__).resolve().parent.parent
RES130 = ROOT / "fixtures" / "res130-iap"
ITU = ROOT / "fixtures" / "itu-res130-docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PANDOC = shutil.which("pandoc")


def _walk(clauses: tuple[Clause, ...]) -> Iterator[Clause]:
    for clause in clauses:
        yield clause
        yield from _walk(clause.children)


def _xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def _text(element: etree._Element, tag: str = "t") -> str:
    return "".join(element.xpath(f".//w:{tag}/text()", namespaces=NS))


def test_the_res130_pair_gives_the_structure_of_the_real_iap_proposal(tmp_path: Path) -> None:
    out = tmp_path / "proposal.docx"
    assert main(["propose", str(RES130 / "old.txt"), str(RES130 / "new.txt"), "--tag", "MOD IAP/76A35/1",
                 "--revision", "RÉV. bucarest, 2022", "--reasons", "Mettre à jour la Résolution.", "-q",
                 "-o", str(out)]) == 0
    tree = build_tree(resdiff.read(out))
    with (RES130 / "labels.tsv").open(encoding="utf-8") as stream:
        expected = [(r["old_label"], r["new_label"], r["status"]) for r in csv.DictReader(stream, delimiter="\t")]
    found = [(c.old_label or "", c.new_label or "", c.status) for s in tree.sections for c in _walk(s.clauses)
             if c.old_label or c.new_label]
    assert found == expected  # all 163 label pairs and statuses of the real proposal
    assert (tree.proposal.action, tree.proposal.symbol) == ("MOD", "IAP/76A35/1") if tree.proposal else False
    assert (tree.old_revision, tree.revision) == ("RÉV. DUBAÏ, 2018", "RÉV. bucarest, 2022")
    paragraphs = _xml(out).xpath("//w:body/w:p", namespaces=NS)
    first = paragraphs[0]
    assert first.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "Proposal"
    assert _text(first) == "MODIAP/76A35/1" and first.xpath("count(.//w:tab)", namespaces=NS) == 1
    assert not first.xpath(".//w:ins | .//w:del", namespaces=NS)  # the tag line is not tracked
    title = paragraphs[1]  # the revision in the title, tracked: place and year replaced, "RÉV." kept
    assert _text(title, "delText").strip() == "DUBAÏ, 2018" and "bucarest, 2022" in _text(title.xpath(
        ".//w:ins", namespaces=NS)[0])
    assert {i.get(f"{{{W}}}author") for i in _xml(out).xpath("//w:ins | //w:del", namespaces=NS)} == {"IAP"}
    reasons = [p for p in paragraphs if p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "Reasons"]
    assert len(reasons) == 1 and _text(reasons[0]).startswith("Motifs:")
    assert [f for f in resdiff.check(out) if f.severity == "error"] == []


@pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
def test_pandoc_accepts_the_itu_proposal_to_the_draft_and_rejects_it_to_the_official_text(tmp_path: Path) -> None:
    """The ITU-styled pair: the draft (new.docx) carries its own tag line and Reasons, which propose replaces by
    untracked ones, so Accept All reads as the draft and Reject All as the official text plus those two lines."""
    out = tmp_path / "proposal.docx"
    assert main(["propose", str(ITU / "old.docx"), str(ITU / "new.docx"), "--tag", "MOD IAP/76A35/1", "-q",
                 "-o", str(out)]) == 0

    def plain(path: Path, view: str) -> list[str]:
        done = subprocess.run([PANDOC or "pandoc", str(path), f"--track-changes={view}", "-t", "plain",
                               "--wrap=none"], capture_output=True, text=True, check=True)
        return [" ".join(line.split()) for line in done.stdout.splitlines() if line.strip()]

    def body(lines: list[str]) -> list[str]:
        # up to the annex: there pandoc counts Word's numbered list with a deleted item differently from Word
        # (the same holds for `resdiff diff`'s redline; tests/test_libreoffice_oracle.py has the annex)
        return lines[:lines.index("ANNEXE")]

    accepted, draft = body(plain(out, "accept")), body(plain(ITU / "new.docx", "accept"))
    assert accepted == draft and len(draft) > 150
    rejected, official = body(plain(out, "reject")), body(plain(ITU / "old.docx", "accept"))
    assert rejected == ["MOD IAP/76A35/1", *official]
    reasons = next(line for line in plain(ITU / "new.docx", "accept") if line.startswith("Motifs:"))
    assert reasons in plain(out, "reject") and reasons in plain(out, "accept")


def test_add_is_the_draft_untracked_and_sup_the_title_with_reasons(tmp_path: Path) -> None:
    added = resdiff.propose(RES130 / "new.txt", tag="ADD IAP/76A35/3", reasons="Nouvelle résolution.")
    assert not added.has_revisions
    texts = [p.text_on("new") for p in added.paragraphs()]
    assert texts[0] == "ADD\tIAP/76A35/3" and texts[-1] == "Motifs:\tNouvelle résolution."
    assert texts[1:-1] == [p.text_on("new") for p in resdiff.read(RES130 / "new.txt").paragraphs()][1:]

    out = tmp_path / "sup.docx"  # a package with no Proposal or Reasons style: resdiff brings them
    assert main(["propose", str(RES130 / "old.txt"), "--tag", "SUP IAP/76A35/2", "--reasons", "Fusionnée.", "-q",
                 "-o", str(out)]) == 0
    body = [(p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS), _text(p))
            for p in _xml(out).xpath("//w:body/w:p", namespaces=NS)]
    assert [text for _, text in body] == ["SUPIAP/76A35/2", "RÉSOLUTION 130 (RÉV. DUBAÏ, 2018)", "Renforcement du rôle de "
                                          "l'UIT dans l'instauration de la confiance et de la sécurité dans "
                                          "l'utilisation des technologies de l'information et de la communication",
                                          "Motifs:Fusionnée."]
    styles = {s.get(f"{{{W}}}styleId"): s.xpath("string(w:name/@w:val)", namespaces=NS)
              for s in _xml(out, "word/styles.xml").xpath("//w:style", namespaces=NS)}
    assert body[0][0] in styles and styles[body[0][0]] == "Proposal"
    assert body[-1][0] in styles and styles[body[-1][0]] == "Reasons"


@pytest.mark.parametrize(("args", "message"), [
    (["--tag", "XYZ 1"], "is not a proposal tag"),
    (["--tag", "SUP IAP/1/2"], "must give its reasons"),
    (["--tag", "NOC IAP/1/2", "--reasons", "x"], ""),
])
def test_bad_tags_and_missing_reasons_are_one_line_errors(args: list[str], message: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["propose", str(RES130 / "old.txt"), *args, "-q"])
    err = capsys.readouterr().err
    if message:
        assert status == 2 and message in err and err.count("\n") == 1
    else:
        assert status == 0


def test_a_mod_without_a_draft_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["propose", str(RES130 / "old.txt"), "--tag", "MOD IAP/1/2"]) == 2
    assert "needs the draft text" in capsys.readouterr().err
