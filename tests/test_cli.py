"""The command line: formats chosen by extension, stdout text, revision listings, help with examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import resdiff
from resdiff.cli import main
from wml import dele, docx, dr, ins, p, r

PROPOSAL = docx(p(r("RESOLUTION 130 (REV. ") + dele(dr("DUBAI, 2018")) + ins(r("BUCHAREST, 2022"), author="EUR") + r(")")))


@pytest.fixture
def proposal(tmp_path: Path) -> Path:
    path = tmp_path / "proposal.docx"
    path.write_bytes(PROPOSAL)
    return path


def test_accept_to_stdout(proposal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accept", str(proposal), "-o", "-"]) == 0
    assert capsys.readouterr().out == "RESOLUTION 130 (REV. BUCHAREST, 2022)\n"


def test_reject_to_each_format(proposal: Path, tmp_path: Path) -> None:
    for ext in ("docx", "txt", "md", "json"):
        out = tmp_path / f"old.{ext}"
        assert main(["reject", str(proposal), "-o", str(out)]) == 0
        doc = resdiff.read(out) if ext in ("docx", "txt") else None
        if doc is not None:
            assert [x.text for x in doc.paragraphs()] == ["RESOLUTION 130 (REV. DUBAI, 2018)"]
    assert json.loads((tmp_path / "old.json").read_text())["side"] == "old"
    assert (tmp_path / "old.md").read_text() == "RESOLUTION 130 (REV. DUBAI, 2018)\n"


def test_unknown_output_format_is_a_usage_error(proposal: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accept", str(proposal), "-o", str(tmp_path / "out.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown output format 'pdf'" in err
    assert not (tmp_path / "out.pdf").exists()


def test_revisions_listing(proposal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["revisions", str(proposal), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(x["kind"], x["author"], x["text"], x["paragraph"]) for x in records] == [
        ("deleted", "A", "DUBAI, 2018", 1),  # paragraphs count from 1, as in check and every message
        ("inserted", "EUR", "BUCHAREST, 2022", 1),
    ]
    assert main(["revisions", str(proposal)]) == 0
    assert capsys.readouterr().out.splitlines()[1].split("\t")[:3] == ["body ¶1", "inserted", "EUR"]


def test_convert_keeps_revisions_and_stamps_the_author(tmp_path: Path) -> None:
    critic = tmp_path / "p.critic.md"
    critic.write_text("RÉSOLUTION 130 (RÉV. {--DUBAÏ, 2018--}{++BUCAREST, 2022++})\n{++4 bis\tnew item;++}\n")
    out = tmp_path / "p.docx"
    assert main(["convert", str(critic), "-o", str(out), "--author", "IAP"]) == 0
    doc = resdiff.read(out)
    assert {x.author for x in doc.revisions()} == {"IAP"}
    assert [x.text for x in doc.old().paragraphs()] == ["RÉSOLUTION 130 (RÉV. DUBAÏ, 2018)"]
    assert [x.text for x in doc.new().paragraphs()] == ["RÉSOLUTION 130 (RÉV. BUCAREST, 2022)", "4 bis\tnew item;"]


def test_formatting_markup_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.docx"
    path.write_bytes(docx(p(r("a ") + '<w:r><w:rPr><w:dstrike/></w:rPr><w:t>old</w:t></w:r>')))
    assert main(["accept", "--markup", "formatting", str(path)]) == 0
    assert capsys.readouterr().out == "a \n"


def _commands() -> list[str]:
    from resdiff.cli import build_parser

    return sorted(next(a for a in build_parser()._actions if a.dest == "command").choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "resdiff.cli", command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "examples:" in result.stdout and f"resdiff {command}" in result.stdout
