"""`resdiff check`: every rule on a failing and a passing document, the Res. 130 proposal against its old text,
the report formats (SARIF validated against the official schema), configuration, CLI exit codes, and the corpus."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

import resdiff
from corpus import CORPUS, spread_sample
from resdiff.check import RULES, Finding, check, select_rules
from resdiff.check.cli import add_check_command
from resdiff.check.config import find_config, load_config
from resdiff.check.report import render_findings

ROOT = Path(__file__).resolve().parent.parent
RES130 = ROOT / "fixtures" / "res130-iap"
DATA = Path(__file__).resolve().parent / "data"

# A short English resolution (CriticMarkup: one paragraph per line); tests edit it into failing variants.
EN = """\
MOD\tEUR/44A7/1
RESOLUTION 999 (REV. BUCHAREST, 2022)
Testing the checks
The Plenipotentiary Conference of the International Telecommunication Union (Bucharest, 2022),
considering
a)\tthat Resolution 45 (Rev. Kigali, 2022) applies;
b)\tthat the work described under resolves 2 continues;
c)\tthat security matters,
resolves
1\tto continue this work;
2\tto study security;
3\tto report to the next conference,
instructs the Secretary-General
1\tto support Member States;
2\tto report to the Council.
Reasons:\tTo update the resolution.
"""


def run(text: str, *rules: str, base: str | None = None) -> list[Finding]:
    return check(text.encode("utf-8"), base=base.encode("utf-8") if base is not None else None,
                 select=list(rules) or None, format="critic")


def ids(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def tracked(text: str) -> str:
    """EN with one harmless tracked change, so that MOD is the right action."""
    return text.replace("to continue this work;", "to continue this {++important ++}work;")


# ---- the base document is clean ------------------------------------------------------------------------------


def test_base_document_passes_every_rule():
    assert run(tracked(EN)) == []


def test_registry_has_every_rule_of_the_issue():
    assert set(RULES) == {"STRUCT001", "NUM001", "NUM002", "XREF001", "UNTRACKED001", "CONS001", "CONS002",
                          "CONS003", "PROP001", "PROP002"}  # STRUCT001: issue 18
    assert all(r.severity in ("error", "warning") and r.summary for r in RULES.values())


# ---- NUM001 / NUM002 ----------------------------------------------------------------------------------------


def test_num001_gap_in_the_new_series():
    doc = tracked(EN).replace("b)\tthat the work", "{--b--}{++d++})\tthat the work")
    findings = run(doc, "NUM001")
    assert ids(findings) == ["NUM001"]
    f = findings[0]
    assert f.location.label == "d)" and f.location.section == "considering"
    assert "expected b)" in f.message and f.severity == "error"


def test_num001_duplicate_and_bis_out_of_order():
    assert "duplicate" in run(tracked(EN).replace("3\tto report", "2\tto report"), "NUM001")[0].message
    bis = run(tracked(EN).replace("c)\tthat security", "{++a ter)\tthat more;++}\nc)\tthat security"), "NUM001")
    assert ids(bis) == ["NUM001"] and "ter" in bis[0].message


def test_num001_passes_on_clean_resolutions():
    for language in ("en", "fr", "es", "ru", "zh", "ar"):
        assert check(ROOT / "fixtures" / "resolutions" / f"{language}.txt", select=["NUM"]) == [], language


def test_num002_untracked_shift_after_a_deletion():
    doc = tracked(EN).replace("b)\tthat the work described under resolves 2 continues;",
                              "{--b)\tthat the work described under resolves 2 continues;--}")
    findings = run(doc, "NUM")
    assert ids(findings) == ["NUM002"]  # NUM001 leaves the break to NUM002, which says what to write
    assert findings[0].location.label == "c)" and "c) → b)" in findings[0].message


def test_num002_passes_when_the_renumbering_is_tracked():
    doc = tracked(EN).replace("b)\tthat the work described under resolves 2 continues;",
                              "{--b)\tthat the work described under resolves 2 continues;--}").replace(
        "c)\tthat security", "{--c--}{++b++})\tthat security")
    assert run(doc, "NUM") == []


def test_num002_untracked_shift_after_an_insertion():
    doc = tracked(EN).replace("1\tto continue", "{++1\tto start;++}\n1\tto continue")
    findings = run(doc, "NUM002")
    assert [f.location.label for f in findings] == ["1", "2", "3"]
    assert "1 → 2" in findings[0].message


# ---- XREF001 ------------------------------------------------------------------------------------------------

RENUMBERED = tracked(EN).replace("1\tto continue", "{++1\tto start;++}\n{--1--}{++2++}\tto continue").replace(
    "2\tto study", "{--2--}{++3++}\tto study").replace("3\tto report to the next", "{--3--}{++4++}\tto report to the next")


def test_xref001_reference_left_on_the_old_number():
    findings = run(RENUMBERED, "XREF001")
    assert ids(findings) == ["XREF001"]
    f = findings[0]
    assert (f.location.section, f.location.label) == ("considering", "b)")
    assert f.details == {"reference": "resolves 2", "old_target": "2", "new_target": "3", "corrected": "resolves 3"}
    assert "write 'resolves 3'" in f.message


def test_xref001_passes_when_the_reference_is_updated():
    assert run(RENUMBERED.replace("under resolves 2 continues", "under resolves {--2--}{++3++} continues"),
               "XREF001") == []
    assert run(tracked(EN), "XREF001") == []


def test_xref001_reference_to_a_deleted_clause():
    doc = tracked(EN).replace("2\tto study security;", "{--2\tto study security;--}").replace(
        "3\tto report to the next", "{--3--}{++2++}\tto report to the next")
    findings = run(doc, "XREF001")
    assert ids(findings) == ["XREF001"] and "deletes" in findings[0].message


def test_xref001_french_forms_and_references_elsewhere():
    fr = (ROOT / "fixtures" / "resolutions" / "fr.txt").read_text(encoding="utf-8")
    assert "point 2 du décide" in fr
    doc = fr.replace("1\tde continuer", "{++1\tde commencer;++}\n{--1--}{++2++}\tde continuer").replace(
        "2\td'étudier", "{--2--}{++3++}\td'étudier").replace("3\tde faire rapport", "{--3--}{++4++}\tde faire rapport")
    findings = run(doc, "XREF001")
    assert [f.details.get("corrected") for f in findings] == ["point 3 du décide"]
    # "resolves 2 of Resolution 45" is about another resolution
    other = RENUMBERED.replace("under resolves 2 continues", "under resolves 2 of Resolution 45 continues")
    assert run(other, "XREF001") == []


def test_xref001_new_text_pointing_at_a_missing_clause():
    doc = tracked(EN).replace("c)\tthat security matters,", "c)\tthat security matters;\n{++d)\tthat resolves 7 "
                              "matters,++}")
    findings = run(doc, "XREF001")
    assert ids(findings) == ["XREF001"] and "does not exist" in findings[0].message


# ---- UNTRACKED001 -------------------------------------------------------------------------------------------


def test_untracked001_needs_a_base():
    assert run(tracked(EN), "UNTRACKED001") == []


def test_untracked001_tracked_document_against_its_base():
    base = EN.replace("MOD\tEUR/44A7/1\n", "").replace("Reasons:\tTo update the resolution.\n", "")
    assert run(tracked(EN), "UNTRACKED001", base=base) == []
    edited = tracked(EN).replace("to study security", "to study cybersecurity")
    findings = run(edited, "UNTRACKED001", base=base)
    assert ids(findings) == ["UNTRACKED001"]
    f = findings[0]
    assert (f.location.paragraph, f.location.section, f.location.label) == (11, "resolves", "2")  # 1-based
    assert f.details == {"official": "2 to study security;", "proposal": "2 to study cybersecurity;"}


def test_untracked001_lost_and_added_paragraphs():
    base = EN.replace("MOD\tEUR/44A7/1\n", "")
    lost = run(tracked(EN).replace("2\tto study security;\n", ""), "UNTRACKED001", base=base)
    assert len(lost) == 1 and "missing from the proposal" in lost[0].message
    added = run(tracked(EN).replace("3\tto report", "2 bis\tto add;\n3\tto report"), "UNTRACKED001", base=base)
    assert len(added) == 1 and "not in the official text" in added[0].message


def test_untracked001_res130_docx_and_critic_pass_against_old_text():
    for source in (RES130 / "proposal.docx", RES130 / "proposal.critic.md"):
        assert check(source, base=RES130 / "old.txt", select=["UNTRACKED001"]) == [], source
    assert check(RES130 / "proposal.docx", base=RES130 / "proposal.docx", select=["UNTRACKED001"]) == []


def test_untracked001_seed_untangled_against_old_text():
    assert check(RES130 / "seed.txt", base=RES130 / "old.txt", select=["UNTRACKED001"]) == []
    lines = (RES130 / "seed.txt").read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("b)\tla Résolution 71/199"))
    lines[index] = lines[index].replace("droit à la vie privée", "droit au respect de la vie privée")
    findings = check("\n".join(lines).encode("utf-8"), base=RES130 / "old.txt", select=["UNTRACKED001"])
    assert ids(findings) == ["UNTRACKED001"]
    assert (findings[0].location.paragraph, findings[0].location.section, findings[0].location.label) == (
        index + 1, "rappelant", "b)")  # 1-based: the line


def test_untracked001_docx_with_one_untracked_edit():
    critic = (RES130 / "proposal.critic.md").read_text(encoding="utf-8")
    assert critic.count("droit à la vie privée") == 1
    findings = check(critic.replace("droit à la vie privée", "droit au respect de la vie privée").encode("utf-8"),
                     base=RES130 / "old.txt", select=["UNTRACKED001"], format="critic")
    assert len(findings) == 1 and findings[0].location.label == "b)"
    assert "droit à la vie privée" in findings[0].details["official"]


# ---- CONS001 / CONS002 / CONS003 ------------------------------------------------------------------------------


def test_cons001_title_and_formula_name_different_conferences():
    doc = tracked(EN).replace("Union (Bucharest, 2022)", "Union ({--Dubai, 2018--}{++Bucharest, 2021++})")
    findings = run(doc, "CONS001")
    assert ids(findings) == ["CONS001"] and "2022 vs 2021" in findings[0].message
    assert findings[0].location.paragraph == 2  # the second paragraph


def test_cons001_ignores_case_and_accents():
    doc = tracked(EN).replace("(REV. BUCHAREST, 2022)", "(RÉV. {--DUBAI, 2018--}{++bucharest, 2022++})")
    assert run(doc, "CONS001") == []
    assert check(RES130 / "proposal.docx", select=["CONS001"]) == []  # "RÉV. bucarest" vs "Bucarest"


def test_cons002_punctuation():
    findings = run(tracked(EN).replace("that security matters,", "that security matters;").replace(
        "to report to the Council.", "to report to the Council,"), "CONS002")
    assert [(f.location.label, f.severity) for f in findings] == [("c)", "warning"), ("2", "warning")]
    assert "a comma" in findings[0].message and "a full stop" in findings[1].message
    assert run(tracked(EN), "CONS002") == []


def test_cons003_citations():
    bad = tracked(EN).replace("Resolution 45 (Rev. Kigali, 2022)", "Resolution 45 (Rev Kigali 2022)")
    findings = run(bad, "CONS003")
    assert ids(findings) == ["CONS003"] and findings[0].severity == "warning"
    assert "a comma is missing" in findings[0].message and "'Resolution 45 (Rev. Kigali, 2022)'" in findings[0].message
    misspelt = run(tracked(EN).replace("(Rev. Kigali, 2022)", "(Ref. Kigali, 2022)"), "CONS003")
    assert "'Ref.' should be 'Rev.'" in misspelt[0].message
    french = "Résolution 45 (Rev. Kigali, 2022)"
    fr = run(tracked(EN).replace("Resolution 45 (Rev. Kigali, 2022)", french), "CONS003")
    assert "'Rév.'" in fr[0].message
    for good in ("Resolution 100 (Minneapolis, 1998)", "Resolution 28 (Rev.WRC-15)", "Resolution 1305 (C09)",
                 "Resolutions 50 and 52 (Rev. Hammamet, 2016)"):
        assert run(tracked(EN).replace("Resolution 45 (Rev. Kigali, 2022)", good), "CONS003") == [], good
    assert check(RES130 / "proposal.docx", select=["CONS003"]) == []


# ---- PROP001 / PROP002 --------------------------------------------------------------------------------------


def test_prop001_actions():
    assert "use NOC" in run(EN, "PROP001")[0].message  # MOD without a tracked change
    assert run(tracked(EN), "PROP001") == []
    assert "use MOD" in run(tracked(EN).replace("MOD\t", "NOC\t"), "PROP001")[0].message
    add = tracked(EN).replace("MOD\t", "ADD\t")
    assert "ADD" in run(add, "PROP001")[0].message
    whole = "\n".join(line if i == 0 or not line or line.startswith("Reasons") else "{++" + line + "++}"
                      for i, line in enumerate(EN.replace("MOD\t", "ADD\t").split("\n")))
    assert run(whole, "PROP001") == []
    sup = "\n".join(line if i == 0 or not line or line.startswith("Reasons") else "{--" + line + "--}"
                    for i, line in enumerate(EN.replace("MOD\t", "SUP\t").split("\n")))
    assert run(sup, "PROP001") == []
    assert "inserts" in run(sup.replace("{--c)\tthat security matters,--}", "{++c)\tnew,++}"), "PROP001")[0].message
    untagged = run(tracked(EN).replace("MOD\tEUR/44A7/1\n", ""), "PROP001")
    assert "no tag line" in untagged[0].message


def test_prop002_reasons():
    no_reasons = tracked(EN).replace("Reasons:\tTo update the resolution.\n", "")
    mod = run(no_reasons, "PROP002")
    assert ids(mod) == ["PROP002"] and mod[0].severity == "warning"
    noc = run(no_reasons.replace("MOD\t", "NOC\t"), "PROP002")
    assert noc[0].severity == "error" and "required for NOC" in noc[0].message
    assert run(tracked(EN), "PROP002") == []
    empty = run(tracked(EN).replace("Reasons:\tTo update the resolution.", "Reasons:"), "PROP002")
    assert "empty" in empty[0].message


def test_res130_proposal_reports_only_the_missing_motifs():
    findings = check(RES130 / "proposal.docx", base=RES130 / "old.txt")
    assert [(f.rule, f.severity) for f in findings] == [("PROP002", "warning")]


def test_registry_lists_the_rule_modules_and_each_lists_its_rules():
    from resdiff.check import registry

    # explicit registration: the registry's modules, in order, give RULES; no rule registers itself on import
    assert [r.id for m in registry.RULE_MODULES for r in m.RULES] == list(RULES)
    assert [m.__name__.rsplit(".", 1)[1] for m in registry.RULE_MODULES] == [
        "structure", "numbering", "xref", "untracked", "consistency", "proposal"]


def test_bytes_input_is_named_and_flat_text_is_sniffed_once():
    seed = (RES130 / "seed.txt").read_bytes()
    named = check(seed, base=RES130 / "old.txt", name="proposals/seed.txt")
    assert named and {f.file for f in named} == {"proposals/seed.txt"}
    assert named == check(RES130 / "seed.txt", base=RES130 / "old.txt", name="proposals/seed.txt")
    assert {f.file for f in check(seed)} == {"<bytes>"}
    # a text with a tag line is untangled (flat) unless the format is given
    from resdiff.parse import detect_format

    assert detect_format(seed, "seed.txt", flat=True) == "flat" and detect_format(seed, "seed.txt") == "txt"


# ---- selection and configuration -----------------------------------------------------------------------------


def test_select_and_ignore_by_prefix():
    assert [r.id for r in select_rules(["NUM"])] == ["NUM001", "NUM002"]
    assert "CONS003" not in [r.id for r in select_rules(None, ["CONS003"])]
    assert [r.id for r in select_rules(["cons001,PROP"], ["PROP002"])] == ["CONS001", "PROP001"]
    with pytest.raises(resdiff.ResdiffError):
        select_rules(["NOPE1"])


def test_config_lookup_upward_and_severity_override(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.resdiff]\nignore = ["PROP"]\nseverity = { CONS002 = "error" }\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert find_config() == tmp_path / "pyproject.toml"
    config = load_config()
    doc = EN.replace("that security matters,", "that security matters;").encode("utf-8")
    findings = check(doc, config=config, format="critic")
    assert ids(findings) == ["CONS002"] and findings[0].severity == "error"
    (nested / "resdiff.toml").write_text('select = ["NUM"]\n')
    assert load_config().select == ["NUM"] and find_config() == nested / "resdiff.toml"
    (nested / "resdiff.toml").write_text('selekt = ["NUM"]\n')
    with pytest.raises(resdiff.ResdiffError):
        load_config()


def test_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(tmp_path) is None or find_config(tmp_path).parent != tmp_path


# ---- reports ------------------------------------------------------------------------------------------------


def _findings() -> list[Finding]:
    doc = RENUMBERED.replace("that security matters,", "that security matters;").replace(
        "Reasons:\tTo update the resolution.\n", "")
    return check(doc.encode("utf-8"), format="critic")


def test_text_and_github_and_json():
    findings = _findings()
    assert {f.rule for f in findings} >= {"XREF001", "CONS002", "PROP002"}
    text = render_findings(findings, "text").splitlines()
    assert text[0].startswith("<bytes>:") and all(": error " in line or ": warning " in line for line in text)
    github = render_findings(findings, "github").splitlines()
    assert any(line.startswith("::error file=<bytes>,line=") and ",title=XREF001::" in line for line in github)
    assert all("\n" not in line for line in github)
    data = json.loads(render_findings(findings, "json"))
    assert {"rule", "severity", "message", "location"} <= set(data[0])
    assert set(data[0]["location"]) == {"paragraph", "section", "label"}


def test_sarif_is_valid_against_the_official_schema():
    jsonschema = pytest.importorskip("jsonschema")
    # tests/data/sarif-schema-2.1.0.json: the OASIS SARIF 2.1.0 (rtm.5) schema as shipped in the npm package
    # @microsoft/jest-sarif 1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json), MIT.
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(render_findings(_findings(), "sarif"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    run_ = log["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == list(RULES)
    assert all(r["ruleId"] == list(RULES)[r["ruleIndex"]] for r in run_["results"])
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in run_["results"])
    jsonschema.validate(json.loads(render_findings([], "sarif")), schema, cls=jsonschema.Draft4Validator)


# ---- CLI ----------------------------------------------------------------------------------------------------


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="resdiff")
    add_check_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.run(args))


def test_cli_exit_codes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no configuration file applies
    good = tmp_path / "good.critic.md"
    good.write_text(tracked(EN), encoding="utf-8")
    bad = tmp_path / "bad.critic.md"
    bad.write_text(RENUMBERED, encoding="utf-8")
    assert _cli(["check", str(good)]) == 0
    assert capsys.readouterr().out == ""
    assert _cli(["check", str(bad), "--format", "github"]) == 1
    assert "::error file=" in capsys.readouterr().out
    assert _cli(["check", str(bad), "--ignore", "XREF"]) == 0  # warnings only: exit 0
    with pytest.raises(resdiff.ResdiffError):
        _cli(["check", str(tmp_path / "missing.docx")])
    with pytest.raises(resdiff.ResdiffError):
        _cli(["check", str(good), "--base", str(tmp_path / "missing.docx")])


def test_cli_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        _cli(["check", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "resdiff check proposal.docx --base official.docx --format sarif" in out


def test_main_cli_maps_errors_to_exit_2(tmp_path, capsys, monkeypatch):
    from resdiff import cli

    monkeypatch.chdir(tmp_path)
    assert "check" in cli.build_parser().format_help()
    assert cli.main(["check", str(tmp_path / "missing.docx")]) == 2
    assert cli.main(["check", str(RES130 / "proposal.docx"), "--base", str(RES130 / "old.txt")]) == 0


# ---- corpus -------------------------------------------------------------------------------------------------

ALL_DOCX = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.docx")) if CORPUS.exists() else []


def _sweep(relative: str) -> None:
    findings = check(CORPUS / relative)  # the corpus documents are valid: a ResdiffError fails (all 573 pass)
    for finding in findings:
        assert finding.rule in RULES and finding.message
    json.loads(render_findings(findings, "sarif"))


@pytest.mark.parametrize("relative", spread_sample(ALL_DOCX, 30) if ALL_DOCX else [])
def test_corpus_sample_runs(relative):
    _sweep(relative)


@pytest.mark.slow
@pytest.mark.parametrize("relative", ALL_DOCX)
def test_corpus_all_runs(relative):
    _sweep(relative)
