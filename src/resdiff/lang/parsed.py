"""The language files (resdiff/lang/*.toml) as parsed data, parsed once per installation rather than per run.

tomllib is pure Python: the six files took some 20 ms to parse on every `resdiff check` (the call phrases of
every language are needed to tell call lines from text). As Python keeps a module's bytecode, the parsed data is
kept beside the file in `__pycache__`, in marshal form (read back in about a millisecond), with the text it was
parsed from: it is used only while the file has exactly that text, so an edited file is parsed again. Nothing is
written when Python writes no bytecode either (`-B`, PYTHONDONTWRITEBYTECODE) or where the directory is
read-only; then every run parses, as before.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["load"]


def load(path: Path) -> dict[str, Any]:
    """The parsed TOML file at `path`, from its cache when the cache holds the file's current text."""
    text = path.read_text(encoding="utf-8")
    cache = path.parent / "__pycache__" / f"{path.name}.{sys.implementation.cache_tag}.marshal"
    try:
        stored, data = marshal.loads(cache.read_bytes())
        if stored == text and isinstance(data, dict):
            return data
    except (OSError, EOFError, ValueError, TypeError):  # no cache yet, or one this Python cannot read
        pass
    import tomllib  # only when there is something to parse (tomllib and its regexes cost milliseconds too)

    data = tomllib.loads(text)
    if not sys.dont_write_bytecode:
        _write(cache, (text, data))
    return data


def _write(cache: Path, value: tuple[str, dict[str, Any]]) -> None:
    """Write the cache atomically (a run in parallel reads the old file or the new one, never half of one); a
    read-only or full disk only means the next run parses again."""
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(exist_ok=True)
        temporary.write_bytes(marshal.dumps(value))
        os.replace(temporary, cache)
    except (OSError, ValueError):  # ValueError: a value marshal cannot store (a TOML date); never cached
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
