"""In CI (CI=true) a missing corpus stops the run; on a developer's machine its tests skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import corpus

ROOT = Path(__file__).resolve().parent.parent


def _collect(tmp_path: Path, ci: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": ci, "RESDIFF_CORPUS": str(tmp_path / "no-corpus")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
                           "tests/test_typing.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_ci_without_the_corpus_is_an_error(tmp_path: Path) -> None:
    run = _collect(tmp_path, "true")
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert f"CI=true but the shared corpus is not at {tmp_path / 'no-corpus'}" in run.stderr


def test_without_ci_the_missing_corpus_is_no_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(corpus, "CORPUS", tmp_path)
    monkeypatch.setattr(corpus, "IN_CI", False)
    assert corpus.corpus_error() is None
    monkeypatch.setattr(corpus, "IN_CI", True)
    assert corpus.corpus_error() is not None


def test_a_missing_corpus_file_fails_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(corpus, "CORPUS", tmp_path)
    for in_ci, outcome in ((False, pytest.skip.Exception), (True, pytest.fail.Exception)):
        monkeypatch.setattr(corpus, "IN_CI", in_ci)
        with pytest.raises(BaseException) as raised:  # skip and fail are BaseExceptions: catch both, then tell
            corpus.corpus_path("missing.docx")
        assert raised.type is outcome
    assert "CI=true, so a missing corpus is an error" in str(raised.value)
