"""The same input gives the same bytes in every process: nothing an output holds may follow the order in which
Python's string hashing (randomised per process, PYTHONHASHSEED) iterates a set or dict.

Found so far: the styles a document carries (`definitions.styles`, in JSON and in the packages written) followed
the set of style ids the reader collected. Each command below (every one that writes a document or a report,
on the fixtures) runs as a child process under two hash seeds and must write identical bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import corpus_path

ROOT = Path(__file__).resolve().parent.parent
ITU = ROOT / "fixtures" / "itu-res130-docx"
RES130 = ROOT / "fixtures" / "res130-iap"
PROPOSAL = RES130 / "proposal.docx"
SEEDS = ("0", "4242")


def _run(args: list[str], seed: str, out: Path | None) -> bytes:
    """The bytes a command writes to `out`, or to standard output when `out` is None."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "resdiff", *args, *(["-o", str(out)] if out else [])], env=env,
                          capture_output=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr  # check exits 1 with findings
    if out is None:
        return done.stdout
    data = out.read_bytes()
    out.unlink()
    return data


@pytest.mark.parametrize("args, suffix", [
    (["convert", "{styled}"], "json"),
    (["convert", "{proposal}"], "json"),
    (["diff", "{old}", "{new}"], "docx"),
    (["diff", "{old}", "{new}"], "html"),
    (["diff", "{old}", "{new}"], "json"),
    (["accept", "{proposal}"], "docx"),
    (["reject", "{proposal}"], "json"),
    (["tree", "{proposal}", "--json"], None),
    (["renumber", "{proposal}"], "docx"),
    (["check", "{proposal}", "--format", "sarif"], None),
    (["merge", "{base}", "{proposal}", "{critic}"], "docx"),
    (["merge", "{base}", "{proposal}", "{critic}"], "html"),
    (["untangle", "{seed}", "--base", "{base}"], "docx"),
    (["retrack", "{proposal}"], "docx"),
    (["propose", "{base}", "{new_text}", "--tag", "MOD IAP/76A35/1", "--date", "2022-09-01T00:00:00Z"], "docx"),
    (["parallel", *(f"{{parallel}}/{lang}.txt" for lang in ("ar", "en", "es", "fr", "ru", "zh"))], "html"),
    (["parallel", *(f"{{parallel}}/{lang}.txt" for lang in ("ar", "en", "es", "fr", "ru", "zh")), "--format",
      "sarif"], None),
], ids=["convert-styled", "convert-proposal", "diff-docx", "diff-html", "diff-json", "accept-docx", "reject-json",
        "tree", "renumber", "check-sarif", "merge-docx", "merge-html", "untangle", "retrack", "propose",
        "parallel-html", "parallel-sarif"])
def test_an_output_is_the_same_under_every_hash_seed(args: list[str], suffix: str | None, tmp_path: Path) -> None:
    paths = {"styled": corpus_path("docx4j", "sample-docx.docx"), "proposal": PROPOSAL, "old": ITU / "old.docx",
             "new": ITU / "new.docx", "base": RES130 / "old.txt", "new_text": RES130 / "new.txt",
             "critic": RES130 / "proposal.critic.md", "seed": RES130 / "seed.txt", "parallel": ROOT / "fixtures" /
             "parallel"}
    args = [a.format(**{k: str(v) for k, v in paths.items()}) for a in args]
    outputs = [_run(args, seed, tmp_path / f"out.{suffix}" if suffix else None) for seed in SEEDS]
    assert outputs[0]
    assert outputs[0] == outputs[1], f"resdiff {' '.join(args)} wrote different bytes under PYTHONHASHSEED {SEEDS}"
