"""The main part of a large document read while it is parsed, so that its whole tree is never held (issue 20).

A part parsed whole is a tree of about twelve times its bytes: 0.7 GB for the 59 MB of a paragraph of a million
tracked runs, held beside the model being read from it. Here lxml's push parser is fed the part a chunk at a
time. The reader walks the body's children, and a body paragraph's children, each once it is complete (an
element is complete once it has a next sibling, or its parent is complete, or the parser has seen the end of the
part), and each child is emptied once it is read, so the parser reuses its memory for the chunks to come. Body
paragraphs are read as they arrive, run by run, and body tables row by row (a table of 800,000 cells held whole
took 1.28 GB); a content control or anything else between them is read once it is complete, as is everything
inside a paragraph's children or a table's rows. The reader is unchanged but for where its
elements come from (`resdiff.ooxml.read_body`), and the model is the same (tests/test_streamed.py compares them
on every document of the corpus, read in chunks of a few hundred bytes, in its slow run).

The part's budget (text, revisions, runs per paragraph) is charged on each element once it is complete, before
the reader sees it: a document over a limit is refused at the element that crosses it, having been parsed up to
there, instead of before its first paragraph is read. The parse is as safe as `parse_xml`'s: the same parser
options, no DOCTYPE.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from resdiff.errors import UnreadableInputError
from resdiff.ooxml.names import WORD_NAMESPACES, local
from resdiff.ooxml.package import (
    P_TAGS,
    PARSER_OPTIONS,
    R_TAGS,
    REVISION_TAGS,
    TEXT_TAGS,
    MiB,
    Package,
    doctype_refused,
    parse_xml,
    refuse_before_parsing,
    refuse_syntax,
)
from resdiff.ooxml.write_elements import discard

STREAM_FROM = 16 * MiB
"""Main parts at least this large are streamed. A smaller one is parsed whole, which is faster (streaming took 11 %
more time on 45,000 tracked paragraphs, 16 to 60 % more on a paragraph of a million runs, where the budget is
charged run by run), and its tree (some 200 MB at most) costs little."""
CHUNK = 64 * 1024  # a little faster than 1 MiB on a paragraph of a million runs (5.9 against 6.5 s), and less held
_PPR_TAGS = frozenset(f"{{{ns}}}pPr" for ns in WORD_NAMESPACES)
# body children read as they arrive, not once complete: paragraphs (run by run) and tables (row by row)
_STREAMED_TAGS = P_TAGS | frozenset(f"{{{ns}}}tbl" for ns in WORD_NAMESPACES)
_WATCHED = [f"{{{ns}}}{tag}" for ns in sorted(WORD_NAMESPACES) for tag in ("document", "body")]


class StreamedPart:
    """One part, parsed as far as its reader has asked."""

    def __init__(self, package: Package, name: str) -> None:
        self._package, self._name, self._chunk = package, name, CHUNK
        self._data = package.parts[name]
        refuse_before_parsing(self._data, package.source, name)
        self._budget = package.streamed_budget(name)
        # start events of the root and the body only: an event per element would be a tuple per element
        self._parser = etree.XMLPullParser(events=("start",), tag=_WATCHED, **PARSER_OPTIONS)
        self._at = 0
        self._closed = False
        self._root: etree._Element | None = None
        self._body: etree._Element | None = None
        self.streaming: etree._Element | None = None
        """The body paragraph being read as it arrives (`paragraph_children`), if any."""

    def root(self) -> etree._Element:
        while self._root is None and not self._closed:
            self._pump()
        if self._root is None:
            raise UnreadableInputError(self._package.source, f"{self._name} is empty")
        return self._root

    def body(self) -> etree._Element | None:
        """The root's w:body, once it has started (None if the part has none)."""
        while self._body is None and not self._closed:
            self._pump()
        return self._body

    def body_children(self, body: etree._Element) -> Iterator[etree._Element]:
        """The body's children: a paragraph or a table as soon as it starts (then `streaming`, its children read
        through `paragraph_children` or `table_children`) unless it is complete already, anything else once
        complete; each charged when complete and emptied once read."""
        charge = self._charge
        el = self._first(body)
        while el is not None:
            following = el.getnext()
            if following is None and el.tag not in _STREAMED_TAGS:
                following = self._next(el, body)
            if following is not None or self._complete(body):
                charge(el, [])
            else:
                self.streaming = el
            yield el
            self.streaming = None
            el.clear()
            el = following if following is not None else self._next(el, body)

    def paragraph_children(self, p: etree._Element, *, read: bool = True) -> Iterator[etree._Element]:
        """A streamed paragraph's children, each once complete. Being `read`, each is charged as it comes and
        emptied once read, but the paragraph's properties, which the reader reads again at its end."""
        charge = self._charge
        runs = [0]  # the paragraph's runs so far (see _Budget.charge)
        el = self._first(p)
        while el is not None:
            following = el.getnext()  # a child that has a next sibling is complete: most are, parsed ahead
            if following is None:
                following = self._next(el, p)
            if read:
                charge(el, runs)
            yield el
            if read and el.tag not in _PPR_TAGS:
                el.clear()
            el = following

    def table_children(self, tbl: etree._Element) -> Iterator[etree._Element]:
        """A streamed table's children (properties, grid, rows), each once complete, charged as it comes and emptied
        once read: a table of 800,000 cells, held until its end, was a tree of 1.1 GB."""
        el = self._first(tbl)
        while el is not None:
            following = el.getnext()
            if following is None:
                following = self._next(el, tbl)
            self._charge(el, [])
            yield el
            el.clear()
            el = following

    def _charge(self, el: etree._Element, runs: list[int]) -> None:
        """Charge a complete element to the budget (`runs`: the streamed paragraph's runs so far, for one of its
        children). Its tags are told apart in Python: lxml builds a matcher for each walk by tag (some 10 µs for
        the revisions' 32 tags), and three such walks per child of a paragraph of a million tracked runs took 30 s."""
        text = revisions = runs_in_el = 0
        nested = False  # whether it is or holds a paragraph (in a text box), whose runs are its own
        for node in el.iter():
            tag = node.tag
            if tag in TEXT_TAGS:
                text += len(node.text or "")
            elif tag in REVISION_TAGS:
                revisions += 1
            elif tag in R_TAGS:
                runs_in_el += 1
            elif tag in P_TAGS:
                nested = True
        self._budget.charge(self._package.source, self._name, el, (text, revisions, runs_in_el), runs, nested,
                            so_far=" so far")  # the part is counted as it is read

    def _complete(self, el: etree._Element) -> bool:
        if self._closed:
            return True
        node: etree._Element | None = el
        while node is not None:
            if node.getnext() is not None:
                return True
            node = node.getparent()
        return False

    def finish(self) -> None:
        """Parse what is left after the body (the end of the part): its errors refuse the part as a whole parse's
        would."""
        while not self._closed:
            self._pump()

    def _first(self, parent: etree._Element) -> etree._Element | None:
        """The first child of `parent`, once it has started (None if it has none)."""
        child = next(iter(parent), None)
        while child is None and not self._complete(parent):
            self._pump()
            child = next(iter(parent), None)
        return child

    def _next(self, child: etree._Element, parent: etree._Element) -> etree._Element | None:
        """The child after `child`, once it has started: `child` is then complete (None: it was the last)."""
        following = child.getnext()
        while following is None and not self._complete(parent):
            self._pump()
            following = child.getnext()
        return following

    def _pump(self) -> None:
        """Feed the parser the next chunk, or close it at the end of the part. The push parser reports an error that
        makes the part ill-formed (a namespace that is no URI) only when it is closed, and lxml refuses to copy such
        a namespace with a ValueError (a traceback) if the reader goes on: the rest of the part is then parsed at
        once, and refused with the message a whole parse gives."""
        if self._closed:
            return
        chunk = self._data[self._at : self._at + self._chunk]
        self._at += len(chunk)
        try:
            if chunk:
                self._parser.feed(chunk)
            if not chunk or self._parser.feed_error_log.filter_from_errors():
                self._parser.feed(self._data[self._at :])
                self._at = len(self._data)
                self._closed = True
                self._found_root(self._parser.close())
        except etree.XMLSyntaxError as exc:
            refuse_syntax(exc, self._package.source, self._name)
        for _, el in self._parser.read_events():  # the root's start, and the body's
            self._found_root(el.getroottree().getroot())
            if self._body is None and el.getparent() is self._root and local(el) == "body":
                self._body = el

    def _found_root(self, root: etree._Element) -> None:
        if self._root is None:
            if root.getroottree().docinfo.doctype:
                raise doctype_refused(self._package.source, self._name)
            self._root = root


# ---- the tree a document is written into ---------------------------------------------------------------------------
_SECT_PR_TAGS = frozenset(f"{{{ns}}}sectPr" for ns in WORD_NAMESPACES)


def without_body_content(package: Package, name: str) -> etree._Element:
    """Part `name` parsed with its body's content left out as it is parsed, but for the body's section properties:
    the tree a document is written into (`resdiff.ooxml.write_package`), which drops that content anyway. A redline
    is written into the old version's package, whose part, parsed whole, was a tree of ~0.4 GB for a paragraph of a
    million runs (issue 20). A part under STREAM_FROM is parsed whole, which is faster; the tree is the same once
    the writer has dropped the content. As safe as `parse_xml`: the same options, limits and refusals."""
    data, source = package.parts[name], package.source
    if len(data) < STREAM_FROM:
        return parse_xml(data, source, name)
    refuse_before_parsing(data, source, name)
    parser = etree.XMLPullParser(events=("start",), tag=_WATCHED, **PARSER_OPTIONS)
    root = body = None
    try:
        for at in range(0, len(data), CHUNK):
            parser.feed(data[at:at + CHUNK])
            if parser.feed_error_log.filter_from_errors():
                break  # as StreamedPart._pump: close at once, for the error a whole parse gives
            for _, el in parser.read_events():
                root = el.getroottree().getroot()
                if body is None and el.getparent() is root and local(el) == "body":
                    body = el
            if body is not None:
                _drop_complete(body)
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        refuse_syntax(exc, source, name)
    if root.getroottree().docinfo.doctype:
        raise doctype_refused(source, name)
    return root


def _drop_complete(body: etree._Element) -> None:
    """Drop what the parser has completed inside `body`, but its section properties: every child but the last (which
    may still be growing), and so on down the last ones."""
    node = body
    while True:
        children = list(node)
        if not children:
            return
        for el in children[:-1]:
            if node is not body or el.tag not in _SECT_PR_TAGS:
                discard(el)
        node = children[-1]
        if node.getparent() is body and node.tag in _SECT_PR_TAGS:
            return
