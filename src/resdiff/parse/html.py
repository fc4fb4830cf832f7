"""HTML reader: resolutions published as web pages (ITU's HTML editions, Council pages), `<ins>`/`<del>` kept.

Every block element without block children (p, li, h1–h6, td, …) is one paragraph; `<ins>` is inserted and
`<del>`, `<s>`, `<strike>` deleted text, `<br>` a line break. Scripts, styles and the side-by-side half of
resdiff's own report (which repeats every paragraph) are skipped — that half as resdiff writes it, not any element
that happens to have a class "side". The parser has network access off and libxml2's limits on: a page nested
more than 256 levels deep or with a text node over 10 MB is refused, not read up to that point.
Control characters (from the bytes or from character references such as `&#1;`) are dropped, a form feed being
white space as in HTML, and reported in the document's messages.
"""

from __future__ import annotations

from lxml import etree, html

from resdiff.errors import UnreadableInputError
from resdiff.model import Document, Paragraph, Revision, RevisionKind, Span
from resdiff.parse.text import HTML_BREAKS, Controls, decode_text
from resdiff.views import merge_spans

_BLOCKS = frozenset({"html", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "pre",
                     "div", "section", "article", "main", "body", "table", "tr", "ul", "ol", "dl", "header",
                     "footer", "figure", "figcaption", "caption", "address"})
_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template", "input"})
_REVISIONS: dict[str, RevisionKind] = {"ins": "inserted", "del": "deleted", "s": "deleted", "strike": "deleted"}
_VIEW_SWITCHES = frozenset({"view-inline", "view-side"})  # the radio buttons of resdiff's report (render/html.py)


def read_html(data: bytes, source: str) -> Document:
    text = decode_text(data, source)
    # A parser per call: its error log is this document's, and lxml parsers are not to be shared between threads.
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableInputError(source, f"not readable as HTML ({exc})") from None
    fatal = next((e for e in parser.error_log if e.level >= etree.ErrorLevels.FATAL), None)
    if fatal is not None:  # libxml2 stopped there: what follows was never read
        raise UnreadableInputError(source, _stopped(fatal.message, fatal.line))
    reader = _Reader(Controls(source, HTML_BREAKS))
    reader.collect(root)
    return Document(blocks=tuple(reader.out), messages=reader.controls.messages())


def _stopped(message: str, line: int) -> str:
    if "depth" in message.lower():
        what = "elements are nested more than 256 levels deep, the HTML parser's limit"
    elif "size" in message.lower() or "huge" in message.lower():
        what = "a text node is larger than the HTML parser's limit of 10 MB"
    else:
        what = f"the HTML parser stopped ({message.strip()})"
    return f"line {line}: {what}; refused rather than read only the part before it"


def _skipped(element: etree._Element, tag: str) -> bool:
    if tag in _SKIPPED:
        return True
    if tag == "label":  # a label is text a browser shows, except the report's own view switches
        return element.get("for") in _VIEW_SWITCHES
    return tag == "div" and _report_copy(element)


def _report_copy(element: etree._Element) -> bool:
    """Whether `element` is the side-by-side copy of a paragraph in resdiff's own report: a `<div class="side">`
    right after the paragraph's `<div class="inline">`, holding the two sides as `<div aria-label="old">` and
    `<div aria-label="new">` (resdiff.render.html). Any other element is read, whatever its class."""
    if "side" not in (element.get("class") or "").split():
        return False
    previous = element.getprevious()
    if previous is None or previous.tag != "div" or "inline" not in (previous.get("class") or "").split():
        return False
    return [(c.tag, c.get("aria-label")) for c in element] == [("div", "old"), ("div", "new")]


class _Reader:
    def __init__(self, controls: Controls) -> None:
        self.controls = controls
        self.out: list[Paragraph] = []

    def clean(self, text: str) -> str:
        return self.controls.clean(text, len(self.out) + 1)

    def collect(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if _skipped(element, tag):
            return
        if tag in _BLOCKS and any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in element.iter()
                                  if c is not element):
            if element.text and element.text.strip():
                self.out.append(Paragraph(spans=(Span(text=self.clean(element.text.strip())),)))
            for child in element:
                self.collect(child)
                if child.tail and child.tail.strip():
                    self.out.append(Paragraph(spans=(Span(text=self.clean(child.tail.strip())),)))
            return
        spans: list[Span] = []
        self.inline(element, (), spans, top=True)
        if any(s.text.strip() for s in spans):
            self.out.append(Paragraph(spans=merge_spans(_trim(spans))))

    def inline(self, element: etree._Element, revisions: tuple[Revision, ...], out: list[Span], *,
               top: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if _skipped(element, tag):
            return
        if tag in _REVISIONS and not top:
            author, date = element.get("data-author"), element.get("datetime")
            revisions = revisions + (Revision(kind=_REVISIONS[tag], author=self.clean(author) if author else author,
                                              date=self.clean(date) if date else date),)
        if tag == "br":
            out.append(Span(text="\n", revisions=revisions))
        elif element.text:
            out.append(Span(text=" ".join(self.clean(element.text).split("\n")), revisions=revisions))
        for child in element:
            self.inline(child, revisions, out)
            if child.tail:  # text after a child is still inside this element
                out.append(Span(text=" ".join(self.clean(child.tail).split("\n")), revisions=revisions))


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
