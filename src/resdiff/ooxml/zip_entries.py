"""The entries of a .docx's zip, checked before any is read: each name must name one part for every reader (no
escape from the package, no two spellings of one part), and no two entries may share compressed bytes; and a file
that is not a zip at all is named for what it is (legacy .doc, encrypted package, XML, RTF)."""

from __future__ import annotations

import posixpath
import struct
import unicodedata
import zipfile
from urllib.parse import unquote

from resdiff.errors import UnsafeInputError


def not_a_zip_reason(data: bytes) -> str:
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


def unambiguous_names(infos: list[zipfile.ZipInfo], source: str) -> list[str]:
    """The part name of each entry; refuses a name that escapes the package or that readers resolve differently
    (a backslash, a '.', '..' or empty segment, a control character such as NUL, where zipfile would cut the
    name), and two entries for one part: the same name, or names equal once percent-decoded, Unicode-normalised
    and compared without case (OPC part names are case-insensitive, ECMA-376 Part 2, 6.2.2.3)."""
    names: list[str] = []
    seen: dict[str, str] = {}
    for info in infos:
        raw = info.orig_filename  # before zipfile cuts it at a NUL
        name = _safe_part_name(raw, source)
        key = unicodedata.normalize("NFC", unquote(name)).casefold()
        if key in seen:
            same = "the same name twice" if seen[key] == raw else f"the same part as {seen[key]!r}"
            raise UnsafeInputError(source, f"part name {raw!r} is {same}; refused because readers disagree on "
                                           "which one the document is (ambiguous package)")
        seen[key] = raw
        names.append(name)
    return names


def _safe_part_name(name: str, source: str) -> str:
    if name.startswith(("/", "\\")) or ":" in name.split("/")[0]:
        raise UnsafeInputError(source, f"part name {name!r} points outside the package")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise UnsafeInputError(source, f"part name {name!r} holds a control character (NUL…); refused as ambiguous")
    if "\\" in name:
        raise UnsafeInputError(source, f"part name {name!r} holds a backslash, which some readers take for a "
                                       "folder separator and others do not; refused as ambiguous")
    segments = unquote(name).split("/")
    if ".." in segments and posixpath.normpath(unquote(name)).startswith(".."):
        raise UnsafeInputError(source, f"part name {name!r} points outside the package")
    if any(segment in ("", ".", "..") for segment in segments):
        raise UnsafeInputError(source, f"part name {name!r} has a '.', '..' or empty segment, which readers "
                                       "resolve differently; refused as ambiguous")
    return name


def refuse_overlapping_entries(data: bytes, infos: list[zipfile.ZipInfo], directory: int, source: str) -> None:
    """Refuse entries whose compressed bytes overlap (one deflate stream read as many parts: the overlapping zip
    bomb, and two names for one content); each entry must end before the next starts and before the directory."""
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for info, following in zip(ordered, [*ordered[1:], None]):
        start = info.header_offset
        if data[start : start + 4] != b"PK\x03\x04":
            continue  # zipfile says so when the part is read
        name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
        end = start + 30 + name_length + extra_length + info.compress_size
        limit = following.header_offset if following is not None else directory
        if end > limit:
            other = following.orig_filename if following is not None else "the zip directory"
            raise UnsafeInputError(source, f"part {info.orig_filename!r} overlaps {other!r} in the zip "
                                           "(entries sharing bytes: a zip bomb or an ambiguous package)")
