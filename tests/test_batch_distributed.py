"""`resdiff.batch_job.run_file` run unchanged by Dask's distributed scheduler (docs/batch.md): two worker processes
of a LocalCluster, the inputs and the base shipped as bytes, give what `resdiff.batch`'s process pool writes —
the same output bytes, the same findings, and a bad file's error (pickled back whole) with the pool's reason.
Skipped without `distributed` (in the `test` extra)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import resdiff
from resdiff.batch_job import Job, run_file
from resdiff.errors import ResdiffError

distributed = pytest.importorskip("distributed")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BASE = FIXTURES / "itu-res130-docx" / "old.docx"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("in")
    (root / "res").mkdir()
    shutil.copy(FIXTURES / "res130-iap" / "proposal.docx", root / "proposal.docx")
    shutil.copy(FIXTURES / "itu-res130-docx" / "new.docx", root / "res" / "new.docx")
    shutil.copy(FIXTURES / "resolutions" / "en.txt", root / "res" / "en.txt")
    (root / "res" / "broken.docx").write_text("hello, not a zip\n")
    return root


@pytest.mark.parametrize("job", ["accept", "check"])  # check against a base: the base shipped as bytes
def test_dask_gives_what_the_process_pool_gives(client: Any, inputs: Path, tmp_path: Path, job: Job) -> None:
    base = BASE if job == "check" else None
    pool = resdiff.batch(inputs, tmp_path / "out", job=job, base=base, workers=2)
    summary = {entry["file"]: entry for entry in json.loads((tmp_path / "out" / "batch.json").read_text())["files"]}
    assert pool.outcomes and len(pool.failed) == 1  # broken.docx

    rels = [o.rel for o in pool.outcomes]
    names = [str(inputs / rel) for rel in rels]  # the name the pool's worker gives run_job: the input's path
    blobs = [(inputs / rel).read_bytes() for rel in rels]
    shipped = client.scatter(base.read_bytes(), broadcast=True) if base is not None else None
    futures = client.map(run_file, blobs, names, job=job, base=shipped, base_name=str(base), pure=False)
    distributed.wait(futures)

    for outcome, future in zip(pool.outcomes, futures):
        if not outcome.ok:
            error = future.exception()
            assert isinstance(error, ResdiffError), error
            assert (error.reason, type(error).__name__) == (outcome.reason, outcome.error)
            continue
        result = future.result()
        assert result.output == (tmp_path / "out" / summary[outcome.rel]["output"]).read_bytes(), outcome.rel
        assert result.findings == outcome.findings
