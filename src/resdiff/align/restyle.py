"""Give a tracked document recovered from text the look of the official document it was recovered against.

Text extracted from a proposal (`resdiff untangle --base official.docx`) has no formatting, but its old side is
the official text: wherever a paragraph's old side is exactly an official paragraph, that paragraph's style,
numbering and properties are taken, and each character of the old side gets the official character's format;
inserted text takes the format of the text it follows (the way Word formats typing), a paragraph inserted whole
the properties of the paragraph before it. The official document's style and list definitions come along, so
written into its package the proposal looks like the official text with the changes tracked.
"""

from __future__ import annotations

from resdiff.align.paragraphs import match_paragraphs
from resdiff.model import Document, Paragraph, RunFormat, Span, iter_paragraphs


def carry_formatting(tracked: Document, base: Document) -> Document:
    """`tracked` (whose old side is `base`'s text, paragraph by paragraph where it can be) in `base`'s look."""
    official = list(iter_paragraphs(base.old().blocks))
    paragraphs = [b for b in tracked.blocks if isinstance(b, Paragraph)]
    if len(paragraphs) != len(tracked.blocks):
        return tracked
    old_texts = ["".join(s.text for s in p.spans if s.on("old")) for p in paragraphs]
    pairs = {t: b for b, t in match_paragraphs([p.text for p in official], old_texts)
             if official[b].text == old_texts[t]}
    out: list[Paragraph] = []
    previous: Paragraph | None = None
    for index, paragraph in enumerate(paragraphs):
        source = official[pairs[index]] if index in pairs else None
        if source is not None:
            paragraph = _restyled(paragraph, source)
            previous = source
        elif previous is not None and not old_texts[index]:
            paragraph = paragraph.model_copy(update=_properties(previous))
        out.append(paragraph)
    return tracked.model_copy(update={"blocks": tuple(out), "definitions": base.definitions})


def _properties(source: Paragraph) -> dict[str, object]:
    return {"style": source.style, "style_id": source.style_id, "numbering": source.numbering,
            "format": source.format}


def _restyled(paragraph: Paragraph, source: Paragraph) -> Paragraph:
    # one format per character of `source.text` (an equation's or a text box's text included)
    formats = [s.format for s in source.spans for _ in s.text]
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
    return paragraph.model_copy(update={"spans": tuple(spans), **_properties(source)})


def _cut(span: Span, formats: list[RunFormat | None]) -> list[Span]:
    """The span cut where the official formatting changes, each piece in its official format."""
    out: list[Span] = []
    start = 0
    for position in range(1, len(span.text) + 1):
        if position == len(span.text) or formats[position] != formats[start]:
            out.append(span.model_copy(update={"text": span.text[start:position], "format": formats[start]}))
            start = position
    return out
