"""The model's classes are frozen, slotted dataclasses with pydantic as their JSON layer (issue 20: building a
value is a constructor call, importing the model builds no validators). What pydantic models gave callers must
hold: immutability, equality and hashing by value, lists kept as tuples, unknown fields refused, validated JSON,
and a python-mode `model_dump` (built without pydantic) equal to pydantic's own."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pydantic
import pytest

import resdiff
from resdiff.model import Clause, Document, Paragraph, Revision, Span
from resdiff.model.base import _adapter_of
from resdiff.parse.structure import build_tree

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "fixtures" / "itu-res130-docx" / "new.docx", ROOT / "fixtures" / "res130-iap" / "proposal.docx",
           ROOT / "fixtures" / "res130-iap-autonum" / "proposal.docx"]


def test_values_are_immutable_hashable_and_compared_by_value() -> None:
    span = Span(text="a", revisions=[Revision(kind="inserted", author="A")])
    assert span.revisions == (Revision(kind="inserted", author="A"),)  # a list is kept as a tuple
    assert span == Span(text="a", revisions=(Revision(kind="inserted", author="A"),))
    assert hash(span) == hash(Span(text="a", revisions=(Revision(kind="inserted", author="A"),)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.text = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del span.text
    with pytest.raises(TypeError):
        Span(txt="a")  # type: ignore[call-arg]
    assert span.model_copy(update={"text": "b"}) == Span(text="b", revisions=span.revisions)


def test_values_pickle_and_copy() -> None:
    """As frozen dataclasses do (batch jobs and callers' caches pickle values): through the fields, not setattr."""
    import copy
    import pickle

    tree = build_tree(resdiff.read(SOURCES[1]).with_source(None))
    for item in (tree, Span(text="a", revisions=[Revision(kind="deleted", author="B")])):
        assert pickle.loads(pickle.dumps(item)) == item
        assert copy.deepcopy(item) == item and copy.copy(item) == item


def test_the_source_package_is_not_data() -> None:
    doc = resdiff.read(SOURCES[0])
    assert doc.source is not None
    assert doc == doc.with_source(None)  # equal content, equal documents, whatever their sources
    assert "source" not in doc.model_dump() and '"source"' not in doc.model_dump_json()[:200]
    assert doc.model_copy(update={"messages": ()}).source is doc.source


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_plain_dump_is_pydantics(path: Path) -> None:
    doc = resdiff.read(path)
    tree = build_tree(doc)
    assert doc.model_dump() == _adapter_of(Document).dump_python(doc)
    assert tree.model_dump() == _adapter_of(type(tree)).dump_python(tree)
    clause = next(c for s in tree.sections for c in s.clauses)
    assert {f.name for f in dataclasses.fields(Clause)} | {"action", "renumbered", "moved"} == set(clause.model_dump())
    assert doc.model_dump(exclude={"messages"}) == _adapter_of(Document).dump_python(doc, exclude={"messages"})


def test_json_is_validated() -> None:
    good = Paragraph(spans=(Span(text="x"),))
    assert Paragraph.model_validate_json(good.model_dump_json()) == good
    with pytest.raises(pydantic.ValidationError):
        Paragraph.model_validate_json('{"spans": [{"text": 3}]}')
    with pytest.raises(pydantic.ValidationError):
        Paragraph.model_validate_json('{"spans": [], "unknown": 1}')
    with pytest.raises(pydantic.ValidationError):
        Document.model_validate_json('{"blocks": [{"type": "picture"}]}')
