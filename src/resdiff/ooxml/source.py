"""What every reader of resdiff takes as input — a path, bytes or a binary file object — read to bytes, bounded,
with a name to show in messages; a PDF is refused here, whatever reader would have been tried."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, runtime_checkable

from resdiff.errors import UnreadableInputError, UsageError
from resdiff.ooxml.package import MAX_PACKAGE_BYTES, over_limit


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
        raise over_limit(display, "the file is too large", "MAX_PACKAGE_BYTES",
                         MAX_PACKAGE_BYTES, "MiB")
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
