"""Benchmarks: `python -m benchmarks` from the repository root prints resdiff's time and memory per workload, the
peers' time on the same input where they are installed (python-redlines = Open-XML-PowerTools' WmlComparer,
`redlines`, pandoc), the floor (a bare lxml parse), and the issue's targets beside the figures.

Times are the best of several runs (wall clock); memory is the peak of Python allocations (tracemalloc) during one
run, so it leaves out the peers, which run outside this process. No test asserts on any of this.

`python -m benchmarks peers` (benchmarks/peers.py) is the longer side-by-side run against Docxodus and WmlComparer
(python-redlines): speed, and what each tool's redline keeps (accept/reject checked by tests/doclisting.py).

`python -m benchmarks whole [--quick]` (benchmarks/whole.py) runs every tool as a separate process, as a user runs
it (resdiff's CLI, Docxodus, WmlComparer, LibreOffice, pandoc): wall-clock time and peak RSS, paired runs, ratios
to resdiff, a start-up row and resdiff's scaling from 1k to 50k paragraphs.

`python -m benchmarks limits` (benchmarks/limits.py) runs resdiff's command line on the tests' hostile inputs at
its limits (a paragraph of a million runs, a table of 80,000 rows): time and peak RSS.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

import resdiff
from resdiff.model import Document, Paragraph, Span
from resdiff.parse.structure import build_tree

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "res130-iap"
CORPUS = next((c for c in (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")) if c.exists()),
              ROOT.parent / "shared" / "corpus")


def best(function: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mib(function: Callable[[], object]) -> float:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def synthetic(count: int, seed: int) -> tuple[Document, Document]:
    """A resolution-like pair: `count` numbered items, one in seven edited, one in eleven deleted, some added."""
    words = "to continue the work of ITU on building confidence and security in the use of ICTs".split()
    old: list[str] = []
    new: list[str] = []
    for index in range(count):
        text = " ".join(words[(index * 7 + k) % len(words)] for k in range(12 + index % 9)) + f" {index};"
        old.append(f"{index + 1}\t{text}")
        if index % 11 == 5:
            continue
        if index % 7 == 3:
            text = text.replace("work", "studies").replace("security", "resilience")
        new.append(f"{len(new) + 1}\t{text}")
        if index % 13 == 8:
            new.append(f"{len(new) + 1}\tto report annually to the Council on item {index};")

    def doc(items: list[str]) -> Document:
        return Document(blocks=tuple(Paragraph(spans=(Span(text=t),)) for t in items))

    return doc(old), doc(new)


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    proposal = FIXTURE / "proposal.docx"
    # The floor: lxml parsing the same XML resdiff parses (relationships, document, styles, footnotes).
    with zipfile.ZipFile(proposal) as archive:
        parts = [archive.read(name) for name in ("_rels/.rels", "word/_rels/document.xml.rels",
                                                 "word/document.xml", "word/styles.xml", "word/footnotes.xml")
                 if name in archive.namelist()]
        body_only = archive.read("word/document.xml")
    floor = best(lambda: [etree.fromstring(part) for part in parts], runs=20)
    body_floor = best(lambda: etree.fromstring(body_only), runs=20)
    read_only = best(lambda: resdiff.read(proposal), runs=20)
    read_accept = best(lambda: resdiff.render(resdiff.read(proposal).accept(), "docx"))
    rows.append(("read Res. 130 .docx (tracked)", f"{read_only * 1000:.1f} ms",
                 f"{peak_mib(lambda: resdiff.read(proposal)):.1f} MiB",
                 f"{read_only / floor:.1f}× the bare lxml parse of the same parts ({floor * 1000:.1f} ms; "
                 f"{read_only / body_floor:.0f}× document.xml alone); target ≤ 3×"))
    rows.append(("read + Accept All + write .docx", f"{read_accept * 1000:.1f} ms",
                 f"{peak_mib(lambda: resdiff.render(resdiff.read(proposal).accept(), 'docx')):.1f} MiB", ""))
    if shutil.which("pandoc"):
        pandoc = best(lambda: subprocess.run(["pandoc", "-f", "docx", "-t", "native", str(proposal)],
                                             capture_output=True, check=True), runs=3)
        rows.append(("  pandoc reading the same .docx", f"{pandoc * 1000:.1f} ms", "-",
                     f"resdiff read is {pandoc / read_only:.0f}× faster"))

    old_doc, new_doc = resdiff.read(FIXTURE / "old.txt"), resdiff.read(FIXTURE / "new.txt")
    ours = best(lambda: resdiff.render(resdiff.diff(old_doc, new_doc), "docx"))
    rows.append(("diff + redline .docx, Res. 130 pair", f"{ours * 1000:.1f} ms",
                 f"{peak_mib(lambda: resdiff.render(resdiff.diff(old_doc, new_doc), 'docx')):.1f} MiB", ""))
    rows.extend(_peers(old_doc, new_doc, ours))

    texts = _pp18_texts()
    if texts:
        trees = best(lambda: [build_tree(resdiff.read(t, format="txt")) for t in texts], runs=3)
        rows.append((f"tree of all {len(texts)} PP-18 texts", f"{trees * 1000:.0f} ms",
                     f"{peak_mib(lambda: [build_tree(resdiff.read(t, format='txt')) for t in texts]):.1f} MiB",
                     "target < 2 s"))

    timings = {}
    for count in (1_000, 10_000):
        old, new = synthetic(count, 1)
        timings[count] = best(lambda: resdiff.render(resdiff.diff(old, new), "docx"), runs=2)
        rows.append((f"diff + redline .docx, {count:,} paragraphs", f"{timings[count]:.2f} s",
                     f"{peak_mib(lambda: resdiff.diff(old, new)):.0f} MiB", ""))
    growth = timings[10_000] / timings[1_000]
    rows.append(("  growth 1 000 → 10 000 paragraphs", f"{growth:.1f}×", "-", "target ≤ 15× (near-linear)"))

    width = max(len(r[0]) for r in rows)
    print(f"{'workload':<{width}}  {'time':>10}  {'memory':>9}  notes")
    for name, duration, memory, note in rows:
        print(f"{name:<{width}}  {duration:>10}  {memory:>9}  {note}")
    return 0


def _peers(old_doc: Document, new_doc: Document, ours: float) -> list[tuple[str, str, str, str]]:
    rows = []
    try:
        import warnings

        from python_redlines.engines import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
            XmlPowerToolsEngine,
        )

        with warnings.catch_warnings():  # it announces its own deprecation in favour of a newer engine
            warnings.simplefilter("ignore", DeprecationWarning)
            engine = XmlPowerToolsEngine()
        with tempfile.TemporaryDirectory() as tmp:
            old_docx, new_docx = resdiff.render(old_doc, "docx"), resdiff.render(new_doc, "docx")
            Path(tmp, "old.docx").write_bytes(old_docx)
            theirs = best(lambda: engine.run_redline("resdiff-bench", old_docx, new_docx), runs=3)
        rows.append(("  python-redlines (WmlComparer), same pair", f"{theirs * 1000:.1f} ms", "-",
                     f"resdiff is {theirs / ours:.1f}× faster; target ≥ 10×"))
    except Exception as exc:  # not installed, or its .NET engine cannot run here
        rows.append(("  python-redlines (WmlComparer)", "n/a", "-", f"not available: {type(exc).__name__}"))
    try:
        from redlines import Redlines  # type: ignore[import-untyped,import-not-found,unused-ignore]

        old_text = resdiff.render(old_doc, "txt").decode()
        new_text = resdiff.render(new_doc, "txt").decode()
        theirs = best(lambda: Redlines(old_text, new_text).output_markdown, runs=3)
        rows.append(("  redlines (text to Markdown), same pair", f"{theirs * 1000:.1f} ms", "-",
                     f"resdiff's .docx redline is {theirs / ours:.1f}× faster than its Markdown"))
    except ImportError:
        rows.append(("  redlines", "n/a", "-", "not installed (pip install redlines)"))
    return rows


def _pp18_texts() -> list[bytes]:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import akn  # type: ignore[import-not-found]  # the PP-18 extraction the tests use
    except ImportError:
        return []
    source = CORPUS / "akn4itu-itu-pp18" / "pp18_final_acts_akn.xml"
    if not source.exists():
        return []
    return [component.text.encode() for component in akn.components(akn.parse(source))]


if __name__ == "__main__":
    if sys.argv[1:2] == ["peers"]:  # the long side-by-side run: benchmarks/peers.py
        from benchmarks.peers import main as peers

        sys.exit(peers(sys.argv[2:]))
    if sys.argv[1:2] == ["whole"]:  # every tool as a separate process: benchmarks/whole.py
        from benchmarks.whole import main as whole

        sys.exit(whole(sys.argv[2:]))
    if sys.argv[1:2] == ["limits"]:  # issue 20's hostile inputs, time and peak memory: benchmarks/limits.py
        from benchmarks.limits import main as limits

        sys.exit(limits(sys.argv[2:]))
    sys.exit(main())
