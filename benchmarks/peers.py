"""`python -m benchmarks peers`: resdiff side by side with the .NET comparers wrapped by python-redlines
(Docxodus' DocxDiff and Open-XML-PowerTools' WmlComparer) on the same document pairs: speed, and what each
tool's redline keeps.

What a redline keeps: each tool's redline is accepted and rejected with one transform that is not the tool's own
(resdiff's package transform, `render(read(redline).new() / .old(), "docx")`, validated against Open-XML-PowerTools'
104 expected accept/reject documents), and the results are compared with the two inputs by the test suite's
independent oracle (tests/doclisting.py, zipfile + lxml). A pair keeps a property when accept ≡ new *and*
reject ≡ old on that property. "Marked characters" counts the characters inside w:ins / w:del (and w:moveTo /
w:moveFrom) of the redline's document.xml (mc:Fallback copies left out): for the same edit, fewer is tighter.

Peers are skipped cleanly when python-redlines or an engine's companion package is not installed
(`pip install 'python-redlines[all]'`). Options: `--sample N` (the first N WmlComparer corpus pairs; default all),
`--repeats N` (speed runs; default 5), `--jobs N` (pairs compared at once), `--no-keep` / `--no-speed`,
`--verbose` (every difference found).
"""

from __future__ import annotations

import argparse
import ctypes.util
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

import resdiff

ROOT = Path(__file__).resolve().parent.parent
CORPUS = next((c for c in (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")) if c.exists()),
              ROOT.parent / "shared" / "corpus")
ITU = ROOT / "fixtures" / "itu-res130-docx"
RES130 = ROOT / "fixtures" / "res130-iap"
AUTHOR = "resdiff-bench"
TIMEOUT = 300
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _oracle() -> Any:
    sys.path.insert(0, str(ROOT / "tests"))
    import doclisting  # type: ignore[import-not-found]  # the test suite's independent oracle

    return doclisting


# ---------------------------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Tool:
    """A comparer: `redline` is the library call (paths in, .docx bytes out); `command` the whole-process
    invocation writing the redline to its third argument."""

    name: str
    redline: Callable[[Path, Path], bytes]
    command: Callable[[Path, Path, Path], list[str]]
    docx_only: bool = True


def _resdiff_redline(old: Path, new: Path) -> bytes:
    base = resdiff.read(old)
    return resdiff.render(resdiff.diff(base, resdiff.read(new)), "docx", template=base)


def _resdiff_command(old: Path, new: Path, out: Path) -> list[str]:
    script = Path(sys.executable).parent / "resdiff"
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "resdiff"]
    return [*launcher, "diff", str(old), str(new), "-o", str(out)]


def tools() -> tuple[list[Tool], list[str]]:
    """resdiff and the installed peers; the second list says which peers were skipped and why."""
    found = [Tool("resdiff", _resdiff_redline, _resdiff_command, docx_only=False)]
    skipped: list[str] = []
    if ctypes.util.find_library("icuuc") is None:  # .NET needs ICU unless told to run without it
        os.environ.setdefault("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
    try:
        from python_redlines import engines  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return found, ["python-redlines not installed (pip install 'python-redlines[all]')"]
    for label, cls_name in (("Docxodus", "DocxodusEngine"), ("WmlComparer", "XmlPowerToolsEngine")):
        try:
            with warnings.catch_warnings():  # XmlPowerToolsEngine announces its deprecation
                warnings.simplefilter("ignore", DeprecationWarning)
                engine = getattr(engines, cls_name)()
        except Exception as exc:  # companion package missing, or no binary for this platform
            skipped.append(f"{label}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            continue
        found.append(Tool(label, _peer_redline(engine), _peer_command(engine)))
    return found, skipped


def _peer_redline(engine: Any) -> Callable[[Path, Path], bytes]:
    def run(old: Path, new: Path) -> bytes:
        out: bytes = engine.run_redline(AUTHOR, old.read_bytes(), new.read_bytes())[0]
        return out

    return run


def _peer_command(engine: Any) -> Callable[[Path, Path, Path], list[str]]:
    def command(old: Path, new: Path, out: Path) -> list[str]:
        built: list[str] = engine._build_command(AUTHOR, str(old), str(new), str(out))  # what run_redline runs
        return built

    return command


# ---------------------------------------------------------------------------------------------------------------
# Pairs
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    name: str
    old: Path
    new: Path
    labels: Path | None = None  # labels.tsv of a resolution pair: expected relabelling


def pairs(scratch: Path, sample: int | None) -> list[Pair]:
    """The ITU pair, the Res. 130 text pair rendered to .docx (peers need .docx; resdiff also gets the .txt in
    the speed table; written into `scratch` by main), python-redlines' own pair, the 20 formatting pairs, the
    WmlComparer corpus pairs."""
    labels = RES130 / "labels.tsv"
    out = [Pair("itu-res130-docx", ITU / "old.docx", ITU / "new.docx", labels)]
    out.append(Pair("res130-iap (.txt → .docx)", scratch / "res130-old.docx", scratch / "res130-new.docx", labels))
    redlines = CORPUS / "python-redlines"
    if (redlines / "original.docx").exists():
        out.append(Pair("python-redlines", redlines / "original.docx", redlines / "modified.docx"))
    fc = CORPUS / "openxml-powertools-emrosenf" / "FC"
    for row in _tsv(fc / "expected_rprchange_counts.tsv"):
        out.append(Pair(f"FC {row['test_id']}", fc / row["before"], fc / row["after"]))
    oxpt = CORPUS / "openxml-powertools"
    seen: set[tuple[str, str]] = set()
    for row in _tsv(oxpt / "expected" / "wmlcomparer_expected_revision_counts.tsv"):
        key = (row["original"], row["revised"])
        if key not in seen and (sample is None or len(seen) < sample):
            seen.add(key)
            out.append(Pair(f"{row['test_id']} {Path(key[1]).stem}", oxpt / key[0], oxpt / key[1]))
    return [p for p in out if p.old.exists() and p.new.exists()]


def _tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    head, *rows = path.read_text(encoding="utf-8").splitlines()
    return [dict(zip(head.split("\t"), row.split("\t"))) for row in rows if row.strip()]


# ---------------------------------------------------------------------------------------------------------------
# What a redline keeps
# ---------------------------------------------------------------------------------------------------------------

COUNTS = ("pictures", "comments", "hyperlinks", "fields", "footnotes", "bookmarks", "equations")
PROPERTIES = ("all", "text", "style", "numbering", "alignment", "marks", "sections", "tables", "notes", *COUNTS)


def projection(doclisting: Any, listing: Any, prop: str) -> Any:
    """The part of a listing a property looks at: the text (table cells read as paragraphs) plus the property;
    'tables' keeps the table structure, 'all' is the whole listing, a count is that number alone."""
    if prop == "all":
        return listing
    if prop in COUNTS:
        return getattr(listing.counts, prop)
    keep = {prop} & doclisting.ASPECTS
    out = doclisting.ignoring(listing, doclisting.ASPECTS - keep)
    return out if prop == "tables" else replace(out, blocks=tuple(_flat(doclisting, out.blocks)))


def _flat(doclisting: Any, blocks: Sequence[Any]) -> Iterator[Any]:
    for block in blocks:
        if isinstance(block, doclisting.Table):
            for row in block.rows:
                for cell in row:
                    yield from _flat(doclisting, cell.blocks)
        else:
            yield block


@dataclass
class Outcome:
    """One tool on one pair: the properties kept, the first difference of each lost one, the redline's size."""

    kept: set[str] = field(default_factory=set)
    lost: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    marked: int = 0
    revisions: int = 0
    labels: tuple[int, int, int, int] | None = None  # relabelled in one paragraph, of; label-only marks, of


def keeps(doclisting: Any, tool: Tool, pair: Pair, old: Any, new: Any) -> Outcome:
    outcome = Outcome()
    try:
        redline = _run(tool, pair)
    except Exception as exc:
        outcome.error = f"no redline: {type(exc).__name__}: {_first_line(exc)}"
        return outcome
    outcome.marked, outcome.revisions = marked_characters(redline)
    if pair.labels is not None:
        outcome.labels = relabelling(redline, pair.labels)
    try:
        tracked = resdiff.read(redline)
        accepted = doclisting.listing(resdiff.render(tracked.new(), "docx"))
        rejected = doclisting.listing(resdiff.render(tracked.old(), "docx"))
    except Exception as exc:  # the transform or the oracle refused the redline
        outcome.error = f"accept/reject failed: {type(exc).__name__}: {_first_line(exc)}"
        return outcome
    for prop in PROPERTIES:
        diffs = []
        for side, got, want in (("accept", accepted, new), ("reject", rejected, old)):
            a, b = projection(doclisting, got, prop), projection(doclisting, want, prop)
            if a != b:
                why = f"{a} != {b}" if prop in COUNTS else doclisting.first_difference(a, b).replace("\n", " /")
                diffs.append(f"{side}: {why}")
        if diffs:
            outcome.lost[prop] = " | ".join(diffs)
        else:
            outcome.kept.add(prop)
    return outcome


def _run(tool: Tool, pair: Pair) -> bytes:
    if tool.name == "resdiff":
        return tool.redline(pair.old, pair.new)
    with tempfile.TemporaryDirectory() as tmp:  # the library's own command, with a timeout it lacks
        out = Path(tmp) / "redline.docx"
        subprocess.run(tool.command(pair.old, pair.new, out), check=True, capture_output=True, timeout=TIMEOUT)
        return out.read_bytes()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:160]


def _document(redline: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(redline)) as archive:
        rels = etree.fromstring(archive.read("_rels/.rels"))
        target = next(r.get("Target") for r in rels if (r.get("Type") or "").endswith("/officeDocument"))
        return etree.fromstring(archive.read(target.lstrip("/")))


def marked_characters(redline: bytes) -> tuple[int, int]:
    """Characters inside w:ins / w:moveTo (w:t) and w:del / w:moveFrom (w:delText, and the w:t of a deleted
    text box) of document.xml, and the number of those revision elements; a text box's mc:Fallback copy (VML)
    is not counted twice."""
    root = _document(redline)
    for fallback in root.xpath("//mc:Fallback", namespaces={"mc": MC}):  # Word shows mc:Choice (text boxes)
        fallback.getparent().remove(fallback)
    ns = {"w": W}
    inside = "[ancestor::w:ins or ancestor::w:del or ancestor::w:moveTo or ancestor::w:moveFrom]"
    texts = root.xpath(f"//w:t{inside} | //w:delText{inside}", namespaces=ns)
    marks = root.xpath("//w:ins[.//w:t] | //w:del[.//w:delText or .//w:t] | //w:moveTo | //w:moveFrom", namespaces=ns)
    return sum(len(t.text or "") for t in texts), len(marks)


def _sides(p: etree._Element) -> tuple[str, str, int]:
    """A redline paragraph's old text, new text and marked characters (its own runs, not nested paragraphs)."""
    old, new, marked = [], [], 0
    for el in p.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}tab"):
        if el.getparent() is None or el.getparent().tag == f"{{{W}}}tabs":  # a tab stop, not a tab character
            continue
        if next(el.iterancestors(f"{{{W}}}p")) is not p:
            continue
        text = "\t" if el.tag == f"{{{W}}}tab" else el.text or ""
        wrappers = {a.tag.split("}")[1] for a in el.iterancestors(f"{{{W}}}ins", f"{{{W}}}del",
                                                                   f"{{{W}}}moveTo", f"{{{W}}}moveFrom")}
        if wrappers & {"del", "moveFrom"} or el.tag == f"{{{W}}}delText":
            old.append(text)
            marked += len(text)
        elif wrappers & {"ins", "moveTo"}:
            new.append(text)
            marked += len(text)
        else:
            old.append(text)
            new.append(text)
    return "".join(old), "".join(new), marked


def relabelling(redline: bytes, labels_tsv: Path) -> tuple[int, int, int, int]:
    """How renumbering shows: (relabelled items shown as a label change within one paragraph, relabelled items
    expected; label-only changes whose marks cover the label alone, label-only changes expected)."""
    rows = [r for r in _tsv(labels_tsv) if r["old_label"] and r["new_label"] and r["old_label"] != r["new_label"]]
    expected = Counter((r["old_label"], r["new_label"]) for r in rows)
    label_only = Counter((r["old_label"], r["new_label"]) for r in rows if r["status"] == "unchanged")
    shown: Counter[tuple[str, str]] = Counter()
    tight: Counter[tuple[str, str]] = Counter()
    for p in _document(redline).iter(f"{{{W}}}p"):
        old, new, marked = _sides(p)
        if "\t" not in old or "\t" not in new:
            continue
        (lo, rest_old), (ln, rest_new) = old.split("\t", 1), new.split("\t", 1)
        if lo == ln or len(lo) > 12 or len(ln) > 12:
            continue
        shown[(lo, ln)] += 1
        if rest_old == rest_new and marked <= len(lo) + len(ln):
            tight[(lo, ln)] += 1
    return (sum((shown & expected).values()), sum(expected.values()),
            sum((tight & label_only).values()), sum(label_only.values()))


# ---------------------------------------------------------------------------------------------------------------
# Speed
# ---------------------------------------------------------------------------------------------------------------


def median_time(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def speed(found: list[Tool], scratch: Path, repeats: int) -> list[tuple[str, ...]]:
    """Median wall-clock seconds, whole process (a subprocess per run) and in process (the library call)."""
    cases = [("ITU Res. 130 .docx pair", ITU / "old.docx", ITU / "new.docx", False),
             ("Res. 130 .txt pair", RES130 / "old.txt", RES130 / "new.txt", True),
             ("Res. 130 pair as .docx", scratch / "res130-old.docx", scratch / "res130-new.docx", False)]
    rows: list[tuple[str, ...]] = []
    out = scratch / "speed-redline.docx"
    for label, old, new, text in cases:
        for tool in found:
            if text and tool.docx_only:
                continue
            command = tool.command(old, new, out)
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)  # warm the caches
            whole = median_time(lambda: subprocess.run(command, check=True, capture_output=True,
                                                       timeout=TIMEOUT), repeats)
            inside = median_time(lambda: tool.redline(old, new), repeats)
            rows.append((label, tool.name, f"{whole:.2f} s", f"{inside * 1000:.0f} ms"))
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def keep_report(found: list[Tool], scratch: Path, sample: int | None, verbose: bool, jobs: int) -> None:
    doclisting = _oracle()
    skipped: list[str] = []

    def one(pair: Pair) -> dict[str, Outcome] | None:
        try:
            old, new = doclisting.listing(pair.old), doclisting.listing(pair.new)
        except AssertionError:  # an input that already holds tracked changes (CZ pairs): no reference
            skipped.append(pair.name)
            return None
        out = {tool.name: keeps(doclisting, tool, pair, old, new) for tool in found}
        print(f"  {pair.name}: " + ", ".join(f"{t}: {'error' if o.error else f'{len(o.kept)}/{len(PROPERTIES)}'}"
                                             for t, o in out.items()), file=sys.stderr)
        return out

    chosen = pairs(scratch, sample)
    with ThreadPoolExecutor(jobs) as pool:  # the peers run as subprocesses: one pair per core
        done = list(pool.map(one, chosen))
    results = {pair.name: out for pair, out in zip(chosen, done) if out is not None}
    names = [t.name for t in found]
    n = len(results)
    print(f"\nWhat each redline keeps, over {n} pairs (accept ≡ new and reject ≡ old, per property).")
    print("Accept/reject by resdiff's package transform for every tool (validated against Open-XML-PowerTools' 104 "
          "expected\naccept/reject documents, so it favours no tool); compared with the inputs by tests/doclisting.py.")
    rows = [[prop, *(f"{sum(prop in r[t].kept for r in results.values())}/{n}" for t in names)] for prop in PROPERTIES]
    rows.append(["no redline / unreadable", *(str(sum(r[t].error is not None for r in results.values()))
                                             for t in names)])
    for label, group in (("resolution pairs", True), ("other pairs", False)):
        group_of = [r for r in results.values() if (r["resdiff"].labels is not None) == group]
        rows.append([f"marked chars, {label}", *(str(sum(r[t].marked for r in group_of)) for t in names)])
        rows.append([f"ins/del elements, {label}", *(str(sum(r[t].revisions for r in group_of)) for t in names)])
    print(table(["property", *names], rows))
    if skipped:
        print(f"\nSkipped {len(skipped)} pairs whose input already holds tracked changes (no reference to compare "
              "with): " + ", ".join(sorted(skipped)))

    print("\nPer resolution pair: marked characters; relabelled items shown as a label change in one paragraph; "
          "label-only changes marked on the label alone.")
    rows = []
    for pair_name, by_tool in results.items():
        if not any(o.labels for o in by_tool.values()):
            continue
        for t in names:
            o = by_tool[t]
            lab = o.labels or (0, 0, 0, 0)
            rows.append([pair_name, t, str(o.marked), f"{lab[0]}/{lab[1]}", f"{lab[2]}/{lab[3]}",
                         "yes" if "all" in o.kept else "no"])
    print(table(["pair", "tool", "marked chars", "relabelled", "label-only", "all kept"], rows))

    odd = [(p, t, prop, by_tool["resdiff"].lost.get(prop) or by_tool["resdiff"].error or "")
           for p, by_tool in results.items() for t in names[1:] for prop in PROPERTIES
           if prop in by_tool[t].kept and prop not in by_tool["resdiff"].kept]
    print(f"\nWhere a peer keeps a property resdiff loses ({len(odd)}):" if odd else "\nNo peer keeps a property "
          "resdiff loses.")
    for p, t, prop, why in odd:
        print(f"  {p} [{prop}] kept by {t}; resdiff: {why[:400]}")
    if verbose:
        print("\nEvery loss:")
        for p, by_tool in results.items():
            for t, o in by_tool.items():
                if o.error:
                    print(f"  {p} {t}: {o.error}")
                for prop, why in o.lost.items():
                    print(f"  {p} {t} [{prop}]: {why[:400]}")


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks peers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=None, help="WmlComparer corpus pairs to use (default all)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per speed figure (median)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pairs compared at once")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--no-keep", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list every property lost")
    args = parser.parse_args(argv)
    found, skipped = tools()
    for line in skipped:
        print(f"skipped peer: {line}")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for side in ("old", "new"):
            (scratch / f"res130-{side}.docx").write_bytes(resdiff.render(resdiff.read(RES130 / f"{side}.txt"), "docx"))
        if not args.no_speed:
            print(f"Speed: median of {args.repeats} runs; whole process = a fresh process per run (resdiff: the "
                  "`resdiff diff` CLI;\npeers: the .NET binary python-redlines runs); in process = the library call "
                  "(peers: run_redline, itself a subprocess).")
            print(table(["pair", "tool", "whole process", "in process"], speed(found, scratch, args.repeats)))
        if not args.no_keep:
            keep_report(found, scratch, args.sample, args.verbose, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
