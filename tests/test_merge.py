"""Several proposals on one base: synoptic rows, conflicts, consolidated draft."""

from __future__ import annotations

from pathlib import Path

import resdiff
from corpus import CORPUS, corpus_missing
from resdiff.cli import main
from resdiff.labels import parse_label

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "res130-iap"
# The official text: the old side of the fixture without the proposal's tag line.
BASE = (FIXTURE / "old.txt").read_text(encoding="utf-8").split("\n")[1:]
RECALLING = BASE.index("rappelant")


def _relabel(lines: list[str], start: int, shift: int) -> list[str]:
    """Shift the letters of the 'rappelant' items from `start` on by `shift` (a renumbering)."""
    out = list(lines)
    index = start
    while index < len(out) and out[index][:2].rstrip(")").isalpha() and out[index][1:2] == ")":
        label = parse_label(out[index].split("\t")[0])
        assert label is not None
        out[index] = f"{chr(ord('a') + label.ordinal - 1 + shift)})" + out[index][2:]
        index += 1
    return out


def _three_proposals(tmp_path: Path) -> tuple[Path, list[Path]]:
    """IAP inserts a new c) (renumbering the rest), EUR deletes e) (renumbering), ACP edits e)."""
    b_line = RECALLING + 2
    iap = BASE[: b_line + 1] + ["c)\tla Résolution 75/240 de l'Assemblée générale des Nations Unies;"] + \
        _relabel(BASE, b_line + 1, +1)[b_line + 1:]
    e_line = RECALLING + 5
    assert BASE[e_line].startswith("e)\tla Résolution 64/211")
    eur = BASE[:e_line] + _relabel(BASE, e_line + 1, -1)[e_line + 1:]
    acp = list(BASE)
    acp[e_line] = acp[e_line].replace("infrastructures essentielles", "infrastructures de l'information essentielles")
    paths = []
    for name, lines in (("IAP", iap), ("EUR", eur), ("ACP", acp)):
        path = tmp_path / f"{name}.txt"
        path.write_text("\n".join([f"MOD\t{name}/1/1"] + lines), encoding="utf-8")  # its tag line names it
        paths.append(path)
    base = tmp_path / "official.txt"
    base.write_text("\n".join(BASE), encoding="utf-8")
    return base, paths


def test_three_proposals_on_res130(tmp_path: Path) -> None:
    base, proposals = _three_proposals(tmp_path)
    synopsis = resdiff.merge(resdiff.read(base), proposals)
    assert synopsis.proposals == ("IAP", "EUR", "ACP")
    # the tag lines ("MOD IAP/1/1") name the proposals and are not text of them: no rows, nothing in the draft
    assert not [r for r in synopsis.rows if r.after == -1]
    recalling = [r for r in synopsis.rows if (r.base_index is None and r.after != -1)
                 or (r.base_index is not None and RECALLING < r.base_index <= RECALLING + 17)]
    summary = [(r.base_index, r.after, [(c.proposal, c.action) for c in r.cells], bool(r.conflict))
               for r in recalling[:8]]
    assert summary == [
        (RECALLING + 1, None, [], False),                                  # a)
        (RECALLING + 2, None, [], False),                                  # b)
        (None, RECALLING + 2, [("IAP", "ADD")], False),                    # new c) from IAP
        (RECALLING + 3, None, [("IAP", "MOD")], False),                    # c) → d) (renumbered by IAP)
        (RECALLING + 4, None, [("IAP", "MOD")], False),                    # d) → e)
        (RECALLING + 5, None, [("IAP", "MOD"), ("EUR", "SUP"), ("ACP", "MOD")], True),   # e): the conflict
        (RECALLING + 6, None, [("IAP", "MOD"), ("EUR", "MOD")], False),    # f): both only renumber
        (RECALLING + 7, None, [("IAP", "MOD"), ("EUR", "MOD")], False),
    ]
    conflicts = [r for r in synopsis.rows if r.conflict]
    assert [(r.base_index, r.clause, r.conflict) for r in conflicts] == [
        (RECALLING + 5, "rappelant e)", "EUR deletes what IAP (as f)), ACP modify")]


def test_the_draft_applies_what_does_not_conflict(tmp_path: Path) -> None:
    base, proposals = _three_proposals(tmp_path)
    draft = resdiff.merge(resdiff.read(base), proposals).draft
    new = [p.text for p in draft.accept().paragraphs()]
    assert "c)\tla Résolution 75/240 de l'Assemblée générale des Nations Unies;" in new
    conflict = next(t for t in new if "64/211" in t)
    assert conflict.startswith("e)\tla Résolution 64/211") and "[IAP: " in conflict and "ACP: " in conflict
    assert "EUR: (delete)" in conflict
    assert {r.author for r in draft.revisions()} >= {"IAP", "IAP/EUR"}  # f) … q): both renumber them alike
    assert [p.text for p in draft.reject().paragraphs()] == [p.text for p in resdiff.read(base).paragraphs()]


def test_the_docxodus_three_way_case_reports_its_conflict(tmp_path: Path) -> None:
    folder = CORPUS / "docxodus" / "RC"
    if not folder.exists():
        corpus_missing(folder)
    out = tmp_path / "synoptic.html"
    code = main(["merge", str(folder / "RC100-Conflict-Base.docx"), str(folder / "RC100-Conflict-Alice.docx"),
                 str(folder / "RC100-Conflict-Bob.docx"), "--name", "Alice", "--name", "Bob", "-o", str(out)])
    assert code == 1
    page = out.read_text(encoding="utf-8")
    assert "Conflict: Alice and Bob change it differently" in page and "SLOW" in page and "FAST" in page
    assert "http" not in page.replace("http-equiv", "")
    draft = resdiff.merge(resdiff.read(folder / "RC100-Conflict-Base.docx"),
                          [folder / "RC100-Conflict-Alice.docx", folder / "RC100-Conflict-Bob.docx"],
                          names=["Alice", "Bob"]).draft
    assert [p.text for p in draft.accept().paragraphs()] == [
        "the quick brown fox jumps over the lazy dog [Alice: the SLOW brown fox jumps over the lazy dog / "
        "Bob: the FAST brown fox jumps over the lazy dog]"]


def test_names_come_from_tag_lines(tmp_path: Path) -> None:
    official = resdiff.read(FIXTURE / "proposal.docx").old()
    synopsis = resdiff.merge(official, [FIXTURE / "proposal.docx", FIXTURE / "seed.txt"])
    assert synopsis.proposals == ("IAP", "IAP")
    # The same proposal twice, as .docx and as extracted text untangled against the base: they agree wherever
    # the extracted text can be untangled (replaced numbers and years); word replacements stay glued there.
    conflicts = [r for r in synopsis.rows if r.conflict]
    agreeing = [r for r in synopsis.rows if len(r.cells) == 2 and not r.conflict]
    assert len(agreeing) > 60 and len(conflicts) < len(agreeing)


# ---- issue 18: one change of several origins; Compare-style tracking realigned -----------------------------------

NEW = (FIXTURE / "new.txt").read_text(encoding="utf-8").splitlines()


def _compare_style(old: list[str], new: list[str]) -> str:
    """A proposal tracked the way Word's and LibreOffice's Compare often track a renumbered and edited list: every
    paragraph that differs deleted whole and inserted again (CriticMarkup, one paragraph a line)."""
    import difflib

    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        out += old[i1:i2] if op == "equal" else []
        out += [f"{{--{line}--}}" for line in old[i1:i2]] if op != "equal" else []
        out += [f"{{++{line}++}}" for line in new[j1:j2]] if op != "equal" else []
    return "\n".join(out)


def test_two_proposals_with_the_same_changes_and_one_conflict(tmp_path: Path) -> None:
    """IAP and EUR propose the same text (the IAP proposal's new text, EUR's without its tag line); ACP changes one
    clause otherwise: every change is one row with both origins, and there is one conflict, named by its clause."""
    a_line = NEW.index(next(line for line in NEW if line.startswith("a)\tla Résolution 76/189")))
    acp = list(NEW)
    acp[a_line] = acp[a_line].replace("76/189", "77/150")  # IAP and EUR change 68/198 to 76/189
    paths = []
    for name, lines in (("IAP", NEW[1:]), ("EUR", NEW[1:]), ("ACP", acp[1:])):
        path = tmp_path / f"{name}.txt"
        path.write_text("\n".join([f"MOD\t{name}/1/1", *lines]), encoding="utf-8")
        paths.append(path)
    base = tmp_path / "official.txt"
    base.write_text("\n".join(BASE), encoding="utf-8")
    synopsis = resdiff.merge(resdiff.read(base), paths)
    changes = [r for r in synopsis.rows if r.cells]
    assert changes and all({c.proposal for c in r.cells} == {"IAP", "EUR", "ACP"} for r in changes)
    assert len([r for r in changes if r.after is not None]) == 29  # paragraphs the proposal adds, each once
    conflicts = [r for r in synopsis.rows if r.conflict]
    assert [(r.clause, r.conflict) for r in conflicts] == [("rappelant a)", "IAP/EUR and ACP change it differently")]
    accepted = [p.text for p in synopsis.draft.accept().paragraphs()]
    assert len(accepted) == len(NEW) - 1  # no tag line, nothing twice
    assert {r.author for r in synopsis.draft.revisions()} == {"IAP/EUR/ACP"}  # all agree but on a)


def test_a_compare_style_proposal_and_a_clean_one_with_the_same_text_do_not_conflict(tmp_path: Path) -> None:
    """One proposal deletes and re-inserts every changed paragraph whole (as Compare tools do), the other is the
    clean new text: after realignment they are the same changes, no conflict, and the draft accepts to the text."""
    tracked = tmp_path / "LO.critic.md"
    tracked.write_text(_compare_style(BASE, NEW[1:]), encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("\n".join(NEW), encoding="utf-8")  # with its tag line, which is not text of the proposal
    base = tmp_path / "official.txt"
    base.write_text("\n".join(BASE), encoding="utf-8")
    synopsis = resdiff.merge(resdiff.read(base), [tracked, clean], names=["LO", "IAP"])
    assert [r.conflict for r in synopsis.rows if r.conflict] == []
    assert [p.text for p in synopsis.draft.accept().paragraphs()] == NEW[1:]
    assert [p.text for p in synopsis.draft.reject().paragraphs()] == [p.text for p in resdiff.read(base).paragraphs()]


def test_the_reasons_paragraph_is_about_the_proposal(tmp_path: Path) -> None:
    proposal = tmp_path / "EUR.txt"
    proposal.write_text("\n".join(["MOD\tEUR/1/1", *NEW[1:], "Motifs:\tAligner sur la CMDT-22."]), encoding="utf-8")
    base = tmp_path / "official.txt"
    base.write_text("\n".join(BASE), encoding="utf-8")
    synopsis = resdiff.merge(resdiff.read(base), [proposal])
    assert synopsis.reasons == {"EUR": "Motifs:\tAligner sur la CMDT-22."}
    assert [p.text for p in synopsis.draft.accept().paragraphs()] == NEW[1:]


def test_the_synoptic_table_names_conflicts_by_clause_and_shows_the_reasons(tmp_path: Path) -> None:
    import lxml.html

    from resdiff.render.synoptic import render_synoptic

    base, proposals = _three_proposals(tmp_path)
    text = proposals[1].read_text(encoding="utf-8") + "\nMotifs:\tSupprimer ce qui est dépassé <vraiment>."
    proposals[1].write_text(text, encoding="utf-8")
    page = lxml.html.document_fromstring(render_synoptic(resdiff.merge(resdiff.read(base), proposals)))
    flags = [f.text_content() for f in page.xpath("//span[@class='flag']")]
    assert flags == ["Conflict in rappelant e): EUR deletes what IAP (as f)), ACP modify"]
    footer = [c.text_content() for c in page.xpath("//tfoot//td")]
    assert footer == ["no Reasons", "Motifs:\tSupprimer ce qui est dépassé <vraiment>.", "no Reasons"]
