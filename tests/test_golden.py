"""Golden outputs of every text writer: txt, md (CriticMarkup, the .critic.md form), html, json and Akoma Ntoso.

Each golden in tests/data/golden/ was reviewed by hand once; from then on the test is a regression check, so that
a change in what a writer writes is seen in review as a change of the golden files. After an intended change:

    RESDIFF_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py   # rewrites them (the tests skip)
    git diff tests/data/golden/                                               # and read what changed

The inputs are the Res. 130 fixtures (the tracked proposal.docx, its CriticMarkup twin, and the redline computed
from old.txt and new.txt) and two corpus documents with tracked changes in tables (an inserted row; a cell's text
replaced). None of them uses Word's automatic list numbering (w:numPr): their labels are typed text.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import resdiff
from corpus import corpus_path
from resdiff.parse.structure import build_tree
from resdiff.render.akn import render_akn

ROOT = Path(__file__).resolve().parent.parent
RES130 = ROOT / "fixtures" / "res130-iap"
GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
UPDATE = os.environ.get("RESDIFF_UPDATE_GOLDEN") == "1"


def _corpus(relative: str) -> resdiff.Document:
    return resdiff.read(corpus_path(relative).read_bytes(), name=relative)  # messages name the file, not the machine


INPUTS: dict[str, Callable[[], resdiff.Document]] = {
    "res130-proposal": lambda: resdiff.read(RES130 / "proposal.docx"),
    "res130-redline": lambda: resdiff.diff(resdiff.read(RES130 / "old.txt"), resdiff.read(RES130 / "new.txt"),
                                           author="IAP", date="2022-09-26T00:00:00Z"),
    "table-inserted-row": lambda: _corpus("docxodus/FA/RevTracking/007-InsertedTableRow.docx"),
    "table-cell-edit": lambda: _corpus("openxml-powertools/WC/WC053-Text-in-Cell-Mod.docx"),
}


@functools.cache
def document(name: str) -> resdiff.Document:
    return INPUTS[name]()


WRITERS: dict[str, Callable[[resdiff.Document], bytes]] = {
    "accept.txt": lambda doc: resdiff.render(doc.accept(), "txt"),
    "reject.txt": lambda doc: resdiff.render(doc.reject(), "txt"),
    "critic.md": lambda doc: resdiff.render(doc, "md"),
    "html": lambda doc: resdiff.render(doc, "html"),
    "json": lambda doc: resdiff.render(doc, "json"),
    "akn.xml": lambda doc: render_akn(build_tree(doc)).encode("utf-8"),
}
# Which writers each input has a golden for: the JSON of the two Res. 130 inputs and the Akoma Ntoso of the
# redline would repeat what the others show; the corpus tables are no resolutions, so they have no AKN.
CASES = [
    *(("res130-proposal", w) for w in WRITERS),
    *(("res130-redline", w) for w in ("accept.txt", "reject.txt", "critic.md", "html")),
    *((t, w) for t in ("table-inserted-row", "table-cell-edit") for w in WRITERS if w != "akn.xml"),
]


def golden_path(name: str, writer: str) -> Path:
    return GOLDEN / f"{name}.{writer}"


@pytest.mark.parametrize(("name", "writer"), CASES, ids=[f"{n}.{w}" for n, w in CASES])
def test_writer_output_matches_its_golden(name: str, writer: str) -> None:
    got = WRITERS[writer](document(name))
    path = golden_path(name, writer)
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(got)
        pytest.skip(f"RESDIFF_UPDATE_GOLDEN=1: rewrote {path.relative_to(ROOT)}; review it with git diff")
    assert path.exists(), f"no golden {path.relative_to(ROOT)}: write it with RESDIFF_UPDATE_GOLDEN=1, then review"
    expected = path.read_bytes()
    if got != expected:
        got_lines, expected_lines = got.decode("utf-8").splitlines(), expected.decode("utf-8").splitlines()
        first = next((i for i, (a, b) in enumerate(zip(got_lines, expected_lines)) if a != b),
                     min(len(got_lines), len(expected_lines)))
        pytest.fail(f"{path.relative_to(ROOT)} differs first at line {first + 1}:\n"
                    f"  golden: {expected_lines[first][:300] if first < len(expected_lines) else '(end)'}\n"
                    f"  now:    {got_lines[first][:300] if first < len(got_lines) else '(end)'}\n"
                    "If the change is intended: RESDIFF_UPDATE_GOLDEN=1, then review the git diff", pytrace=False)


def test_every_golden_file_has_a_case() -> None:
    files = sorted(p.name for p in GOLDEN.iterdir() if p.name != "README.md")
    assert files == sorted(golden_path(n, w).name for n, w in CASES)


def test_the_critic_twin_writes_what_the_docx_writes() -> None:
    """proposal.critic.md holds the same tracked text as proposal.docx: every text writer agrees on the two."""
    twin = resdiff.read(RES130 / "proposal.critic.md")
    for writer in ("accept.txt", "reject.txt", "critic.md", "html", "akn.xml"):
        assert WRITERS[writer](twin) == WRITERS[writer](document("res130-proposal")), writer
