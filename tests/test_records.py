"""`resdiff.records.record` behaves as the dataclass it replaces (issue 20: it compiles only `__init__`): the same
constructor, equality, hash, repr, immutability, pickling and `dataclasses` functions, checked side by side with
`@dataclass` on classes shaped like resdiff's records (defaults, factories, fields left out of comparison)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from resdiff.records import record


@record(frozen=True)
class FrozenRecord:
    name: str
    count: int = 1
    tags: tuple[str, ...] = field(default_factory=tuple)
    note: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class FrozenData:
    name: str
    count: int = 1
    tags: tuple[str, ...] = field(default_factory=tuple)
    note: str = field(default="", compare=False, repr=False)


@record
class MutableRecord:
    items: list[int] = field(default_factory=list)
    done: bool = False


@dataclass
class MutableData:
    items: list[int] = field(default_factory=list)
    done: bool = False


def _repr_of(item: object) -> str:
    return repr(item).split("(", 1)[1]  # the class names differ


@pytest.mark.parametrize("args", [("a",), ("a", 2), ("a", 2, ("x",)), ("a", 2, ("x",), "n")])
def test_a_frozen_record_is_its_dataclass(args: tuple[object, ...]) -> None:
    mine, theirs = FrozenRecord(*args), FrozenData(*args)  # type: ignore[arg-type]
    assert _repr_of(mine) == _repr_of(theirs)
    assert mine == FrozenRecord(*args) and hash(mine) == hash(FrozenRecord(*args))  # type: ignore[arg-type]
    assert mine != theirs and mine.__eq__(theirs) is NotImplemented
    assert FrozenRecord("a", note="other") == FrozenRecord("a")  # compare=False, as in the dataclass
    assert FrozenRecord("a") != FrozenRecord("b") and FrozenRecord("a", 2) != FrozenRecord("a", 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mine.count = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del mine.name  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(mine)) == mine and copy.deepcopy(mine) == mine
    assert dataclasses.replace(mine, count=9) == FrozenRecord(mine.name, 9, mine.tags, mine.note)
    assert dataclasses.asdict(mine) == dataclasses.asdict(theirs)
    assert FrozenRecord("a").tags == () and FrozenRecord(name="a", count=3).count == 3
    with pytest.raises(TypeError):
        FrozenRecord()  # type: ignore[call-arg]


def test_a_mutable_record_is_its_dataclass() -> None:
    mine, theirs = MutableRecord(), MutableData()
    assert _repr_of(mine) == _repr_of(theirs) and mine.items is not MutableRecord().items
    mine.items.append(1)
    mine.done = True
    assert mine == MutableRecord([1], True) and mine != MutableRecord([1])
    with pytest.raises(TypeError, match="unhashable"):
        hash(mine)
    with pytest.raises(TypeError, match="unhashable"):
        hash(theirs)
