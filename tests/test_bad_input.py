"""Hostile and broken inputs: every one must end in a ResdiffError (API) or exit 2 with one line (CLI).

Proposals arrive by e-mail and upload, so each case here is something a sender could produce by accident or on
purpose. Every input is built at run time in tmp_path; nothing binary is committed.
"""

from __future__ import annotations

import io
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import traceback
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import resdiff
from resdiff import ResdiffError, UnsafeInputError, cli

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MiB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PASSWD = Path("/etc/passwd").read_text(errors="replace") if Path("/etc/passwd").exists() else ""
# A line of /etc/passwd that an XXE would leak; the root entry is on every Unix system.
PASSWD_MARKER = next((line for line in PASSWD.splitlines() if line.startswith("root:")), "root:x:0:0")


# ---- building inputs ------------------------------------------------------------------------------------------


def valid_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Resolution 1 (Rev. Geneva, 2024)")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


VALID = valid_docx()


def document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def rezip(replace: dict[str, bytes | None] | None = None, extra: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The valid docx with parts replaced (None = dropped) and parts added."""
    replace = replace or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(VALID)) as src, zipfile.ZipFile(buffer, "w", compression) as out:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    out.writestr(info.filename, replace[info.filename])  # type: ignore[arg-type]
            else:
                out.writestr(info.filename, src.read(info))
        for name, body in (extra or {}).items():
            out.writestr(zipfile.ZipInfo(name), body)
    return buffer.getvalue()


def entry_flood(count: int) -> bytes:
    """A zip of `count` empty stored entries, written by hand because zipfile takes seconds for 100 000."""
    local, central, offset = [], [], 0
    for i in range(count):
        name = b"%d" % i
        header = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
        central.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0,
                                   0, 0, offset) + name)
        local.append(header)
        offset += len(header)
    directory = b"".join(central)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), offset, 0)
    return b"".join(local) + directory + end


def zeros_bomb(size: int, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The valid docx whose document.xml inflates to `size` zero bytes, streamed so memory stays small."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(VALID)) as src, zipfile.ZipFile(buffer, "w", compression) as out:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, src.read(info))
        with out.open("word/document.xml", "w") as stream:
            chunk = bytes(MiB)
            for _ in range(size // MiB):
                stream.write(chunk)
    return buffer.getvalue()


def lie_about_size(data: bytes, name: str, declared: int, *, forge_crc: bool) -> bytes:
    """Patch the local header and central directory so that `name` claims `declared` uncompressed bytes."""
    patched = bytearray(data)
    encoded = name.encode()
    crc = zlib.crc32(bytes(declared)) if forge_crc else None
    pos = 0
    while (pos := patched.find(b"PK\x03\x04", pos)) >= 0:  # local file headers
        name_len = struct.unpack_from("<H", patched, pos + 26)[0]
        if patched[pos + 30 : pos + 30 + name_len] == encoded:
            struct.pack_into("<I", patched, pos + 22, declared)
            if crc is not None:
                struct.pack_into("<I", patched, pos + 14, crc)
        pos += 4
    pos = 0
    while (pos := patched.find(b"PK\x01\x02", pos)) >= 0:  # central directory entries
        name_len = struct.unpack_from("<H", patched, pos + 28)[0]
        if patched[pos + 46 : pos + 46 + name_len] == encoded:
            struct.pack_into("<I", patched, pos + 24, declared)
            if crc is not None:
                struct.pack_into("<I", patched, pos + 16, crc)
        pos += 4
    return bytes(patched)


def corrupt_deflate(data: bytes, name: str) -> bytes:
    """Make the first deflate block of `name` declare the reserved block type 11, which no inflater accepts."""
    patched = bytearray(data)
    pos = patched.find(b"PK\x03\x04")
    encoded = name.encode()
    while pos >= 0:
        name_len, extra_len = struct.unpack_from("<HH", patched, pos + 26)
        if patched[pos + 30 : pos + 30 + name_len] == encoded:
            patched[pos + 30 + name_len + extra_len] = 0b111  # BFINAL=1, BTYPE=11
            return bytes(patched)
        pos = patched.find(b"PK\x03\x04", pos + 4)
    raise AssertionError(f"{name} not found")


def encrypted_member(data: bytes, name: str) -> bytes:
    """Set the 'encrypted' flag of `name` (ZipCrypto), as zip tools do when a password is given."""
    patched = bytearray(data)
    encoded = name.encode()
    for signature, flags_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        pos = 0
        while (pos := patched.find(signature, pos)) >= 0:
            name_len = struct.unpack_from("<H", patched, pos + name_len_at)[0]
            if patched[pos + name_at : pos + name_at + name_len] == encoded:
                patched[pos + flags_at] |= 1
            pos += 4
    return bytes(patched)


def ole_file(*stream_names: str) -> bytes:
    """An OLE2 compound file header followed by directory entries (UTF-16LE names), enough to be recognised."""
    header = OLE_MAGIC + bytes(512 - len(OLE_MAGIC))
    entries = b"".join(n.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for n in ("Root Entry", *stream_names))
    return header + entries


XXE_ENTITY = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
XXE_BODY = "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"
LAUGHS = (
    "<!DOCTYPE w:document [\n<!ENTITY lol \"lol\">\n"
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


def xxe_utf16() -> bytes:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n' + XXE_ENTITY
        + f'<w:document xmlns:w="{W}"><w:body>{XXE_BODY}</w:body></w:document>'
    )
    return text.encode("utf-16")


DEEP = document_xml("<w:customXml>" * 100_000 + "<w:p/>" + "</w:customXml>" * 100_000)

# Each case: (file name, builder returning the file's bytes). The file name is what the messages must show.
CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "text-as-docx": ("memo.docx", lambda: b"Dear colleagues, please find the proposal below.\n"),
    "random-bytes": ("noise.docx", lambda: random.Random(1).randbytes(4096)),
    "random-bytes-no-suffix": ("noise.bin", lambda: random.Random(2).randbytes(4096)),
    "empty": ("empty.docx", lambda: b""),
    "legacy-doc": ("old.doc", lambda: ole_file("WordDocument", "1Table")),
    "legacy-doc-renamed": ("old-renamed.docx", lambda: ole_file("WordDocument", "1Table")),
    "rtf-named-docx": ("letter.docx", lambda: b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello\\par }"),
    "rtf-named-rtf": ("letter.rtf", lambda: b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello\\par }"),
    "truncated-zip": ("halved.docx", lambda: VALID[: len(VALID) // 2]),
    "truncated-zip-tail": ("tail-cut.docx", lambda: VALID[:-10]),
    "corrupt-deflate": ("scrambled.docx", lambda: corrupt_deflate(VALID, "word/document.xml")),
    "no-document-xml": ("nobody.docx", lambda: rezip({"word/document.xml": None, "_rels/.rels": None})),
    "no-document-xml-dangling-rel": ("dangling.docx", lambda: rezip({"word/document.xml": None})),
    "not-well-formed": ("broken.docx", lambda: rezip({"word/document.xml": b"<w:document><w:body><w:p></w:body>"})),
    "xxe": ("xxe.docx", lambda: rezip({"word/document.xml": document_xml(XXE_BODY, XXE_ENTITY)})),
    "xxe-after-long-comment": (
        "xxe-late.docx",
        lambda: rezip({"word/document.xml": document_xml(XXE_BODY, "<!--" + "x" * 70000 + "-->\n" + XXE_ENTITY)}),
    ),
    "xxe-utf16": ("xxe16.docx", lambda: rezip({"word/document.xml": xxe_utf16()})),
    "xxe-in-styles": (
        "xxe-styles.docx",
        lambda: rezip({"word/styles.xml": (
            '<?xml version="1.0"?>\n' + XXE_ENTITY.replace("w:document", "w:styles")
            + f'<w:styles xmlns:w="{W}"><w:style w:styleId="x"><w:name w:val="&xxe;"/></w:style></w:styles>'
        ).encode()}),
    ),
    "billion-laughs": (
        "laughs.docx",
        lambda: rezip({"word/document.xml": document_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", LAUGHS)}),
    ),
    "path-traversal": ("traversal.docx", lambda: rezip(extra={"../evil.xml": b"<x/>"})),
    "path-traversal-nested": ("traversal2.docx", lambda: rezip(extra={"word/../../evil.xml": b"<x/>"})),
    "path-absolute": ("absolute.docx", lambda: rezip(extra={"/etc/evil.xml": b"<x/>"})),
    "encrypted": ("protected.docx", lambda: ole_file("EncryptionInfo", "EncryptedPackage")),
    "no-body": ("bodiless.docx", lambda: rezip({"word/document.xml": f'<w:document xmlns:w="{W}"/>'.encode()})),
    "wrong-root": ("wrong-root.docx", lambda: rezip({"word/document.xml": b"<html><body/></html>"})),
    "broken-utf8-xml": (
        "mojibake.docx",
        lambda: rezip({"word/document.xml": document_xml("<w:p><w:r><w:t>caf\xe9</w:t></w:r></w:p>")
                       .replace(b"caf\xc3\xa9", b"caf\xe9\xff")}),
    ),
    "broken-utf8-txt": ("latin1.txt", lambda: b"Resolution 1\nR\xe9solution 2 (Gen\xe8ve)\n"),
    "utf16-txt": ("notepad.txt", lambda: "Resolution 1\n".encode("utf-16")),
    "nul-txt": ("binary.txt", lambda: b"Resolution 1\n\x00\x00\x00\x01garbage\n"),
    # Stored, not deflated: repetitive markup compresses so well that the zip-bomb check would refuse it first.
    "deep-nesting": ("deep.docx", lambda: rezip({"word/document.xml": DEEP}, compression=zipfile.ZIP_STORED)),
    "deep-nesting-deflated": ("deep-z.docx", lambda: rezip({"word/document.xml": DEEP})),
    "lzma-part": ("lzma.docx", lambda: rezip(compression=zipfile.ZIP_LZMA)),
    "encrypted-zip-member": ("zipcrypto.docx", lambda: encrypted_member(rezip(), "word/document.xml")),
    "huge-text-node": (
        "long-line.docx",
        lambda: rezip({"word/document.xml": document_xml("<w:p><w:r><w:t>" + "x" * (11 * MiB) + "</w:t></w:r></w:p>")},
                      compression=zipfile.ZIP_STORED),
    ),
    "too-many-parts": ("confetti.docx", lambda: rezip(extra={f"x/{i}.bin": b"" for i in range(10_050)})),
    "entry-flood": ("flood.docx", lambda: entry_flood(100_000)),
}

# Inputs that need more than bytes in a file.
SPECIAL = ("missing", "directory")


def make(case: str, tmp_path: Path) -> Path:
    if case == "missing":
        return tmp_path / "missing.docx"
    if case == "directory":
        path = tmp_path / "folder.docx"
        path.mkdir()
        return path
    name, build = CASES[case]
    path = tmp_path / name
    path.write_bytes(build())
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built once per module: streaming 257 MiB of zeros into a deflated entry takes most of a second."""
    directory = tmp_path_factory.mktemp("bombs")
    big = zeros_bomb(257 * MiB)
    ratio = zeros_bomb(40 * MiB)
    bzip2 = zeros_bomb(40 * MiB, zipfile.ZIP_BZIP2)
    files = {
        "zip-bomb": ("bomb.docx", big),
        "zip-bomb-ratio": ("ratio-bomb.docx", ratio),
        "zip-bomb-size-lie": ("liar.docx", lie_about_size(big, "word/document.xml", 4096, forge_crc=False)),
        "zip-bomb-size-lie-crc": ("forger.docx", lie_about_size(big, "word/document.xml", 4096, forge_crc=True)),
        "bzip2-bomb-size-lie": ("bzip2.docx", lie_about_size(bzip2, "word/document.xml", 4096, forge_crc=False)),
    }
    paths = {}
    for case, (name, data) in files.items():
        paths[case] = directory / name
        paths[case].write_bytes(data)
    return paths


BOMBS = ("zip-bomb", "zip-bomb-ratio", "zip-bomb-size-lie", "zip-bomb-size-lie-crc", "bzip2-bomb-size-lie")
ALL = (*CASES, *SPECIAL, *BOMBS)


def bad_input(case: str, tmp_path: Path, bombs: dict[str, Path]) -> Path:
    return bombs[case] if case in BOMBS else make(case, tmp_path)


def run_command(*args: str) -> subprocess.CompletedProcess[str]:
    """The real `python -m resdiff.cli ARGS`, in a new interpreter (about a second of imports each time)."""
    env = {k: v for k, v in os.environ.items() if k != "RESDIFF_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "resdiff.cli", *args], capture_output=True, text=True, timeout=60, env=env
    )


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`resdiff ARGS` in a child process forked from this one, where resdiff is imported already: its own exit
    status, stdout and stderr (fds 1 and 2), and nothing it does reaches the tests, as with `run_command`, but
    without a new interpreter's imports for each of the hundred runs here. What only the real entry point does
    is checked with `run_command` (the valid input, a file name with control characters)."""
    if not hasattr(os, "fork"):
        return run_command(*args)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: ends in os._exit, never back in pytest
            code = 1
            try:
                signal.alarm(60)  # the timeout of run_command
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
                os.environ.pop("RESDIFF_DEBUG", None)
                code = cli.main(list(args))
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(["resdiff", *args], os.waitstatus_to_exitcode(status),
                                           out.read().decode("utf-8"), err.read().decode("utf-8"))


def assert_one_line_naming(stderr: str, path: Path) -> None:
    assert "Traceback" not in stderr, stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, f"expected one line, got {stderr!r}"
    assert path.name in stderr, stderr
    assert PASSWD_MARKER not in stderr


# ---- the API --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ALL)
def test_read_raises_resdiff_error_naming_the_file(case: str, tmp_path: Path, bombs: dict[str, Path]) -> None:
    path = bad_input(case, tmp_path, bombs)
    with pytest.raises(ResdiffError) as info:
        resdiff.read(path)
    message = str(info.value)
    assert path.name in message
    assert info.value.reason and info.value.reason in message
    assert PASSWD_MARKER not in message


@pytest.mark.parametrize("case", ALL)
def test_read_from_bytes_raises_resdiff_error(case: str, tmp_path: Path, bombs: dict[str, Path]) -> None:
    if case in SPECIAL:
        pytest.skip("about paths, not content")
    path = bad_input(case, tmp_path, bombs)
    with pytest.raises(ResdiffError) as info:
        resdiff.read(path.read_bytes(), name=path.name)
    assert path.name in str(info.value)


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("legacy-doc", ("legacy", ".doc")),
        ("encrypted", ("password",)),
        ("rtf-named-docx", ("RTF",)),
        ("rtf-named-rtf", ("RTF",)),
        ("empty", ("empty",)),
        ("truncated-zip", ("truncated",)),
        ("no-document-xml", ("word/document.xml",)),
        ("not-well-formed", ("well-formed",)),
        ("xxe", ("DOCTYPE",)),
        ("xxe-utf16", ("DOCTYPE",)),
        ("billion-laughs", ("DOCTYPE",)),
        ("path-traversal", ("outside",)),
        ("no-body", ("w:body",)),
        ("broken-utf8-xml", ("encoding",)),
        ("broken-utf8-txt", ("UTF-8",)),
        ("utf16-txt", ("UTF-16",)),
        ("nul-txt", ("NUL",)),
        ("missing", ("no such file",)),
        ("directory", ("directory",)),
        ("deep-nesting", ("deep",)),
        ("lzma-part", ("LZMA", "not allow")),
        ("encrypted-zip-member", ("encrypted",)),
        ("entry-flood", ("parts",)),
        ("zip-bomb", ("zip bomb",)),
        ("zip-bomb-ratio", ("zip bomb",)),
    ],
)
def test_message_names_the_problem(case: str, words: tuple[str, ...], tmp_path: Path,
                                   bombs: dict[str, Path]) -> None:
    with pytest.raises(ResdiffError) as info:
        resdiff.read(bad_input(case, tmp_path, bombs))
    for word in words:
        assert word.lower() in str(info.value).lower()


@pytest.mark.parametrize("case", ["xxe", "xxe-after-long-comment", "xxe-utf16", "xxe-in-styles", "billion-laughs",
                                  "path-traversal", "path-traversal-nested", "path-absolute", "zip-bomb",
                                  "zip-bomb-ratio", "bzip2-bomb-size-lie", "lzma-part", "deep-nesting",
                                  "too-many-parts", "entry-flood"])
def test_hostile_inputs_are_unsafe(case: str, tmp_path: Path, bombs: dict[str, Path]) -> None:
    with pytest.raises(UnsafeInputError):
        resdiff.read(bad_input(case, tmp_path, bombs))


def test_zip_bomb_is_refused_without_inflating_it(bombs: dict[str, Path]) -> None:
    """The sizes in the zip directory are known before inflating anything; a bomb must not be held in memory."""
    inputs = {case: bombs[case].read_bytes() for case in BOMBS}
    inputs["entry-flood"] = entry_flood(100_000)
    for case, data in inputs.items():
        tracemalloc.start()
        try:
            with pytest.raises(ResdiffError):
                resdiff.read(data, name=case)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 32 * MiB, f"{case}: {peak / MiB:.0f} MiB held while refusing"


def test_nul_byte_in_path_is_a_resdiff_error(tmp_path: Path) -> None:
    with pytest.raises(ResdiffError):
        resdiff.read(str(tmp_path / "a\x00b.docx"))


def test_random_damage_never_escapes_as_another_exception() -> None:
    """Truncations and flipped bytes anywhere in a real docx: a Document or a ResdiffError, nothing else."""
    rng = random.Random(20240611)
    for i in range(300):
        data = bytearray(VALID)
        if i % 3 == 0:
            data = data[: rng.randrange(len(data))]
        else:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            resdiff.read(bytes(data), name=f"damaged-{i}.docx")
        except ResdiffError as exc:
            assert f"damaged-{i}.docx" in str(exc)


NESTED_TABLES = "<w:tbl><w:tr><w:tc>" * 30 + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * 30
TOO_DEEP_TABLES = "<w:tbl><w:tr><w:tc>" * 80 + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * 80
NESTED_INSERTIONS = (
    "<w:p>" + '<w:ins w:id="1" w:author="A">' * 240 + "<w:r><w:t>x</w:t></w:r>" + "</w:ins>" * 240 + "</w:p>"
)


@pytest.mark.parametrize("fmt", ["docx", "txt", "md", "json"])
@pytest.mark.parametrize("body", [NESTED_TABLES, NESTED_INSERTIONS], ids=["tables", "insertions"])
def test_deep_but_legal_nesting_is_read_and_written(body: str, fmt: str) -> None:
    """Deep but legal nesting (30 tables; insertions just under the XML parser's depth limit of 256) is read
    and written in every format."""
    doc = resdiff.read(rezip({"word/document.xml": document_xml(body)}), name="deep.docx")
    for side in (doc.new(), doc.old()):
        resdiff.render(side, fmt)


def test_tables_nested_beyond_any_real_document_are_refused() -> None:
    with pytest.raises(UnsafeInputError, match="nested more than 32 deep"):
        resdiff.read(rezip({"word/document.xml": document_xml(TOO_DEEP_TABLES)}), name="deep.docx")


@pytest.mark.parametrize(("body", "text"), [
    ('<w:p><w:pPr><w:numPr><w:ilvl w:val="²"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>a</w:t></w:r></w:p>',
     "a"),
    ('<w:p><w:r><w:sym w:font="Symbol" w:char="FFFFFFFF"/></w:r></w:p>', "\ufffd"),
    ('<w:p><w:r><w:sym w:font="Symbol" w:char="D800"/></w:r></w:p>', "\ufffd"),
], ids=["ilvl-superscript-digit", "sym-out-of-range", "sym-surrogate"])
def test_crafted_attribute_values(body: str, text: str) -> None:
    """Odd attribute values are no reason to refuse a document: a list level that is not an ASCII number is level
    0 (`str.isdigit` accepts '²', `int` does not), and a w:sym that is no Unicode scalar value (beyond U+10FFFF, a
    surrogate) stays visible as U+FFFD; every writer writes the paragraph, and the .docx reads back the same."""
    doc = resdiff.read(rezip({"word/document.xml": document_xml(body)}), name="attrs.docx")
    assert [p.text for p in doc.new().paragraphs()] == [text]
    for fmt in ("txt", "md", "json"):
        assert text in resdiff.render(doc.new(), fmt).decode("utf-8")
    assert [p.text for p in resdiff.read(resdiff.render(doc.new(), "docx")).paragraphs()] == [text]


# ---- the CLI --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ALL)
def test_cli_exits_2_with_one_line_and_no_output(case: str, tmp_path: Path, bombs: dict[str, Path]) -> None:
    path = bad_input(case, tmp_path, bombs)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "clean.docx"
    result = run_cli("accept", str(path), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert_one_line_naming(result.stderr, path)
    assert PASSWD_MARKER not in result.stdout
    assert not out.exists()
    assert list(out_dir.iterdir()) == [], "a temporary file was left behind"


@pytest.mark.parametrize("case", ALL)
def test_cli_leaves_an_existing_output_untouched(case: str, tmp_path: Path, bombs: dict[str, Path]) -> None:
    path = bad_input(case, tmp_path, bombs)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "clean.docx"
    out.write_bytes(VALID)
    result = run_cli("accept", str(path), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert_one_line_naming(result.stderr, path)
    assert out.read_bytes() == VALID
    assert list(out_dir.iterdir()) == [out]


@pytest.mark.parametrize("command", [["reject"], ["revisions"], ["revisions", "--json"]])
@pytest.mark.parametrize("case", ["xxe", "encrypted", "truncated-zip", "broken-utf8-txt", "missing"])
def test_other_commands_exit_2_with_one_line(case: str, command: list[str], tmp_path: Path) -> None:
    path = make(case, tmp_path)
    out = tmp_path / "old.docx"
    args = [*command, str(path)] + (["-o", str(out)] if command == ["reject"] else [])
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert_one_line_naming(result.stderr, path)
    assert result.stdout == ""
    assert not out.exists()


def test_cli_escapes_control_characters_in_a_file_name(tmp_path: Path) -> None:
    """An uploaded file's name is untrusted too: a newline in it must not forge a second line."""
    path = tmp_path / "bad\nname\x1b[31m.docx"
    path.write_bytes(b"not a zip")
    result = run_command("accept", str(path), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr, repr(result.stderr)
    assert "name" in result.stderr
    with pytest.raises(ResdiffError) as info:
        resdiff.read(path)
    assert info.value.source == str(path)  # the API keeps the real name


def test_cli_escapes_control_characters_in_a_part_name(tmp_path: Path) -> None:
    path = tmp_path / "parts.docx"
    path.write_bytes(rezip(extra={"../line one\nline two.xml": b"<x/>"}))
    result = run_cli("accept", str(path), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 2
    assert_one_line_naming(result.stderr, path)


# ---- unwritable outputs ---------------------------------------------------------------------------------------


def _valid_input(tmp_path: Path) -> Path:
    path = tmp_path / "good.docx"
    path.write_bytes(VALID)
    return path


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into read-only folders")
def test_cli_unwritable_output_directory(tmp_path: Path) -> None:
    good = _valid_input(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run_cli("accept", str(good), "-o", str(locked / "clean.docx"))
    finally:
        locked.chmod(0o755)
    assert result.returncode == 2
    assert_one_line_naming(result.stderr, locked / "clean.docx")
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("where", ["missing-directory", "parent-is-a-file", "output-is-a-directory"])
def test_cli_impossible_output_path(where: str, tmp_path: Path) -> None:
    good = _valid_input(tmp_path)
    if where == "missing-directory":
        out = tmp_path / "nowhere" / "clean.docx"
    elif where == "parent-is-a-file":
        out = good / "clean.docx"
    else:
        out = tmp_path / "clean.docx"
        out.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli("accept", str(good), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert_one_line_naming(result.stderr, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert good.read_bytes() == VALID


def test_cli_accepts_the_valid_input(tmp_path: Path) -> None:
    """The control case: the same command on the untouched docx succeeds, so the failures above are the inputs'."""
    good = _valid_input(tmp_path)
    out = tmp_path / "clean.docx"
    result = run_command("accept", str(good), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Resolution 1" in str(resdiff.read(out).paragraphs()[0].spans[0].text)
