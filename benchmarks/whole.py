"""`python -m benchmarks whole`: every tool run as a separate process, as a user runs it, on the same pairs.

Time is wall clock from the start of the process to its exit; peak memory is the peak resident set size of the
process and of the processes it waited for (`os.wait4`'s rusage, what `/usr/bin/time -f %M` prints). Runs are
paired: each round runs every tool once, in an order rotated round by round, so that load from elsewhere on the
machine falls on all of them; a first round (not counted) warms the caches. Reported: best and median time, the
largest peak, and each peer's median time and peak as a multiple of resdiff's on the same pair.

Tools: resdiff (`resdiff diff OLD NEW -o redline.docx`); Docxodus and WmlComparer (the .NET binaries that
python-redlines runs, called directly: python-redlines' `run_redline` adds only its own Python start); LibreOffice's
Compare Document (headless, started, compared, saved and quit through UNO: benchmarks/lo_compare.py) and, as the
floor of any LibreOffice run, `soffice --headless --convert-to txt` of both files; pandoc reading both files to
plain text (the floor of reading them at all). A tool that is not installed is a row saying so; one that runs
longer than `--timeout` is stopped and not run again on that pair.

Beside the whole-process figures, resdiff's in-process time (the library call in this process: read both, diff,
render the .docx redline; best of the runs) shows what is start-up. The scaling series runs resdiff alone on
generated pairs of 1k to 50k paragraphs (benchmarks/workloads.py), with the ratio to 1k. `--quick` runs a small
subset in about two minutes. Nothing here is asserted by a test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ITU = ROOT / "fixtures" / "itu-res130-docx"
RES130 = ROOT / "fixtures" / "res130-iap"
BIN = Path(sys.executable).parent
SYSTEM_PYTHON = "/usr/bin/python3"
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None  # GNU time: the child's own peak RSS
Commands = list[list[str]]


# ---- one measured run ----------------------------------------------------------------------------------------


class Failed(Exception):
    """A run that exited with an error, or was stopped at the timeout."""


def measure(commands: Commands, timeout: float, ok: Sequence[int] = (0,)) -> tuple[float, int]:
    """Run the commands one after the other (each its own process): total wall-clock seconds and the largest
    peak RSS in KiB. A command's process group is killed at `timeout` seconds."""
    total, peak = 0.0, 0
    for command in commands:
        seconds, kib = _run_one(command, timeout, ok)
        total, peak = total + seconds, max(peak, kib)
    return total, peak


def _run_one(command: list[str], timeout: float, ok: Sequence[int]) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report, errors = Path(tmp) / "rusage", Path(tmp) / "stderr"
        launcher = [TIME, "-f", "%M", "-o", str(report)] if TIME else []
        stopped = threading.Event()
        with errors.open("wb") as stream:
            start = time.perf_counter()
            process = subprocess.Popen([*launcher, *command], stdout=subprocess.DEVNULL, stderr=stream,
                                       start_new_session=True)

            def stop() -> None:
                stopped.set()
                _kill_group(process.pid)

            timer = threading.Timer(timeout, stop)
            timer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            finally:
                timer.cancel()
            seconds = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        _kill_group(process.pid)  # what it left behind (a LibreOffice that did not quit)
        if stopped.is_set():
            raise Failed(f"> {timeout:.0f} s")
        if code not in ok:
            last = (errors.read_text(errors="replace").strip().splitlines() or [""])[-1]
            raise Failed(f"exit {code}: {last[:200]}")
        # GNU time's child starts afresh; without it, ru_maxrss also counts the memory of this process that the
        # child had before its exec (the high-water mark survives exec)
        return seconds, int(report.read_text().split()[-1]) if TIME else usage.ru_maxrss  # KiB


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


@dataclass
class Runs:
    """The runs of one tool on one workload: seconds and peak KiB per run, or why it stopped."""

    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    failure: str | None = None
    inside: float | None = None  # resdiff's in-process time, best of the runs

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak(self) -> int:
        return max(self.peaks)


# ---- tools ---------------------------------------------------------------------------------------------------


@dataclass
class Tool:
    """A comparer run whole-process: its commands for (old, new, scratch folder), or why it cannot run."""

    name: str
    commands: Callable[[Path, Path, Path], Commands] | None
    missing: str = ""


def tools(scratch: Path) -> list[Tool]:
    """resdiff first, then the peers; a peer that is not installed has no commands and says why."""
    resdiff = str(BIN / "resdiff")
    found = [Tool("resdiff", lambda old, new, out: [[resdiff, "diff", str(old), str(new), "-o", str(out / "r.docx")]])]
    found.extend(_dotnet_peers())
    if shutil.which("soffice") is None:
        found += [Tool(name, None, "not installed") for name in ("LibreOffice compare", "LibreOffice convert")]
    else:
        found.append(_libreoffice_compare(scratch))
        profile = f"-env:UserInstallation=file://{scratch / 'lo-convert-profile'}"
        found.append(Tool("LibreOffice convert", lambda old, new, out: [
            ["soffice", "--headless", profile, "--convert-to", "txt:Text", "--outdir", str(out / "lo"), str(old),
             str(new)]]))
    if shutil.which("pandoc") is None:
        found.append(Tool("pandoc read", None, "not installed"))
    else:
        found.append(Tool("pandoc read", lambda old, new, out: [["pandoc", "-t", "plain", str(old), str(new), "-o",
                                                                 str(out / "p.txt")]]))
    return found


def _dotnet_peers() -> list[Tool]:
    import ctypes.util
    import warnings

    if ctypes.util.find_library("icuuc") is None:  # .NET needs ICU unless told to run without it
        os.environ.setdefault("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
    try:
        from python_redlines import engines  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return [Tool(name, None, "not installed (pip install 'python-redlines[all]')")
                for name in ("Docxodus", "WmlComparer")]
    out = []
    for name, cls_name in (("Docxodus", "DocxodusEngine"), ("WmlComparer", "XmlPowerToolsEngine")):
        try:
            with warnings.catch_warnings():  # XmlPowerToolsEngine announces its deprecation
                warnings.simplefilter("ignore", DeprecationWarning)
                engine = getattr(engines, cls_name)()
        except Exception as exc:  # companion package missing, or no binary for this platform
            out.append(Tool(name, None, f"not installed ({type(exc).__name__})"))
            continue
        out.append(Tool(name, _binary(engine)))
    return out


def _binary(engine: Any) -> Callable[[Path, Path, Path], Commands]:
    def commands(old: Path, new: Path, scratch: Path) -> Commands:
        built: list[str] = engine._build_command("bench", str(old), str(new), str(scratch / "peer.docx"))
        return [built]  # what python-redlines' run_redline runs

    return commands


def _libreoffice_compare(scratch: Path) -> Tool:
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False) \
        if Path(SYSTEM_PYTHON).exists() else None
    if found is None or found.returncode != 0:
        return Tool("LibreOffice compare", None, "not installed (python3-uno)")
    script, profile = str(ROOT / "benchmarks" / "lo_compare.py"), str(scratch / "lo-compare-profile")
    return Tool("LibreOffice compare", lambda old, new, out: [[SYSTEM_PYTHON, script, profile, str(old), str(new),
                                                               str(out / "lo.docx")]])


# ---- workloads -----------------------------------------------------------------------------------------------


def paired(tools_: Sequence[Tool], old: Path, new: Path, scratch: Path, repeats: int, timeout: float,
           warm: bool, ok: Sequence[int] = (0,)) -> dict[str, Runs]:
    """Each tool `repeats` times on (old, new), rounds in rotated order; the first round is not counted when
    `warm`. A failed or timed-out tool is not run again."""
    runs = {t.name: Runs(failure=None if t.commands else t.missing) for t in tools_}
    for round_ in range(-1 if warm else 0, repeats):
        shift = round_ % len(tools_)
        for tool in [*tools_[shift:], *tools_[:shift]]:
            if runs[tool.name].failure or tool.commands is None:
                continue
            try:
                seconds, peak = measure(tool.commands(old, new, scratch), timeout, ok)
            except Failed as exc:
                runs[tool.name].failure = str(exc)
                continue
            if round_ >= 0:
                runs[tool.name].times.append(seconds)
                runs[tool.name].peaks.append(peak)
    return runs


def in_process(old: Path, new: Path, repeats: int) -> float:
    """resdiff's library call on the pair in this process: read both, diff, render the .docx redline (best)."""
    import resdiff

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        base = resdiff.read(old)
        resdiff.render(resdiff.diff(base, resdiff.read(new)), "docx", template=base)
        best = min(best, time.perf_counter() - start)
    return best


# ---- the table -----------------------------------------------------------------------------------------------

HEADER = ("workload", "tool", "best", "median", "peak RSS", "ratio: time, memory", "in process")


def rows_for(workload: str, runs: dict[str, Runs], reference: tuple[str, Runs]) -> list[tuple[str, ...]]:
    """One row per tool; the ratios are to the reference (its label, its runs): median time, largest peak."""
    label, ref = reference
    out: list[tuple[str, ...]] = []
    for name, r in runs.items():
        if r.failure and not r.times:
            out.append((workload, name, r.failure, "", "", "", ""))
            continue
        ratio = f"{r.median / ref.median:.1f}×, {r.peak / ref.peak:.1f}× {label}" if r is not ref and ref.times else ""
        inside = "" if r.inside is None else _seconds(r.inside)
        out.append((workload, name, _seconds(min(r.times)), _seconds(r.median), f"{r.peak / 1024:.0f} MiB", ratio,
                    inside))
        if r.failure:  # it ran, then failed or timed out: the figures above are of fewer runs
            out.append((workload, f"  {name}, after {len(r.times)} run(s)", r.failure, "", "", "", ""))
    return out


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: Sequence[Sequence[str]]) -> str:
    """The rows aligned; a failure too long for its cell is a numbered note under the table."""
    notes: list[str] = []
    shown = []
    for row in rows:
        if len(row[2]) > 24:
            notes.append(f"[{len(notes) + 1}] {row[0]}, {row[1]}: {row[2]}")
            row = (*row[:2], f"failed [{len(notes)}]", *row[3:])
        shown.append(row)
    widths = [max(len(r[i]) for r in [HEADER, *shown]) for i in range(len(HEADER))]
    lines = []
    for row in [HEADER, *shown]:
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([*(line.rstrip() for line in lines), *notes])


# ---- the run -------------------------------------------------------------------------------------------------


def startup_rows(repeats: int, timeout: float) -> list[tuple[str, ...]]:
    """Start-up: a bare Python, Python importing lxml, `resdiff --version`, `resdiff check` of the proposal."""
    python, resdiff = str(BIN / "python"), str(BIN / "resdiff")
    proposal = str(RES130 / "proposal.docx")
    lxml = "python -c 'import lxml.etree'"
    cases = [Tool("python -c pass", lambda *_: [[python, "-c", "pass"]]),
             Tool(lxml, lambda *_: [[python, "-c", "import lxml.etree"]]),
             Tool("resdiff --version", lambda *_: [[resdiff, "--version"]]),
             Tool("resdiff check proposal.docx", lambda *_: [[resdiff, "check", "--quiet", proposal]])]
    runs = paired(cases, RES130, RES130, RES130, repeats, timeout, warm=True, ok=(0, 1))  # check: 1 = findings
    return _done(rows_for("start-up", runs, ("lxml import", runs[lxml])))


def scaling_rows(series: Sequence[int], scratch: Path, repeats: int, timeout: float) -> list[tuple[str, ...]]:
    """resdiff alone on generated pairs; ratios to the first size (1k)."""
    from benchmarks.workloads import write_pair

    resdiff = tools(scratch)[:1]
    rows: list[tuple[str, ...]] = []
    first: Runs | None = None
    for count in series:
        old, new = write_pair(count, scratch)
        say(f"scaling: {count:,} paragraphs")
        runs = paired(resdiff, old, new, scratch, repeats if count <= 10_000 else 1, timeout, warm=False)
        if runs["resdiff"].times:
            runs["resdiff"].inside = in_process(old, new, repeats if count <= 10_000 else 1)
        first = first or runs["resdiff"]
        rows += _done(rows_for(f"scaling: {count:,} paragraphs", runs, (f"{series[0] // 1000}k", first)))
    return rows


def _done(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The rows of a finished part, also on stderr at once (the table comes at the end)."""
    for row in rows:
        say("  " + " | ".join(cell for cell in row if cell))
    return rows


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks whole", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run each, fewer pairs (about two minutes)")
    parser.add_argument("--repeats", type=int, help="counted runs per tool and pair (default 5; --quick 1)")
    parser.add_argument("--timeout", type=float, help="seconds before a run is stopped (default 120; --quick 10)")
    parser.add_argument("--series", help="paragraph counts of the scaling series (default 1000,…,50000)")
    parser.add_argument("--only", default="pairs,start-up,scaling", help="parts to run (default all three)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 5)
    timeout = args.timeout or (10 if args.quick else 120)
    series = [int(n) for n in (args.series or ("1000,2000,5000" if args.quick else
                                               "1000,2000,5000,10000,20000,50000")).split(",")]
    # Python compiles a module once and keeps the .pyc (pip compiles at install): an environment that forbids .pyc
    # files would make every resdiff run compile ~100 modules again (~0.15 s of start-up that no install has).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    parts, load = args.only.split(","), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="resdiff-bench-") as tmp:
        scratch = Path(tmp)
        rows = pair_rows(scratch, repeats, timeout, args.quick) if "pairs" in parts else []
        if "start-up" in parts:
            say("start-up")
            rows += startup_rows(max(repeats, 3), timeout)
        if "scaling" in parts:
            rows += scaling_rows(series, scratch, min(repeats, 3), max(timeout, 600))
    print(f"Whole process, {os.cpu_count()} cores, load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} "
          f"at the end; up to {repeats} paired runs per figure ({time.strftime('%Y-%m-%d %H:%M')})")
    print(table(rows))
    print("ratio: median time and peak RSS as a multiple of resdiff's on the same pair (start-up: of the lxml "
          "import; scaling: of 1k paragraphs).\nin process: resdiff's library call in this process (read both, "
          "diff, render the .docx), best run.")
    return 0


def pair_rows(scratch: Path, repeats: int, timeout: float, quick: bool) -> list[tuple[str, ...]]:
    """resdiff and the peers on the Res. 130 pairs and the generated 1,500- and 10,000-paragraph pairs."""
    import resdiff
    from benchmarks.workloads import write_pair

    for side in ("old", "new"):  # the text pair as .docx, as benchmarks/peers.py does
        (scratch / f"res130-{side}.docx").write_bytes(resdiff.render(resdiff.read(RES130 / f"{side}.txt"), "docx"))
    workloads = [("Res. 130, ITU .docx pair", ITU / "old.docx", ITU / "new.docx", repeats, True)]
    if not quick:
        workloads.append(("Res. 130, .txt pair as .docx", scratch / "res130-old.docx", scratch / "res130-new.docx",
                          repeats, True))
    workloads.append(("1,500 paragraphs", *write_pair(1500, scratch), min(repeats, 3), False))
    if not quick:
        workloads.append(("10,000 paragraphs", *write_pair(10_000, scratch), min(repeats, 3), False))
    found = tools(scratch)
    rows: list[tuple[str, ...]] = []
    for label, old, new, count, warm in workloads:
        say(label)
        runs = paired(found, old, new, scratch, count, timeout, warm=warm and not quick)
        if runs["resdiff"].times:
            runs["resdiff"].inside = in_process(old, new, count)
        rows += _done(rows_for(label, runs, ("resdiff", runs["resdiff"])))
    return rows


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
