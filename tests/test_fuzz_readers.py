"""tests/fuzz_readers.py in the test suite: in every run, a deterministic sample (25 mutated inputs per reader) and
the replay of the crash corpus (tests/fuzz_corpus: inputs that broke a reader once); in the slow suite, a new
minute per reader each day (the seed is the date, so a failure names what reproduces it). None may crash or
hang. The hour-long runs are made by hand: `python tests/fuzz_readers.py --minutes 60 --cpu`."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from corpus import CORPUS, corpus_missing
from fuzz_readers import LIMIT, _one, run

FOUND = Path(__file__).resolve().parent / "fuzz_corpus"

READERS = ("docx", "txt", "critic", "flat", "html", "akn")


@pytest.mark.parametrize("reader", READERS)
def test_a_sample_of_mutated_inputs_is_read_or_refused(reader: str, tmp_path: Path) -> None:
    if reader == "docx" and not CORPUS.exists():
        corpus_missing()  # the .docx seeds are the corpus's tracked documents
    stats = run(reader, seconds=600, out=tmp_path, seed=4, cases=25)
    found = sorted(p.name for p in tmp_path.glob("*.txt"))
    assert (stats["cases"], stats["crashes"], stats["hangs"]) == (25, 0, 0), [
        (tmp_path / name).read_text(encoding="utf-8") for name in found[:2]]


def _reader_of(path: Path) -> tuple[str, str]:
    """The reader a corpus file is for, and the name it is read under (see tests/fuzz_corpus/README.md)."""
    name = path.name
    if name.endswith(".critic.md"):
        return "critic", "fuzz.critic.md"
    if path.suffix in (".docx", ".html"):
        return path.suffix[1:], f"fuzz{path.suffix}"
    if path.suffix == ".xml":
        return "akn", "fuzz.xml"
    return ("flat" if name.startswith("flat-") else "txt"), "fuzz.txt"


@pytest.mark.parametrize("path", sorted(p for p in FOUND.iterdir() if p.name != "README.md"), ids=lambda p: p.name)
def test_the_crash_corpus_is_read_or_refused(path: Path) -> None:
    reader, name = _reader_of(path)
    outcome = _one(path.read_bytes(), reader, name, cpu=True)
    assert outcome in ("ok", "refused"), f"{path.name}: {outcome} (limit {LIMIT} s of CPU)"


@pytest.mark.slow
@pytest.mark.parametrize("reader", READERS)
def test_a_minute_of_new_mutations_each_day(reader: str, tmp_path: Path) -> None:
    if reader == "docx" and not CORPUS.exists():
        corpus_missing()
    seed = int(datetime.date.today().strftime("%Y%m%d"))
    stats = run(reader, seconds=60, out=tmp_path, seed=seed, cpu=True)
    found = sorted(p.name for p in tmp_path.glob("*.txt"))
    assert (stats["crashes"], stats["hangs"]) == (0, 0), (
        f"seed {seed}: `python tests/fuzz_readers.py --reader {reader} --seed {seed} --cpu` reproduces; "
        f"inputs in {tmp_path}", [(tmp_path / n).read_text(encoding="utf-8") for n in found[:2]])
