"""Write output files atomically and never over an input.

A reader of OUT sees the old file or the complete new one, never half of one: the new bytes go to a file in OUT's
folder, are flushed to the disk, take the old file's permissions and only then replace it (`os.replace`, atomic
on POSIX and Windows). A symbolic link is written through: the file it points to is replaced and the link kept.
A file with several hard links gets a new inode under this name only; its other names keep the old content, as
with `sed -i`.

A writer killed midway (kill -9, a crash, the OOM killer) leaves nothing behind where the OS allows it: on Linux
the new bytes go to an unnamed file (`O_TMPFILE`) that is given a name only when complete — OUT itself when OUT
is new; over an existing OUT it is linked to a hidden `.OUT.*.part` name and renamed over OUT at once (POSIX has
no atomic "link over an existing name"), so a name exists for two system calls. Linking an unnamed file needs
`linkat(AT_EMPTY_PATH)` (privileged) or `/proc/self/fd` (unprivileged, where /proc is mounted and the sandbox
allows it); where neither works, and on other systems, the bytes go to a named `.OUT.*.part` file, locked
(`flock`) while its writer lives. Every write first removes the `.OUT.*.part` files of OUT that no live writer
holds, so a crash's leftover lasts until the next write of the same file.

`refuse_input_as_output` is the guard every command that writes calls first: an output that is one of the
inputs — the same path once symbolic links are resolved, or the same file under another name (a hard link) —
is refused unless the caller allows it (`--in-place`).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
from collections.abc import Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; a leftover .part stays (Windows has no O_TMPFILE either)
    fcntl = None  # type: ignore[assignment]

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
    """Write `data` to `path` so that the old file stays whole until the new one is complete on disk, and a
    writer killed midway leaves no temporary file (see the module's documentation for where the OS allows it)."""
    shown = Path(path)
    target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    directory = target.parent if str(target.parent) else Path(".")
    remove_stale_parts(target)
    try:
        if _write_unnamed(target, directory, data):
            return
    except OSError as exc:
        raise ResdiffError(str(shown), f"cannot write ({exc.strerror})") from None
    import tempfile  # only where the unnamed file cannot be used

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise ResdiffError(str(shown), f"cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            _lock(stream.fileno())  # held until closed (or the process dies): "a live writer's file"
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


# errors that say "this folder, file system or kernel cannot do it": the named temporary file does it instead
_UNSUPPORTED = {errno.EOPNOTSUPP, errno.EINVAL, errno.EISDIR, errno.ENOENT, errno.EXDEV, errno.EPERM, errno.EACCES,
                errno.ENOSYS}


def _write_unnamed(target: Path, directory: Path, data: bytes) -> bool:
    """Write through an unnamed O_TMPFILE file, named when complete; False where the OS cannot, having left
    nothing behind. An OSError of the write itself (a full disk) is raised."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return False
    try:
        fd = os.open(directory, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        if exc.errno in _UNSUPPORTED:
            return False
        raise
    try:
        _lock(fd)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)  # the bytes are on disk before a name points at them
        os.fchmod(fd, _mode(target))
        if not target.exists() and not target.is_symlink() and _link(fd, target):
            return True
        for _ in range(100):  # a free hidden name beside the target, then renamed over it
            tmp = directory / f".{target.name}.{os.urandom(6).hex()}.part"
            try:
                if not _link(fd, tmp):
                    return False
            except FileExistsError:
                continue
            try:
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            return True
        return False
    finally:
        os.close(fd)


def _link(fd: int, name: Path) -> bool:
    """Give the unnamed file `fd` the name `name` (FileExistsError if taken); False where the OS does not let
    this process do it."""
    try:  # unprivileged: open(2)'s documented way for an O_TMPFILE file
        os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)
        return True
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
    return _link_empty_path(fd, name)


def _link_empty_path(fd: int, name: Path) -> bool:
    """linkat(AT_EMPTY_PATH), where /proc is not mounted: privileged (CAP_DAC_READ_SEARCH). ctypes is imported
    only here: it is a sixth of a command's start-up."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, at_empty_path = -100, 0x1000
        if libc.linkat(fd, b"", at_fdcwd, os.fsencode(name), at_empty_path) == 0:
            return True
        code = ctypes.get_errno()
    except (OSError, AttributeError):
        return False
    if code == errno.EEXIST:
        raise FileExistsError(code, os.strerror(code), str(name))
    return False


def _lock(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_stale_parts(target: str | Path) -> list[Path]:
    """Remove the `.TARGET.*.part` files beside `target` that no live writer holds (a writer locks its file
    while it lives; the lock goes with the process, kill -9 included); return those removed. Without flock
    (Windows) nothing is removed: a live writer's file cannot be told from a dead one's."""
    if fcntl is None:
        return []
    target = Path(target)
    removed = []
    pattern = os.path.join(glob.escape(str(target.parent or Path("."))), f".{glob.escape(target.name)}.*.part")
    for name in glob.glob(pattern):  # the pattern's leading '.' is literal: hidden names match
        with contextlib.suppress(OSError):
            fd = os.open(name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            try:
                found = os.fstat(fd)
                if not stat.S_ISREG(found.st_mode):
                    continue
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # OSError: a live writer holds it
                same = os.lstat(name)
                if (same.st_dev, same.st_ino) == (found.st_dev, found.st_ino):
                    os.unlink(name)
                    removed.append(Path(name))
            finally:
                os.close(fd)
    return removed


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
