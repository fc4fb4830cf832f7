"""Accept All / Reject All from a .docx into a .docx without the model (issue 20): `accept IN.docx -o OUT.docx`
and batch's accept and reject transform the package itself (`resolved_package`, as `render_docx` does for a
resolved side), so the document is never read into the model (four fifths of the time and 0.7 of 1.55 GB for a
paragraph of a million tracked runs).

What must hold: the bytes are those of the model's route (read, resolve, render) on the tracked corpus documents;
the model is really not built; what the reader refuses is still refused, with the same message; other inputs and
outputs still go through the model; standard input is read once.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import resdiff
import resdiff.parse.docx
from corpus import CORPUS
from resdiff.cli import main
from resdiff.errors import ResdiffError
from resdiff.ooxml.package import open_package
from resdiff.ooxml.write_package import resolved_package
from resdiff.parse import detect_format
from wml import dele, docx, dr, ins, p, r

PROPOSAL = docx(p(r("RESOLUTION 130 (REV. ") + dele(dr("DUBAI, 2018")) + ins(r("BUCHAREST, 2022"), author="EUR")
                  + r(")")))


def _tracked() -> list[Path]:
    """The corpus documents whose body holds tracked insertions or deletions."""
    found = []
    for path in sorted(CORPUS.rglob("*.docx")):
        try:
            with zipfile.ZipFile(path) as z:
                body = z.read("word/document.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
        if b":ins " in body or b":del " in body:
            found.append(path)
    return found


TRACKED = _tracked()


def _through_the_model(data: bytes, name: str, side: str, markup: str) -> bytes:
    doc = resdiff.read(data, name=name, markup=markup)  # type: ignore[arg-type]
    return resdiff.render(doc.new() if side == "new" else doc.old(), "docx")


def _compare(paths: list[Path]) -> int:
    compared = 0
    for path in paths:
        data = path.read_bytes()
        for side in ("new", "old"):
            for markup in ("revisions", "formatting"):
                try:
                    expected = _through_the_model(data, path.name, side, markup)
                except ResdiffError as exc:  # refused by the reader: refused the same way without it
                    with pytest.raises(type(exc), match=re.escape(str(exc))):
                        resolved_package(open_package(data, path.name), side, markup)
                    continue
                assert resolved_package(open_package(data, path.name), side, markup) == expected, (path, side, markup)
                compared += 1
    return compared


def test_the_bytes_are_the_model_routes_on_a_sample_of_the_tracked_corpus() -> None:
    """Every fourth tracked corpus document (all of them in the slow run below), both sides, both markups."""
    assert len(TRACKED) > 200
    assert _compare(TRACKED[::4]) > 200


@pytest.mark.slow
def test_the_bytes_are_the_model_routes_on_the_whole_tracked_corpus() -> None:
    assert _compare(TRACKED) > 800


def test_accept_into_a_docx_does_not_build_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The reader is not called for .docx → .docx (it is for .docx → text); the output is the accepted text."""
    source = tmp_path / "proposal.docx"
    source.write_bytes(PROPOSAL)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the document was read into the model")

    monkeypatch.setattr(resdiff.parse.docx, "read_docx", refuse)
    assert main(["accept", str(source), "-o", str(tmp_path / "new.docx")]) == 0
    assert main(["reject", str(source), "-o", str(tmp_path / "old.docx")]) == 0
    assert main(["accept", str(source), "-o", str(tmp_path / "new.txt")]) == 3  # the CLI's internal error
    assert "the document was read into the model" in capsys.readouterr().err
    monkeypatch.undo()
    assert [x.text for x in resdiff.read(tmp_path / "new.docx").paragraphs()] == ["RESOLUTION 130 (REV. BUCHAREST, 2022)"]
    assert [x.text for x in resdiff.read(tmp_path / "old.docx").paragraphs()] == ["RESOLUTION 130 (REV. DUBAI, 2018)"]


def test_a_package_without_a_body_is_refused_as_the_reader_refuses_it(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    no_body = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(PROPOSAL)) as z, zipfile.ZipFile(no_body, "w") as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:bodx>").replace(b"</w:body>", b"</w:bodx>")
            out.writestr(info, data)
    path = tmp_path / "no-body.docx"
    path.write_bytes(no_body.getvalue())
    errors = []
    for output in ("out.docx", "out.txt"):
        assert main(["accept", str(path), "-o", str(tmp_path / output)]) == 2
        errors.append(capsys.readouterr().err)
        assert not (tmp_path / output).exists()
    assert errors[0] == errors[1] and "has no w:body; it is not a Word document" in errors[0]


def test_other_inputs_into_a_docx_go_through_the_model(tmp_path: Path) -> None:
    critic = tmp_path / "proposal.critic.md"
    critic.write_text("Resolution {--old--}{++new++} text\n", encoding="utf-8")
    assert detect_format(critic.read_bytes(), str(critic)) == "critic"
    assert main(["accept", str(critic), "-o", str(tmp_path / "new.docx")]) == 0
    assert [x.text for x in resdiff.read(tmp_path / "new.docx").paragraphs()] == ["Resolution new text"]


def test_standard_input_is_read_once(tmp_path: Path) -> None:
    """'-' is read into bytes once, whichever route the bytes then take."""
    for output, expected in (("new.docx", None), ("-", "RESOLUTION 130 (REV. BUCHAREST, 2022)\n")):
        target = output if output == "-" else str(tmp_path / output)
        done = subprocess.run([sys.executable, "-m", "resdiff", "accept", "-", "-o", target], input=PROPOSAL,
                              capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        if expected is None:
            assert [x.text for x in resdiff.read(tmp_path / output).paragraphs()] == \
                ["RESOLUTION 130 (REV. BUCHAREST, 2022)"]
        else:
            assert done.stdout.decode() == expected
