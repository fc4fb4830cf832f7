"""`resdiff parallel` (issue 17): language versions of one resolution aligned by structure and compared.

The Res. 130 fixtures carry the same IAP amendment in French (the reference), English, Spanish and Russian; each
injected difference is made by editing the English CriticMarkup text here, never the fixture files, and must be
reported once, with both locations, and nothing else. `fixtures/parallel/` is one short resolution in six
languages (NOTES.md there says how it was made), which must align row for row with no finding at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import resdiff
from resdiff.align.parallel import best_pairs, label_key
from resdiff.check.context import Finding
from resdiff.cli import main
from resdiff.parallel_check import compare_versions, read_versions

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FR = FIXTURES / "res130-iap" / "proposal.critic.md"
EN = FIXTURES / "res130-iap-en" / "proposal.critic.md"
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
SHORT = [FIXTURES / "parallel" / f"{code}.txt" for code in LANGUAGES]


def _key(f: Finding) -> tuple[str, str, int | None]:
    return f.rule, Path(f.file or "").parent.name, f.location.paragraph


def _english(edit_line: int, edit: object) -> bytes:
    lines = EN.read_text(encoding="utf-8").split("\n")
    new = edit(lines[edit_line - 1])  # type: ignore[operator]
    lines[edit_line - 1 : edit_line] = [] if new is None else [new]
    return "\n".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def baseline() -> list[Finding]:
    return resdiff.parallel([FR, EN])


def test_the_res130_versions_carry_the_same_amendment() -> None:
    """French, English, Spanish and Russian: no error. The warnings are the differences the fixtures' texts
    before the amendment have (the English 2018 text cites WTDC-17 twice in recognizing d), the French once, and
    AMNT-16 in TSB iii) is plain WTSA in the English), and the Russian call line of 'ayant à l'esprit'."""
    versions = [FR, EN, FIXTURES / "res130-iap-es" / "proposal.critic.md",
                FIXTURES / "res130-iap-ru" / "proposal.critic.md"]
    findings = resdiff.parallel(versions)
    assert [f for f in findings if f.severity == "error"] == []
    assert sorted(map(_key, findings), key=str) == sorted([
        ("PAR009", "res130-iap-en", 55), ("PAR009", "res130-iap-en", 121),
        ("PAR009", "res130-iap-es", 11), ("PAR009", "res130-iap-es", 55), ("PAR009", "res130-iap-es", 121),
        ("PAR009", "res130-iap-ru", 55), ("PAR009", "res130-iap-ru", 121), ("PAR002", "res130-iap-ru", 86),
    ], key=str)
    spanish = next(f for f in findings if _key(f) == ("PAR009", "res130-iap-es", 11))
    assert "10" in spanish.message and spanish.details["other_paragraph"] == "11"  # "CMSI+10" once more


@pytest.mark.parametrize("language", ["zh", "ar"])
def test_the_chinese_and_arabic_versions_carry_it_too(language: str) -> None:
    """Their intro lines end with '，', '：' or '،' (as their call lines do): read as intro lines, not as clauses
    the French lacks (three PAR003 before parse/structure.py took every language's call trailers)."""
    findings = resdiff.parallel([FR, FIXTURES / f"res130-iap-{language}" / "proposal.critic.md"])
    assert [f for f in findings if f.severity == "error"] == []


@pytest.mark.parametrize(("what", "line", "edit", "rule", "here", "there"), [
    ("a clause deleted in English only", 7, lambda s: "{--" + s + "--}", "PAR005", ("en", 7, "b)"),
     ("fr", 7, "b)")),
    ("a clause left out of the English", 7, lambda s: None, "PAR003", ("fr", 7, "b)"), ("en", 6, "a)")),
    ("a year changed", 17, lambda s: s.replace("Bucharest, 2022", "Bucharest, 2021"), "PAR006", ("en", 17, "k)"),
     ("fr", 17, "k)")),
    ("a renumbering left untracked", 12, lambda s: s.replace("{--g--}{++f++})", "f)"), "PAR004", ("en", 12, "f)"),
     ("fr", 12, "f)")),
    ("a reference pointing elsewhere", 111, lambda s: s.replace("resolves 5", "resolves 6"), "PAR007",
     ("en", 111, "4"), ("fr", 111, "4")),
    ("a footnote missing", 21, lambda s: s.replace("[^1]", ""), "PAR008", ("en", 21, "o)"), ("fr", 21, "o)")),
])
def test_each_injected_difference_is_reported_once_with_both_locations(
        baseline: list[Finding], what: str, line: int, edit: object, rule: str,
        here: tuple[str, int, str], there: tuple[str, int, str]) -> None:
    findings = resdiff.parallel([FR, _english(line, edit)], names=[str(FR), "en.critic.md"])
    # the baseline's two warnings stay (the texts before the amendment differ there); nothing else is new
    assert [f.rule for f in baseline] == ["PAR009", "PAR009"]
    new = [f for f in findings if f.rule != "PAR009"]
    assert len(findings) - len(new) == 2
    assert len(new) == 1, (what, [f.message for f in new])
    finding = new[0]
    names = {"en": "en.critic.md", "fr": str(FR)}
    assert finding.rule == rule and finding.severity == "error"
    assert (finding.file, finding.location.paragraph, finding.location.label) == (names[here[0]], *here[1:])
    assert (finding.details["other_file"], finding.details["other_paragraph"], finding.details["other_label"]) == (
        names[there[0]], str(there[1]), there[2])
    assert finding.location.section and finding.details["other_section"]


def test_the_short_resolution_aligns_completely_in_six_languages() -> None:
    alignment, findings = compare_versions(read_versions(SHORT))
    assert findings == []
    assert [v.tree.language for v in alignment.versions] == list(LANGUAGES)
    assert len(alignment.rows) == 17
    assert all(None not in row.sections for row in alignment.rows)
    assert all(None not in row.cells for row in alignment.rows if row.depth > 0)


@pytest.mark.parametrize(("code", "old", "new", "rule"), [
    ("ar", "ب)\tبالقرار 45", "ج)\tبالقرار 45", "PAR004"),      # an Arabic label out of series
    ("ru", "76/189", "76/198", "PAR009"),                        # a UNGA number: in the text, not the amendment
    ("es", "punto 2 del resuelve", "punto 3 del resuelve", "PAR007"),
    ("zh", "3\t向下届大会报告，", "3\t向下届大会报告；\n4\t补充报告，", "PAR003"),  # a clause the Chinese has more
    ("es", "encarga al Secretario General\n1\tayudar a los Estados Miembros;\n2\tinformar anualmente al Consejo,\n",
     "", "PAR001"),                                              # a section left out, with its clauses
    ("fr", "(RÉV. BUCAREST, 2022)", "(RÉV. BUCAREST, 2021)", "PAR006"),  # the title's year
])
def test_a_difference_in_one_of_six_languages_is_found(tmp_path: Path, code: str, old: str, new: str,
                                                       rule: str) -> None:
    index = LANGUAGES.index(code)
    text = SHORT[index].read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / f"{code}.txt"
    changed.write_text(text.replace(old, new), encoding="utf-8")
    findings = resdiff.parallel([*SHORT[:index], changed, *SHORT[index + 1:]])
    assert [f.rule for f in findings] == [rule]
    assert str(changed) in (findings[0].file, findings[0].details["other_file"])  # where it is, or is missing


def test_labels_mean_the_same_in_every_script() -> None:
    assert label_key("c)", 0) == label_key("ج)", 0) == label_key("в)", 0) == ("n", 3, 0)
    assert label_key("4 bis", 0) == ("n", 4, 2) != label_key("4", 0)
    assert label_key("•", 1) != label_key("•", 0)
    assert label_key("ii)", 0, "roman") == label_key("ب)", 0) == ("n", 2, 0) != label_key("ii)", 0)


def test_best_pairs_keeps_the_order_and_the_best_score() -> None:
    left, right = ["a", "b", "c", "d"], ["a", "c", "x", "d"]
    assert best_pairs(left, right, lambda i, j: int(left[i] == right[j])) == [(0, 0), (2, 1), (3, 3)]
    assert best_pairs([], right, lambda i, j: 1) == []


def test_cli_formats_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "en.critic.md"
    bad.write_bytes(_english(17, lambda s: s.replace("Bucharest, 2022", "Bucharest, 2021")))
    assert main(["parallel", str(FR), str(EN), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["parallel", str(FR), str(bad), "--format", "json", "--ignore", "PAR009"]) == 1
    out, err = capsys.readouterr()
    assert [f["rule"] for f in json.loads(out)] == ["PAR006"] and "1 error" in err
    assert main(["parallel", str(FR), str(bad), "--format", "sarif", "-q"]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]][:3] == ["PAR001", "PAR002", "PAR003"]
    jsonschema = pytest.importorskip("jsonschema")  # OASIS SARIF 2.1.0, as tests/test_check.py validates check's
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
                         "runs": [run]}, schema, cls=jsonschema.Draft4Validator)
    assert all(r["ruleId"] == run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] for r in run["results"])
    error = next(r for r in run["results"] if r["ruleId"] == "PAR006")
    assert error["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 17}
    assert main(["parallel", str(FR), str(bad), "--format", "github", "-q"]) == 1
    assert "::error file=" in capsys.readouterr().out
    assert main(["parallel", str(FR), str(bad), "--format", "json", "-q", "--name", "fr.docx", "--name", "en.docx"]) == 1
    assert {(f["file"], f["details"]["other_file"]) for f in json.loads(capsys.readouterr().out)} == {
        ("en.docx", "fr.docx")}
    assert main(["parallel", str(FR)]) == 2


def test_side_by_side_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = tmp_path / "fr.txt"
    evil.write_text(SHORT[1].read_text(encoding="utf-8").replace("la sécurité des réseaux",
                                                                  "la sécurité <script>alert()</script>"),
                    encoding="utf-8")
    out = tmp_path / "table.html"
    assert main(["parallel", str(SHORT[0]), str(evil), str(SHORT[5]), "-o", str(out), "-q"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("<th ") + page.count("<th>") == 3 and 'lang="ar" dir="rtl"' in page
    assert page.count("<tr") == 1 + 1 + 17  # header, title, one row per section and clause
    tracked = tmp_path / "tracked.html"
    assert main(["parallel", str(FR), str(EN), "-o", str(tracked), "-q"]) == 0
    html = tracked.read_text(encoding="utf-8")
    assert '<span class="act">SUP</span>' in html and "<del>" in html and "<ins>" in html
    assert html.count(' flag"') == 4 and html.count("<li>") == 2  # the two warnings' cells, in both columns
    bad = tmp_path / "en.critic.md"
    bad.write_bytes(_english(17, lambda s: s.replace("Bucharest, 2022", "Bucharest, 2021")))
    assert main(["parallel", str(FR), str(bad), "-o", str(tracked), "-q", "--ignore", "PAR009"]) == 1
    html = tracked.read_text(encoding="utf-8")
    assert html.count(' flag"') == 2 and html.count("<li>") == 1 and "PAR006" in html
    assert main(["parallel", str(FR), str(EN), "-o", str(tmp_path / "t.txt")]) == 2


def test_side_by_side_word_table(tmp_path: Path) -> None:
    """The .docx table: a column per version, a row per aligned row (after the header and title rows), each
    cell that version's clause with its changes tracked, and every version's footnote under its own number."""
    out = tmp_path / "table.docx"
    assert main(["parallel", str(FR), str(EN), "-o", str(out), "-q"]) == 0
    alignment, _ = compare_versions(read_versions([FR, EN]))
    table = resdiff.read(out).blocks[1]
    assert table.type == "table" and len(table.rows) == 2 + len(alignment.rows)
    assert {len(row.cells) for row in table.rows} == {2}
    row = next(i for i, r in enumerate(alignment.rows) if r.cells[1] is not None and r.cells[1].renumbered)
    clause = alignment.rows[row].cells[1]
    assert clause is not None
    cell = table.rows[2 + row].cells[1].blocks[0]
    assert cell.type == "paragraph" and cell.text_on("new").startswith(f"{clause.action}\t{clause.new_label}")
    assert cell.text_on("old").endswith(clause.old_text or "-") and cell.text_on("new").endswith(clause.new_text or "")
    notes = resdiff.read(out).notes
    assert [n.id for n in notes] == ["1", "2"] and "pays en développement" in str(notes[0])


def test_every_input_kind_is_a_version() -> None:
    """A tracked .docx gives the findings its CriticMarkup gives; text extracted from a tracked .docx (the
    French seed) is untangled into a tracked document, not read as a clean text with glued labels."""
    docx = resdiff.parallel([FIXTURES / "res130-iap" / "proposal.docx", EN])
    assert [(f.rule, f.location.paragraph) for f in docx] == [("PAR009", 55), ("PAR009", 121)]
    unnamed = resdiff.parallel([FR.read_bytes(), EN])  # CriticMarkup known by its marks, not untangled
    assert [(f.rule, f.location.paragraph) for f in unnamed] == [("PAR009", 55), ("PAR009", 121)]
    seed = read_versions([FIXTURES / "res130-iap" / "seed.txt"])[0]
    assert seed.doc.has_revisions and len(seed.tree.sections) == 15
    labels = [(c.old_label, c.new_label) for c in seed.tree.sections[0].clauses]
    assert ("g)", "f)") in labels and ("q)", "r)") in labels


def test_help_lists_every_rule_with_its_severity() -> None:
    """The help's rule table is written out (building the parser must not import the rules): kept equal here."""
    from resdiff.cli import build_parser
    from resdiff.parallel_report import PARALLEL_RULES

    commands = next(a for a in build_parser()._actions if a.dest == "command")
    text = commands.choices["parallel"].format_help()  # type: ignore[index]
    listed = [line.split()[:2] for line in text.splitlines() if line.strip().startswith("PAR0")]
    assert listed == [[r.id, r.severity] for r in PARALLEL_RULES.values()]
