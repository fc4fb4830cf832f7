"""Open-XML-PowerTools' RevisionAccepter suite: resdiff's Accept All / Reject All .docx against their expectations.

Compares the body paragraph texts of resdiff's output with those of the expected document, read by the
independent XML extraction in `corpus.body_paragraph_texts`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import resdiff
from corpus import CORPUS, body_paragraph_texts, corpus_missing

RP = CORPUS / "openxml-powertools" / "RP"
EXPECTATIONS = sorted(RP.glob("RP*-Accepted.docx")) + sorted(RP.glob("RP*-Rejected.docx"))

# Where resdiff follows Word and the expectation follows Open-XML-PowerTools' own implementation.
WORD_DIFFERS = {
    "RP015-MoveFrom-MoveTo": (
        "the moved paragraph's mark is itself inside the move (w:pPr/w:rPr/w:moveFrom and w:moveTo); Word's "
        "Accept All removes the whole paragraph at the source, and Reject All the whole paragraph at the "
        "destination, whereas RevisionAccepter leaves an empty paragraph behind in both. LibreOffice's own Accept "
        "All and Reject All give resdiff's paragraphs (test_libreoffice_oracle.py, RP015 passes on every route), "
        "and ECMA-376 Part 1 §17.13.5 (moveFrom/moveTo on w:pPr/w:rPr) make the mark part of the move"
    ),
}


def _source(expected: Path) -> Path:
    return expected.with_name(expected.name.rsplit("-", 1)[0] + ".docx")


def test_the_suite_is_all_there() -> None:
    if not RP.exists():
        corpus_missing(RP)
    assert len(EXPECTATIONS) == 104


@pytest.mark.parametrize("expected", EXPECTATIONS, ids=lambda p: p.stem)
def test_resolved_docx_matches_expectation(expected: Path) -> None:
    stem = expected.name.rsplit("-", 1)[0]
    if stem in WORD_DIFFERS:
        pytest.xfail(WORD_DIFFERS[stem])
    doc = resdiff.read(_source(expected))
    side = doc.accept() if expected.stem.endswith("-Accepted") else doc.reject()
    assert body_paragraph_texts(resdiff.render(side, "docx")) == body_paragraph_texts(expected)


@pytest.mark.parametrize("stem", sorted(WORD_DIFFERS))
def test_known_differences_are_still_differences(stem: str) -> None:
    """If RevisionAccepter's expectation and resdiff ever agree, the note in WORD_DIFFERS is stale."""
    expected = RP / f"{stem}-Accepted.docx"
    if not expected.exists():
        corpus_missing(RP)
    doc = resdiff.read(_source(expected))
    assert body_paragraph_texts(resdiff.render(doc.accept(), "docx")) != body_paragraph_texts(expected)
