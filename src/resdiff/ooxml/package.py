"""Open a .docx package safely: bounded zip reading and hardened XML parsing.

Proposals arrive by e-mail and through uploads, so nothing in a package is trusted: part sizes are read with a
hard cap (the sizes in the zip directory can lie), DOCTYPE declarations are refused outright (no XXE, no entity
expansion), and part names that would escape the package are refused.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from lxml import etree

from resdiff.errors import UnreadableInputError, UnsafeInputError, UsageError
from resdiff.ooxml.names import OFFICE_DOCUMENT_REL_TYPES, REL_PACKAGE

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 400
MIN_RATIO_CHECKED = 1024 * 1024  # small parts may compress well (repetitive XML)
MAX_PARTS = 10_000

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=False,
)


def parse_xml(data: bytes, source: str, part: str) -> etree._Element:
    """Parse one XML part with entities, DTDs and network access off; refuse any DOCTYPE."""
    refusal = f"{part} declares a DOCTYPE or entities, which resdiff refuses to read (XXE / entity expansion)"
    if b"<!DOCTYPE" in data[:65536] or b"<!ENTITY" in data[:65536]:
        raise UnsafeInputError(source, refusal)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        # libxml2's own wording ("use XML_PARSE_HUGE") would suggest lifting the limit that protects us.
        if exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            raise UnsafeInputError(
                source, f"{part} nests elements too deeply or holds an oversized text (XML safety limits)"
            ) from None
        raise UnreadableInputError(source, f"{part} is not well-formed XML ({exc.msg})") from None
    if root is None:
        raise UnreadableInputError(source, f"{part} is empty")
    if root.getroottree().docinfo.doctype:
        raise UnsafeInputError(source, refusal)
    return root


@dataclass
class Package:
    """The parts of an OPC package, raw bytes until asked for as XML (each part parsed at most once)."""

    source: str
    parts: dict[str, bytes]
    infos: dict[str, zipfile.ZipInfo]
    main_part: str
    _xml: dict[str, etree._Element] = field(default_factory=dict, repr=False)

    def xml(self, name: str) -> etree._Element:
        if name not in self._xml:
            self._xml[name] = parse_xml(self.parts[name], self.source, name)
        return self._xml[name]

    def related(self, part: str, rel_type_suffix: str) -> list[str]:
        """Targets of `part`'s relationships whose type ends with `rel_type_suffix` (Transitional or Strict)."""
        rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        if rels_name not in self.parts:
            return []
        targets = []
        for rel in self.xml(rels_name):
            if rel.get("TargetMode") == "External":
                continue
            if (rel.get("Type") or "").endswith("/" + rel_type_suffix):
                target = resolve_target(posixpath.dirname(part), rel.get("Target") or "")
                if target in self.parts:
                    targets.append(target)
        return targets


def resolve_target(base_dir: str, target: str) -> str:
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base_dir, target)
    return posixpath.normpath(path)


def open_package(data: bytes, source: str) -> Package:
    """Read a .docx from bytes, enforcing every safety limit; raise a ResdiffError naming `source` otherwise."""
    if not data:
        raise UnreadableInputError(source, "the file is empty")
    if len(data) > MAX_PACKAGE_BYTES:
        raise UnsafeInputError(source, f"the file is larger than {MAX_PACKAGE_BYTES // 2**20} MiB")
    if not data.startswith(b"PK"):
        raise UnreadableInputError(source, _not_a_zip_reason(data))
    # zipfile builds an object per central-directory entry before we can count them, and every entry starts
    # with this signature: counting signatures first bounds that memory (a false positive only overcounts).
    if data.count(b"PK\x01\x02") > MAX_PARTS:
        raise UnsafeInputError(source, f"the package has more than {MAX_PARTS} parts")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    # NotImplementedError: a damaged Zip64 end record claims an unknown "zip file version" (found by fuzzing).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise UnreadableInputError(source, f"corrupt or truncated zip archive ({exc})") from None
    if len(infos) > MAX_PARTS:
        raise UnsafeInputError(source, f"the package has more than {MAX_PARTS} parts")
    # Every limit is checked on the sizes the zip directory declares, before anything is inflated; _read_part then
    # never inflates more than the declared size, so a bomb is refused without being expanded, and a size that
    # lies only truncates the part (which then fails its CRC check).
    names = [_safe_part_name(info.filename, source) for info in infos]
    for info in infos:
        _check_declared_size(info, source)
    if sum(info.file_size for info in infos) > MAX_TOTAL_UNCOMPRESSED:
        raise UnsafeInputError(source, f"the package expands beyond {MAX_TOTAL_UNCOMPRESSED // 2**30} GiB (zip bomb?)")
    parts = {name: _read_part(archive, info, source) for name, info in zip(names, infos)}
    package = Package(source=source, parts=parts, infos=dict(zip(names, infos)), main_part="")
    package.main_part = _find_main_part(package)
    return package


def _not_a_zip_reason(data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # Word saves a password-protected .docx as an OLE2 file too, with the encrypted zip in this stream.
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "the document is password-protected (encrypted); remove the password in Word and save again"
        return "this is a legacy .doc (OLE2) file, not a .docx; save it as .docx first"
    if data.lstrip()[:5] in (b"<?xml", b"<w:wo", b"<pkg:"):
        return "this is an XML file, not a .docx package (Word 2003 XML or flat OPC are not supported)"
    if data.startswith(b"{\\rtf"):
        return "this is an RTF file, not a .docx"
    return "not a .docx (zip) file"


def _safe_part_name(name: str, source: str) -> str:
    normalized = posixpath.normpath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or normalized.startswith("..") or ":" in normalized.split("/")[0]:
        raise UnsafeInputError(source, f"part name {name!r} points outside the package")
    return normalized


def _check_declared_size(info: zipfile.ZipInfo, source: str) -> None:
    # OPC allows only stored and deflated parts; zipfile also inflates bzip2 and LZMA, but without an output
    # bound, so one small read of a bzip2 bomb would allocate all of it before the declared size is applied.
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # zipfile.compressor_names is undocumented, so typeshed leaves it out.
        method = zipfile.compressor_names.get(info.compress_type, f"method {info.compress_type}")  # type: ignore[attr-defined]
        raise UnsafeInputError(source, f"part {info.filename} is compressed with {method}, which .docx does not allow")
    if info.file_size > MAX_PART_BYTES:
        raise UnsafeInputError(source, f"part {info.filename} declares {info.file_size} bytes (zip bomb?)")
    if info.file_size > max(MIN_RATIO_CHECKED, info.compress_size * MAX_COMPRESSION_RATIO):
        raise UnsafeInputError(
            source, f"part {info.filename} expands {info.file_size // max(info.compress_size, 1)}-fold (zip bomb?)"
        )


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    try:
        with archive.open(info) as stream:
            # The size asked for is what zipfile lets the inflater produce in one go (it trims to the declared
            # size only afterwards), so ask for no more than the size already checked.
            return stream.read(info.file_size)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise UnreadableInputError(source, f"part {info.filename} cannot be decompressed ({exc})") from None
    except RuntimeError:  # zipfile's way of saying the member needs a password
        raise UnreadableInputError(source, f"part {info.filename} is encrypted (a password-protected zip)") from None


def _find_main_part(package: Package) -> str:
    if "_rels/.rels" in package.parts:
        for rel in package.xml("_rels/.rels"):
            if rel.tag == f"{{{REL_PACKAGE}}}Relationship" and rel.get("Type") in OFFICE_DOCUMENT_REL_TYPES:
                target = resolve_target("", rel.get("Target") or "")
                if target in package.parts:
                    return target
    if "word/document.xml" in package.parts:
        return "word/document.xml"
    if "EncryptedPackage" in package.parts or "EncryptionInfo" in package.parts:
        raise UnreadableInputError(package.source, "the document is password-protected (encrypted)")
    raise UnreadableInputError(package.source, "no main document part (word/document.xml) in the zip; is it a .docx?")


@runtime_checkable
class BinaryReader(Protocol):
    """A binary file object: anything with `read(size) -> bytes` (an open file, `io.BytesIO`, stdin's buffer)."""

    def read(self, size: int = ..., /) -> bytes: ...


Source = str | os.PathLike[str] | bytes | bytearray | BinaryReader
"""What every reader of resdiff accepts: a path, the file's bytes, or a binary file object."""


def read_source(source: Source, name: str | None = None) -> tuple[bytes, str]:
    """Bytes and a display name for a path, a bytes object or a binary file object (read to its end, bounded);
    a PDF is refused here, with a reason that says so, whatever reader would have been tried."""
    if isinstance(source, bytes | bytearray):
        data, display = bytes(source), name or "<bytes>"
    elif isinstance(source, str | os.PathLike):
        data, display = _read_path(source, name)
    elif isinstance(source, BinaryReader):
        display = name or _stream_name(source)
        data = _read_bounded(source, display)
    else:
        raise UsageError(name, f"cannot read an object of type {type(source).__name__}: give a path, bytes or a "
                               "binary file object")
    if len(data) > MAX_PACKAGE_BYTES:
        raise UnsafeInputError(display, f"the file is larger than {MAX_PACKAGE_BYTES // 2**20} MiB")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        raise UnreadableInputError(display, "is a PDF, not a resolution document resdiff can read; give the .docx "
                                            "(or its text) that the PDF was made from")
    return data, display


def _stream_name(stream: object) -> str:
    # An open file knows its path; stdin's buffer says "<stdin>"; a BytesIO has no name; os.fdopen's is an int.
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) and name else "<stream>"


def _read_bounded(stream: BinaryReader, display: str) -> bytes:
    # Bounded, so that a device or an endless pipe given as input cannot fill the memory; read in chunks,
    # because read(n) allocates n bytes up front whatever the file's size.
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= MAX_PACKAGE_BYTES and (chunk := stream.read(1 << 20)):
            if not isinstance(chunk, bytes | bytearray):
                raise UsageError(display, "is a text stream; open it in binary mode ('rb')")
            chunks.append(bytes(chunk))
            size += len(chunk)
    except OSError as exc:
        raise UnreadableInputError(display, f"cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # a closed file
        raise UnreadableInputError(display, f"cannot be read ({exc})") from None
    return b"".join(chunks)


def _read_path(source: str | os.PathLike[str], name: str | None) -> tuple[bytes, str]:
    path = Path(source)
    display = name or str(path)
    try:
        with path.open("rb") as stream:
            return _read_bounded(stream, display), display
    except FileNotFoundError:
        raise UnreadableInputError(display, "no such file") from None
    except IsADirectoryError:
        raise UnreadableInputError(display, "is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableInputError(display, f"cannot be read ({exc.strerror or exc})") from None
    except ValueError:  # a NUL in the path
        raise UnreadableInputError(display, "is not a valid file name") from None


# Fixed timestamp so that the same input gives the same bytes (CI can diff outputs).
_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def zip_package(package: Package, replaced: dict[str, bytes]) -> bytes:
    """The package's parts, in their original order, with `replaced` parts swapped in."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in package.parts.items():
            archive.writestr(fixed_info(package.infos[name].filename), replaced.get(name, body))
    return buffer.getvalue()
