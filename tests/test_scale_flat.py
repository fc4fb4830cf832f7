"""Issue 20, untangling flattened text fast: the shortcuts taken for speed give the results of the plain way.

The label search shares a token's readings between items and sections, and the glued-text scan skips the
characters none of its patterns can open on. Neither may change a result: a text repeated untangles as each copy
does alone, and the scan finds what the pattern without its lookahead finds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flatten import flatten
from resdiff.align.inline import Glue
from resdiff.align.untangle import _GLUED, untangle_numbering
from resdiff.model import Message
from resdiff.parse.flat import read_flat

ROOT = Path(__file__).resolve().parent.parent
_LOOKAHEAD = re.compile(r"^\(\?=\[[^\]]*\]\)")
# every pattern of the scan as it would be without the lookahead that gates where a match may start
_PLAIN = re.compile(_LOOKAHEAD.sub("", _GLUED.pattern))


def _key(message: Message, shift: int) -> tuple[str, str, int | None]:
    return message.code, message.text, None if message.paragraph is None else message.paragraph + shift


@pytest.mark.parametrize("glue", ["del-ins", "ins-del"])
def test_a_text_repeated_untangles_as_each_copy_alone(glue: Glue) -> None:
    """Readings cached per token must not carry anything from one section or series to the next."""
    text = flatten((ROOT / "fixtures" / "res130-iap-en" / "proposal.critic.md").read_text(encoding="utf-8"), glue)
    head, *body = text.rstrip("\n").split("\n")
    one = untangle_numbering(read_flat(("\n".join([head, *body]) + "\n").encode(), "one.txt"), glue)
    three = untangle_numbering(read_flat(("\n".join([head, *body * 3]) + "\n").encode(), "three.txt"), glue)
    assert three.blocks == one.blocks[:1] + one.blocks[1:] * 3
    expected = sorted(_key(m, copy * len(body)) for copy in range(3) for m in one.messages if m.paragraph)
    assert sorted(_key(m, 0) for m in three.messages if m.paragraph) == expected
    assert any(m.code == "numbering-ambiguous" for m in one.messages)  # the sample exercises the search


def test_the_glued_scan_has_a_lookahead_to_drop() -> None:
    assert _LOOKAHEAD.match(_GLUED.pattern) and _PLAIN.pattern != _GLUED.pattern


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789-,;.，；。،؛(（)）年гГ /aé迪拜\t", max_size=40))
def test_the_glued_scan_finds_what_its_patterns_find_without_the_lookahead(text: str) -> None:
    """Every alternative opens on a character of the lookahead's set; one that did not would be skipped."""
    found, plain = _GLUED.search(text), _PLAIN.search(text)
    assert (found and found.span()) == (plain and plain.span())


@pytest.mark.parametrize("text", ["(Dubai, 2018Bucharest, 2022)", "Resolution 68/19876/189", "CMDT-1722", "a;,",
                                  "（2018年，迪拜2022年）", "）（2022年", "20182022", "plain text, no glue;"])
def test_the_glued_scan_on_the_shapes_it_is_for(text: str) -> None:
    found, plain = _GLUED.search(text), _PLAIN.search(text)
    assert (found and found.span()) == (plain and plain.span())
