"""A deterministic sample of tests/fuzz_readers.py in every run: 25 mutated inputs per reader, none crashes or
hangs (the hour-long runs are made by hand: `python tests/fuzz_readers.py --minutes 60`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import CORPUS, corpus_missing
from fuzz_readers import run

READERS = ("docx", "txt", "critic", "flat", "html", "akn")


@pytest.mark.parametrize("reader", READERS)
def test_a_sample_of_mutated_inputs_is_read_or_refused(reader: str, tmp_path: Path) -> None:
    if reader == "docx" and not CORPUS.exists():
        corpus_missing()  # the .docx seeds are the corpus's tracked documents
    stats = run(reader, seconds=600, out=tmp_path, seed=4, cases=25)
    found = sorted(p.name for p in tmp_path.glob("*.txt"))
    assert (stats["cases"], stats["crashes"], stats["hangs"]) == (25, 0, 0), [
        (tmp_path / name).read_text(encoding="utf-8") for name in found[:2]]
