"""Readers are registered like writers: a dict keyed by format name, one sniffing function, typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import resdiff
from resdiff.parse import READ_FORMATS, READERS, TREE_READERS, detect_format
from resdiff.render import WRITERS

RES130 = Path(__file__).resolve().parent.parent / "fixtures" / "res130-iap"


def test_every_format_has_one_reader() -> None:
    assert READ_FORMATS == ("docx", "txt", "critic", "flat", "html", "akn")
    assert set(READERS) | set(TREE_READERS) == set(READ_FORMATS) and not set(READERS) & set(TREE_READERS)
    text = (RES130 / "old.txt").read_bytes()
    assert resdiff.read(text, format="text") == READERS["txt"](text, "<bytes>", "revisions")


@pytest.mark.parametrize("call", [resdiff.read, resdiff.read_tree])
def test_an_unknown_input_format_is_a_usage_error_with_the_choices(call: object) -> None:
    with pytest.raises(resdiff.UsageError) as raised:
        call(b"text", format="pdf", name="in.pdf")  # type: ignore[operator]
    assert str(raised.value) == "in.pdf: unknown input format 'pdf'; choose one of docx, txt, critic, flat, html, akn"
    with pytest.raises(resdiff.UsageError, match="unknown output format 'pdf'; choose one of "
                                                 + ", ".join(WRITERS)):
        resdiff.render(resdiff.read(b"text"), "pdf")


def test_a_tree_format_is_refused_by_read_with_a_hint() -> None:
    with pytest.raises(resdiff.UsageError, match=r"use resdiff\.read_tree"):
        resdiff.read(b"<x/>", format="akn")


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("p.critic.md", b"MOD\tIAP/1\n", "critic"),
    ("p.docx", b"", "docx"),
    ("noname", b"PK\x03\x04", "docx"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "docx"),
    ("r.htm", b"<p>", "html"),
    ("r.xml", b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>', "akn"),
    ("r.xml", b"<other/>", "txt"),
    ("p.txt", b"RESOLUTION 1\n", "txt"),
])
def test_detect_format(name: str, data: bytes, expected: str) -> None:
    assert detect_format(data, name) == expected == detect_format(data, name, flat=True)


def test_flat_text_is_told_apart_only_when_asked() -> None:
    seed = (RES130 / "seed.txt").read_bytes()
    assert detect_format(seed, "seed.txt") == "txt"  # read() takes it as plain text unless told
    assert detect_format(seed, "seed.txt", flat=True) == "flat"
    assert detect_format(b"\n\nMOD\tIAP/76A35/1\nRESOLUTION 130\n", "x.txt", flat=True) == "flat"
    assert detect_format(b"RESOLUTION 130\n" * 6 + b"MOD\tIAP/76A35/1\n", "x.txt", flat=True) == "txt"
