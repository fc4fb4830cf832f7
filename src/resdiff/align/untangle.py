"""Untangle flattened tracked text into a tracked Document: the numbering always (by a search per series).

Input is a Document whose paragraphs hold glued old+new text (read by `resdiff.parse.flat`). Sections are cut at
call lines; within a section the labelled paragraphs form a series of top-level items, with Roman items under an
item that ends with ":" and bullets under those. Each series is solved by `resdiff.align.numbering.solve`; the
labels then become tracked spans (`{--g--}{++f++})`), and paragraphs that exist on one side only are tracked as
whole-paragraph deletions or insertions. Inline text after the label is kept on both sides as it is: without the
base text nothing says which of its characters were deleted and which inserted; paragraphs that show the
tell-tale signs of glued changes are reported instead.

The glue order (`del-ins`: the deleted text first, as Apache POI / Tika write it; `ins-del`: the inserted text
first) says which part of glued text is old: `gf)` is g) → f) in one order and f) → g) in the other. `auto` takes
the order whose label series cost less (`resdiff.align.numbering`: bis/ter labels and closing punctuation break
the mirror symmetry of glued labels), then, with the base text, the order under which more insertions match a
replacement pattern (`resdiff.align.inline`), and says what it chose and why in an info message (`glue-order`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from resdiff import lang
from resdiff.align.against_base import align_paragraphs, broken_lines, old_text, shown_text, split_against
from resdiff.align.inline import Glue
from resdiff.align.numbering import Item, Reading, Solution, solve
from resdiff.labels import Label, split_label, token_readings
from resdiff.model import Document, Message, Paragraph, Revision, Span
from resdiff.numbered import type_labels
from resdiff.records import record

GlueChoice = Literal["del-ins", "ins-del", "auto"]
GLUES: tuple[Glue, Glue] = ("del-ins", "ins-del")
_INSERTED = (Revision(kind="inserted"),)
_DELETED = (Revision(kind="deleted"),)
# Signs that deleted and inserted text were glued together: a year run into a word or another year
# ("2018Bucarest", "CMDT-1722"), a resolution number run into another ("68/19876/189"), doubled closing marks.
# Chinese writes the year first with its suffix, and text runs on before and after it ("在2015年后"): there a place
# runs into the next year inside a citation ("（2018年，迪拜2022年") or a citation into the next ("）（2022年");
# digits run into Han characters, which are word characters, so no \b is used.
# Every alternative opens on a digit, "-", a closing mark or a bracket: the lookahead lets the search skip other
# characters at once instead of trying each alternative there (4 times faster, the same matches).
_GLUED = re.compile(
    r"(?=[\d\-,;.，；。،؛(（)）])"
    r"(?:(?:(?:19|20)\d\d(?:\s?[гГ]\.)?+(?!年)[^\W\d_])|(?:-\d{4}(?!\d))|(?:(?<!\d)\d{2,3}/\d{5,6}/\d{2,3}(?!\d))"
    r"|(?:[,;.，；。،؛][,;.，；。،؛]\s*$)|(?:\d{4}(?:19|20)\d\d(?!\d))|(?:[(（](?:19|20)\d\d年[，,]?[^\W\d_]{1,20}(?:19|20)\d\d)"
    r"|(?:[)）][(（][^()（）]{0,40}?(?:19|20)\d\d))"
)


@record
class _Labelled:
    index: int  # position in doc.blocks
    token: str
    rest: str  # text after the label, separator included
    text: str  # text after the label, without separator
    labels: tuple[Label, ...]  # the token's readings


def untangle_numbering(doc: Document, glue: GlueChoice = "del-ins") -> Document:
    """The tracked Document behind flattened text, label changes and whole-paragraph changes recovered."""
    blocks = _paragraphs(doc)
    messages: list[Message] = list(doc.messages)
    all_series = [found for section in _sections(blocks) for found in _series(section, blocks)]
    if glue == "auto":
        costs = {order: _labels_cost(all_series, order) for order in GLUES}
        chosen: Glue = min(GLUES, key=lambda order: costs[order])  # del-ins, POI's order, on a tie
        messages.append(_glue_message(chosen, costs, "labels" if costs["del-ins"] != costs["ins-del"] else "none"))
    else:
        chosen = glue
    for series, kinds in all_series:
        solution = solve([Item(s.token, s.text) for s in series], kinds, chosen)
        _report(series, solution, messages)
        for labelled, reading in zip(series, solution.readings):
            blocks[labelled.index] = _tracked(blocks[labelled.index], labelled, reading, chosen)
    for index, block in enumerate(blocks):
        glued = _GLUED.search(block.text) if not block.has_revisions else None
        if glued is not None:
            messages.append(Message(
                level="warning", code="glued-text",
                text=f"deleted and inserted text seem to run together ({glued.group(0)!r}); "
                     "without --base it is kept as-is on both sides",
                paragraph=index + 1))
    return doc.model_copy(update={"blocks": tuple(blocks), "messages": tuple(messages)})


def _labels_cost(all_series: list[tuple[list[_Labelled], frozenset[str]]], glue: Glue) -> float:
    return sum(solve([Item(s.token, s.text) for s in series], kinds, glue).cost for series, kinds in all_series)


def _glue_message(glue: Glue, costs: dict[Glue, float], evidence: str) -> Message:
    other = GLUES[1] if glue == GLUES[0] else GLUES[0]
    first = "deleted" if glue == "del-ins" else "inserted"
    if evidence == "labels":
        why = f"its label series cost {costs[glue]:g} against {costs[other]:g} read {other}"
    elif evidence == "base":
        why = (f"replacement patterns explain {costs[glue]:g} of its insertions (net of those left in doubt) against "
               f"{costs[other]:g} read {other}; the labels could not tell")
    else:
        why = "nothing in the labels tells the orders apart; POI's order is taken"
    return Message(level="info", code="glue-order",
                   text=f"glued text read {glue} (the {first} text first): {why}",
                   data={"glue": glue, "evidence": evidence, **{f"cost {k}": f"{v:g}" for k, v in costs.items()}})


def _sections(blocks: Sequence[object]) -> list[list[_Labelled]]:
    sections: list[list[_Labelled]] = [[]]
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        if lang.match_call(text) or lang.is_closing_rule(text.strip()) or lang.match_title(text.strip()):
            sections.append([])
            continue
        split = split_label(text)
        if split is not None:
            token, body = split
            sections[-1].append(_Labelled(index, token, text[len(token):], body, token_readings(token)))
    return [s for s in sections if s]


def _series(section: list[_Labelled], blocks: Sequence[object]) -> list[tuple[list[_Labelled], frozenset[str]]]:
    """Top-level items, Roman items under an item ending with ':', bullets under those."""
    top_kind = _top_kind(section)
    top: list[_Labelled] = []
    children: dict[int, list[_Labelled]] = {}
    bullets: dict[int, list[_Labelled]] = {}
    parent: _Labelled | None = None
    in_roman = False
    for item in section:
        kinds = {r.kind for r in item.labels}
        if kinds == {"bullet"}:
            owner = (children[parent.index][-1] if parent is not None and parent.index in children
                     and in_roman else parent)
            if owner is not None:
                bullets.setdefault(owner.index, []).append(item)
            continue
        opens_roman = parent is not None and parent.text.rstrip().endswith((":", "：")) and "roman" in kinds and \
            any(r.kind == "roman" and r.ordinal == 1 for r in item.labels)
        nests = "roman" in kinds and (opens_roman or in_roman) and not (
            in_roman and _continues(top, item, top_kind) and not _roman_next(children, parent, item))
        if nests and parent is not None:
            in_roman = True
            children.setdefault(parent.index, []).append(item)
            continue
        in_roman = False
        top.append(item)
        parent = item
    out = [(top, frozenset({top_kind}))]
    out.extend((series, frozenset({"roman"})) for series in children.values())
    return out


def _top_kind(section: list[_Labelled]) -> str:
    for item in section:
        for reading in item.labels:
            if reading.kind in ("letter", "number"):
                return reading.kind
    return "number" if section[0].token[:1].isdigit() else "letter"


def _continues(top: list[_Labelled], item: _Labelled, kind: str) -> bool:
    """Whether a Roman-looking token could also be the next top-level letter (h) then i))."""
    return kind == "letter" and bool(top) and any(r.kind == "letter" for r in item.labels)


def _roman_next(children: dict[int, list[_Labelled]], parent: _Labelled | None, item: _Labelled) -> bool:
    if parent is None or parent.index not in children:
        return False
    count = len(children[parent.index])
    return any(r.kind == "roman" and r.ordinal == count + 1 for r in item.labels)


def _tracked(paragraph: Paragraph, labelled: _Labelled, reading: Reading, glue: Glue) -> Paragraph:
    token, rest = labelled.token, labelled.rest
    if reading.new is None and reading.old is not None:
        return paragraph.model_copy(update={"spans": _mark_all(paragraph.spans, _DELETED), "mark": _DELETED})
    if reading.old is None and reading.new is not None:
        return paragraph.model_copy(update={"spans": _mark_all(paragraph.spans, _INSERTED), "mark": _INSERTED})
    if reading.cut is None:
        return paragraph
    closing = ")" if token.endswith(")") else ""
    body = token[: len(token) - len(closing)]
    first, second = (_DELETED, _INSERTED) if glue == "del-ins" else (_INSERTED, _DELETED)
    label = [Span(text=body[: reading.cut], revisions=first), Span(text=body[reading.cut :], revisions=second)]
    if closing:
        label.append(Span(text=closing))
    del rest
    return paragraph.model_copy(update={"spans": tuple(label) + tuple(_shift(paragraph, len(token)))})


def _shift(paragraph: Paragraph, offset: int) -> list[Span]:
    """The paragraph's spans after its first `offset` characters."""
    out: list[Span] = []
    for span in paragraph.spans:
        if offset <= 0:
            out.append(span)
        elif span.note is None and len(span.text) > offset:
            out.append(span.model_copy(update={"text": span.text[offset:]}))
            offset = 0
        else:
            offset -= len(span.text)
    return out


def _mark_all(spans: tuple[Span, ...], revisions: tuple[Revision, ...]) -> tuple[Span, ...]:
    return tuple(s.model_copy(update={"revisions": revisions}) for s in spans)


_SHOWN_LABELS = 12


def _report(series: list[_Labelled], solution: Solution, messages: list[Message]) -> None:
    if solution.broken:
        shown = " ".join(s.token for s in series[:_SHOWN_LABELS])
        if len(series) > _SHOWN_LABELS:  # a series of thousands of labels would make a line of that many
            shown += f" … ({len(series)} labels)"
        messages.append(Message(level="warning", code="numbering-unsolved",
                                text=f"no reading of the labels {shown} gives valid old and new series; the least "
                                     "broken one was taken", paragraph=series[0].index + 1))
    for ambiguity in solution.ambiguities:
        alternatives = "; ".join(_describe(r) for r in ambiguity.alternatives)
        messages.append(Message(
            level="warning", code="numbering-ambiguous",
            text=f"label {ambiguity.token!r} read as {_describe(ambiguity.chosen)}; also possible: {alternatives}",
            paragraph=series[ambiguity.index].index + 1))


def _describe(reading: Reading) -> str:
    if reading.old is None:
        return f"inserted {reading.new_text}"
    if reading.new is None:
        return f"deleted {reading.old_text}"
    if reading.old_text == reading.new_text:
        return f"unchanged {reading.old_text}"
    return f"{reading.old_text} → {reading.new_text}"


def untangle(doc: Document, base: Document | None = None, glue: GlueChoice = "del-ins") -> Document:
    """Numbering always; with the base (old) text, the inline insertions too (`resdiff.align.inline`)."""
    if base is None:
        return untangle_numbering(doc, glue)
    if glue != "auto":
        return apply_base(untangle_numbering(doc, glue), base, glue)
    blocks = _paragraphs(doc)
    all_series = [found for section in _sections(blocks) for found in _series(section, blocks)]
    costs = {order: _labels_cost(all_series, order) for order in GLUES}
    if costs["del-ins"] != costs["ins-del"]:
        chosen = min(GLUES, key=lambda order: costs[order])
        note = _glue_message(chosen, costs, "labels")
        return _with_message(apply_base(untangle_numbering(doc, chosen), base, chosen), note)
    results = {order: _apply_base(untangle_numbering(doc, order), base, order) for order in GLUES}
    matches: dict[Glue, float] = {order: float(results[order][1]) for order in GLUES}
    chosen = max(GLUES, key=lambda order: matches[order])  # del-ins on a tie
    evidence = "base" if matches["del-ins"] != matches["ins-del"] else "none"
    return _with_message(results[chosen][0],
                         _glue_message(chosen, matches if evidence == "base" else costs, evidence))


def _with_message(doc: Document, message: Message) -> Document:
    return doc.model_copy(update={"messages": (message,) + tuple(doc.messages)})


def _paragraphs(doc: Document) -> list[Paragraph]:
    """The blocks of flattened text, which are paragraphs only (its reader makes no tables)."""
    blocks = [b for b in doc.blocks if isinstance(b, Paragraph)]
    if len(blocks) != len(doc.blocks):
        raise ValueError("untangling works on flattened text, which has no tables")
    return blocks


def apply_base(doc: Document, base: Document, glue: Glue = "del-ins") -> Document:
    """Split each paragraph's glued text against its base paragraph; report base text the proposal lacks, and
    insertions glued to base text that they may have replaced (`ambiguous-replacement`)."""
    return _apply_base(doc, base, glue)[0]


def _apply_base(doc: Document, base: Document, glue: Glue) -> tuple[Document, int]:
    """`apply_base`, and how many insertions a replacement pattern explained, less those it could not."""
    # Word's list numbers are in text extracted from a proposal, so they are in the base text compared with it
    base_texts = [p.text for p in type_labels(base.old()).paragraphs() if p.text.strip()]
    blocks = _paragraphs(doc)
    on_old = [i for i, b in enumerate(blocks) if old_text(b).strip()]
    flat_texts = [old_text(blocks[i]) for i in on_old]
    broken = broken_lines(base_texts, flat_texts)
    pairs = [(b, f) for b, f in align_paragraphs(base_texts, flat_texts) if f not in broken]
    messages = [m for m in doc.messages if m.code != "glued-text"]
    matched_base = {b for b, _ in pairs} | set(broken.values())
    score = 0
    for b_index, f_index in pairs:
        index = on_old[f_index]
        blocks[index], pieces = split_against(blocks[index], base_texts[b_index], glue)
        for piece in pieces:
            if piece.kind == "missing":
                messages.append(Message(
                    level="warning", code="untracked-change",
                    text=f"base text {piece.text!r} is not in the proposal (changed without tracking)",
                    paragraph=index + 1))
            elif piece.doubt:
                messages.append(Message(
                    level="warning", code="ambiguous-replacement",
                    text=f"inserted {shown_text(piece.text)} is {piece.doubt}: it may replace base text "
                         f"{'before' if glue == 'del-ins' else 'after'} it, which the flattened text does not "
                         "show; kept as a pure insertion", paragraph=index + 1, data={"inserted": piece.text}))
        score += sum(1 for p in pieces if p.pattern) - sum(1 for p in pieces if p.doubt)
    matched_flat = {f for _, f in pairs}
    for f_index, index in enumerate(on_old):
        if f_index in matched_flat or f_index in broken:
            continue
        text = old_text(blocks[index]).strip()
        paragraph = blocks[index]
        if not paragraph.has_revisions or all(r.kind == "inserted" for s in paragraph.spans for r in s.revisions):
            # Not in the old text, so it was inserted as a whole; the labels alone could not tell (an ambiguity).
            blocks[index] = paragraph.model_copy(update={
                "spans": _mark_all(paragraph.spans, _INSERTED), "mark": _INSERTED})
            messages = [m for m in messages if not (m.code == "numbering-ambiguous" and m.paragraph == index + 1)]
            messages.append(Message(level="info", code="inserted-per-base",
                                    text=f"{text[:60]!r} is not in the base text, so it is read as inserted",
                                    paragraph=index + 1))
        else:
            messages.append(Message(level="warning", code="not-in-base",
                                    text=f"{text[:60]!r} is not in the base text", paragraph=index + 1))
    for b_index, text in enumerate(base_texts):
        if b_index not in matched_base:
            messages.append(Message(level="warning", code="missing-from-proposal",
                                    text=f"base paragraph {text[:60]!r} is missing from the proposal"))
    return doc.model_copy(update={"blocks": tuple(blocks), "messages": tuple(messages)}), score
