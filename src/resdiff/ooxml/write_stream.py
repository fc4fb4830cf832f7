"""Serialising a part while its content is written, so that its tree never holds more than a few blocks.

A redline of a paragraph of a million runs was a tree of four million nodes (1.3 GB), built whole and only then
serialised (issue 20). `PartStream` keeps the bytes instead: the writer adds the body's blocks one by one, and
opens a paragraph of many runs as a shell whose runs it adds group by group; every few thousand nodes the part is
serialised and what was added since goes out of the tree as bytes.

The bytes are those `serialised` gives for the whole tree, byte for byte. A comment (the marker) stands where the
next content goes. The part serialised is then the bytes before the marker (the same each time: the content that
went out has left the tree), the content added since, the marker, and the bytes after it (the same each time), so
the content's bytes are the ones between. Both ends are checked against the bytes found the first time: a part that
serialised differently would be an error in this module, never a silently wrong document.

The runs of a streamed paragraph (and the rows of a streamed table) are added to an element already in the part,
not to one built apart; lxml drops the namespace declarations an element added to a tree repeats from its new
ancestors, so the bytes could differ there. They do not on any document of the corpus: tests/test_write_stream.py
compares the stream with the whole tree, every paragraph and table streamed, hyperlinks and content controls
included.
"""

from __future__ import annotations

from lxml import etree

from resdiff.ooxml.write_elements import discard

# Serialised when this much has been added since the last time: a node here is a block, or a paragraph's child
# (a run, a revision's wrapper, a hyperlink). The bytes of the part's start and end are written again each time,
# so a smaller number costs more serialising and a larger one more memory.
FLUSH_NODES = 4096


def serialised(root: etree._Element) -> bytes:
    """A part's XML as it is written into a package."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class PartStream:
    """The bytes of one part, whose content is added at one place: in `parent`, before `before` (at its end if
    None). `chunks()` gives them once everything is added; the tree is then left without the content."""

    def __init__(self, parent: etree._Element, before: etree._Element | None) -> None:
        self._root = parent.getroottree().getroot()
        for number in range(1000):  # a marker whose bytes the part holds once: where it was put
            self._marker: etree._Element = etree.Comment(f" resdiff: content goes here ({number}) ")
            self._mark = etree.tostring(self._marker)
            if before is not None:
                before.addprevious(self._marker)
            else:
                parent.append(self._marker)
            whole = serialised(self._root)
            at = whole.find(self._mark)
            if whole.find(self._mark, at + 1) < 0:
                break
            parent.remove(self._marker)
        else:  # pragma: no cover - a part of a thousand markers
            raise ValueError("a part holds every marker the stream could use")
        self._heads = [whole[:at]]
        self._tails = [whole[at + len(self._mark):]]
        self._kept = [0]  # children of the element written into that stay there (a paragraph's properties)
        self._chunks = [self._heads[-1]]
        self._added = 0

    # ---- adding ----------------------------------------------------------------------------------------------------
    def add(self, el: etree._Element) -> None:
        """`el` as the next child of the element written into."""
        self._marker.addprevious(el)
        self.grown(1 + len(el))

    def grown(self, nodes: int) -> None:
        """The element opened last (`open`) was given `nodes` more children at its end."""
        self._added += nodes
        if self._added >= FLUSH_NODES:
            self.flush()

    def open(self, shell: etree._Element) -> None:
        """`shell` (a paragraph with its properties) as the next child; what is added next goes into it, at its end,
        until `close`."""
        self.flush()
        self._marker.addprevious(shell)
        kept = len(shell)
        shell.append(self._marker)
        whole = serialised(self._root)
        head, tail = self._heads[-1], self._tails[-1]
        at = whole.rfind(self._mark, len(head), len(whole) - len(tail))  # after it: closing tags only
        self._check(whole, head, at)
        self._chunks.append(whole[len(head):at])
        self._heads.append(whole[:at])
        self._tails.append(whole[at + len(self._mark):])
        self._kept.append(kept)

    def close(self) -> None:
        """The element opened last is complete."""
        self.flush()
        shell = self._marker.getparent()
        assert shell is not None and len(self._heads) > 1, "close() without open()"
        inner, outer = self._tails.pop(), self._tails[-1]
        self._chunks.append(inner[:len(inner) - len(outer)])
        self._heads.pop()
        self._kept.pop()
        shell.addnext(self._marker)
        discard(shell)

    def chunks(self) -> list[bytes]:
        """The part's bytes, in order (joined, they are the part); the marker leaves the tree."""
        assert len(self._heads) == 1, "open() without close()"
        self.flush()
        self._chunks.append(self._tails[-1])
        parent = self._marker.getparent()
        assert parent is not None
        parent.remove(self._marker)
        return self._chunks

    # ---- serialising -----------------------------------------------------------------------------------------------
    def flush(self) -> None:
        """What was added since the last time, as bytes, out of the tree."""
        if not self._added:
            return
        parent = self._marker.getparent()
        assert parent is not None
        if len(self._heads) > 1:
            parent.append(self._marker)  # a shell's children were added at its end, after the marker
        whole = serialised(self._root)
        head, tail = self._heads[-1], self._tails[-1]
        at = len(whole) - len(tail) - len(self._mark)
        self._check(whole, head, at)
        self._chunks.append(whole[len(head):at])
        children = list(parent)
        for el in children[self._kept[-1]:children.index(self._marker)]:
            discard(el)
        self._added = 0

    def _check(self, whole: bytes, head: bytes, at: int) -> None:
        if not (at >= len(head) and whole.startswith(head) and whole.startswith(self._mark, at)
                and whole.endswith(self._tails[-1])):  # pragma: no cover - lxml serialising a part differently
            raise AssertionError("a streamed part serialised differently from one flush to the next")
