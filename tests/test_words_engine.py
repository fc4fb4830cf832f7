"""The word diff's two engines give the same pieces: diff-match-patch's C++ port (fast-diff-match-patch), which
resdiff runs where it is installed, and the Python original, which it runs elsewhere (and ran before).

A redline must not depend on the engine: the same algorithm (Myers' bisection, no deadline) and the same semantic
cleanup are expected to break every tie the same way. Checked here on generated token sequences with few distinct
tokens (where ties abound), on the large rewrites of test_scale_diff (anchored gaps), and on whole redlines of the
bundled pairs, byte for byte.
"""

from __future__ import annotations

import random
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import resdiff
from resdiff.align import words
from test_scale_diff import rewrite

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

pytestmark = pytest.mark.skipif(words.NATIVE is None, reason="fast-diff-match-patch is not installed here")


def _both(action):  # type: ignore[no-untyped-def]
    """What `action()` gives with the C++ engine, and with the Python one."""
    native = action()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "NATIVE", None)
        python = action()
    return native, python


def _edited(rng: random.Random, tokens: list[int], edits: int, alphabet: int) -> list[int]:
    out = list(tokens)
    for _ in range(edits):
        at, draw = rng.randint(0, len(out)), rng.random()
        if draw < 0.4 or not out:
            out.insert(at, rng.randrange(alphabet))
        elif draw < 0.8:
            del out[min(at, len(out) - 1)]
        else:
            out[min(at, len(out) - 1)] = rng.randrange(alphabet)
    return out


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([2, 3, 5, 20, 300]), st.integers(0, 80), st.integers(0, 12))
def test_the_engines_give_the_same_pieces(seed: int, alphabet: int, size: int,
                                          edits: int) -> None:
    rng = random.Random(seed)
    old = [rng.randrange(alphabet) for _ in range(size)]
    new = _edited(rng, old, edits, alphabet) if rng.random() < 0.8 else [rng.randrange(alphabet) for _ in old]
    native, python = _both(lambda: words._dmp_pieces(old, new))
    assert native == python


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_engines_give_the_same_diff_of_a_large_rewrite(seed: int) -> None:
    """20,000 characters, a tenth of the words changed: anchored, with gaps given to the engine."""
    old, new, _ = rewrite(20_000, seed=seed, rate=0.1)
    native, python = _both(lambda: words.diff_words(old, new))
    assert native == python
    assert sum(1 for op, _ in native if op) > 100


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return archive.read("word/document.xml")


@pytest.mark.parametrize(("old", "new"), [
    ("itu-res130-docx/old.docx", "itu-res130-docx/new.docx"),
    ("res130-iap-en/old.txt", "res130-iap-en/new.txt"),
    ("res130-iap-zh/old.txt", "res130-iap-zh/new.txt"),
    ("resolutions/fr.txt", "res130-iap/proposal.docx"),
])
def test_the_engines_give_the_same_redline(old: str, new: str) -> None:
    def redline() -> bytes:
        return _document_xml(resdiff.render(resdiff.diff(FIXTURES / old, FIXTURES / new), "docx"))

    native, python = _both(redline)
    assert native == python
    assert native.count(b"<w:ins ") > 5
