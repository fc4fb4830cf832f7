"""`resdiff check --fix` (issue 16): the certain fixes written as tracked changes, the rest listed.

The oracle is pandoc: Reject All of the fixed .docx must read as Reject All of the input (written to .docx by
`resdiff convert`), and Accept All as the corrected text typed out below."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import resdiff
from resdiff.check.fix import fix
from resdiff.cli import main

PANDOC = shutil.which("pandoc")
PROPOSAL = """MOD\tIAP/1/1

RESOLUTION 99 (REV. DUBAI, 2018{++BUCHAREST, 2022++})

Testing fixes

The Plenipotentiary Conference of the International Telecommunication Union (Bucharest, 2022),

considering

a)\tthat one;

{++b)\tthat a new one;++}

{~~b~>c~~})\tthat two.

{~~c~>d~~})\tthat three,

resolves

1\tto do one thing;

{++2\tto do a new thing;++}

2\tto do another, as in considering b) above;

3\tto end

Reasons:\tTo test.
"""
# the corrected new text: the reference follows b) → c), the untracked 2, 3 become 3, 4, the item ends fixed
ACCEPTED = """MOD IAP/1/1
RESOLUTION 99 (REV. DUBAI, 2018BUCHAREST, 2022)
Testing fixes
The Plenipotentiary Conference of the International Telecommunication Union (Bucharest, 2022),
considering
a) that one;
b) that a new one;
c) that two;
d) that three,
resolves
1 to do one thing;
2 to do a new thing;
3 to do another, as in considering c) above;
4 to end.
Reasons: To test."""


def test_the_certain_findings_are_fixed_and_the_rest_listed() -> None:
    done = fix(PROPOSAL.encode("utf-8"), format="critic", name="p.critic.md")
    assert sorted(f.rule for f in done.fixed) == ["CONS002", "CONS002", "NUM002", "NUM002", "XREF001"]
    assert done.unfixed == []
    assert resdiff.check(done.document) == []
    marks = resdiff.render(done.document, "md").decode("utf-8")
    assert "{~~2~>3~~}\tto do another, as in considering {~~b~>c~~}) above;" in marks
    assert "{~~3~>4~~}\tto end{++.++}" in marks and "that two{~~.~>;~~}" in marks
    revisions = [r for r in done.document.revisions() if r.author == "resdiff"]
    assert len(revisions) == 9  # four labels and one reference deleted and inserted, a mark replaced and one added


@pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
def test_pandoc_reads_the_fixes_as_tracked_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "p.critic.md"
    source.write_text(PROPOSAL, encoding="utf-8")
    assert main(["convert", str(source), "-o", str(tmp_path / "p.docx")]) == 0
    assert main(["check", str(tmp_path / "p.docx"), "--fix", str(tmp_path / "fixed.docx"), "--date",
                 "2022-10-01"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "5 findings fixed" in captured.err and "0 findings left" in captured.err

    def plain(path: Path, view: str) -> str:
        done = subprocess.run([PANDOC or "pandoc", str(path), f"--track-changes={view}", "-t", "plain",
                               "--wrap=none"], capture_output=True, text=True, check=True)
        return "\n".join(" ".join(line.split()) for line in done.stdout.splitlines() if line.strip())

    assert plain(tmp_path / "fixed.docx", "reject") == plain(tmp_path / "p.docx", "reject")
    assert plain(tmp_path / "fixed.docx", "accept") == ACCEPTED


def test_what_is_not_certain_is_left_and_fails_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reference to a deleted clause: where it should point is the drafter's choice."""
    text = PROPOSAL.replace("{~~c~>d~~})\tthat three,", "{--c)\tthat three,--}").replace(
        "considering b) above", "considering c) above")
    source = tmp_path / "p.critic.md"
    source.write_text(text, encoding="utf-8")
    assert main(["check", str(source), "--fix", str(tmp_path / "fixed.md")]) == 1
    out = capsys.readouterr().out
    assert "XREF001" in out and "deletes" in out and "NUM002" not in out


def test_fix_refuses_its_input_as_output_and_several_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "p.critic.md"
    source.write_text(PROPOSAL, encoding="utf-8")
    assert main(["check", str(source), "--fix", str(source)]) == 2
    assert main(["check", str(source), str(source), "--fix", str(tmp_path / "x.md")]) == 2
    assert source.read_text(encoding="utf-8") == PROPOSAL
    assert capsys.readouterr().err.count("resdiff check:") == 2
