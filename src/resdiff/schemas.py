"""JSON Schemas of resdiff's JSON outputs, generated (by pydantic) from the model classes that write them.

`python -m resdiff.schemas` writes one file per output into the checkout's `schemas/` folder (`--check` only
compares, `--print NAME` writes one schema to stdout, for an installed resdiff without the repository). The
files are published in the repository and a test keeps them equal to what the models generate.

- document: a `Document` (`convert`, `accept`, `reject`, `diff -o x.json`; `resdiff.write(doc, "x.json")`);
- tree: a clause tree, `Resolution` (`tree --json`, `diff --tree`);
- revisions: a list of `RevisionRecord` (`revisions --json`);
- comments: a list of `Comment` (`comments --json`);
- check: a list of `Finding` (`check --format json`, the reports of `batch --job check`);
- synopsis: a `Synopsis` (`merge -o x.json`);
- batch: `OUTDIR/batch.json` of `resdiff batch`.

(`check --format sarif` writes SARIF 2.1.0, whose schema is OASIS's.)

Versioning: each schema has an integer version, in its `$id` (`urn:resdiff:schema:document:1`) and, where an
output is a JSON object whose model has it, in the output's `schema_version` key. The version goes up by one
when a change of the output's shape is released that a reader validating against the previous schema would
notice: a key added, removed, renamed or retyped, a value no longer allowed. A changed description does not
count. Until resdiff's first release every schema is version 1 and may still change (see CHANGELOG.md).

Every key a model declares is written (resdiff never leaves out defaults or None), so every key is required in
these schemas; a key that is written only sometimes (in batch.json) is optional.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from resdiff.records import record

__all__ = ["DIALECT", "OUTPUTS", "BatchFailed", "BatchOk", "BatchSummary", "Output", "generate", "main", "schema",
           "schema_text"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schemas (pydantic generates draft 2020-12)."""


class _EveryKeyWritten(GenerateJsonSchema):
    """Serialization schemas in which a field with a default is required too: `model_dump` writes every field."""

    def field_is_required(self, field: Any, total: bool) -> bool:
        if self.mode == "serialization" and field["type"] != "typed-dict-field":
            return field.get("serialization_exclude_if") is None
        return super().field_is_required(field, total)


# ---- batch.json: written by resdiff.batch_run from a dict, described here -------------------------------------


def _no_defaults(schema: dict[str, Any]) -> None:
    """The optional keys of batch.json are left out, not written with a default value: say nothing of one."""
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class BatchOk(BaseModel):
    """An input the job read and wrote."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, json_schema_extra=_no_defaults)

    file: str
    """The input's path relative to the input folder, with '/' separators."""
    status: Literal["ok"]
    output: str
    """The output's path relative to the output folder."""
    errors: int = Field(default=0, ge=0)
    """The check job only: how many findings are errors."""
    warnings: int = Field(default=0, ge=0)
    """The check job only: how many findings are warnings."""
    seconds: float = Field(ge=0)


class BatchFailed(BaseModel):
    """An input the job could not process; nothing was written for it."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, json_schema_extra=_no_defaults)

    file: str
    status: Literal["failed"]
    reason: str | None
    """Why, in one line."""
    error: str | None
    """The exception's class name (anything but a ResdiffError subclass is a resdiff bug)."""
    bug: bool
    """Whether the failure is resdiff's own (an internal error) rather than the input's."""
    seconds: float = Field(ge=0)


class BatchSummary(BaseModel):
    """OUTDIR/batch.json: what a batch run did, every input in sorted order."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, json_schema_extra=_no_defaults)

    schema_version: Literal[1] = 1
    """This schema's version (not written yet by every resdiff: optional)."""
    job: Literal["accept", "reject", "tree", "check", "diff"]
    input: str
    output: str
    base: str | None
    workers: int = Field(ge=1)
    ok: int = Field(ge=0)
    failed: int = Field(ge=0)
    seconds: float = Field(ge=0)
    files: list[Annotated[BatchOk | BatchFailed, Field(discriminator="status")]]


# ---- the registry ----------------------------------------------------------------------------------------------


def _document() -> Any:
    from resdiff.model import Document

    return Document


def _tree() -> Any:
    from resdiff.model import Resolution

    return Resolution


def _revisions() -> Any:
    from resdiff.model import RevisionRecord

    return list[RevisionRecord]


def _comments() -> Any:
    from resdiff.model.tree import Comment

    return list[Comment]


def _check() -> Any:
    from resdiff.check.context import Finding

    return list[Finding]


def _synopsis() -> Any:
    from resdiff.model import Synopsis

    return Synopsis


def _batch() -> Any:
    return BatchSummary


def _renumber_map() -> Any:
    from resdiff.renumbering import RenumberMap

    return RenumberMap


@record(frozen=True)
class Output:
    """One JSON output of resdiff: its schema's name and version, and the type whose serialization it is."""

    name: str
    version: int
    title: str
    description: str
    target: Callable[[], Any]
    every_key_written: bool = True

    @property
    def id(self) -> str:
        """The schema's `$id`: a URN, as resdiff has no address of its own to publish under."""
        return f"urn:resdiff:schema:{self.name}:{self.version}"

    @property
    def filename(self) -> str:
        return f"{self.name}.schema.json"


OUTPUTS: dict[str, Output] = {o.name: o for o in (
    Output("document", 1, "resdiff document",
           "A document with its tracked changes (resdiff.model.Document), as written by `resdiff convert`, "
           "`accept`, `reject` and `diff` (the redline) with `-o FILE.json`, by "
           "`resdiff.write(doc, 'FILE.json')` and by `resdiff batch --job accept|reject|diff --format json`. "
           "`Document.model_validate_json` reads it back.",
           _document),
    Output("tree", 1, "resdiff clause tree",
           "The clause tree of a resolution (resdiff.model.Resolution): title, formula, call sections, clauses "
           "with both sides' labels and texts and their ITU action; as written by `resdiff tree --json`, "
           "`resdiff diff --tree` and `resdiff batch --job tree`.",
           _tree),
    Output("revisions", 1, "resdiff revision list",
           "Every revision of a document, located by paragraph (a list of resdiff.model.RevisionRecord), as "
           "written by `resdiff revisions --json`.",
           _revisions),
    Output("comments", 1, "resdiff comment list",
           "Every comment of a document in document order, replies included, with the text each is about on "
           "both sides (a list of resdiff.model.tree.Comment), as written by `resdiff comments --json`.",
           _comments),
    Output("check", 1, "resdiff check findings",
           "The findings of `resdiff check --format json` (a list of resdiff.check.context.Finding; paragraph "
           "numbers are 1-based positions in Document.paragraphs()), also each file's report and the combined "
           "OUTDIR/check.json of `resdiff batch --job check`.",
           _check),
    Output("synopsis", 1, "resdiff synopsis",
           "Several proposals on one base (resdiff.model.Synopsis): the synoptic rows with each proposal's "
           "cell, the conflicts and the consolidated draft, as written by `resdiff merge -o FILE.json`.",
           _synopsis),
    Output("batch", 1, "resdiff batch summary",
           "OUTDIR/batch.json, written by `resdiff batch` and `resdiff.batch`: the job, the folders, and every "
           "input in sorted order, done (with its output) or failed (with the reason).",
           _batch, every_key_written=False),
    Output("renumber-map", 1, "resdiff renumbering map",
           "What `resdiff renumber --map FILE` writes (resdiff.renumbering.RenumberMap): per call section every "
           "labelled clause's label path now and final, the references rewritten, whether the input's accepted "
           "text was renumbered.",
           _renumber_map),
)}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of output `name` (a key of OUTPUTS), generated from its model now."""
    output = OUTPUTS[name]
    generator = _EveryKeyWritten if output.every_key_written else GenerateJsonSchema
    body = TypeAdapter(output.target()).json_schema(mode="serialization", schema_generator=generator)
    body.pop("title", None)
    body.pop("description", None)
    head = {
        "$schema": DIALECT,
        "$id": output.id,
        "title": output.title,
        "description": output.description,
        "$comment": f"Generated from the model classes by `python -m resdiff.schemas` (version {output.version}); "
                    "do not edit by hand.",
    }
    version = body.get("properties", {}).get("schema_version")
    if version is not None and version.get("const") != output.version:
        raise ValueError(f"{name}: the model's schema_version is {version.get('const')!r} but OUTPUTS says "
                         f"{output.version}; change both together")
    return {**head, **body}


def schema_text(name: str) -> str:
    """The schema of output `name` as its file holds it."""
    return json.dumps(schema(name), ensure_ascii=False, indent=2) + "\n"


def generate(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns the files whose content changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, output in OUTPUTS.items():
        path, text = folder / output.filename, schema_text(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def _stale(folder: Path) -> list[str]:
    """What differs between `folder` and the generated schemas: files out of date, missing or unknown."""
    problems = []
    for name, output in OUTPUTS.items():
        path = folder / output.filename
        if not path.exists():
            problems.append(f"{path}: missing")
        elif path.read_text(encoding="utf-8") != schema_text(name):
            problems.append(f"{path}: out of date")
    known = {o.filename for o in OUTPUTS.values()}
    problems.extend(f"{p}: no such output" for p in sorted(folder.glob("*.schema.json")) if p.name not in known)
    return problems


def _default_folder() -> Path:
    """The checkout's schemas/ when running from a source checkout, else ./schemas."""
    root = Path(__file__).resolve().parents[2]
    return root / "schemas" if (root / "pyproject.toml").is_file() else Path("schemas")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m resdiff.schemas`: regenerate, check or print the schemas."""
    parser = argparse.ArgumentParser(
        prog="python -m resdiff.schemas",
        description="Write the JSON Schemas of resdiff's JSON outputs, generated from its models.")
    parser.add_argument("--out", type=Path, help="the folder (default: the checkout's schemas/, else ./schemas)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    parser.add_argument("--print", dest="name", choices=OUTPUTS, help="write this schema to stdout instead")
    args = parser.parse_args(argv)
    if args.name:
        sys.stdout.write(schema_text(args.name))
        return 0
    folder = args.out or _default_folder()
    if args.check:
        problems = _stale(folder)
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print("run `python -m resdiff.schemas` and review the diff (and the versions: see its docstring)",
                  file=sys.stderr)
        return 1 if problems else 0
    for path in generate(folder):
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
