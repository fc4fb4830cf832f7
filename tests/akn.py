"""Reading the PP-18 Final Acts in Akoma Ntoso (techpolicycomms/akn4itu) independently of resdiff.

The AKN came out of a PDF converter and has known errors (call words merged into the previous paragraph,
footnotes inlined, items merged, the first item's label left inside <p> without <num>). This module does NOT
repair them: it turns each component into the plain text a person would get by copying it out (one paragraph
per line, `label<TAB>text` where the AKN has a <num>, the text as is where it has none), and it counts the
structure the AKN itself declares, so that a test can compare resdiff's tree of that text with the markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_NS = {"a": AKN}


@dataclass(frozen=True)
class AknSection:
    """One call section as the AKN marks it up: a preamble <recitals> or a body <hcontainer>."""

    call: str
    top: int
    """<recital> / <paragraph> children."""
    nested: int
    """<point>s in the lists of those paragraphs."""


@dataclass(frozen=True)
class AknComponent:
    eid: str
    name: str
    """statement/@name: decision, resolution, recommendation."""
    title_line: str
    subtitle: str
    formula: str
    sections: tuple[AknSection, ...]
    text: str
    """The component as plain text, one paragraph per line (ends with a newline)."""

    @property
    def counts(self) -> tuple[tuple[int, int], ...]:
        return tuple((s.top, s.nested) for s in self.sections)


def _text(element: etree._Element | None) -> str:
    """All text under `element`, whitespace runs collapsed (a paragraph must stay on one line)."""
    if element is None:
        return ""
    return " ".join(element.xpath("string(.)").split())


def _numbered(element: etree._Element, body: etree._Element | None) -> str:
    num = _text(element.find("a:num", _NS))
    text = _text(body)
    return f"{num}\t{text}" if num else text


def parse(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.parse(str(path), parser)


def components(tree: etree._ElementTree) -> list[AknComponent]:
    out = []
    for component in tree.getroot().iterfind("a:documentCollection/a:components/a:component", _NS):
        statement = component.find("a:statement", _NS)
        if statement is None:
            continue
        out.append(_component(component.get("eId", ""), statement))
    return out


def _component(eid: str, statement: etree._Element) -> AknComponent:
    preface = statement.find("a:preface", _NS)
    long_title = preface.find("a:longTitle/a:p", _NS)
    title_line = " ".join(
        part for part in (_text(long_title.find("a:docType", _NS)), _text(long_title.find("a:docNumber", _NS))) if part
    )
    subtitle = " ".join(_text(p) for p in preface.iterfind("a:container[@name='title']/a:p", _NS))
    formula = _text(statement.find("a:preamble/a:formula", _NS))
    lines = [title_line, subtitle, formula]
    sections = []
    for block in statement.xpath("a:preamble/a:recitals | a:mainBody/a:hcontainer", namespaces=_NS):
        head = block.find("a:intro", _NS) if block.tag == f"{{{AKN}}}recitals" else block.find("a:heading", _NS)
        call = " ".join(_text(i) for i in head.iter(f"{{{AKN}}}i")) if head is not None else ""
        lines.append(call)
        # intro paragraphs other than the one carrying the italic call (none in PP-18, kept for generality)
        if head is not None:
            lines += [_text(p) for p in head.iterfind("a:p", _NS) if p.find("a:i", _NS) is None and _text(p)]
        top = nested = 0
        for item in block:
            local = etree.QName(item).localname
            if local == "recital":
                top += 1
                lines.append(_numbered(item, item.find("a:p", _NS)))
            elif local == "paragraph":
                top += 1
                lines.append(_numbered(item, item.find("a:content", _NS)))
                for point in item.iterfind("a:list/a:point", _NS):
                    nested += 1
                    lines.append(_numbered(point, point.find("a:content", _NS)))
        sections.append(AknSection(call, top, nested))
    text = "".join(line + "\n" for line in lines)
    return AknComponent(eid, statement.get("name", ""), title_line, subtitle, formula, tuple(sections), text)
