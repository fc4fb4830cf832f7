"""Generated resolution-like document pairs of any size, for the whole-process benchmarks (benchmarks/whole.py).

`resolution_pair(count, seed)` gives an old and a new `Document` of `count` paragraphs: headings every 20
paragraphs ("resolves", "instructs the Secretary-General" … as section names), then items labelled `1)`, `2)` …
restarting in each section (so a deleted or added item renumbers its section only, as in a real resolution), each
a run of 10 to 40 consecutive words of the Res. 130 text (real French resolution prose, so the comparers see
realistic word frequencies and repeated phrases, not a cycled word list). About one item in seven is edited (one to
three words replaced or a phrase added), one in eleven deleted and one in thirteen followed by a new item.
Deterministic for a seed. `write_pair` writes it as two .docx files.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import resdiff
from resdiff.model import Document, Paragraph, Span

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "res130-iap"
SECTION = 20
HEADINGS = ("considering", "recalling", "recognizing", "noting", "resolves", "instructs the Secretary-General",
            "invites Member States", "encourages Sector Members")

__all__ = ["resolution_pair", "write_pair"]


@lru_cache(maxsize=1)
def _words() -> tuple[str, ...]:
    text = " ".join((SOURCE / name).read_text(encoding="utf-8") for name in ("old.txt", "new.txt"))
    return tuple(re.findall(r"\w[\w'’./-]*[,;:]?", text))


def _item(rng: random.Random, words: tuple[str, ...]) -> str:
    start = rng.randrange(len(words) - 41)
    return " ".join(words[start:start + rng.randint(10, 40)])


def _edit(rng: random.Random, words: tuple[str, ...], text: str) -> str:
    tokens = text.split(" ")
    if rng.random() < 0.3:  # a phrase added
        at = rng.randrange(len(tokens))
        start = rng.randrange(len(words) - 6)
        return " ".join([*tokens[:at], *words[start:start + rng.randint(2, 6)], *tokens[at:]])
    for _ in range(rng.randint(1, 3)):  # words replaced
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    return " ".join(tokens)


def resolution_pair(count: int, seed: int = 1) -> tuple[Document, Document]:
    """An old and a new resolution of `count` paragraphs (headings included) in the old one."""
    rng, words = random.Random(seed), _words()
    old: list[str] = []
    new: list[str] = []
    old_label = new_label = 0
    for index in range(count):
        if index % SECTION == 0:
            heading = f"{HEADINGS[(index // SECTION) % len(HEADINGS)]} ({index // SECTION + 1})"
            old.append(heading)
            new.append(heading)
            old_label = new_label = 0
            continue
        text = _item(rng, words)
        old_label += 1
        old.append(f"{old_label})\t{text}")
        draw = rng.random()
        if draw < 1 / 11:
            continue  # deleted: the next items of the section are renumbered
        new_label += 1
        new.append(f"{new_label})\t{_edit(rng, words, text) if draw < 1 / 11 + 1 / 7 else text}")
        if rng.random() < 1 / 13:
            new_label += 1
            new.append(f"{new_label})\t{_item(rng, words)}")

    def doc(lines: list[str]) -> Document:
        return Document(blocks=tuple(Paragraph(spans=(Span(text=line),)) for line in lines))

    return doc(old), doc(new)


def write_pair(count: int, folder: Path, seed: int = 1) -> tuple[Path, Path]:
    """`resolution_pair(count, seed)` written as `folder/p{count}-old.docx` and `-new.docx` (kept if present)."""
    old_path, new_path = folder / f"p{count}-old.docx", folder / f"p{count}-new.docx"
    if not (old_path.exists() and new_path.exists()):
        old, new = resolution_pair(count, seed)
        old_path.write_bytes(resdiff.render(old, "docx"))
        new_path.write_bytes(resdiff.render(new, "docx"))
    return old_path, new_path
