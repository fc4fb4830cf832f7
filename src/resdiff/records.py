"""`record`: resdiff's internal dataclasses, with equality, hash, repr and (frozen) immutability shared by every
class instead of compiled for each one.

`dataclasses` writes each method it generates as source and compiles it with `exec`: `__init__`, `__repr__` and
`__eq__` for every class, `__hash__`, `__setattr__` and `__delattr__` besides for a frozen one. With some sixty
internal classes that was ~20 ms of every command's start-up (issue 20). A record compiles its `__init__` only;
the rest are the functions below, which do what the generated methods do: equality of the fields compared, as
a tuple, between instances of the same class (NotImplemented otherwise); the hash of that tuple; repr as
`Name(field=value, …)`; assignment and deletion refused with FrozenInstanceError. A record is still a dataclass
(`dataclasses.fields`, `replace`, `asdict` work), and mypy reads it as one (`dataclass_transform`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")

__all__ = ["record"]


@overload
def record(cls: type[_T], /) -> type[_T]: ...


@overload
def record(*, frozen: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[_T] | None = None, /, *, frozen: bool = False) -> Any:
    """`@record` for `@dataclass`, `@record(frozen=True)` for `@dataclass(frozen=True)`."""
    def make(cls: type[_T]) -> type[_T]:
        made: Any = dataclass(cls, init=not frozen, repr=False, eq=False)
        specs = fields(made)
        compared = tuple(f.name for f in specs if f.compare)
        made._record_key = attrgetter(*compared) if compared else _no_fields
        made._record_shown = tuple(f.name for f in specs if f.repr)
        made.__eq__, made.__repr__ = _eq, _repr
        if frozen:
            made.__init__ = _frozen_init(made)
            made.__hash__, made.__setattr__, made.__delattr__ = _hash, _refuse_set, _refuse_delete
        else:
            made.__hash__ = None  # mutable and compared by value: unhashable, as a dataclass with eq=True is
        return made  # type: ignore[no-any-return]

    return make if cls is None else make(cls)


def _no_fields(item: object) -> tuple[()]:
    return ()


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self._record_key
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self._record_key(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{type(self).__qualname__}({shown})"


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _frozen_init(cls: type) -> Callable[..., None]:
    """The frozen dataclass's `__init__`: the same parameters and defaults, fields stored past `_refuse_set`."""
    scope: dict[str, Any] = {"_MISSING": MISSING, "_set": object.__setattr__}
    params, lines = [], []
    for index, f in enumerate(fields(cls)):
        if f.kw_only:  # pragma: no cover - no record uses it; the dataclass would reorder the parameters
            raise TypeError(f"{cls.__qualname__}.{f.name}: a frozen record takes no keyword-only field")
        value = f.name
        if f.default is not MISSING:
            scope[f"_default{index}"] = f.default
            value = f"_default{index}"
            if f.init:
                params.append(f"{f.name}=_default{index}")
                value = f.name
        elif f.default_factory is not MISSING:
            scope[f"_factory{index}"] = f.default_factory
            if f.init:
                params.append(f"{f.name}=_MISSING")
                lines.append(f"    if {f.name} is _MISSING: {f.name} = _factory{index}()")
            else:
                value = f"_factory{index}()"
        elif f.init:
            params.append(f.name)
        else:
            continue  # init=False without a default: left unset, as the dataclass leaves it
        lines.append(f"    _set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}) -> None:\n" + "\n".join(lines or ["    pass"])
    exec(source, scope)  # built from the class's own field names, never from input
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
