"""Open a .docx package safely: bounded zip reading and hardened XML parsing.

Proposals arrive by e-mail and through uploads, so nothing in a package is trusted: part sizes are read with a
hard cap (the sizes in the zip directory can lie), DOCTYPE declarations are refused outright (no XXE, no entity
expansion), and part names that would escape the package are refused.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from resdiff.errors import UnreadableInputError, UnsafeInputError
from resdiff.ooxml.names import OFFICE_DOCUMENT_REL_TYPES, REL_PACKAGE

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 400
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

    def has(self, name: str) -> bool:
        return name in self.parts

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
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UnreadableInputError(source, f"corrupt or truncated zip archive ({exc})") from None
    if len(infos) > MAX_PARTS:
        raise UnsafeInputError(source, f"the package has more than {MAX_PARTS} parts")
    parts: dict[str, bytes] = {}
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        name = _safe_part_name(info.filename, source)
        body = _read_bounded(archive, info, source)
        total += len(body)
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeInputError(source, "the package expands beyond 1 GiB (zip bomb?)")
        if len(body) > 1024 * 1024 and info.compress_size and len(body) / info.compress_size > MAX_COMPRESSION_RATIO:
            raise UnsafeInputError(
                source, f"part {name} expands {len(body) // max(info.compress_size, 1)}-fold (zip bomb?)"
            )
        parts[name] = body
        by_name[name] = info
    package = Package(source=source, parts=parts, infos=by_name, main_part="")
    package.main_part = _find_main_part(package)
    return package


def _not_a_zip_reason(data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
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


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    if info.file_size > MAX_PART_BYTES:
        raise UnsafeInputError(source, f"part {info.filename} declares {info.file_size} bytes (zip bomb?)")
    try:
        with archive.open(info) as stream:
            body = stream.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise UnreadableInputError(source, f"part {info.filename} cannot be decompressed ({exc})") from None
    except RuntimeError as exc:  # encrypted members
        raise UnreadableInputError(source, f"part {info.filename} cannot be read ({exc})") from None
    if len(body) > MAX_PART_BYTES:
        raise UnsafeInputError(source, f"part {info.filename} expands beyond {MAX_PART_BYTES // 2**20} MiB (zip bomb?)")
    return body


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


def read_source(source: str | Path | bytes, name: str | None = None) -> tuple[bytes, str]:
    """Bytes and a display name for a path or a bytes object."""
    if isinstance(source, bytes | bytearray):
        return bytes(source), name or "<bytes>"
    path = Path(source)
    try:
        return path.read_bytes(), name or str(path)
    except FileNotFoundError:
        raise UnreadableInputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise UnreadableInputError(str(path), "is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableInputError(str(path), f"cannot be read ({exc.strerror})") from None
