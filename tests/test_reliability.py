"""Reliability, second round (issue 21): small files that cost gigabytes, packages that read two ways, the file
system under `batch`, and what the text outputs carry.

Every hostile input is built at run time (streamed, so that building a 256 MiB part costs the tests little
memory); the CLI runs in a child process that reports its own peak memory, so that a refusal is shown to be quick
and small, not only to happen.
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest

import resdiff
from resdiff import ResdiffError, UnsafeInputError
from resdiff.ooxml import package as opc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MiB = 1024 * 1024
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'.encode()
TAIL = b"</w:body></w:document>"


def _valid_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Resolution 1 (Rev. Geneva, 2024)")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


VALID = _valid_docx()


def document_xml(body: str) -> bytes:
    return HEAD + body.encode() + TAIL


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def package(replace: dict[str, bytes] | None = None, extra: list[tuple[str, bytes]] | None = None,
            writers: dict[str, Callable[[io.BufferedIOBase], None]] | None = None) -> bytes:
    """The valid .docx with parts replaced, entries added (in order, duplicates allowed) and parts streamed by
    `writers` (a function writing the part's bytes to a stream)."""
    replace, writers = replace or {}, writers or {}
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of a duplicate name: that is the point
        with zipfile.ZipFile(io.BytesIO(VALID)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                if info.filename in writers:
                    with out.open(info.filename, "w", force_zip64=True) as stream:
                        writers[info.filename](stream)  # type: ignore[arg-type]
                else:
                    out.writestr(info.filename, replace.get(info.filename, src.read(info)))
            for name, body in extra or []:
                out.writestr(name, body)
    return buffer.getvalue()


def flood(size: int, every: int) -> Callable[[io.BufferedIOBase], None]:
    """A document.xml of exactly `size` bytes of paragraphs, one in `every` with a random number (the others
    alike): the larger `every`, the better it compresses (64 MiB at every=2000: a 230 KB file, a ratio near 300)."""
    def write(stream: io.BufferedIOBase) -> None:
        rng = random.Random(size)
        same = paragraph("x").encode()
        room = size - len(HEAD) - len(TAIL) - 7  # what is left at the end is a comment of at least 7 bytes
        written = stream.write(HEAD)
        block = b""
        while True:
            block = paragraph(str(rng.getrandbits(64))).encode() + same * (every - 1)
            if written + len(block) > room:
                break
            written += stream.write(block)
        for _ in range((room - written) // len(same)):
            written += stream.write(same)
        stream.write(b"<!--" + b"x" * (size - written - len(TAIL) - 7) + b"-->" + TAIL)
    return write


def many_parts(count: int, size: int) -> bytes:
    """The valid .docx plus `count` WordprocessingML parts of `size` bytes each (headers in all but the
    relationship: parts that only a writer going over every Word part reads)."""
    body = document_xml(paragraph("x") * ((size - len(HEAD) - len(TAIL)) // len(paragraph("x"))))
    return package(extra=[(f"word/flood{i}.xml", body) for i in range(count)])


# ---- measuring a command in a child process ---------------------------------------------------------------

PEAK_KIB = """
def peak_kib():
    # Linux's VmHWM is this process's own peak: ru_maxrss also counts the parent's, forked before exec (a test
    # process of 480 MB made every child look that large); macOS has no /proc and counts ru_maxrss in bytes
    import resource, sys
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak
"""
_CHILD = PEAK_KIB + """
import sys
from resdiff import cli
try:
    code = cli.main(sys.argv[2:])
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
finally:
    with open(sys.argv[1], "w") as report:
        report.write(str(peak_kib()))
sys.exit(code)
"""


def measure(*args: str | Path, timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """`resdiff ARGS` in a new interpreter: the process, its wall-clock seconds and its peak memory in MiB."""
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _CHILD, report.name, *map(str, args)], capture_output=True,
                              text=True, timeout=timeout)
        seconds = time.perf_counter() - started
        peak = int(report.read() or 0)
    return done, seconds, peak / 1024


def assert_refused_quickly(path: Path, tmp_path: Path, *words: str) -> None:
    done, _seconds, peak = measure("accept", path, "-o", tmp_path / "out.docx")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and path.name in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    # no timing assert (times go in benchmarks/): `measure`'s 60 s timeout fails a refusal that hangs
    assert peak < 500, f"{peak:.0f} MiB to refuse {path.name}"
    assert not (tmp_path / "out.docx").exists()


# ---- 1. the resource budget of a .docx read ---------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    directory = tmp_path_factory.mktemp("budget")
    files = {
        # issue 21: 231 KB whose document.xml inflates to 64 MiB (before: 78 s, 5.4 GB, exit 0)
        "ratio": ("ratio-300.docx", lambda: package(writers={"word/document.xml": flood(64 * MiB, 2000)})),
        # 256 MiB of document.xml at a ratio under the old limit of 400 (before: SystemError, exit 3)
        "huge": ("huge-256.docx", lambda: package(writers={"word/document.xml": flood(256 * MiB, 2000)})),
        # 200 Word parts of 1 MiB each, which skipped the ratio check (before: 320 s, 4.8 GB)
        "parts": ("parts-200.docx", lambda: many_parts(200, MiB)),
        # 4 million elements at an innocent ratio: the node count is the only limit it crosses
        "nodes": ("nodes.docx", lambda: package(writers={"word/document.xml": flood(48 * MiB, 20)})),
    }
    paths = {}
    for case, (name, build) in files.items():
        paths[case] = directory / name
        paths[case].write_bytes(build())
    yield paths


def test_the_attack_files_are_what_the_issue_describes(big: dict[str, Path]) -> None:
    with zipfile.ZipFile(big["ratio"]) as z:
        info = z.getinfo("word/document.xml")
        assert info.file_size == 64 * MiB and 250 < info.file_size / info.compress_size < 400
    assert big["ratio"].stat().st_size < 300_000
    with zipfile.ZipFile(big["huge"]) as z:
        info = z.getinfo("word/document.xml")
        assert info.file_size == 256 * MiB and info.file_size / info.compress_size < 400
    with zipfile.ZipFile(big["parts"]) as z:
        flooded = [i for i in z.infolist() if i.filename.startswith("word/flood")]
        assert len(flooded) == 200 and all(i.file_size <= MiB for i in flooded)
    with zipfile.ZipFile(big["nodes"]) as z:
        info = z.getinfo("word/document.xml")
        assert info.file_size / info.compress_size < opc.MAX_COMPRESSION_RATIO


@pytest.mark.parametrize(("case", "limit"), [
    ("ratio", "MAX_COMPRESSION_RATIO"),
    ("huge", "MAX_XML_PART_BYTES"),
    ("parts", "MAX_COMPRESSION_RATIO"),
    ("nodes", "MAX_XML_NODES"),
])
def test_small_files_that_cost_gigabytes_are_refused_quickly_in_bounded_memory(
        case: str, limit: str, big: dict[str, Path], tmp_path: Path) -> None:
    assert_refused_quickly(big[case], tmp_path, limit)
    with pytest.raises(UnsafeInputError, match=limit):
        resdiff.read(big[case])


def test_many_small_parts_are_refused_by_the_total_ratio() -> None:
    """200 parts under MIN_RATIO_CHECKED each (so no part is ratio-checked), over 100-fold together."""
    part = document_xml(paragraph("x") * 1800)
    assert len(part) < opc.MIN_RATIO_CHECKED
    data = package(extra=[(f"word/flood{i}.xml", part) for i in range(200)])
    with pytest.raises(UnsafeInputError, match="MAX_TOTAL_RATIO") as info:
        resdiff.read(data, name="confetti.docx")
    assert "confetti.docx" in str(info.value)


def test_pictures_are_held_not_parsed_nor_ratio_checked() -> None:
    """A blank bitmap compresses a thousand-fold: a picture is bytes, kept whole, never parsed."""
    blank = b"BM" + bytes(4 * MiB)
    doc = resdiff.read(package(extra=[("word/media/blank.bmp", blank)]), name="picture.docx")
    assert doc.source is not None and doc.source.parts["word/media/blank.bmp"] == blank
    assert "word/media/blank.bmp" not in doc.source._xml


@pytest.mark.parametrize(("limit", "value", "body"), [
    ("MAX_TEXT_CHARS", 1000, paragraph("x" * 600) * 2),
    ("MAX_RUNS_PER_PARAGRAPH", 100, "<w:p>" + "<w:r><w:t>x</w:t></w:r>" * 101 + "</w:p>"),
    ("MAX_REVISIONS", 10, paragraph("a") + '<w:p><w:ins w:id="1" w:author="A"><w:r><w:t>b</w:t></w:r></w:ins></w:p>'
     * 11),
    ("MAX_XML_NODES", 50, paragraph("x") * 20),
])
def test_each_content_limit_is_checked_before_the_document_is_read(
        limit: str, value: int, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each limit at a small value (the real ones are too large to reach in a quick test): refused with the
    limit named, when the part is opened or parsed, before the reader sees a paragraph of it."""
    data = package({"word/document.xml": document_xml(body)})
    resdiff.read(data, name="fits.docx")
    monkeypatch.setattr(opc, limit, value)
    with pytest.raises(UnsafeInputError, match=limit) as info:
        resdiff.read(data, name="over.docx")
    assert str(info.value).startswith("over.docx: ")
    with pytest.raises(UnsafeInputError, match=limit):
        opc.open_package(data, "over.docx").xml("word/document.xml")


def test_a_paragraph_of_runs_at_the_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opc, "MAX_RUNS_PER_PARAGRAPH", 100)
    nested = ("<w:p>" + "<w:r><w:t>x</w:t></w:r>" * 60 + '<w:r><w:pict><w:txbxContent>'
              + "<w:p>" + "<w:r><w:t>y</w:t></w:r>" * 100 + "</w:p></w:txbxContent></w:pict></w:r>"
              + "<w:r><w:t>x</w:t></w:r>" * 39 + "</w:p>")
    resdiff.read(package({"word/document.xml": document_xml(nested)}), name="fits.docx")


@pytest.mark.parametrize(("limit", "value"), [("MAX_PARTS", 5), ("MAX_XML_BYTES", 2000),
                                                ("MAX_TOTAL_UNCOMPRESSED", 20_000)])
def test_package_limits_name_the_limit(limit: str, value: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opc, limit, value)
    with pytest.raises(UnsafeInputError, match=limit):
        resdiff.read(VALID, name="small.docx")


def test_every_corpus_document_fits_the_budget() -> None:
    """The limits come from the corpus (see resdiff.ooxml.package): every document of it and every fixture
    is read within them. tests/test_corpus_sweep.py reads them all in every format."""
    from corpus import CORPUS

    files = sorted(CORPUS.rglob("*.docx")) if CORPUS.is_dir() else []
    files += sorted((Path(__file__).resolve().parent.parent / "fixtures").rglob("*.docx"))
    refused = []
    for path in files:
        try:  # every limit is checked on opening the package and parsing its parts: no need to read further
            opened = opc.open_package(path.read_bytes(), str(path))
            for name in opened.parts:
                if opc.is_xml_name(name):
                    opened.xml(name)
        except UnsafeInputError as exc:
            refused.append(str(exc))
        except ResdiffError:
            pass
    assert len(files) > 500 or not CORPUS.is_dir()
    assert refused == []


# ---- 2. packages that read two ways -----------------------------------------------------------------------

OTHER = document_xml(paragraph("Resolution 2 (the other text)"))


def _patch_name(data: bytes, old: bytes, new: bytes) -> bytes:
    """Rename an entry in its local header and in the zip directory (same length), as zipfile cannot write a
    NUL in a name."""
    assert len(old) == len(new) and data.count(old) == 2
    return data.replace(old, new)


AMBIGUOUS: dict[str, Callable[[], bytes]] = {
    "duplicate": lambda: package(extra=[("word/document.xml", OTHER)]),
    "dot-segment": lambda: package(extra=[("word/./document.xml", OTHER)]),
    "dot-dot-segment": lambda: package(extra=[("word/../word/document.xml", OTHER)]),
    "backslash": lambda: package(extra=[("word\\document.xml", OTHER)]),
    "case": lambda: package(extra=[("Word/Document.XML", OTHER)]),
    "nul": lambda: _patch_name(package(extra=[("word/document.xml~bak", OTHER)]), b"document.xml~bak",
                               b"document.xml\0bak"),
    "percent": lambda: package(extra=[("word/%64ocument.xml", OTHER)]),
    "empty-segment": lambda: package(extra=[("word//document.xml", OTHER)]),
}


def _overlapping() -> bytes:
    """Two stored entries, the first declaring a size that covers the second's header and data (and the CRC of
    those bytes): one stretch of the file read as two parts (Fifield's overlapping zip bomb, in small)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(VALID)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info))
        out.writestr("word/media/a.bin", b"A" * 100, compress_type=zipfile.ZIP_STORED)
        out.writestr("word/media/b.bin", b"B" * 100, compress_type=zipfile.ZIP_STORED)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        a, b = z.getinfo("word/media/a.bin"), z.getinfo("word/media/b.bin")
    a_data = a.header_offset + 30 + len(a.filename)
    covered = bytes(data[a_data : b.header_offset + 30 + len(b.filename) + 100])
    crc, size = zlib.crc32(covered), len(covered)
    struct.pack_into("<3I", data, a.header_offset + 14, crc, size, size)
    central = data.find(b"word/media/a.bin", data.find(b"PK\x01\x02")) - 46
    struct.pack_into("<3I", data, central + 16, crc, size, size)
    return bytes(data)


@pytest.mark.parametrize("case", [*AMBIGUOUS, "overlap"])
def test_ambiguous_packages_are_refused_naming_the_entry(case: str, tmp_path: Path) -> None:
    data = _overlapping() if case == "overlap" else AMBIGUOUS[case]()
    path = tmp_path / f"{case}.docx"
    path.write_bytes(data)
    with pytest.raises(UnsafeInputError) as info:
        resdiff.read(path)
    message = str(info.value)
    assert path.name in message and "\n" not in message
    assert "ambiguous" in message or "overlaps" in message
    # "a reviewer sees one proposal, CI checks another": check refuses it as every command does
    for command in (["accept", str(path), "-o", "-"], ["check", str(path)], ["check", str(path), "--format", "sarif"]):
        done = subprocess.run([sys.executable, "-m", "resdiff.cli", *command], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2 and done.stdout == "", (command, done.stderr)
        assert done.stderr.count("\n") == 1 and "part" in done.stderr and path.name in done.stderr


def test_a_lone_canonical_package_still_reads() -> None:
    """The control: the same package without the second entry reads, and so does a percent sign that decodes
    to no other part's name."""
    assert resdiff.read(VALID).paragraphs()[0].text.startswith("Resolution 1")
    resdiff.read(package(extra=[("word/media/100%25.bin", b"x")]), name="percent.docx")


# ---- 3. batch and the file system -------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _batch(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "resdiff.cli", "batch", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    """A folder of inputs beside entries that are not regular files inside it."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "proposal.docx").write_bytes((FIXTURES / "res130-iap" / "proposal.docx").read_bytes())
    (tmp_path / "secret.txt").write_text("RESOLUTION 1 (a file outside the input folder)\n")
    (root / "inside.docx").symlink_to("proposal.docx")  # a link inside the folder: read
    (root / "loop.docx").symlink_to("loop.docx")
    (root / "sub" / "a.docx").symlink_to("b.docx")
    (root / "sub" / "b.docx").symlink_to("a.docx")
    (root / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "dangling.docx").symlink_to("nowhere.docx")
    (root / "up").symlink_to(tmp_path, target_is_directory=True)  # a linked folder: not entered
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "x.docx")
    return root


SKIPPED = {"loop.docx": "loop", "sub/a.docx": "loop", "sub/b.docx": "loop", "secret.txt": "outside",
           "passwd.txt": "outside", "dangling.docx": "broken", "x.docx": "FIFO"}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_reads_regular_files_only_and_lists_the_rest_as_skipped(odd_folder: Path, tmp_path: Path,
                                                                      workers: str) -> None:
    """Before: the FIFO hung the run; the links to /etc/passwd and to a file outside the folder were copied into
    the output folder."""
    out = tmp_path / "out"
    done = _batch(odd_folder, "-o", out, "--job", "accept", "--workers", workers, timeout=60)
    assert done.returncode == 2, done.stderr
    summary = json.loads((out / "batch.json").read_text())
    files = {f["file"]: f for f in summary["files"]}
    assert {name for name, f in files.items() if f["status"] == "ok"} == {"proposal.docx", "inside.docx"}
    for name, word in SKIPPED.items():
        if name == "x.docx" and not hasattr(os, "mkfifo"):
            continue
        assert files[name]["status"] == "failed" and files[name]["error"] == "SkippedInputError", files[name]
        assert files[name]["reason"].startswith("skipped: ") and word in files[name]["reason"], files[name]
        assert f"{name}: skipped: " in done.stderr
    assert not any(f.startswith("up/") for f in files)
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == {"batch.json", "proposal.docx", "inside.docx"}
    assert "root:" not in "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert f"{len(files) - 2} skipped" in done.stderr


def test_the_skipped_entries_fit_the_batch_schema(odd_folder: Path, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((FIXTURES.parent / "schemas" / "batch.schema.json").read_text())
    resdiff.batch(odd_folder, tmp_path / "out", job="tree", workers=1)
    jsonschema.Draft202012Validator(schema).validate(json.loads((tmp_path / "out" / "batch.json").read_text()))


def test_batch_output_folder_that_is_a_symlink_loop(odd_folder: Path, tmp_path: Path) -> None:
    """Before: `internal error: RuntimeError: Symlink loop`, exit 3."""
    (tmp_path / "loop-out").symlink_to("loop-out")
    done = _batch(odd_folder, "-o", tmp_path / "loop-out", "--job", "accept")
    assert done.returncode == 2 and "symbolic link loop" in done.stderr and "internal error" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_link_swapped_in_after_planning_is_not_read(tmp_path: Path) -> None:
    """The worker opens without blocking and without following a link, then checks the file it has open."""
    from resdiff.batch_pool import read_regular_file
    from resdiff.errors import SkippedInputError

    os.mkfifo(tmp_path / "x.docx")
    (tmp_path / "link.docx").symlink_to(FIXTURES / "res130-iap" / "proposal.docx")
    started = time.perf_counter()
    for name in ("x.docx", "link.docx"):
        with pytest.raises(SkippedInputError, match="skipped"):
            read_regular_file(str(tmp_path / name), name)
    assert time.perf_counter() - started < 5
    data, shown = read_regular_file(str(FIXTURES / "res130-iap" / "proposal.docx"), "p.docx")
    assert shown == "p.docx" and data.startswith(b"PK")


_KILLED_WRITER = """
import os, sys, time
from resdiff.render import atomic
if sys.argv[3] == "named":  # as where the OS has no O_TMPFILE, or will not link it
    atomic._write_unnamed = lambda *args: False
def fsync(fd):
    open(sys.argv[2], "w").close()  # the bytes are written: kill me now
    time.sleep(120)
atomic.os.fsync = fsync
atomic.write_atomically(sys.argv[1], b"new content " * 1000)
"""


def _kill_midway(target: Path, ready: Path, mode: str) -> None:
    import signal

    child = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(target), str(ready), mode])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None and time.monotonic() < deadline, "the writer never got to fsync"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


def _unnamed_files_work(directory: Path) -> bool:
    from resdiff.render import atomic

    probe = directory / "probe"
    try:
        return atomic._write_unnamed(probe, directory, b"x")
    finally:
        probe.unlink(missing_ok=True)


def test_kill_9_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Where the OS lets an unnamed file (O_TMPFILE) be linked, a killed writer leaves nothing: the old file is
    whole, and no `.part` file. Before: `.out.txt.XXXX.part` stayed."""
    if not _unnamed_files_work(tmp_path):
        pytest.skip("this OS or file system cannot link an O_TMPFILE file: see the next test")
    (folder := tmp_path / "out").mkdir()
    target = folder / "out.txt"
    target.write_bytes(b"old content")
    target.chmod(0o600)
    _kill_midway(target, tmp_path / "ready", "unnamed")
    assert [p.name for p in folder.iterdir()] == ["out.txt"] and target.read_bytes() == b"old content"
    from resdiff.render.atomic import write_atomically

    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in folder.iterdir()] == ["out.txt"]


def test_overwriting_an_output_keeps_its_mode(tmp_path: Path) -> None:
    """Issue 21: writing over a 0600 output made it 0644 (the new file took the umask). Now `-o` over an existing
    file keeps its permissions, through the command line."""
    target = tmp_path / "consolidated.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    done = subprocess.run([sys.executable, "-m", "resdiff.cli", "accept", str(FIXTURES / "res130-iap" / "proposal.docx"),
                           "-o", str(target)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (target.stat().st_mode & 0o777) == 0o600 and "RÉSOLUTION 130" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("linkat", ["works", "refused"])
def test_an_unnamed_file_is_linked_without_proc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                linkat: str) -> None:
    """Where /proc is not mounted, the unnamed file is linked by linkat(AT_EMPTY_PATH) (privileged), and where
    that is refused too, written to a named file: the output is right either way and nothing is left."""
    if not _unnamed_files_work(tmp_path):
        pytest.skip("this OS or file system cannot link an O_TMPFILE file")
    import errno

    from resdiff.render import atomic

    real_link = os.link

    def no_proc(source: str, *args: object, **options: object) -> None:
        if str(source).startswith("/proc/"):
            raise FileNotFoundError(errno.ENOENT, "no /proc here")
        real_link(source, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", no_proc)
    if linkat == "refused":
        monkeypatch.setattr(atomic, "_link_empty_path", lambda fd, name: False)
    (folder := tmp_path / "out").mkdir()
    for content in (b"first", b"second"):  # a new file, then one replaced
        atomic.write_atomically(folder / "out.txt", content)
        assert [p.name for p in folder.iterdir()] == ["out.txt"] and (folder / "out.txt").read_bytes() == content


def test_a_killed_writers_part_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """Where a named temporary file is needed, kill -9 leaves it (no OS removes a file for a dead process), and
    the next write of the same file removes it: it is locked while its writer lives, and the lock died with the
    writer. Before: it stayed for good."""
    from resdiff.render.atomic import remove_stale_parts, write_atomically

    (folder := tmp_path / "out").mkdir()
    target = folder / "out.txt"
    target.write_bytes(b"old content")
    _kill_midway(target, tmp_path / "ready", "named")
    left = [p.name for p in folder.iterdir() if p.name.endswith(".part")]
    assert len(left) == 1 and left[0].startswith(".out.txt.")
    assert target.read_bytes() == b"old content"
    write_atomically(target, b"new")
    assert [p.name for p in folder.iterdir()] == ["out.txt"] and target.read_bytes() == b"new"
    # a live writer's file is not touched
    import fcntl

    with open(folder / ".out.txt.live.part", "wb") as live:
        fcntl.flock(live.fileno(), fcntl.LOCK_EX)
        assert remove_stale_parts(target) == []
    assert remove_stale_parts(target) == [folder / ".out.txt.live.part"]


# ---- 4. what the text outputs carry -----------------------------------------------------------------------

FORGED_AUTHOR = "Eve&#10;word/document.xml \u00b69&#9;ins&#9;Mallory"  # a newline and tabs: a forged line
FORMULA_DATE = "=HYPERLINK(&quot;http://evil.example/?x&quot;,&quot;click&quot;)"
FORMULA_AUTHOR = "@SUM(1+1)*cmd|' /C calc'!A0"


def _tracked(author: str, date: str) -> bytes:
    revision = (f'<w:p><w:ins w:id="1" w:author="{author}" w:date="{date}"><w:r><w:t>new</w:t></w:r></w:ins>'
                f'<w:del w:id="2" w:author="+1&#13;-2" w:date="-3"><w:r><w:delText>old</w:delText></w:r></w:del></w:p>')
    return package({"word/document.xml": document_xml(revision)})


def _fields(line: str) -> list[str]:
    return line.split("\t")


def test_revisions_text_cannot_forge_a_line_a_field_or_a_formula(tmp_path: Path) -> None:
    """Before: the author's newline started a line of its own, its tabs made fields, and the date was the
    formula =HYPERLINK(…) for a spreadsheet opening the TSV."""
    path = tmp_path / "forged.docx"
    path.write_bytes(_tracked(FORGED_AUTHOR, FORMULA_DATE))
    done = subprocess.run([sys.executable, "-m", "resdiff.cli", "revisions", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all(len(_fields(line)) == 5 for line in lines), lines
    inserted, deleted = map(_fields, lines)
    assert inserted[2] == "Eve\\nword/document.xml \u00b69\\tins\\tMallory"
    assert inserted[3] == "'=HYPERLINK(\"http://evil.example/?x\",\"click\")"
    assert deleted[2] == "'+1\\r-2" and deleted[3] == "'-3"
    assert not any(f.startswith(("=", "+", "-", "@")) for line in lines for f in _fields(line))
    as_json = json.loads(subprocess.run([sys.executable, "-m", "resdiff.cli", "revisions", "--json", str(path)],
                                        capture_output=True, text=True, timeout=60).stdout)
    assert as_json[0]["author"] == "Eve\nword/document.xml \u00b69\tins\tMallory"  # JSON keeps the value


def test_revisions_text_keeps_its_format_for_plain_values(tmp_path: Path) -> None:
    from resdiff.comments_cli import tsv_field

    assert [tsv_field(v) for v in ("EUR", "2022-09-26T00:00:00Z", None, "", "-")] == \
        ["EUR", "2022-09-26T00:00:00Z", "-", "-", "'-"]
    path = tmp_path / "plain.docx"
    path.write_bytes(_tracked("EUR", "2022-09-26T00:00:00Z"))
    done = subprocess.run([sys.executable, "-m", "resdiff.cli", "revisions", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert _fields(done.stdout.splitlines()[0]) == ["body \u00b61", "inserted", "EUR", "2022-09-26T00:00:00Z",
                                                    "'new'"]
    assert "OWASP" in subprocess.run([sys.executable, "-m", "resdiff.cli", "revisions", "--help"],
                                     capture_output=True, text=True, timeout=60).stdout


def test_comment_lines_are_escaped_too() -> None:
    from resdiff.comments_cli import comment_line
    from resdiff.model.tree import Comment

    comment = Comment(id="1", author="Eve\nbody \u00b67\tforged", date=FORMULA_AUTHOR, text="=1+1\nx",
                      paragraph=3, anchor_new="a\tb", anchor_old="a\tb")
    line = comment_line(comment)
    assert "\n" not in line and len(_fields(line)) == 5, line
    assert _fields(line)[1:3] == ["Eve\\nbody \u00b67\\tforged", "'" + FORMULA_AUTHOR]
    assert _fields(line)[3] == repr("=1+1\nx") and _fields(line)[4] == "on " + repr("a\tb")


def _finding(message: str, file: str) -> object:
    from resdiff.check.context import Finding, Location

    return Finding(rule="NUM001", severity="error", message=message, file=file, location=Location(paragraph=2))


def test_check_text_passes_no_raw_cr_nor_a_workflow_command() -> None:
    """Before: a CR in a message (or a file name) went out raw, and a CI runner may read `\\r::error …` as a
    workflow command of its own."""
    from resdiff.check.report import render_findings

    text = render_findings([_finding("label 1\r::error file=x::forged\x1b[2J", "p.docx"),  # type: ignore[list-item]
                            _finding("two\nlines\tand a tab", "::warning ::x.docx\r")], "text")  # type: ignore[list-item]
    assert "\r" not in text and "\x1b" not in text and text.count("\n") == 2
    assert not any(line.startswith("::") for line in text.splitlines())
    assert text.splitlines() == ["p.docx:2: error NUM001 label 1\\r::error file=x::forged\\x1b[2J",
                                 "./::warning ::x.docx\\r:2: error NUM001 two lines\\tand a tab"]


def test_github_annotations_escape_percent_cr_lf_per_the_workflow_command_rules() -> None:
    """GitHub's rules (actions/toolkit `escapeData`, `escapeProperty`): data escapes %, CR, LF; properties also
    ':' and ','."""
    from resdiff.check.report import render_findings

    out = render_findings([_finding("100% done\r\n::error::forged", "a,b:c%.docx\n")], "github")  # type: ignore[list-item]
    assert out == ("::error file=a%2Cb%3Ac%25.docx%0A,line=2,title=NUM001::100%25 done%0D%0A::error::forged\n")
    assert out.count("\n") == 1 and "\r" not in out


@pytest.mark.parametrize(("name", "uri"), [
    ("proposals/Res 130 #2?.docx", "proposals/Res%20130%20%232%3F.docx"),
    ("c:evil.docx", "c%3Aevil.docx"),  # not a URI of scheme 'c'
    ("100%.docx", "100%25.docx"),
    ("résolution.docx", "r%C3%A9solution.docx"),
    ("/abs/Res 1.docx", "file:///abs/Res%201.docx"),
])
def test_sarif_uri_is_a_percent_encoded_uri_reference(name: str, uri: str) -> None:
    """Before: a relative name went out as written ('Res 130 #2?.docx' is no URI: the rest is a fragment)."""
    from urllib.parse import unquote, urlsplit

    from resdiff.check.report import render_findings

    log = json.loads(render_findings([_finding("m", name)], "sarif"))  # type: ignore[list-item]
    written = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert written == uri
    parts = urlsplit(written)
    assert parts.query == "" and parts.fragment == ""
    if not name.startswith("/"):
        assert parts.scheme == "" and unquote(written) == name
