"""HTML reader: resolutions published as web pages (ITU's HTML editions, Council pages), `<ins>`/`<del>` kept.

Every block element without block children (p, li, h1–h6, td, …) is one paragraph; `<ins>` is inserted and
`<del>`, `<s>`, `<strike>` deleted text, `<br>` a line break. Scripts, styles and the side-by-side half of
resdiff's own report (which repeats every paragraph) are skipped. The parser has network access off.
"""

from __future__ import annotations

from lxml import etree, html

from resdiff.errors import UnreadableInputError
from resdiff.model import Document, Paragraph, Revision, Span
from resdiff.parse.text import decode_text
from resdiff.views import merge_spans

_BLOCKS = frozenset({"html", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "pre",
                     "div", "section", "article", "main", "body", "table", "tr", "ul", "ol", "dl", "header",
                     "footer", "figure", "figcaption", "caption", "address"})
_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template", "input", "label"})
_REVISIONS = {"ins": "inserted", "del": "deleted", "s": "deleted", "strike": "deleted"}
_PARSER = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def read_html(data: bytes, source: str) -> Document:
    text = decode_text(data, source)
    try:
        root = html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableInputError(source, f"not readable as HTML ({exc})") from None
    paragraphs: list[Paragraph] = []
    _collect(root, paragraphs)
    return Document(blocks=tuple(paragraphs))


def _collect(element: etree._Element, out: list[Paragraph]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED or "side" in (element.get("class") or "").split():
        return
    if tag in _BLOCKS and any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in element.iter() if c is not element):
        if element.text and element.text.strip():
            out.append(Paragraph(spans=(Span(text=element.text.strip()),)))
        for child in element:
            _collect(child, out)
            if child.tail and child.tail.strip():
                out.append(Paragraph(spans=(Span(text=child.tail.strip()),)))
        return
    spans: list[Span] = []
    _inline(element, (), spans, top=True)
    if any(s.text.strip() for s in spans):
        out.append(Paragraph(spans=merge_spans(_trim(spans))))


def _inline(element: etree._Element, revisions: tuple[Revision, ...], out: list[Span], *, top: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED:
        return
    if tag in _REVISIONS and not top:
        revisions = revisions + (Revision(kind=_REVISIONS[tag], author=element.get("data-author"),
                                          date=element.get("datetime")),)
    if tag == "br":
        out.append(Span(text="\n", revisions=revisions))
    elif element.text:
        out.append(Span(text=" ".join(element.text.split("\n")), revisions=revisions))
    for child in element:
        _inline(child, revisions, out)
        if child.tail:  # text after a child is still inside this element
            out.append(Span(text=" ".join(child.tail.split("\n")), revisions=revisions))


def _trim(spans: list[Span]) -> list[Span]:
    """Collapse HTML whitespace: runs of spaces become one, and the paragraph's ends are stripped."""
    out = []
    for span in spans:
        text = span.text  # tabs stay: they separate a label from its text
        while "  " in text:
            text = text.replace("  ", " ")
        out.append(span.model_copy(update={"text": text}))
    if out:
        out[0] = out[0].model_copy(update={"text": out[0].text.lstrip()})
        out[-1] = out[-1].model_copy(update={"text": out[-1].text.rstrip()})
    return out
