"""Configuration of `resdiff check`: `[tool.resdiff]` in pyproject.toml, or resdiff.toml, found upward.

```toml
[tool.resdiff]              # in resdiff.toml the table may be omitted (top-level keys)
select = ["NUM", "UNTRACKED001"]
ignore = ["CONS003"]
severity = { CONS002 = "error", NUM001 = "warning" }
```

As with ruff, the first directory from the current one upward that has a resdiff.toml, or a pyproject.toml with
a `[tool.resdiff]` table, wins; resdiff.toml before pyproject.toml in the same directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from resdiff.check.registry import RULES
from resdiff.errors import UsageError
from resdiff.model.base import _Value, field, value

__all__ = ["Config", "find_config", "load_config", "load_config_file"]


@value
class Config(_Value):
    """Selected and ignored rules (ids or prefixes) and per-rule severity overrides."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    """The file the settings came from, if any."""


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in `start` (default: the current directory), or None."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        own = directory / "resdiff.toml"
        if own.is_file():
            return own
        project = directory / "pyproject.toml"
        if project.is_file() and "resdiff" in _read(project).get("tool", {}):
            return project
    return None


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only where there is a file to read (the language tables no longer need it)

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(path, f"cannot read the configuration: {exc}") from None


def load_config_file(path: Path) -> Config:
    """The settings of one file (resdiff.toml: top level or [tool.resdiff]; pyproject.toml: [tool.resdiff])."""
    data = _read(path)
    table = data.get("tool", {}).get("resdiff") if isinstance(data.get("tool"), dict) else None
    if table is None:
        table = {} if path.name == "pyproject.toml" else {k: v for k, v in data.items() if k != "tool"}
    from pydantic import ValidationError  # only when there is a file to validate

    try:
        config = Config.model_validate({**table, "source": str(path)} if isinstance(table, dict) else table)
    except (ValidationError, TypeError) as exc:
        raise UsageError(path, f"invalid [tool.resdiff] settings: {exc}".replace("\n", "; ")) from None
    for rule_id, level in config.severity.items():
        if rule_id.upper() not in RULES or level not in ("error", "warning"):
            raise UsageError(path, f"severity {rule_id} = {level!r}: the rule must be one of {', '.join(RULES)} "
                                   "and the level 'error' or 'warning'")
    return config.model_copy(update={"severity": {k.upper(): v for k, v in config.severity.items()}})


def load_config(start: Path | None = None) -> Config:
    """The configuration that applies in `start` (default settings when no file is found)."""
    path = find_config(start)
    return load_config_file(path) if path is not None else Config()
