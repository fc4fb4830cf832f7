"""Time-boxed fuzzing of every reader (issue 21): `python tests/fuzz_readers.py --minutes 10 [--reader docx]`.

Not a test module (pytest does not collect it): a run takes as long as it is told to. Each case mutates a seed of
the reader's format — the corpus's tracked .docx through test_fuzz.mutate; for the text formats, the fixtures'
texts (and HTML and Akoma Ntoso written by resdiff from them) with flipped bytes, truncations, markup tokens
inserted or repeated thousands of times, control characters, bidi marks, lines duplicated, shuffled or spliced
from another seed — and runs read, accept, reject, the clause tree and the Markdown writer in this process under
a 10 s alarm. With `--cpu`, the budget and the 10 s limit count this process's CPU time instead of the wall
clock (ITIMER_PROF), so that a run at `nice 19` beside other work neither stops early nor calls a starved case a
hang. Reported per reader: cases, refusals (ResdiffError, exit 2 on the command line), crashes (any other
exception: what the command line would turn into exit 3), cases over 10 s, the slowest case, and the process's
peak RSS at the end (ru_maxrss: an upper bound for every case). A crash or hang is written to
`--out`/<reader>-<case>.<ext> with its traceback, so that it can be kept as a regression.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import resdiff
from corpus import CORPUS
from test_fuzz import TRACKED, TooSlow, mutate, time_limit

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 10
TOKENS = ["{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{==", "==}", "{>>", "<<}", "\t", "\n", "\r", "\x0c",
          "\x01", "\u202e", "\u200f", "\ufeff", "a)", "1\t", "bis", "ter)", "(Rev. Dubai, 2018Kigali, 2022)",
          "resolves ", "considering", "décide", "<ins>", "</ins>", "<del>", "</del>", "<p>", "</p>", "<span class=",
          "&amp;", "&#0;", "<![CDATA[", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "]]>", "<num>", "</num>", "MOD\tIAP/1/1",
          "______________", "[1]", "[bookmark: x]", "<<<<", ";", ".", ",", "：", "，", "؛", "第", "号决议", "أ)", "ب)"]


def _texts() -> list[str]:
    paths = [*(ROOT / "fixtures").glob("res130-iap*/*.txt"), *(ROOT / "fixtures").glob("res130-iap*/*.critic.md"),
             *(ROOT / "fixtures" / "resolutions").glob("*.txt"), *(ROOT / "fixtures" / "parallel").glob("*.txt")]
    return [p.read_text(encoding="utf-8") for p in sorted(paths)]


def _seeds() -> dict[str, list[bytes]]:
    from resdiff.parse.structure import build_tree
    from resdiff.render.akn import render_akn

    texts = _texts()
    critic = [t for t in texts if "{++" in t or "{--" in t]
    small = texts[::4]
    return {
        "txt": [t.encode("utf-8") for t in texts],
        "critic": [t.encode("utf-8") for t in critic],
        "flat": [(ROOT / "fixtures" / "res130-iap" / "seed.txt").read_bytes()],
        "html": [resdiff.render(resdiff.read(t.encode("utf-8"), format="critic"), "html") for t in critic[:3]],
        "akn": [render_akn(build_tree(resdiff.read(t.encode("utf-8"), format="txt"))).encode("utf-8")
                for t in small[:4]],
    }


def _mutate_text(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    text = data.decode("utf-8", "replace")
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(7)
        at = rng.randrange(len(text) + 1)
        if kind == 0:  # a token inserted
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        elif kind == 1:  # a token repeated thousands of times (the slow patterns of issue 21)
            text = text[:at] + rng.choice(TOKENS) * rng.choice((100, 2_000, 20_000)) + text[at:]
        elif kind == 2:  # truncated
            text = text[:at]
        elif kind == 3:  # a line duplicated or two swapped
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if rng.random() < 0.5:
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(i, lines[j])
            text = "\n".join(lines)
        elif kind == 4:  # spliced with another seed
            other = rng.choice(others).decode("utf-8", "replace")
            text = text[:at] + other[rng.randrange(len(other) + 1):]
        elif kind == 5:  # a random character
            text = text[:at] + chr(rng.choice((rng.randrange(0x20), rng.randrange(0x20, 0x3000), 0x10FFFF))) + text[at:]
        else:  # a line of spaces or a run of one label
            text = text[:at] + rng.choice((" " * 20_000, "a) " * 5_000, "1. " * 5_000)) + text[at:]
    encoded = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:  # bytes flipped: invalid UTF-8 too
        raw = bytearray(encoded)
        for _ in range(rng.randint(1, 8)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        encoded = bytes(raw)
    return encoded


def _exercise(data: bytes, fmt: str, name: str) -> None:
    from resdiff.parse.structure import build_tree

    if fmt == "akn":
        resdiff.read_tree(data, format="akn")
        return
    doc = resdiff.read(data, name=name, format=fmt)
    for side in (doc.accept(), doc.reject()):
        resdiff.render(side, "md")
    build_tree(doc)


def run(reader: str, seconds: float, out: Path, seed: int, cases: int | None = None,
        cpu: bool = False) -> dict[str, object]:
    """Fuzz one reader for `seconds` (or `cases` cases, whichever comes first: a fixed count is deterministic).

    With `cpu`, `seconds` and the per-case limit are CPU seconds of this process, not wall-clock seconds."""
    clock = time.process_time if cpu else time.monotonic
    rng = random.Random(seed)
    seeds = _seeds()
    corpus = [p for p in (CORPUS / r for r in TRACKED) if p.exists()]
    stats: dict[str, object] = {"reader": reader, "cases": 0, "refused": 0, "crashes": 0, "hangs": 0, "slowest": 0.0}
    stop = clock() + seconds
    case = 0
    while clock() < stop and (cases is None or case < cases):
        case += 1
        if reader == "docx":
            path = rng.choice(corpus)
            data, _ = mutate(path.read_bytes(), rng, case)
            name = "fuzz.docx"
        else:
            data = _mutate_text(rng.choice(seeds[reader]), rng, [s for v in seeds.values() for s in v])
            name = {"txt": "fuzz.txt", "critic": "fuzz.critic.md", "flat": "fuzz.txt", "html": "fuzz.html",
                    "akn": "fuzz.xml"}[reader]
        started = clock()
        outcome = _one(data, reader, name, cpu)
        took = clock() - started
        stats["cases"] = case
        stats["slowest"] = max(float(stats["slowest"]), took)  # type: ignore[arg-type]
        if outcome != "ok":
            key = {"refused": "refused", "hang": "hangs"}.get(outcome, "crashes")
            stats[key] = int(stats[key]) + 1  # type: ignore[call-overload]
            if key != "refused":
                out.mkdir(parents=True, exist_ok=True)
                (out / f"{reader}-{case}.bin").write_bytes(data)
                (out / f"{reader}-{case}.txt").write_text(outcome, encoding="utf-8")
    stats["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return stats


def _one(data: bytes, reader: str, name: str, cpu: bool = False) -> str:
    fmt = {"docx": "docx", "txt": "txt", "critic": "critic", "flat": "flat", "html": "html", "akn": "akn"}[reader]
    try:
        with time_limit(LIMIT, cpu=cpu):
            _exercise(data, fmt, name)
        return "ok"
    except resdiff.ResdiffError:
        return "refused"
    except TooSlow:
        return "hang"
    except Exception:
        return traceback.format_exc(limit=-8)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=10, help="per reader")
    parser.add_argument("--reader", action="append", choices=("docx", "txt", "critic", "flat", "html", "akn"))
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--out", type=Path, default=Path("fuzz-found"))
    parser.add_argument("--cpu", action="store_true", help="count CPU time of this process, not wall-clock time")
    args = parser.parse_args(argv)
    failed = False
    for reader in args.reader or ["docx", "txt", "critic", "flat", "html", "akn"]:
        began = time.monotonic()
        stats = run(reader, args.minutes * 60, args.out, args.seed, cpu=args.cpu)
        stats["wall_minutes"] = (time.monotonic() - began) / 60
        print("\t".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in stats.items()), flush=True)
        failed |= bool(stats["crashes"] or stats["hangs"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
