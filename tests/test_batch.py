"""`resdiff batch`: one job over a directory tree, bad files listed and skipped, deterministic across workers."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import resdiff
from resdiff.check import check
from resdiff.check.report import render_findings
from resdiff.cli import main
from resdiff.parse.structure import build_tree
from resdiff.render.outline import render_tree_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RES130 = FIXTURES / "res130-iap"
CRITIC = (b"RESOLUTION 999 (REV. BUCHAREST, 2022)\n\nresolves\n\n"
          b"1\tto {--continue--}{++pursue++} the work;\n2\tto report{++ annually++} to the Council.\n")

GOOD = ["proposal.docx", "res/en.txt", "res/fr.txt", "res/zh.txt", "sub/deep/tracked.docx", "sub/proposal.critic.md"]
BAD = {"bad/empty.docx": "the file is empty", "bad/text.docx": "not a .docx (zip) file",
       "bad/broken.txt": "not valid UTF-8"}


def _make_inputs(root: Path, bad: bool = True) -> Path:
    (root / "res").mkdir(parents=True)
    (root / "sub" / "deep").mkdir(parents=True)
    shutil.copy(RES130 / "proposal.docx", root / "proposal.docx")
    for code in ("en", "fr", "zh"):
        shutil.copy(FIXTURES / "resolutions" / f"{code}.txt", root / "res" / f"{code}.txt")
    (root / "sub" / "deep" / "tracked.docx").write_bytes(resdiff.render(resdiff.read(CRITIC, format="critic"), "docx"))
    shutil.copy(RES130 / "proposal.critic.md", root / "sub" / "proposal.critic.md")
    # never inputs: hidden files and folders, Word lock files, other extensions
    (root / ".hidden.docx").write_bytes(b"")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_bytes(b"\xff")
    (root / "~$proposal.docx").write_bytes(b"\x00")
    (root / "README.md").write_text("not an input\n")
    if bad:
        (root / "bad").mkdir()
        (root / "bad" / "empty.docx").write_bytes(b"")
        (root / "bad" / "text.docx").write_text("hello, not a zip\n")
        (root / "bad" / "broken.txt").write_bytes(b"RESOLUTION 1\n\xff\xfe broken\n")
    return root


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    return _make_inputs(tmp_path / "in")


def _run(*argv: str | Path) -> int:
    return main(["batch", *(str(a) for a in argv), "--quiet"])


def _summary(out: Path) -> dict[str, object]:
    return json.loads((out / "batch.json").read_text())  # type: ignore[no-any-return]


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_accept_writes_what_the_single_file_api_writes_and_lists_bad_files(inputs: Path, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert _run(inputs, "-o", out, "--job", "accept", "--workers", "1") == 2
    expected = {"proposal.docx": "proposal.docx", "res/en.txt": "res/en.txt", "res/fr.txt": "res/fr.txt",
                "res/zh.txt": "res/zh.txt", "sub/deep/tracked.docx": "sub/deep/tracked.docx",
                "sub/proposal.critic.md": "sub/proposal.txt"}
    for source, target in expected.items():
        fmt = "docx" if target.endswith(".docx") else "txt"
        assert (out / target).read_bytes() == resdiff.render(resdiff.read(inputs / source).new(), fmt), source
    tracked = resdiff.read(out / "sub/deep/tracked.docx")
    assert "to pursue the work;" in resdiff.render(tracked, "txt").decode() and not tracked.revisions()

    err = capsys.readouterr().err
    for rel, reason in BAD.items():
        assert f"{inputs / rel}: " in err and reason in err
    assert "9 files, 6 ok, 3 failed" in err
    assert ".hidden" not in err and "~$" not in err and ".git" not in err

    summary = _summary(out)
    assert summary["job"] == "accept" and summary["ok"] == 6 and summary["failed"] == 3
    files = {f["file"]: f for f in summary["files"]}  # type: ignore[attr-defined]
    assert list(files) == sorted(list(expected) + list(BAD), key=lambda s: Path(s).parts)
    for source, target in expected.items():
        assert files[source]["status"] == "ok" and files[source]["output"] == target
        assert isinstance(files[source]["seconds"], float)
    for rel, reason in BAD.items():
        assert files[rel]["status"] == "failed" and reason in files[rel]["reason"]
        assert files[rel]["error"] == "UnreadableInputError" and files[rel]["bug"] is False
    assert not (out / "bad").exists()


def test_reject_in_another_format_and_name_clashes(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(RES130 / "proposal.docx", root / "a.docx")
    shutil.copy(RES130 / "old.txt", root / "a.txt")
    out = tmp_path / "out"
    assert _run(root, "-o", out, "--job", "reject", "--format", "md", "--workers", "1") == 0
    assert sorted(_files(out)) == ["a.docx.md", "a.txt.md", "batch.json"]  # both would be a.md: names kept
    assert (out / "a.docx.md").read_bytes() == resdiff.render(resdiff.read(root / "a.docx").old(), "md")


def test_tree_job(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(inputs, "-o", out, "--job", "tree", "--workers", "1") == 2
    assert (out / "res/fr.json").read_text() == render_tree_json(build_tree(resdiff.read(inputs / "res/fr.txt")))
    assert (out / "proposal.json").read_text() == render_tree_json(build_tree(resdiff.read(inputs / "proposal.docx")))
    assert json.loads((out / "sub/proposal.json").read_text())["sections"]


def test_check_job_reports_and_exit_codes(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(inputs, "-o", out, "--job", "check", "--workers", "1") == 2  # bad files win over findings
    source = inputs / "proposal.docx"
    assert (out / "proposal.json").read_text() == render_findings(check(str(source)), "json")
    combined = json.loads((out / "check.json").read_text())
    everything = [f for rel in GOOD for f in json.loads(render_findings(check(str(inputs / rel)), "json"))]
    assert combined == everything and combined
    files = {f["file"]: f for f in _summary(out)["files"]}  # type: ignore[attr-defined]
    assert files["proposal.docx"]["output"] == "proposal.json" and "errors" in files["proposal.docx"]

    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copy(FIXTURES / "resolutions" / "en.txt", clean / "en.txt")
    assert _run(clean, "-o", tmp_path / "out-clean", "--job", "check") == 0
    shutil.copy(RES130 / "old.txt", clean / "old.txt")  # the official text has an error finding
    assert _run(clean, "-o", tmp_path / "out-errors", "--job", "check", "--workers", "2") == 1
    assert any(f["severity"] == "error" for f in json.loads((tmp_path / "out-errors" / "check.json").read_text()))


def test_one_and_two_workers_give_identical_outputs(inputs: Path, tmp_path: Path) -> None:
    for job in ("accept", "check"):
        one, two = tmp_path / f"{job}-1", tmp_path / f"{job}-2"
        assert _run(inputs, "-o", one, "--job", job, "--workers", "1") == 2
        assert _run(inputs, "-o", two, "--job", job, "--workers", "2") == 2
        a, b = _files(one), _files(two)
        summary_a, summary_b = json.loads(a.pop("batch.json")), json.loads(b.pop("batch.json"))
        assert a == b
        for summary in (summary_a, summary_b):
            summary.pop("seconds"), summary.pop("output"), summary.pop("workers")
            for entry in summary["files"]:
                entry.pop("seconds")
        assert summary_a == summary_b


def test_outdir_inside_dir_is_not_read_again(inputs: Path) -> None:
    out = inputs / "out"
    assert _run(inputs, "-o", out, "--job", "accept", "--format", "txt", "--workers", "1") == 2
    first = _summary(out)
    assert _run(inputs, "-o", out, "--job", "accept", "--format", "txt", "--workers", "1") == 2
    second = _summary(out)
    assert [f["file"] for f in second["files"]] == [f["file"] for f in first["files"]]  # type: ignore[index]
    assert not any(f["file"].startswith("out/") for f in second["files"])  # type: ignore[index]
    assert _run(inputs, "-o", inputs, "--job", "accept") == 2  # OUTDIR = DIR is refused


def test_diff_against_a_base_file(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(RES130 / "new.txt", root / "new.txt")
    shutil.copy(RES130 / "proposal.docx", root / "proposal.docx")
    out = tmp_path / "out"
    assert _run(root, "-o", out, "--job", "diff", "--base", RES130 / "old.txt", "--workers", "1") == 0
    base = resdiff.read(RES130 / "old.txt")
    assert (out / "new.docx").read_bytes() == resdiff.render(resdiff.diff(base, resdiff.read(root / "new.txt")),
                                                             "docx")
    redline = resdiff.read(out / "new.docx")
    assert redline.revisions()
    assert resdiff.render(redline.accept(), "txt") == resdiff.render(resdiff.read(root / "new.txt"), "txt")
    assert _run(root, "-o", tmp_path / "json", "--job", "diff", "--base", RES130 / "old.txt", "--format", "json") == 0
    # .json is the Document for every job that writes a document (the clause tree is the tree job's)
    assert resdiff.model.Document.model_validate_json((tmp_path / "json" / "new.json").read_text()).revisions()
    assert _run(root, "-o", tmp_path / "none", "--job", "diff") == 2  # --base is required
    assert _run(root, "-o", tmp_path / "tree", "--job", "tree", "--format", "docx") == 2  # not a tree format
    assert _run(root, "-o", tmp_path / "tree", "--job", "tree", "--base", RES130 / "old.txt") == 2  # no base
    assert not (tmp_path / "tree").exists()  # usage errors come before any output


def test_diff_against_a_base_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, base = tmp_path / "in", tmp_path / "base"
    for folder in (root / "r", base / "r"):
        folder.mkdir(parents=True)
    shutil.copy(RES130 / "new.txt", root / "r" / "res130.txt")
    shutil.copy(RES130 / "old.txt", base / "r" / "res130.txt")
    shutil.copy(FIXTURES / "resolutions" / "en.txt", root / "orphan.txt")  # no base at orphan.txt
    out = tmp_path / "out"
    assert _run(root, "-o", out, "--job", "diff", "--base", base, "--format", "html", "--workers", "1") == 2
    expected = resdiff.diff(resdiff.read(base / "r" / "res130.txt"), resdiff.read(root / "r" / "res130.txt"))
    assert (out / "r" / "res130.html").read_bytes() == resdiff.render(expected, "html")
    assert f"{root / 'orphan.txt'}: {base / 'orphan.txt'}: no such base file" in capsys.readouterr().err


def test_an_internal_error_in_one_file_does_not_stop_the_run(inputs: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from resdiff.parse import structure

    real = structure.build_tree

    def flaky(doc: resdiff.Document) -> object:
        if "Testing the clause tree" in resdiff.render(doc.new(), "txt").decode():  # en.txt (and only it)
            raise KeyError("boom")
        return real(doc)

    monkeypatch.setattr(structure, "build_tree", flaky)
    out = tmp_path / "out"
    assert _run(inputs, "-o", out, "--job", "tree", "--workers", "1") == 2
    files = {f["file"]: f for f in _summary(out)["files"]}  # type: ignore[attr-defined]
    assert files["res/en.txt"]["status"] == "failed" and files["res/en.txt"]["bug"] is True
    assert "KeyError" in files["res/en.txt"]["reason"]
    assert [rel for rel, f in files.items() if f["status"] == "ok"] == [rel for rel in GOOD if rel != "res/en.txt"]
    assert "(1 by an internal error)" in capsys.readouterr().err


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patch reaches workers by fork")
def test_a_worker_that_dies_fails_its_file_only(inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from resdiff.parse import structure

    real = structure.build_tree

    def crash(doc: resdiff.Document) -> object:
        if "Testing the clause tree" in resdiff.render(doc.new(), "txt").decode():  # en.txt
            os._exit(70)  # as a segfault or the OOM killer would
        return real(doc)

    monkeypatch.setattr(structure, "build_tree", crash)
    out = tmp_path / "out"
    assert _run(inputs, "-o", out, "--job", "tree", "--workers", "2") == 2
    files = {f["file"]: f for f in _summary(out)["files"]}  # type: ignore[attr-defined]
    assert files["res/en.txt"]["status"] == "failed" and files["res/en.txt"]["error"] == "BrokenProcessPool"
    assert [rel for rel, f in files.items() if f["status"] == "ok"] == [rel for rel in GOOD if rel != "res/en.txt"]


def test_help_has_examples() -> None:
    result = subprocess.run([sys.executable, "-m", "resdiff.cli", "batch", "--help"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0
    assert "examples:" in result.stdout and "resdiff batch" in result.stdout


# ---- the API: resdiff.batch and the per-file job ---------------------------------------------------------------


def test_the_api_runs_what_the_cli_runs_and_prints_nothing(inputs: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from resdiff.batch_run import BatchResult

    result = resdiff.batch(inputs, tmp_path / "api", job="check", workers=1)
    assert isinstance(result, BatchResult) and capsys.readouterr() == ("", "")
    assert [o.rel for o in result.outcomes] == sorted(GOOD + list(BAD), key=lambda s: Path(s).parts)
    assert {o.rel for o in result.failed} == set(BAD) and result.outputs["proposal.docx"] == "proposal.json"
    expected = {rel: check(str(inputs / rel)) for rel in GOOD}
    assert {o.rel: list(o.findings) for o in result.outcomes if o.ok} == expected
    assert result.errors == sum(f.severity == "error" for found in expected.values() for f in found) > 0
    assert _run(inputs, "-o", tmp_path / "cli", "--job", "check", "--workers", "1") == 2
    api, cli = _files(tmp_path / "api"), _files(tmp_path / "cli")
    summaries = [json.loads(files.pop("batch.json")) for files in (api, cli)]
    for summary in summaries:
        summary.pop("seconds"), summary.pop("output")
        for entry in summary["files"]:
            entry.pop("seconds")
    assert api == cli and summaries[0] == summaries[1]


def test_the_api_refuses_bad_options_before_writing(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for options in ({"job": "diff"}, {"job": "tree", "format": "docx"}, {"job": "accept", "workers": 0},
                    {"job": "nope"}, {"job": "accept", "base": inputs / "res" / "en.txt"}):
        with pytest.raises(resdiff.UsageError):
            resdiff.batch(inputs, out, **options)  # type: ignore[arg-type]
    assert not out.exists()


def test_one_job_is_a_plain_function_of_bytes_and_a_name() -> None:
    from resdiff.batch_job import JobOptions, run_job

    data = (RES130 / "proposal.docx").read_bytes()
    accepted = run_job(data, "p.docx", JobOptions("accept", "txt"))
    assert accepted.output == resdiff.render(resdiff.read(data).new(), "txt") and accepted.findings == ()
    base = resdiff.read(RES130 / "old.txt")
    redline = run_job((RES130 / "new.txt").read_bytes(), "new.txt", JobOptions("diff", "md", base=base))
    assert redline.output == resdiff.render(resdiff.diff(base, resdiff.read(RES130 / "new.txt"), author="resdiff"),
                                            "md")
    checked = run_job(data, "p.docx", JobOptions("check", "json"))
    assert [f.file for f in checked.findings] == ["p.docx"] * len(checked.findings) and checked.findings
    with pytest.raises(resdiff.ResdiffError, match=r"p\.docx: the file is empty"):
        run_job(b"", "p.docx", JobOptions("tree", "json"))


def test_an_edited_base_is_read_again_in_the_same_process(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(RES130 / "new.txt", root / "new.txt")
    base = tmp_path / "old.txt"
    shutil.copy(RES130 / "old.txt", base)
    resdiff.batch(root, tmp_path / "one", job="diff", base=base, format="md", workers=1)
    base.write_bytes((RES130 / "new.txt").read_bytes())
    resdiff.batch(root, tmp_path / "two", job="diff", base=base, format="md", workers=1)
    assert "{++" in (tmp_path / "one" / "new.md").read_text()
    assert "{++" not in (tmp_path / "two" / "new.md").read_text()  # no change against itself
