"""The base of every model class: immutable values, unknown fields refused, bytes as base64 in JSON.

A model class is a frozen, slotted dataclass (`@value` on a `_Value` subclass). Building one is a plain
constructor call — a reader that meets a million runs builds a million small objects and nothing else — and
importing the model builds no validators. pydantic is the JSON layer only: `model_dump`, `model_dump_json`,
`model_validate`, `model_validate_json` and `model_json_schema` build a `pydantic.TypeAdapter` for the class the
first time one of them is called, from the same annotations (pydantic reads standard dataclasses).

As pydantic models did, a list given for a tuple field is kept as a tuple, so that values stay hashable and
`Paragraph(spans=[...]) == Paragraph(spans=(...))`. Nothing else is converted or checked when Python code builds
a value (mypy checks the library's own calls); JSON is validated in full.
"""

from __future__ import annotations

import inspect
from dataclasses import MISSING, dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, dataclass_transform

from resdiff.records import _eq, _hash, _refuse_delete, _refuse_set, _repr

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Set

    from pydantic import TypeAdapter

_T = TypeVar("_T")
_V = TypeVar("_V", bound="_Value")

__all__ = ["Tagged", "field", "value"]


class _Value:
    """What every model class shares: pydantic's method names for copying and JSON, so callers need not know
    that the classes are dataclasses."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid", "ser_json_bytes": "base64",
                                                     "val_json_bytes": "base64"}
    _tuple_fields: ClassVar[tuple[str, ...]] = ()
    _record_key: ClassVar[attrgetter[Any]]
    """The fields that make two values equal, fetched at once (operator.attrgetter); set by `value`."""
    _record_shown: ClassVar[tuple[str, ...]] = ()
    _init_names: ClassVar[tuple[str, ...]] = ()
    """The fields `__init__` takes (not a document's source), which a copy passes on."""
    _field_names: ClassVar[tuple[str, ...]] = ()
    """Every field, in order: what pickle and copy carry."""
    _json_skip: ClassVar[frozenset[str]] = frozenset()
    """Fields that are not data (a document's source package): left out of JSON and schemas."""
    _json_computed: ClassVar[Mapping[str, Any]] = {}
    """Properties written into JSON as if they were fields (name → type), like pydantic's computed_field."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = inspect.get_annotations(cls)
        inherited = tuple(n for base in cls.__mro__[1:] for n in getattr(base, "_tuple_fields", ()))
        cls._tuple_fields = inherited + tuple(n for n, a in own.items() if str(a).startswith("tuple["))

    # Equality, hash, repr and immutability as the frozen dataclass would write them, but shared by every class
    # instead of compiled for each one (what importing the model cost): the functions internal records use too.
    __eq__ = _eq
    __hash__ = _hash
    __repr__ = _repr
    __setattr__ = _refuse_set
    __delattr__ = _refuse_delete

    # pickle and copy: through the fields, as the frozen dataclass's own __getstate__ and __setstate__
    def __getstate__(self) -> list[Any]:
        return [getattr(self, name) for name in self._field_names]

    def __setstate__(self, state: list[Any]) -> None:
        for name, item in zip(self._field_names, state):
            object.__setattr__(self, name, item)

    def model_copy(self: _V, *, update: Mapping[str, Any] | None = None) -> _V:
        """A copy, with the fields in `update` replaced (not validated, as pydantic's)."""
        # what dataclasses.replace does, without listing the fields again at each call (a diff copies thousands)
        values = {name: getattr(self, name) for name in self._init_names}
        if update:
            values.update(update)
        return type(self)(**values)

    def model_dump(self, *, mode: Literal["python", "json"] = "python", exclude: set[str] | None = None,
                   **options: Any) -> dict[str, Any]:
        """The value as plain data (`mode="json"`: JSON types only); options as pydantic's (exclude, …). The
        plain Python form is built here, without pydantic: writers call it per format on their hot path."""
        if mode == "python" and not options:
            return _plain_fields(self, exclude or frozenset())
        dumped: dict[str, Any] = _adapter_of(type(self)).dump_python(self, mode=mode, exclude=exclude, **options)
        return dumped

    def model_dump_json(self, *, indent: int | None = None, **options: Any) -> str:
        return _adapter_of(type(self)).dump_json(self, indent=indent, **options).decode("utf-8")

    @classmethod
    def model_validate(cls: type[_V], data: Any) -> _V:
        """A value from plain data, validated (raises pydantic.ValidationError)."""
        validated: _V = _adapter_of(cls).validate_python(data)
        return validated

    @classmethod
    def model_validate_json(cls: type[_V], data: str | bytes) -> _V:
        """A value from its JSON, validated (raises pydantic.ValidationError)."""
        validated: _V = _adapter_of(cls).validate_json(data)
        return validated

    @classmethod
    def model_json_schema(cls, **options: Any) -> dict[str, Any]:
        return _adapter_of(cls).json_schema(**options)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """pydantic's hook: the dataclass schema without `_json_skip` and with `_json_computed`."""
        schema = handler(source)
        if not (cls._json_skip or cls._json_computed):
            return schema
        from pydantic_core import core_schema

        args = schema["schema"]
        for spec in args["fields"]:
            if spec["name"] in cls._json_skip:  # not read from JSON (left at its default), nor written
                spec.update(init=False, serialization_exclude=True,
                            schema=core_schema.with_default_schema(core_schema.any_schema(), default=None))
        args["computed_fields"] = [core_schema.computed_field(name, handler.generate_schema(kind),
                                                              metadata={"pydantic_js_updates": _read_only(cls, name)})
                                   for name, kind in cls._json_computed.items()]
        return schema


def _plain_fields(value: _Value, exclude: Set[str]) -> dict[str, Any]:
    """pydantic's python-mode dump of a model value: its fields and computed fields, nested values as dicts."""
    out = {f.name: _plain(getattr(value, f.name)) for f in fields(value)  # type: ignore[arg-type]
           if f.name not in value._json_skip and f.name not in exclude}
    out.update((name, getattr(value, name)) for name in value._json_computed if name not in exclude)
    return out


def _plain(item: Any) -> Any:
    if isinstance(item, _Value):
        return _plain_fields(item, frozenset())
    if type(item) is tuple or type(item) is list:
        return type(item)(_plain(i) for i in item)
    if type(item) is dict:
        return {k: _plain(v) for k, v in item.items()}
    return item


def _read_only(cls: type, name: str) -> dict[str, Any]:
    """What pydantic's computed_field says of a property in a JSON schema: read-only, and its docstring."""
    doc = getattr(cls, name).__doc__
    return {"readOnly": True, **({"description": inspect.cleandoc(doc)} if doc else {})}


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
def value(cls: type[_T]) -> type[_T]:
    """The class as a model value: a frozen, slotted, keyword-only dataclass, with a faster `__init__` and the
    equality, hash and repr of `_Value`."""
    # __init__, __eq__, __hash__, __repr__, __setattr__ and __delattr__ are _Value's or _fast_init's, not
    # generated by dataclass
    made = dataclass(slots=True, kw_only=True, init=False, repr=False, eq=False)(cls)
    made.__init__ = _fast_init(made)  # type: ignore[method-assign]
    specs = fields(made)  # type: ignore[arg-type]
    made._record_key = attrgetter(*(f.name for f in specs if f.compare))  # type: ignore[attr-defined]
    made._record_shown = tuple(f.name for f in specs if f.repr)  # type: ignore[attr-defined]
    made._init_names = tuple(f.name for f in specs if f.init)  # type: ignore[attr-defined]
    made._field_names = tuple(f.name for f in specs)  # type: ignore[attr-defined]
    return made


def _fast_init(cls: type) -> Callable[..., None]:
    """The dataclass's `__init__`, written to store each field through its slot's descriptor instead of
    `object.__setattr__` (twice as fast: a reader builds a span per run), and to keep a list given for a tuple
    field as a tuple. What it does is otherwise the dataclass's: the same keyword-only parameters and defaults."""
    scope: dict[str, Any] = {"_MISSING": MISSING}
    params, lines = [], []
    for index, f in enumerate(fields(cls)):
        if f.default is not MISSING:
            scope[f"_default{index}"] = f.default
            params.append(f"{f.name}=_default{index}")
        elif f.default_factory is not MISSING:
            scope[f"_factory{index}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            lines.append(f"    if {f.name} is _MISSING: {f.name} = _factory{index}()")
        else:
            params.append(f.name)
        if f.name in getattr(cls, "_tuple_fields", ()):
            lines.append(f"    if {f.name}.__class__ is list: {f.name} = tuple({f.name})")
        scope[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        lines.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, *, {', '.join(params)}) -> None:\n" + "\n".join(lines or ["    pass"])
    exec(source, scope)  # built from the class's own field names, never from input
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter_of(cls: type) -> TypeAdapter[Any]:
    """The class's pydantic TypeAdapter, built on first use (building one is what costs)."""
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


class Tagged:
    """`Annotated` metadata for a union of model classes told apart by a field (`Block`: by `type`): pydantic's
    discriminated union, made when the JSON layer is first used."""

    def __init__(self, discriminator: str) -> None:
        self.discriminator = discriminator

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from typing import Annotated

        from pydantic import Field

        return handler.generate_schema(Annotated[source, Field(discriminator=self.discriminator)])

