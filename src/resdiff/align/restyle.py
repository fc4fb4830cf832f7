"""Give a tracked document recovered from text the look of the official document it was recovered against.

Text extracted from a proposal (`resdiff untangle --base official.docx`) has no formatting, but its old side is
the official text: wherever a paragraph's old side is exactly an official paragraph, that paragraph's style,
numbering and properties are taken, and each character of the old side gets the official character's format;
inserted text takes the format of the text it follows (the way Word formats typing), a paragraph inserted whole
the properties of the paragraph before it. The official document's style and list definitions come along, so
written into its package the proposal looks like the official text with the changes tracked.

An official paragraph numbered by Word has its list label in the extracted text, typed. Where the label Word's
numbering gives the paragraph on a side is exactly the typed one, the typed label is taken out and the numbering
kept, so Word renumbers the proposal itself; where it is not (a `4 bis` typed after item 4, an extractor that wrote
a space for the tab), the typed label stays and the paragraph is taken out of the list.
"""

from __future__ import annotations

from resdiff.align.paragraphs import match_paragraphs
from resdiff.labels import split_label
from resdiff.model import Document, Numbering, Paragraph, RunFormat, Side, Span, absent_from, iter_paragraphs
from resdiff.numbered import generated_labels, shown
from resdiff.ooxml.numbering import ListLabels
from resdiff.views import properties_on

_SIDES: tuple[Side, Side] = ("old", "new")


def carry_formatting(tracked: Document, base: Document) -> Document:
    """`tracked` (whose old side is `base`'s text, paragraph by paragraph where it can be) in `base`'s look."""
    resolved = base.old()
    official = list(iter_paragraphs(resolved.blocks))
    official_texts = [(shown(label) if label else "") + p.text
                      for p, (_, label) in zip(official, generated_labels(resolved), strict=True)]
    paragraphs = [b for b in tracked.blocks if isinstance(b, Paragraph)]
    if len(paragraphs) != len(tracked.blocks):
        return tracked
    old_texts = [p.text_on("old") for p in paragraphs]
    pairs = {t: b for b, t in match_paragraphs(official_texts, old_texts) if official_texts[b] == old_texts[t]}
    counters = {side: ListLabels(base.definitions) for side in _SIDES}
    out: list[Paragraph] = []
    previous: Paragraph | None = None
    for index, paragraph in enumerate(paragraphs):
        source = official[pairs[index]] if index in pairs else None
        if source is not None:
            paragraph = _restyled(paragraph, source, counters)
            previous = source
        elif previous is not None and not old_texts[index]:
            paragraph = _settled(paragraph, _properties(previous), counters)
        for side in _SIDES:  # count the paragraph as Word will
            if not absent_from(paragraph.mark, side):
                counters[side].label(properties_on(paragraph, side))
        out.append(paragraph)
    return tracked.model_copy(update={"blocks": tuple(out), "definitions": base.definitions})


def _settled(paragraph: Paragraph, properties: dict[str, object], counters: dict[Side, ListLabels]) -> Paragraph:
    """The paragraph with `properties`: its typed labels taken out where Word's numbering shows the same labels on
    every side the paragraph is on, else its typed labels kept and the paragraph out of the list."""
    candidate = paragraph.model_copy(update=properties)
    typed = {side: _typed_label(paragraph, side) for side in _SIDES if not absent_from(paragraph.mark, side)}
    generated = {side: counters[side].copy().label(properties_on(candidate, side)) for side in typed}
    if all(label is None for label in generated.values()):
        return candidate
    if all(label is not None and shown(label) == typed[side] for side, label in generated.items()):
        stripped = _without_prefixes(candidate, {side: len(text) for side, text in typed.items()})
        if stripped is not None:
            return stripped
    # numId 0 takes a paragraph out of a list its style puts it in (ECMA-376 17.9.18)
    return candidate.model_copy(update={"numbering": Numbering(num_id="0") if candidate.numbering else None})


def _typed_label(paragraph: Paragraph, side: Side) -> str:
    """The label typed at the start of one side's text, with the space or tab after it ("" if none)."""
    text = paragraph.text_on(side)
    found = split_label(text)
    return text[:len(text) - len(found[1])] if found else ""


def _without_prefixes(paragraph: Paragraph, lengths: dict[Side, int]) -> Paragraph | None:
    """The paragraph with the first `lengths[side]` characters of each side's text taken out; None when a span
    shared by both sides would have to lose a different number of characters on each."""
    left = {side: lengths.get(side, 0) for side in _SIDES}
    spans: list[Span] = []
    for span in paragraph.spans:
        sides = [side for side in _SIDES if span.on(side) and side in lengths]
        cut = 0
        if span.note is None and span.object is None and sides and any(left[side] for side in sides):
            wanted = {left[side] for side in sides}
            if len(wanted) != 1 and min(wanted) < len(span.text):
                return None
            cut = min(*wanted, len(span.text))
            for side in sides:
                left[side] -= cut
        if span.text[cut:] or span.note is not None or span.object is not None:
            spans.append(span.model_copy(update={"text": span.text[cut:]}) if cut else span)
    return paragraph.model_copy(update={"spans": tuple(spans)}) if not any(left.values()) else None


def _properties(source: Paragraph) -> dict[str, object]:
    return {"style": source.style, "style_id": source.style_id, "numbering": source.numbering,
            "format": source.format}


def _restyled(paragraph: Paragraph, source: Paragraph, counters: dict[Side, ListLabels]) -> Paragraph:
    # list labels first: what the old side has besides a typed label is then `source.text`
    paragraph = _settled(paragraph, _properties(source), counters)
    label = len(paragraph.text_on("old")) - len(source.text)
    # one format per character of `source.text` (an equation's or a text box's text included), none for a
    # label that stays typed
    formats = [None] * label + [s.format for s in source.spans for _ in s.text]
    spans: list[Span] = []
    at = 0
    last: RunFormat | None = formats[0] if formats else None
    for span in paragraph.spans:
        if span.note is not None or span.object is not None or not span.text:
            spans.append(span)
        elif not span.on("old"):
            spans.append(span.model_copy(update={"format": last}))
        else:
            spans.extend(_cut(span, formats[at:at + len(span.text)]))
            at += len(span.text)
            last = formats[at - 1] if at else last
    return paragraph.model_copy(update={"spans": tuple(spans)})


def _cut(span: Span, formats: list[RunFormat | None]) -> list[Span]:
    """The span cut where the official formatting changes, each piece in its official format."""
    out: list[Span] = []
    start = 0
    for position in range(1, len(span.text) + 1):
        if position == len(span.text) or formats[position] != formats[start]:
            out.append(span.model_copy(update={"text": span.text[start:position], "format": formats[start]}))
            start = position
    return out
