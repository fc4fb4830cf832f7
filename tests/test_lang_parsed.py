"""The parsed language files' cache (resdiff.lang.parsed, issue 20): the data is tomllib's, the cache is used
only while the file's text is the one it was parsed from, and nothing is written when Python writes no bytecode."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

import resdiff.lang.tables
from resdiff.lang import LANGUAGES
from resdiff.lang.parsed import load


def _cache(path: Path) -> Path:
    return path.parent / "__pycache__" / f"{path.name}.{sys.implementation.cache_tag}.marshal"


@pytest.fixture
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


@pytest.mark.usefixtures("writes_bytecode")
def test_the_cache_is_read_while_the_text_is_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "xx.toml"
    path.write_text('words = ["a", "b"]\n[table]\nkey = 1\n', encoding="utf-8")
    assert load(path) == {"words": ["a", "b"], "table": {"key": 1}}
    assert _cache(path).is_file()

    def parse(text: str) -> dict[str, object]:
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", parse)
    assert load(path) == {"words": ["a", "b"], "table": {"key": 1}}  # from the cache


@pytest.mark.usefixtures("writes_bytecode")
def test_an_edited_file_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "xx.toml"
    path.write_text("key = 1\n", encoding="utf-8")
    load(path)
    path.write_text("key = 2\n", encoding="utf-8")
    assert load(path) == {"key": 2}
    assert load(path) == {"key": 2}


@pytest.mark.usefixtures("writes_bytecode")
def test_a_damaged_cache_is_parsed_over(tmp_path: Path) -> None:
    path = tmp_path / "xx.toml"
    path.write_text("key = 1\n", encoding="utf-8")
    _cache(path).parent.mkdir()
    _cache(path).write_bytes(b"\x00not marshal")
    assert load(path) == {"key": 1}
    assert load(path) == {"key": 1}


def test_nothing_is_written_without_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = tmp_path / "xx.toml"
    path.write_text("key = 1\n", encoding="utf-8")
    assert load(path) == {"key": 1}
    assert not (tmp_path / "__pycache__").exists()


@pytest.mark.usefixtures("writes_bytecode")
def test_a_value_marshal_cannot_store_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "xx.toml"
    path.write_text("when = 2022-09-26\n", encoding="utf-8")
    assert str(load(path)["when"]) == "2022-09-26"
    assert not _cache(path).exists() and not list(_cache(path).parent.glob("*.tmp"))


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_file_reads_as_tomllib_reads_it(code: str) -> None:
    path = Path(resdiff.lang.tables.__file__).with_name(f"{code}.toml")
    assert load(path) == tomllib.loads(path.read_text(encoding="utf-8"))
