"""UNTRACKED001: the proposal's old text is the official text (every change to it is tracked).

With a base (the official text), the old side of each paragraph of the proposal is compared with the base
paragraph by paragraph, after normalising whitespace and footnote marks (`[1]`, `[^1]`, `[footnoteRef:1]1`),
from the title line to the closing rule; the tag line, the Reasons paragraph, empty paragraphs and footnote
definitions are left out. Paragraphs are paired by an order-keeping alignment (difflib), so one inserted or
lost paragraph shows as itself, not as a shift of everything after it.

Flattened text has no revision marks to separate old from new: there `resdiff.untangle(IN, base=...)` recovers
the changes and reports base text the proposal lacks (`untracked-change`, `missing-from-proposal`,
`not-in-base` messages), and each of those becomes a finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from resdiff import lang
from resdiff.check.context import Context, Finding, rule

_NOTE_MARKS = re.compile(r"\[footnoteRef:\d+\]\d*|\[\^?\d+\]|\s\[\d+:\s.*?\]\s*$")
_NOTE_DEFINITION = re.compile(r"^\[\^?\d+\]:?\s")
_FLAT_CODES = {"untracked-change", "missing-from-proposal", "not-in-base"}


def normalise(text: str) -> str:
    """The comparison form: NFC, footnote marks removed, whitespace collapsed (tabs included)."""
    text = _NOTE_MARKS.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def comparable(texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(index, normalised text) of the paragraphs that belong to the resolution's text."""
    start = next((n for n, (_, t) in enumerate(texts) if lang.match_title(t)), None)
    if start is None:  # no title: skip a tag line and what comes before it
        start = next((n + 1 for n, (_, t) in enumerate(texts) if lang.match_proposal(t)), 0)
    out = []
    for index, text in texts[start:]:
        if lang.is_closing_rule(text):
            break
        norm = normalise(text)
        if norm and not _NOTE_DEFINITION.match(text.strip()) and not lang.match_reasons(norm):
            out.append((index, norm))
    return out


def _key(text: str) -> str:
    # The title line is often typed in lower case and shown in capitals (w:caps, small caps): compare it
    # case-insensitively; everything else exactly.
    return text.casefold() if lang.match_title(text) else text


def _snippet(a: str, b: str, width: int = 40) -> tuple[str, str]:
    """The region around the first difference of two texts."""
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    lo = max(0, start - width // 2)

    def cut(text: str, end: int) -> str:
        piece = text[lo: min(len(text), max(end, start) + width // 2)]
        return ("…" if lo else "") + piece + ("…" if end + width // 2 < len(text) else "")
    return cut(a, end_a), cut(b, end_b)


@rule("UNTRACKED001", "untracked-changes", "error",
      "with --base, the proposal's old text equals the official text (no change made without tracking)")
def untracked001(ctx: Context) -> Iterator[Finding]:
    if ctx.base is None:
        return
    if ctx.flat:
        yield from _from_messages(ctx)
        return
    base = comparable([(i, p.text) for i, p in enumerate(ctx.base.paragraphs())])
    mine = comparable([(i, p.text_on("old")) for i, p in enumerate(ctx.doc.paragraphs())])
    yield from compare(ctx, base, mine)


def compare(ctx: Context, base: list[tuple[int, str]], mine: list[tuple[int, str]]) -> Iterator[Finding]:
    """Findings for every difference between the base paragraphs and the proposal's old paragraphs."""
    import difflib  # only with a base to compare (most runs have none)

    matcher = difflib.SequenceMatcher(None, [_key(t) for _, t in base], [_key(t) for _, t in mine], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2)))
        for b, m in pairs:
            official, proposal = base[b][1], mine[m][1]
            a, c = _snippet(official, proposal)
            yield ctx.finding(
                "UNTRACKED001",
                f"{_where(ctx, mine[m][0])}: the old text differs from the official text without a tracked change: "
                f"official {a!r}, proposal {c!r}; track the edit or restore the official wording",
                mine[m][0], side="old", details={"official": official, "proposal": proposal})
        for b in range(i1 + len(pairs), i2):
            at = mine[j2][0] if j2 < len(mine) else (mine[-1][0] if mine else None)
            yield ctx.finding(
                "UNTRACKED001",
                f"official paragraph {base[b][1][:80]!r} is missing from the proposal (deleted without tracking); "
                "restore it, as a tracked deletion if it is to go", at, side="old",
                details={"official": base[b][1], "proposal": ""})
        for m in range(j1 + len(pairs), j2):
            yield ctx.finding(
                "UNTRACKED001",
                f"{_where(ctx, mine[m][0])}: paragraph {mine[m][1][:80]!r} is not in the official text (inserted "
                "without tracking); mark it as a tracked insertion", mine[m][0], side="old",
                details={"official": "", "proposal": mine[m][1]})


def _where(ctx: Context, paragraph: int) -> str:
    call, old, new = ctx.where.get(paragraph, (None, None, None))
    if call is None:
        return f"paragraph {paragraph + 1}"
    return f"{call!r} {old or new or '(unlabelled)'}"


def _from_messages(ctx: Context) -> Iterator[Finding]:
    for message in ctx.doc.messages:
        if message.code not in _FLAT_CODES or _only_note_marks(message.text):
            continue
        paragraph = message.paragraph - 1 if message.paragraph is not None else None  # findings count from 0
        where = _where(ctx, paragraph) + ": " if paragraph is not None else ""
        yield ctx.finding("UNTRACKED001", f"{where}{message.text}; track the change (or restore the official text)",
                          paragraph, side="old")


def _only_note_marks(text: str) -> bool:
    # untangle compares raw text, so a footnote mark written differently ("[1]" in the base, "[footnoteRef:1]1"
    # in the extraction) or a footnote definition paragraph is reported; neither is a change of wording.
    quoted = re.search(r"'(.*)'|\"(.*)\"", text)
    inner = next((g for g in quoted.groups() if g is not None), "") if quoted else ""
    return bool(quoted) and (not normalise(inner) or bool(_NOTE_DEFINITION.match(inner)))


RULES = (untracked001,)
"""This family's rules, in the order of the registry."""
