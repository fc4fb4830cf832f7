"""Word's automatic list labels: the text Word shows before a numbered paragraph, computed from the list
definitions the way Word computes it (ECMA-376 Part 1, 17.9).

A paragraph is in a list through its own w:numPr or its style's; its w:num names an abstract list and may
override a level's start. Word counts per abstract list, so two w:num of one abstract list continue each other
unless one restarts a level with w:startOverride — which is how Word's "Restart numbering" works. Numbering a
paragraph at level L steps L's counter and restarts the levels below it (unless their w:lvlRestart says
otherwise); a level above L not counted yet counts as used at its start value, so that a list whose first item is
"1.a." goes on with "2." (Word's rule: Microsoft KB Q110380). The label is the level's w:lvlText with each %n
replaced by level n's counter in level n's format (decimal under w:isLgl, but for decimalZero, which keeps its
leading zero as in Word's "Section 1.01"), then the suffix (a tab unless w:suff says otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field

from lxml import etree

from resdiff.model import Definitions, Paragraph
from resdiff.ooxml.names import MC, attr, child, local
from resdiff.ooxml.number_formats import format_number
from resdiff.records import record

_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}


@record(frozen=True)
class Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after a level above this (1-based); 0 = never
    legal: bool = False
    suffix: str = "\t"
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


@record(frozen=True)
class Label:
    """A generated list label: its text, what follows it (a tab, a space or nothing) and its level's format
    (`bullet` for bullets, whose text is the bullet character in the level's font)."""

    text: str
    suffix: str
    format: str

    def __str__(self) -> str:
        return self.text + self.suffix


@record
class _List:
    abstract: str
    levels: dict[int, Level]
    overrides: dict[int, int]  # level → w:startOverride


@record
class ListLabels:
    """Labels of the numbered paragraphs of one part, in document order: call `label` for every paragraph."""

    definitions: Definitions
    _lists: dict[str, _List | None] = field(default_factory=dict)
    _counters: dict[str, dict[int, int]] = field(default_factory=dict)
    _restarted: set[tuple[str, int]] = field(default_factory=set)

    def copy(self) -> ListLabels:
        """A counter that continues from here independently (to see what a paragraph would be labelled)."""
        return ListLabels(self.definitions, self._lists, {k: dict(v) for k, v in self._counters.items()},
                          set(self._restarted))

    def label(self, paragraph: Paragraph) -> Label | None:
        """The label Word shows before this paragraph, or None if it is not numbered."""
        num_id, level = self._numbering(paragraph)
        if num_id is None or num_id == "0":
            return None
        numbering = self._list(num_id)
        if numbering is None or level not in numbering.levels:
            return None
        counters = self._counters.setdefault(numbering.abstract, {})
        if level in numbering.overrides and (num_id, level) not in self._restarted:
            self._restarted.add((num_id, level))
            counters[level] = numbering.overrides[level] - 1
        definition = numbering.levels[level]
        for above in range(level):  # a level skipped on the way down counts as used, at its start value
            counters.setdefault(above, numbering.levels.get(above, Level()).start)
        counters[level] = counters.get(level, definition.start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            restart = numbering.levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and level < restart):
                del counters[deeper]
        return Label(self._text(numbering, level, counters), definition.suffix, definition.format)

    def _text(self, numbering: _List, level: int, counters: dict[int, int]) -> str:
        definition = numbering.levels[level]
        if definition.format == "bullet":
            return definition.text
        if definition.format == "none":
            return ""
        out, index = [], 0
        text = definition.text
        while index < len(text):
            if text[index] == "%" and index + 1 < len(text) and text[index + 1].isdigit():
                shown = int(text[index + 1]) - 1
                other = numbering.levels.get(shown, Level())
                value = counters.get(shown, other.start)
                legal = definition.legal and other.format != "decimalZero"  # "Section %1.%2" is "Section 1.01"
                out.append(format_number(value, "decimal" if legal else other.format))
                index += 2
            else:
                out.append(text[index])
                index += 1
        return "".join(out)

    def _numbering(self, paragraph: Paragraph) -> tuple[str | None, int]:
        if paragraph.numbering is not None:
            return paragraph.numbering.num_id, paragraph.numbering.level
        style_id = paragraph.style_id
        seen: set[str] = set()
        while style_id and style_id not in seen:  # numbering through the paragraph style and those it is based on
            seen.add(style_id)
            xml = self.definitions.styles.get(style_id)
            if xml is None:
                return None, 0
            style = etree.fromstring(xml)
            ppr = child(style, "pPr")
            numpr = child(ppr, "numPr") if ppr is not None else None
            num_id = _val(child(numpr, "numId")) if numpr is not None else None
            if num_id is not None:
                level = _val(child(numpr, "ilvl")) if numpr is not None else None
                return num_id, int(level) if level and level.isdigit() else self._level_of_style(num_id, style_id)
            based = child(style, "basedOn")
            style_id = _val(based) if based is not None else None
        return None, 0

    def _level_of_style(self, num_id: str, style_id: str) -> int:
        numbering = self._list(num_id)
        levels = numbering.levels.items() if numbering is not None else ()
        return next((number for number, level in levels if level.style == style_id), 0)

    def _list(self, num_id: str) -> _List | None:
        if num_id not in self._lists:
            xml = self.definitions.numbering.get(num_id)
            self._lists[num_id] = _parse_list(etree.fromstring(xml)) if xml else None
        return self._lists[num_id]


def _parse_list(holder: etree._Element) -> _List | None:
    abstract = next((el for el in holder if local(el) == "abstractNum"), None)
    num = next((el for el in holder if local(el) == "num"), None)
    if abstract is None or num is None:
        return None
    levels = {number: level for number, level in _levels(abstract)}
    overrides: dict[int, int] = {}
    for override in (el for el in num if local(el) == "lvlOverride"):
        number = _int(attr(override, "ilvl"), 0)
        start = child(override, "startOverride")
        if start is not None:
            overrides[number] = _int(_val(start), 1)
        replaced = child(override, "lvl")
        if replaced is not None:
            levels[number] = _level(replaced)
    return _List(abstract=attr(abstract, "abstractNumId") or "", levels=levels, overrides=overrides)


def _levels(abstract: etree._Element) -> Iterable[tuple[int, Level]]:
    for el in abstract:
        if local(el) == "lvl":
            yield _int(attr(el, "ilvl"), 0), _level(el)


def _level(el: etree._Element) -> Level:
    restart = child(el, "lvlRestart")
    legal = child(el, "isLgl")
    return Level(start=_int(_val(child(el, "start")), 0), format=_number_format(el),
                 text=_val(child(el, "lvlText")) or "", restart=_int(_val(restart), 0) if restart is not None else None,
                 legal=legal is not None and _val(legal) not in ("0", "false", "off"),
                 suffix=_SUFFIX.get(_val(child(el, "suff")) or "tab", "\t"), style=_val(child(el, "pStyle")))


def _number_format(level: etree._Element) -> str:
    """The level's w:numFmt; Word 2010's custom formats ("001, 002, 003, ...") are a w:numFmt w:val="custom"
    with the pattern in w:format, inside mc:AlternateContent whose mc:Fallback is decimal ([MS-DOCX] 2.4)."""
    found = child(level, "numFmt")
    for alternate in (el for el in level if found is None and el.tag == f"{{{MC}}}AlternateContent"):
        for branch in alternate:  # the mc:Choice first: resdiff knows the w14 formats
            found = next((el for el in branch if local(el) == "numFmt"), None)
            if found is not None:
                break
    value = _val(found) or "decimal"
    return (attr(found, "format") or "decimal") if value == "custom" and found is not None else value


def _val(el: etree._Element | None) -> str | None:
    return attr(el, "val") if el is not None else None


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.lstrip("-").isdigit() else default
