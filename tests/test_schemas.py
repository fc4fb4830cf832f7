"""The published JSON Schemas (schemas/*.schema.json): equal to what the models generate, so they cannot drift,
and met by what every JSON-writing command really writes on the bundled fixtures (SARIF against OASIS's schema)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import resdiff
from resdiff.cli import main
from resdiff.model import Document
from resdiff.render import render
from resdiff.schemas import DIALECT, OUTPUTS, schema, schema_text
from resdiff.schemas import main as schemas_main

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
FIXTURES = ROOT / "fixtures"
RES130 = FIXTURES / "res130-iap"
ITU = FIXTURES / "itu-res130-docx"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
REGENERATE = "the committed schema differs from what the models generate: run `python -m resdiff.schemas`, " \
             "review the diff (does the version have to go up? see resdiff/schemas.py) and commit it"


# ---- the files are the models' schemas ---------------------------------------------------------------------


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_committed_schema_is_what_the_models_generate(name: str) -> None:
    path = SCHEMAS / OUTPUTS[name].filename
    assert path.is_file(), f"{path} is missing: run `python -m resdiff.schemas`"
    assert path.read_text(encoding="utf-8") == schema_text(name), REGENERATE


def test_schemas_holds_no_schema_of_an_output_that_does_not_exist() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(o.filename for o in OUTPUTS.values())


def test_the_check_option_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert schemas_main(["--check", "--out", str(SCHEMAS)]) == 0
    assert schemas_main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(o.filename for o in OUTPUTS.values())
    assert all((tmp_path / p.name).read_bytes() == p.read_bytes() for p in SCHEMAS.glob("*.schema.json"))
    capsys.readouterr()
    assert schemas_main(["--out", str(tmp_path)]) == 0 and capsys.readouterr().err == ""  # nothing to rewrite
    (tmp_path / "tree.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "old.schema.json").write_text("{}\n", encoding="utf-8")
    assert schemas_main(["--check", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "tree.schema.json: out of date" in err and "old.schema.json: no such output" in err
    assert schemas_main(["--print", "check"]) == 0
    assert capsys.readouterr().out == (SCHEMAS / "check.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", OUTPUTS)
def test_each_schema_is_a_versioned_draft_2020_12_schema(name: str) -> None:
    body = json.loads((SCHEMAS / OUTPUTS[name].filename).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(body)
    assert body["$schema"] == DIALECT
    output = OUTPUTS[name]
    assert isinstance(output.version, int) and output.version >= 1
    assert body["$id"] == f"urn:resdiff:schema:{name}:{output.version}"
    assert body["title"] and body["description"]
    # where the output carries its version, the schema admits that version only
    version = body.get("properties", {}).get("schema_version")
    assert version is None or version["const"] == output.version


def test_ids_are_unique() -> None:
    assert len({o.id for o in OUTPUTS.values()}) == len(OUTPUTS)


def test_a_version_the_model_disagrees_with_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    monkeypatch.setitem(OUTPUTS, "batch", replace(OUTPUTS["batch"], version=2))  # BatchSummary says 1
    with pytest.raises(ValueError, match="schema_version"):
        schema("batch")


# ---- what the commands write meets the schemas ---------------------------------------------------------------


class Outputs:
    """The JSON each command writes on the fixtures, by schema name: (what wrote it, the parsed JSON)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.found: dict[str, list[tuple[str, Any]]] = {name: [] for name in OUTPUTS}
        self.sarif: list[tuple[str, Any]] = []

    def run(self, argv: list[str], codes: tuple[int, ...] = (0,)) -> str:
        """`resdiff ARGV` in this process; its standard output."""
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
        assert code in codes, f"resdiff {' '.join(argv)}: exit {code}\n{stderr.getvalue()}"
        return stdout.getvalue()

    def stdout(self, name: str, argv: list[str], codes: tuple[int, ...] = (0,)) -> None:
        self.add(name, " ".join(argv), json.loads(self.run(argv, codes)))

    def file(self, name: str, argv: list[str], out: str, codes: tuple[int, ...] = (0,)) -> None:
        path = self.folder / out
        self.run([*argv, "-o", str(path)], codes)
        self.add(name, f"{' '.join(argv)} -o {out}", json.loads(path.read_text(encoding="utf-8")))

    def add(self, name: str, source: str, data: Any) -> None:
        (self.sarif if name == "sarif" else self.found[name]).append((source, data))


def _batch_inputs(folder: Path) -> Path:
    inputs = folder / "inputs"
    (inputs / "sub").mkdir(parents=True)
    shutil.copy(RES130 / "proposal.critic.md", inputs / "sub" / "proposal.critic.md")
    shutil.copy(FIXTURES / "resolutions" / "en.txt", inputs / "en.txt")
    (inputs / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")  # fails alone: a 'failed' entry
    return inputs


def _collect(folder: Path) -> Outputs:
    out = Outputs(folder)
    proposal, critic, old = str(RES130 / "proposal.docx"), str(RES130 / "proposal.critic.md"), str(RES130 / "old.txt")
    autonum = str(FIXTURES / "res130-iap-autonum" / "proposal.docx")
    # documents
    out.file("document", ["convert", proposal], "convert.json")
    out.file("document", ["convert", critic], "convert-critic.json")
    out.file("document", ["reject", autonum], "reject.json")
    resdiff.write(resdiff.read(RES130 / "proposal.docx").accept(), folder / "api.json")
    out.add("document", "resdiff.write(doc.accept(), 'api.json')", json.loads((folder / "api.json").read_text()))
    # clause trees
    out.stdout("tree", ["tree", proposal, "--json"])
    out.stdout("tree", ["tree", autonum, "--json"])
    for language in ("en", "fr", "es", "ru", "zh", "ar"):
        out.stdout("tree", ["tree", str(FIXTURES / "resolutions" / f"{language}.txt"), "--json"])
    # a redline: pictures, tables, moves, formatting changes
    out.file("document", ["diff", str(ITU / "old.docx"), str(ITU / "new.docx")], "diff.json")
    out.file("tree", ["diff", str(ITU / "old.docx"), str(ITU / "new.docx"), "--tree"], "diff-tree.json")
    # revisions
    out.stdout("revisions", ["revisions", proposal, "--json"])
    out.stdout("revisions", ["revisions", critic, "--json"])
    out.stdout("comments", ["comments", str(ITU / "new.docx"), "--json"])
    # check, with findings: the new text as the base makes every change an untracked one
    out.stdout("check", ["check", proposal, "--base", str(RES130 / "new.txt"), "--format", "json"], (0, 1))
    out.stdout("sarif", ["check", proposal, "--base", str(RES130 / "new.txt"), "--format", "sarif"], (0, 1))
    # merge: a proposal on the official text
    out.file("synopsis", ["merge", old, critic], "merge.json", (0, 1))
    # renumber --map: the consolidated Res. 130 text, bis/ter labels and a reference renumbered
    renumbered = folder / "map.json"
    out.run(["renumber", str(RES130 / "new.txt"), "--map", str(renumbered), "-o", str(folder / "final.md"), "-q"])
    out.add("renumber-map", "renumber new.txt --map map.json", json.loads(renumbered.read_text(encoding="utf-8")))
    # batch: every job, one input failing
    inputs = _batch_inputs(folder)
    for job, extra in (("accept", ["--format", "json"]), ("tree", []), ("check", ["--base", old]),
                       ("diff", ["--base", old, "--format", "json"])):
        outdir = folder / f"batch-{job}"
        out.run(["batch", str(inputs), "-o", str(outdir), "--job", job, "--workers", "1", "--quiet", *extra],
                (2,))  # broken.docx fails alone
        out.add("batch", f"batch --job {job}: batch.json", json.loads((outdir / "batch.json").read_text()))
        kind = {"accept": "document", "tree": "tree", "check": "check", "diff": "document"}[job]
        for path in sorted(outdir.rglob("*.json")):
            if path.name != "batch.json":
                out.add(kind, f"batch --job {job}: {path.relative_to(outdir)}", json.loads(path.read_text()))
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _collect(tmp_path_factory.mktemp("outputs"))


@pytest.mark.parametrize("name", OUTPUTS)
def test_what_the_commands_write_meets_the_schema(name: str, outputs: Outputs) -> None:
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMAS / OUTPUTS[name].filename).read_text()))
    written = outputs.found[name]
    assert written, f"no command wrote a {name} output"
    for source, data in written:
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        assert not errors, f"{source}: {errors[0].json_path}: {errors[0].message}"
        if isinstance(data, dict) and "schema_version" in data:
            assert data["schema_version"] == OUTPUTS[name].version, source


def test_the_outputs_are_not_trivial(outputs: Outputs) -> None:
    """Empty lists would meet any list schema: some outputs must have content of every kind."""
    assert any(data for _, data in outputs.found["check"])
    assert any(data for _, data in outputs.found["revisions"])
    assert any(data for _, data in outputs.found["comments"])
    assert any(data["rows"] for _, data in outputs.found["synopsis"])
    statuses = {entry["status"] for _, data in outputs.found["batch"] for entry in data["files"]}
    assert statuses == {"ok", "failed"}
    assert any("errors" in entry for _, data in outputs.found["batch"] for entry in data["files"])
    assert any(c["children"] for _, data in outputs.found["tree"] for s in data["sections"] for c in s["clauses"])


def test_sarif_meets_the_oasis_schema(outputs: Outputs) -> None:
    official = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert outputs.sarif
    for source, data in outputs.sarif:
        assert data["runs"][0]["results"], source
        jsonschema.validate(data, official, cls=jsonschema.Draft4Validator)


def test_a_document_json_reads_back_as_the_same_document() -> None:
    """The document schema describes a JSON that `Document.model_validate_json` reads back: a version key must
    stay something the model accepts (a field of Document), never a wrapper around it."""
    doc = resdiff.read(RES130 / "proposal.docx")
    assert Document.model_validate_json(render(doc, "json")) == doc.with_source(None)  # the package is not data
