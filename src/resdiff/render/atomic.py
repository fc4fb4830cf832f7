"""Write output files atomically and never over an input.

A reader of OUT sees the old file or the complete new one, never half of one: the new bytes go to a temporary
file in OUT's folder, are flushed to the disk, take the old file's permissions and only then replace it
(`os.replace`, atomic on POSIX and Windows). A symbolic link is written through: the file it points to is
replaced and the link kept. A file with several hard links gets a new inode under this name only; its other
names keep the old content, as with `sed -i`.

`refuse_input_as_output` is the guard every command that writes calls first: an output that is one of the
inputs — the same path once symbolic links are resolved, or the same file under another name (a hard link) —
is refused unless the caller allows it (`--in-place`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from resdiff.errors import ResdiffError, UsageError

__all__ = ["refuse_input_as_output", "same_file", "write_atomically", "write_text"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode(target: Path) -> int:
    """The permission bits the new file gets: the old file's, else what a new file gets under the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` so that the old file stays whole until the new one is complete on disk."""
    shown = Path(path)
    target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise ResdiffError(str(shown), f"cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # the bytes are on disk before the name points at them
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ResdiffError(str(shown), f"cannot write ({exc.strerror})") from None
        raise


def write_text(path: str | Path, text: str) -> None:
    """Write `text` as UTF-8, atomically."""
    write_atomically(path, text.encode("utf-8"))


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same inode on the same device (which sees through symbolic and hard
    links), or, where one does not exist, the same path once resolved."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        try:
            return Path(a).resolve() == Path(b).resolve()
        except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
            return False


def refuse_input_as_output(output: str | Path, inputs: Iterable[str | Path | None], *, allowed: bool = False,
                           hint: str = "choose another output") -> None:
    """Raise `UsageError` naming `output` if it is one of `inputs` (None and "-" entries are skipped), unless
    `allowed` (`--in-place`); `hint` ends the message."""
    if allowed or str(output) == "-":
        return
    for source in inputs:
        if source is not None and str(source) != "-" and same_file(output, source):
            again = "" if str(source) == str(output) else f" (the same file as {source})"
            raise UsageError(str(output), f"is an input of this command{again}; resdiff never writes over its "
                                          f"input: {hint}")
