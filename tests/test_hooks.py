"""What a user meets before running resdiff: the pre-commit hook's file pattern (proposals only, as documented),
install instructions that use the repository (there is no release on a package registry), and the licence."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def parse_hooks(text: str) -> list[dict[str, str]]:
    """The hooks manifest, for the YAML it uses: a list of flat mappings of plain or quoted one-line scalars.
    Anything else raises, so that the test never reads the file differently from pre-commit."""
    hooks: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.fullmatch(r"(- |  )([a-z_]+): (.+)", line)
        if match is None:
            raise ValueError(f"line {number}: not a 'key: value' line this parser knows: {line!r}")
        start, key, raw = match.groups()
        if start == "- ":
            hooks.append({})
        elif not hooks:
            raise ValueError(f"line {number}: a key before the first '- '")
        if key in hooks[-1]:
            raise ValueError(f"line {number}: {key} twice")
        hooks[-1][key] = _scalar(raw, number)
    return hooks


def _scalar(raw: str, number: int) -> str:
    if raw.startswith("'"):
        if not (len(raw) >= 2 and raw.endswith("'") and "'" not in raw[1:-1].replace("''", "")):
            raise ValueError(f"line {number}: a single-quoted scalar must close at the end of its line")
        return raw[1:-1].replace("''", "'")
    if raw.startswith('"'):
        value: str = json.loads(raw)  # the escapes these files could use (\\ \" \n) read as in JSON
        return value
    if raw[0] in "[]{}&*!|>%@`" or " #" in raw or ": " in raw:
        raise ValueError(f"line {number}: a plain scalar this parser does not read: {raw!r}")
    return raw.strip()


def _hook() -> dict[str, str]:
    hooks = parse_hooks(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["resdiff-check"]
    return hooks[0]


def selected(hook: dict[str, str], path: str) -> bool:
    """Whether pre-commit passes `path` (relative to the repository root, '/' separators) to the hook:
    `files` and `exclude` are Python regular expressions searched in the path (pre-commit's filter)."""
    return bool(re.search(hook.get("files", ""), path)) and not re.search(hook.get("exclude", "^$"), path)


def test_the_parser_reads_the_manifest_as_pyyaml_does() -> None:
    yaml = pytest.importorskip("yaml")
    parsed: Any = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert parsed == parse_hooks(HOOKS.read_text(encoding="utf-8"))


def test_the_parser_refuses_what_it_does_not_read() -> None:
    assert parse_hooks("- id: x\n  files: '\\.(a|b)$'\n  name: \"it''s\"\n") == [
        {"id": "x", "files": "\\.(a|b)$", "name": "it''s"}]
    for bad in ("- id: x\n  types: [file]\n", "- id: x\n  files: a # comment\n", "- id: x\n    nested: y\n",
                "  id: x\n", "- id: x\n  id: y\n", "- id: x\n  files: 'open\n"):
        with pytest.raises(ValueError):
            parse_hooks(bad)


def test_the_hook_runs_resdiff_check_from_this_package() -> None:
    hook = _hook()
    assert hook["language"] == "python" and hook["entry"] == "resdiff check"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["resdiff"] == "resdiff.cli:main"
    re.compile(hook["files"])
    re.compile(hook["exclude"])


@pytest.mark.parametrize("path", [
    "proposals/IAP-76A35-1.docx",
    "proposals/eur/res130.critic.md",
    "proposals/acp-flattened.txt",
    "pp22/proposals/res130.docx",
    "res130.proposal.docx",
    "drafts/acp.proposal.critic.md",
    "drafts/acp.proposal.txt",
])
def test_the_hook_runs_on_proposals(path: str) -> None:
    assert selected(_hook(), path)


@pytest.mark.parametrize("path", [
    "requirements.txt",
    "docs/requirements.txt",
    "README.md",
    "notes.txt",
    "official/res130.docx",
    "official/res130.txt",
    "proposals/README.md",           # Markdown is a proposal only as CriticMarkup (.critic.md)
    "proposals/~$IAP-76A35-1.docx",  # Word's lock file while the proposal is open
    "my-proposals/res130.docx",      # the folder is named proposals/, not *proposals/
    "proposals.txt",
    "res130.proposal.pdf",
])
def test_the_hook_leaves_other_files_alone(path: str) -> None:
    assert not selected(_hook(), path)


def test_the_documentation_gives_the_hooks_pattern() -> None:
    hook, page = _hook(), (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    assert hook["files"] in page and hook["exclude"] in page
    assert "requirements.txt" in page


# ---- installing ------------------------------------------------------------------------------------------------

REGISTRY_INSTALL = re.compile(
    r"\b(?:pip3?|pipx|uv\s+pip|uv\s+tool)\s+install\s+(?:-{1,2}[\w-]+\s+)*['\"]?resdiff\b(?![./\w-])"
    r"|\buv\s+add\s+['\"]?resdiff\b|\bpoetry\s+add\s+['\"]?resdiff\b|\bconda\s+install\s+.*\bresdiff\b")


@pytest.mark.parametrize("line, claims", [
    ("pip install resdiff", True),
    ("- run: pip install -q resdiff", True),
    ("pipx install 'resdiff[test]'", True),
    ("uv add resdiff", True),
    ("pip install ./resdiff", False),
    ("pip install -e '.[test]'", False),
    (".venv/bin/pip install -q -e .", False),
    ("pip install resdiff/", False),
    ("pip install git+https://example.org/resdiff.git", False),
])
def test_the_registry_install_pattern(line: str, claims: bool) -> None:
    assert bool(REGISTRY_INSTALL.search(line)) == claims


def test_no_page_installs_resdiff_from_a_registry() -> None:
    """resdiff has no release on PyPI (or any registry): every page installs it from the repository."""
    pages = [*ROOT.glob("*.md"), *(ROOT / "docs").glob("*.md")]
    found = [f"{page.relative_to(ROOT)}:{number}: {line.strip()}" for page in pages
             for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1)
             if REGISTRY_INSTALL.search(line)]
    assert not found, "\n".join(found)


# ---- licence ---------------------------------------------------------------------------------------------------


def test_the_licence_file_is_the_mit_licence_pyproject_names() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 resdiff contributors\n")
    assert "Permission is hereby granted, free of charge" in text and 'THE SOFTWARE IS PROVIDED "AS IS"' in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert project["readme"] == "README.md" and (ROOT / "README.md").is_file()
    assert {"name": "resdiff contributors"} in project["authors"]
