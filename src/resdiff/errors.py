"""The one exception family of resdiff.

Every problem with an input or an option is a ``ResdiffError`` that names the file and the reason; the CLI turns
it into exit code 2 and a single line. Any other exception escaping resdiff is a bug. `revision_date` and
`revision_author` check the two options that are written into the output (the CLI's and the API's alike).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path


class ResdiffError(Exception):
    """An input that cannot be used, or an option that makes no sense, with the file it concerns."""

    def __init__(self, source: str | Path | None, reason: str) -> None:
        self.source = str(source) if source is not None else None
        self.reason = reason
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return _one_line(f"{self.source}: {self.reason}" if self.source else self.reason)

    def __reduce__(self) -> tuple[type[ResdiffError], tuple[str | None, str]]:
        # pickled as its two arguments (Exception pickles `args`, one string here): a worker process or another
        # machine (resdiff.batch_job.run_file under Dask) sends the error back whole
        return type(self), (self.source, self.reason)


def _one_line(text: str) -> str:
    # File and part names come from uploads: a newline or a terminal escape in one must not forge a second
    # line of output or drive the terminal, so anything unprintable is shown as its escape sequence.
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class UnreadableInputError(ResdiffError):
    """The input is not a document resdiff can read (not a zip, truncated, missing parts, malformed XML)."""


class UnsafeInputError(UnreadableInputError):
    """The input was refused because reading it could harm the machine (DOCTYPE/entities, zip bomb, path escape)."""


class SkippedInputError(UnreadableInputError):
    """`resdiff batch` did not read an entry of the input folder: not a regular file (a FIFO, a socket, a
    device), a symbolic link loop, a broken link, or a link that leads out of the input folder."""


class UsageError(ResdiffError):
    """An option or format that resdiff does not support."""


# ---- options that end up in the output -------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$")


def revision_date(value: str | None, option: str = "--date") -> str | None:
    """`value` as the xsd:dateTime of a revision's `w:date` (ECMA-376 Part 1, 17.13.1: ST_DateTime): a date
    (`2022-09-26`) is completed to midnight UTC (`2022-09-26T00:00:00Z`), a date and time
    (`2022-09-26T14:30:00Z`, `…+02:00`, no zone) is kept as written; anything else raises `UsageError`."""
    if value is None:
        return None
    hint = f"{option} {value!r} is not an ISO 8601 date: write 2022-09-26 or 2022-09-26T14:30:00Z"
    if (date := _DATE.match(value)) is not None:
        fields, full = date.groups(), f"{value}T00:00:00Z"
    elif (moment := _DATE_TIME.match(value)) is not None:
        fields, full = moment.groups()[:6], value
        zone = moment.groups()[8:]
        if zone[0] is not None and (int(zone[0]) > 14 or int(zone[1] or 0) > 59):
            raise UsageError(None, hint + " (the time zone is out of range)")
    else:
        raise UsageError(None, hint)
    try:
        year, month, day, hour, minute, second = (int(f) for f in (*fields, "0", "0", "0")[:6])
        datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise UsageError(None, f"{hint} ({exc})") from None
    return full


def revision_author(value: str | None, option: str = "--author") -> str | None:
    """`value` as a revision's `w:author`, or `UsageError` if it holds a control character (a newline, an escape,
    NUL…), which an XML attribute cannot carry and a terminal would obey."""
    if value is not None and any(unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff" for c in value):
        raise UsageError(None, f"{option} {_one_line(repr(value))} holds a control character; give plain text")
    return value
