"""The one exception family of resdiff.

Every problem with an input or an option is a ``ResdiffError`` that names the file and the reason; the CLI turns
it into exit code 2 and a single line. Any other exception escaping resdiff is a bug.
"""

from __future__ import annotations

from pathlib import Path


class ResdiffError(Exception):
    """An input that cannot be used, or an option that makes no sense, with the file it concerns."""

    def __init__(self, source: str | Path | None, reason: str) -> None:
        self.source = str(source) if source is not None else None
        self.reason = reason
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return _one_line(f"{self.source}: {self.reason}" if self.source else self.reason)


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


class UsageError(ResdiffError):
    """An option or format that resdiff does not support."""
