"""Clause trees: hand-written resolutions per language, the tracked Res. 130 proposal, malformed structure."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import resdiff
from resdiff.cli import main
from resdiff.model import Clause, Resolution
from resdiff.parse.structure import build_tree
from wml import docx, p, r

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def walk(clauses: tuple[Clause, ...]) -> Iterator[Clause]:
    for clause in clauses:
        yield clause
        yield from walk(clause.children)


def outline(tree: Resolution) -> list[tuple[str | None, list[str]]]:
    """Each section's key with its labels, nested labels written as parent/child."""
    def labels(clauses: tuple[Clause, ...], prefix: str = "") -> list[str]:
        out = []
        for c in clauses:
            own = prefix + (c.new_label or c.old_label or "¶")
            out.append(own)
            out.extend(labels(c.children, own + "/"))
        return out
    return [(s.key, labels(s.clauses)) for s in tree.sections]


def tree_of(name: str) -> Resolution:
    return build_tree(resdiff.read(FIXTURES / "resolutions" / name))


def test_english() -> None:
    tree = tree_of("en.txt")
    assert (tree.kind, tree.number, tree.revision, tree.language) == ("RESOLUTION", "999", "REV. BUCHAREST, 2022", "en")
    assert tree.title == "Testing the clause tree"
    assert tree.preamble.startswith("The Plenipotentiary Conference")  # type: ignore[union-attr]
    assert outline(tree) == [
        ("recalling", ["a)", "b)", "b bis)"]),
        ("considering", ["¶"]),
        ("resolves", ["1", "2", "2/i)", "2/ii)", "2/ii)/•", "2/ii)/•", "3"]),
        ("instructs", ["1", "2"]),
        ("invites", ["¶"]),
    ]
    instructs = tree.sections[3]
    assert instructs.intro == ("pursuant to their initiatives on this matter:",)
    assert instructs.call.endswith("the Director of the Telecommunication Development Bureau")  # type: ignore[union-attr]
    assert tree.messages == ()


def test_french() -> None:
    tree = tree_of("fr.txt")
    assert tree.language == "fr" and tree.revision == "RÉV. BUCAREST, 2022"
    assert outline(tree) == [
        ("recalling", ["a)", "b)"]),
        ("aware", ["¶"]),
        ("resolves", ["1", "2", "2/i)", "2/ii)", "3"]),
        ("further instructs", ["1", "2"]),
        ("invites", ["¶"]),
    ]
    assert tree.sections[3].intro == ("dans les limites de leurs responsabilités respectives,",)


@pytest.mark.parametrize("name, language, keys", [
    ("es.txt", "es", ["recalling", "considering", "resolves", "instructs", "invites"]),
    ("ru.txt", "ru", ["considering", "resolves", "instructs"]),
    ("zh.txt", "zh", ["considering", "resolves", "instructs"]),
    ("ar.txt", "ar", ["considering", "resolves", "instructs"]),
])
def test_other_languages(name: str, language: str, keys: list[str]) -> None:
    tree = tree_of(name)
    assert tree.language == language and tree.number == "999" and tree.title and tree.preamble
    assert [s.key for s in tree.sections] == keys
    assert [len(s.clauses) for s in tree.sections][:2] == ([2, 1] if language == "es" else [2, 2])
    assert tree.messages == ()


def test_arabic_items_are_lettered_in_abjad_order() -> None:
    tree = tree_of("ar.txt")
    assert [c.new_label for c in tree.sections[0].clauses] == ["أ)", "ب)"]


# ---- the tracked Res. 130 proposal --------------------------------------------------------------------------

def test_res130_proposal_sections() -> None:
    tree = build_tree(resdiff.read(FIXTURES / "res130-iap" / "proposal.docx"))
    assert tree.proposal is not None and (tree.proposal.action, tree.proposal.symbol) == ("MOD", "IAP/76A35/1")
    assert (tree.number, tree.old_revision, tree.revision) == ("130", "RÉV. DUBAÏ, 2018", "RÉV. bucarest, 2022")
    calls = [s.call for s in tree.sections]
    assert len(calls) == 15 and calls[0] == "rappelant"
    assert calls[-1] == "invite les États Membres, les Membres des Secteurs et les Associés"
    intros = {s.call: s.intro for s in tree.sections if s.intro}
    assert list(intros.values()) == [("dans les limites de leurs responsabilités respectives,",),
                                     ("dans le cadre de l'initiative qu'il a prise sur cette question:",)]
    tsb = tree.sections[8]
    assert [c.new_label for c in tsb.clauses[0].children] == ["i)", "ii)", "iii)"]
    assert [c.new_label for c in tsb.clauses[0].children[2].children] == ["•", "•"]
    footnoted = [c for s in tree.sections for c in walk(s.clauses) if c.footnotes]
    assert [(c.old_label, c.new_label) for c in footnoted] == [("n)", "o)")]
    assert tree.footnotes["1"].startswith("Par pays en développement")
    from resdiff.lang import match_call
    for section in tree.sections:
        for clause in walk(section.clauses):
            for text in (clause.old_text, clause.new_text):
                assert text is None or match_call(text) is None
    assert tree.messages == ()


def test_res130_every_labelled_clause_has_both_labels_and_status() -> None:
    """Checked against labels.tsv, the table written by reading the proposal (163 labelled paragraphs)."""
    with open(FIXTURES / "res130-iap" / "labels.tsv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    tree = build_tree(resdiff.read(FIXTURES / "res130-iap" / "proposal.docx"))
    clauses = [c for s in tree.sections for c in walk(s.clauses) if c.old_label or c.new_label]
    assert len(rows) == len(clauses) == 163
    got = [(c.old_label, c.new_label, c.status) for c in clauses]
    want = [(r["old_label"] or None, r["new_label"] or None, r["status"]) for r in rows]
    assert got == want
    renumbered = [c for c in clauses if c.old_label and c.new_label and c.old_label != c.new_label]
    assert len(renumbered) > 40 and all(c.status in ("unchanged", "modified") for c in renumbered)


def test_tree_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tree", str(FIXTURES / "res130-iap" / "proposal.docx"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"kind", "number", "revision", "title", "preamble", "sections"} <= data.keys()
    clause = data["sections"][0]["clauses"][6]
    assert {k: clause[k] for k in ("old_label", "new_label", "status")} == {
        "old_label": "g)", "new_label": "f)", "status": "unchanged"}
    assert {"old_text", "new_text", "children"} <= clause.keys()


# ---- malformed structure: a tree and warnings, never an exception --------------------------------------------

def lines(*text: str) -> bytes:
    return ("\n".join(text) + "\n").encode()


def test_items_before_any_call() -> None:
    tree = build_tree(resdiff.read(lines("RESOLUTION 1 (DUBAI, 2018)", "a)\tfirst;", "considering", "a)\tx,"),
                                   format="txt"))
    assert [s.call for s in tree.sections] == [None, "considering"]
    assert [m.code for m in tree.messages] == ["item-before-call"]


def test_a_gap_in_the_labels_is_reported() -> None:
    tree = build_tree(resdiff.read(lines("RESOLUTION 1 (DUBAI, 2018)", "resolves", "1\ta;", "3\tb,"), format="txt"))
    assert [c.new_label for c in tree.sections[0].clauses] == ["1", "3"]
    assert [m.code for m in tree.messages] == ["label-sequence"]
    assert "1 3" in tree.messages[0].text


def test_an_unknown_call_word_with_the_call_style() -> None:
    styles = '<w:style w:type="paragraph" w:styleId="Call"><w:name w:val="Call"/></w:style>'
    body = p(r("RESOLUTION 1 (DUBAI, 2018)")) + p(r("pondering"), style="Call") + p(r("a)\tsomething,"))
    tree = build_tree(resdiff.read(docx(body, styles=styles)))
    assert [(s.call, s.key) for s in tree.sections] == [("pondering", None)]
    assert [m.code for m in tree.messages] == ["unknown-call"]


def test_no_title_and_garbage() -> None:
    tree = build_tree(resdiff.read(lines("just a letter", "", "with ) odd ( lines", "2018 was a year"), format="txt"))
    assert tree.number is None and "no-title" in [m.code for m in tree.messages]


def test_every_corpus_document_gives_a_tree() -> None:
    from corpus import CORPUS, corpus_missing
    files = sorted(CORPUS.rglob("*.docx"))[::7]
    if not files:
        corpus_missing()
    for path in files:
        build_tree(resdiff.read(path))


def test_labelled_items_after_an_unlabelled_first_paragraph_stay_at_the_top() -> None:
    """PP-18: the first label often lost its TAB ("1 that …"), leaving an unlabelled first paragraph."""
    tree = build_tree(resdiff.read(lines("RESOLUTION 1 (DUBAI, 2018)", "resolves", "1 that the first lost its TAB;",
                                         "2\tthat the second;", "3\tthat the third,"), format="txt"))
    assert [(c.new_label, len(c.children)) for c in tree.sections[0].clauses] == [(None, 0), ("2", 0), ("3", 0)]


def test_a_number_after_roman_subitems_goes_back_to_the_numbers() -> None:
    tree = build_tree(resdiff.read(lines("RESOLUTION 1 (DUBAI, 2018)", "resolves", "1\tthat ITU shall:", "i)\tdo this;",
                                         "ii)\tdo that,", "2\tto publish,"), format="txt"))
    assert [c.new_label for c in tree.sections[0].clauses] == ["1", "2"]
    assert [c.new_label for c in tree.sections[0].clauses[0].children] == ["i)", "ii)"]


def test_an_enacting_formula_that_lost_its_comma() -> None:
    tree = build_tree(resdiff.read(lines(
        "RESOLUTION 160 (REV. DUBAI, 2018)", "Assistance to Somalia",
        "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018)",
        "recalling", "a)\tx,"), format="txt"))
    assert tree.title == "Assistance to Somalia" and tree.preamble is not None


HTML_PAGE = """<!DOCTYPE html><html><head><title>Res. 130</title><style>p{margin:0}</style>
<script>document.write("not text")</script></head><body>
<p class="ResNo">RESOLUTION 130 (REV. <del>DUBAI, 2018</del><ins>BUCHAREST, 2022</ins>)</p>
<p>Strengthening the role of ITU in building confidence and security</p>
<p>The Plenipotentiary Conference of the International Telecommunication Union (<del>Dubai, 2018</del><ins>Bucharest,
2022</ins>),</p>
<p><i>recalling</i></p>
<p>a)\tUNGA Resolution <del>68/198</del><ins>76/189</ins>;</p>
<p><del>b)\tthe WSIS+10 statement;</del></p>
<p><del>c</del><ins>b</ins>)\tUNGA Resolution 70/125,</p>
<div><p><i>resolves</i></p><ol><li>1\tto continue this work;</li><li>2\tto report,</li></ol></div>
</body></html>"""


def test_a_tree_from_an_html_page_with_ins_and_del() -> None:
    tree = build_tree(resdiff.read(HTML_PAGE.encode(), name="res130.html"))
    assert (tree.number, tree.old_revision, tree.revision) == ("130", "REV. DUBAI, 2018", "REV. BUCHAREST, 2022")
    assert tree.preamble == "The Plenipotentiary Conference of the International Telecommunication Union (Bucharest, 2022),"
    assert outline(tree) == [("recalling", ["a)", "b)", "b)"]), ("resolves", ["1", "2"])]
    recalling = tree.sections[0].clauses
    assert [(c.old_label, c.new_label, c.status) for c in recalling] == [
        ("a)", "a)", "modified"), ("b)", None, "deleted"), ("c)", "b)", "unchanged")]
    assert not any("not text" in (c.new_text or "") for s in tree.sections for c in s.clauses)
