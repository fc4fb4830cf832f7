"""The ```python examples of README.md and docs/*.md run as written, so the documentation cannot rot.

Each file's blocks run in order in one namespace. A block whose first line is `# not run` (an example on
placeholder files such as proposal.docx) is skipped. They run in pytest's tmp_path, where `fixtures/` is a link to
the repository's, and `tempfile` makes its folders there too: what an example writes (to a relative path or to a
`tempfile.mkdtemp()` folder) is left nowhere else.
"""

from __future__ import annotations

import re
import tempfile
import traceback
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
SKIP_MARK = "# not run"


def python_blocks(page: Path) -> list[tuple[int, int, str]]:
    """(block number from 1, line of the block's first code line, code) for every ```python block."""
    text = page.read_text(encoding="utf-8")
    return [(number, text.count("\n", 0, match.start(1)) + 1, match.group(1))
            for number, match in enumerate(FENCE.finditer(text), start=1)]


def test_the_fence_pattern_finds_blocks() -> None:
    sample = "x\n```python\nprint(1)\n```\n```sh\nls\n```\n```python\n# not run\nopen('nope')\n```\n"
    found = [(m.group(1)) for m in FENCE.finditer(sample)]
    assert found == ["print(1)\n", "# not run\nopen('nope')\n"]


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_python_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocks = python_blocks(page)
    if not blocks:
        pytest.skip(f"{page.name} has no python block")
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # tempfile.mkdtemp() of the examples
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # and of any program they start
    namespace: dict[str, object] = {"__name__": "__docs__"}
    ran = 0
    for number, line, code in blocks:
        if code.lstrip().startswith(SKIP_MARK):
            continue
        where = f"{page.relative_to(ROOT)} python block {number} (line {line})"
        try:
            exec(compile(code, where, "exec"), namespace)
        except Exception:
            pytest.fail(f"{where} raised:\n{traceback.format_exc()}", pytrace=False)
        ran += 1
    if ran == 0:
        pytest.skip(f"every python block of {page.name} is marked '{SKIP_MARK}'")
    outside = [v for v in namespace.values() if isinstance(v, Path) and not v.resolve().is_relative_to(tmp_path)
               and not v.resolve().is_relative_to(ROOT / "fixtures")]
    assert not outside, f"{page.name}: an example made a path outside tmp_path: {outside}"
