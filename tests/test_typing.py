"""The public API is typed: mypy --strict stays clean on src/ (py.typed is shipped)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install '.[test]')")
def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "src/resdiff"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_says_it_is_typed() -> None:
    assert (ROOT / "src" / "resdiff" / "py.typed").exists()


def test_every_public_name_has_a_docstring() -> None:
    import inspect

    import resdiff

    for name in resdiff.__all__:
        doc = inspect.getdoc(getattr(resdiff, name)) or ""
        assert doc and "Usage Documentation" not in doc, f"resdiff.{name} has no docstring of its own"


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed (pip install '.[test]')")
def test_ruff_is_clean_with_the_written_down_rules() -> None:
    """pyproject.toml [tool.ruff.lint] says which rules and why the few ignored ones are ignored."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
