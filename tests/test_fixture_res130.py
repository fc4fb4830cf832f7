"""The bundled example: MOD IAP/76A35/1 (Res. 130, Dubai 2018 → Bucharest 2022), reconstructed by hand.

`proposal.critic.md` is the reviewable reconstruction (see NOTES.md); these tests keep it faithful to the
seed it was read from and keep the derived files (proposal.docx, old.txt, new.txt) in step with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import resdiff

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "res130-iap"
MARKERS = re.compile(r"\{--|--\}|\{\+\+|\+\+\}")


def _seed_lines() -> list[str]:
    """The seed's paragraphs with its extraction artefacts rewritten as the reconstruction writes them:
    bookmarks dropped, footnote references as [^N], footnote texts moved to the end, the subtitle's three
    manual lines joined by single spaces, blank artefact lines dropped."""
    raw = (FIXTURE / "seed.txt").read_text(encoding="utf-8").split("\n")
    raw = [re.sub(r"\[bookmark: [^\]]*\]", "", line) for line in raw]
    lines: list[str] = []
    notes: list[str] = []
    for index, line in enumerate(raw):
        if index in (3, 4):
            continue
        if index == 2:
            line = " ".join(part.rstrip(" ") for part in raw[2:4]) + " " + raw[4]
        note = re.search(r" ?\[(\d+): \1\t(.*)\] ?$", line)
        if note:
            notes.append(f"[^{note.group(1)}]: {note.group(2)}")
            line = line[: note.start()]
        line = re.sub(r"\[footnoteRef:(\d+)\]\1", r"[^\1]", line)
        if line.strip():
            lines.append(line)
    return lines + notes


def _critic_lines() -> list[str]:
    return (FIXTURE / "proposal.critic.md").read_text(encoding="utf-8").split("\n")[:-1]


def test_reconstruction_only_adds_markers_to_the_seed() -> None:
    assert [MARKERS.sub("", line) for line in _critic_lines()] == _seed_lines()


def test_committed_docx_is_the_reconstruction_written_with_native_revisions() -> None:
    critic = resdiff.read(FIXTURE / "proposal.critic.md")
    docx = resdiff.read(FIXTURE / "proposal.docx")
    assert {r.author for r in docx.revisions()} == {"IAP"}
    for side in ("old", "new"):
        assert resdiff.render(getattr(docx, side)(), "txt") == resdiff.render(getattr(critic, side)(), "txt")
    assert [(r.kind, r.text) for r in docx.revisions()] == [(r.kind, r.text) for r in critic.revisions()]


def test_old_and_new_texts_are_the_two_sides() -> None:
    docx = resdiff.read(FIXTURE / "proposal.docx")
    assert resdiff.render(docx.reject(), "txt").decode() == (FIXTURE / "old.txt").read_text(encoding="utf-8")
    assert resdiff.render(docx.accept(), "txt").decode() == (FIXTURE / "new.txt").read_text(encoding="utf-8")


def test_the_two_sides_carry_the_conference_change() -> None:
    old = (FIXTURE / "old.txt").read_text(encoding="utf-8")
    new = (FIXTURE / "new.txt").read_text(encoding="utf-8")
    assert "(Dubaï, 2018)," in old and "(Bucarest, 2022)," in new
    assert "Bucarest, 2022" not in old.split("\n")[3] and "Dubaï, 2018" not in new.split("\n")[3]
    counts = {"old": 0, "new": 0}
    for line in _critic_lines():
        if line.startswith("{++") and line.endswith("++}") and line.count("{++") == 1:
            counts["new"] += 1
        if line.startswith("{--") and line.endswith("--}") and line.count("{--") == 1:
            counts["old"] += 1
    assert counts == {"old": 12, "new": 29}
