"""Style and list definitions: read the ones the content uses, and bring them into the package written.

A paragraph refers to its style by id (w:pStyle, ECMA-376 17.7.4.17) and to its list by w:numId (17.9.18); both
mean something only with the package's styles and numbering parts. A redline is written into the old version's
package, so a style or list that only the new version has must come along: `read_definitions` keeps the
definitions verbatim in the model, `DefinitionWriter` adds the missing ones to the package written — styles
matched by name as Word matches them when it copies content between documents, lists matched by their
definition — and gives the ids to write.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import etree

from resdiff.model import Definitions
from resdiff.ooxml.formatting import parse_fragment
from resdiff.ooxml.names import W_TRANSITIONAL, attr, child, local, w
from resdiff.ooxml.package import Package
from resdiff.ooxml.relations import R_TRANSITIONAL, PackageBuilder

W = W_TRANSITIONAL
_STYLE_REFERENCES = ("basedOn", "next", "link")
_NUMBERING_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"


def read_definitions(package: Package, style_ids: Iterable[str], num_ids: Iterable[str]) -> Definitions:
    """The definitions of these styles (and those they are based on or linked to) and lists, verbatim."""
    styles: dict[str, str] = {}
    wanted_lists = set(num_ids)
    by_id = {attr(el, "styleId") or "": el for part in package.related(package.main_part, "styles")
             for el in package.xml(part) if local(el) == "style"}
    queue = [s for s in style_ids if s]
    while queue:
        style_id = queue.pop()
        el = by_id.get(style_id)
        if el is None or style_id in styles:
            continue
        styles[style_id] = _xml(el)
        queue.extend(attr(ref, "val") or "" for ref in el if local(ref) in _STYLE_REFERENCES)
        num_id = el.find(f".//{{{etree.QName(el).namespace}}}numId")
        if num_id is not None:
            wanted_lists.add(attr(num_id, "val") or "")
    # in the order of the styles part: the order the queue met them in followed the set of ids the reader
    # collected, which Python's string hashing orders differently in every process (JSON and packages differed)
    in_order = {style_id: styles[style_id] for style_id in by_id if style_id in styles}
    return Definitions(styles=in_order, numbering=_lists(package, wanted_lists))


def _lists(package: Package, num_ids: set[str]) -> dict[str, str]:
    parts = package.related(package.main_part, "numbering")
    if not parts or not num_ids:
        return {}
    root = package.xml(parts[0])
    abstracts = {attr(el, "abstractNumId"): el for el in root if local(el) == "abstractNum"}
    out = {}
    for num in root:
        num_id = attr(num, "numId") or ""
        if local(num) != "num" or num_id not in num_ids:
            continue
        abstract = abstracts.get(_val(child(num, "abstractNumId")))
        holder = etree.Element(root.tag, nsmap=root.nsmap)
        if abstract is not None:
            holder.append(copy.deepcopy(abstract))
        holder.append(copy.deepcopy(num))
        for el in holder:
            el.tail = None
        out[num_id] = _xml(holder)
    return out


def list_identity(xml: str) -> bytes:
    """A list definition without the ids and the revision-save noise that differ between packages."""
    root = etree.fromstring(xml)
    for el in list(root.iter()):
        name = etree.QName(el).localname if isinstance(el.tag, str) else ""
        holder = el.getparent()
        if name in ("nsid", "tmpl", "abstractNumId") and holder is not None and el is not root:
            holder.remove(el)
    for el in root.iter():
        for key in [k for k in el.attrib if k.rpartition("}")[2] in ("abstractNumId", "numId")]:
            del el.attrib[key]
    return bytes(etree.tostring(root, method="c14n"))


class DefinitionWriter:
    """Ids of styles and lists in the package being written, importing the definitions it lacks."""

    def __init__(self, builder: PackageBuilder, main: str, definitions: Definitions) -> None:
        self.builder = builder
        self.main = main
        self.definitions = definitions
        self._styles_part = builder.related_part(main, f"{R_TRANSITIONAL}/styles")
        self._styles = builder.xml(self._styles_part) if self._styles_part else None
        self._ids: dict[str, str] = {}  # template id → name, and the ids imported
        self._names: dict[str, str] = {}
        for el in self._styles if self._styles is not None else ():
            if local(el) == "style":
                style_id = attr(el, "styleId") or ""
                name_el = child(el, "name")
                self._ids[style_id] = attr(name_el, "val") or style_id if name_el is not None else style_id
                self._names.setdefault(self._ids[style_id], style_id)
        self._imported: dict[str, str] = {}
        self._lists: dict[str, str] = {}

    def paragraph_style(self, name: str | None, style_id: str | None) -> str | None:
        """The id of the paragraph style named `name` (the source's `style_id`) in the package written."""
        if name and name in self._names:
            return self._names[name]
        return self.style(style_id) if style_id and style_id in self.definitions.styles else None

    def style(self, style_id: str) -> str:
        """The id to write for a style the content refers to by id (a character or table style)."""
        if style_id in self._imported:
            return self._imported[style_id]
        xml = self.definitions.styles.get(style_id)
        if xml is None or self._styles is None:
            return style_id
        el = parse_fragment(xml, W)
        name_el = child(el, "name")
        name = (attr(name_el, "val") if name_el is not None else None) or style_id
        if name in self._names:  # the package has a style of that name: Word uses it
            self._imported[style_id] = self._names[name]
            return self._names[name]
        new_id = style_id
        while new_id in self._ids:
            new_id += "1"
        self._imported[style_id] = new_id
        self._ids[new_id], self._names[name] = name, new_id
        el.set(w("styleId"), new_id)
        for ref in [r for r in el if local(r) in _STYLE_REFERENCES]:
            ref.set(w("val"), self.style(attr(ref, "val") or ""))
        assert self._styles_part is not None
        self.builder.edit(self._styles_part).append(el)
        return new_id

    def num_id(self, num_id: str) -> str:
        """The w:numId to write for a list of the content, its definition added where the package lacks it."""
        if num_id not in self._lists:
            self._lists[num_id] = self._list(num_id)
        return self._lists[num_id]

    def _list(self, num_id: str) -> str:
        xml = self.definitions.numbering.get(num_id)
        if xml is None:
            return num_id
        part = self._numbering_part()
        existing = _lists_of(self.builder.xml(part))
        if num_id in existing and list_identity(existing[num_id]) == list_identity(xml):
            return num_id
        for other_id, other in existing.items():
            if list_identity(other) == list_identity(xml):
                return other_id
        return self._add_list(self.builder.edit(part), parse_fragment(xml, W))

    def _add_list(self, root: etree._Element, holder: etree._Element) -> str:
        abstracts = [el for el in root if local(el) == "abstractNum"]
        nums = [el for el in root if local(el) == "num"]
        abstract_id = str(1 + max((_int(attr(el, "abstractNumId")) for el in abstracts), default=-1))
        new_num_id = str(1 + max((_int(attr(el, "numId")) for el in nums), default=0))
        abstract = next((el for el in holder if local(el) == "abstractNum"), None)
        num = next(el for el in holder if local(el) == "num")
        if abstract is not None:
            abstract.set(w("abstractNumId"), abstract_id)
            if nums:  # CT_Numbering: every w:abstractNum before the first w:num
                nums[0].addprevious(abstract)
            else:
                root.append(abstract)
            reference = child(num, "abstractNumId")
            if reference is not None:
                reference.set(w("val"), abstract_id)
        num.set(w("numId"), new_num_id)
        root.append(num)
        return new_num_id

    def _numbering_part(self) -> str:
        rel_type = f"{R_TRANSITIONAL}/numbering"
        part = self.builder.related_part(self.main, rel_type)
        if part is None:
            part = "word/numbering.xml"
            self.builder.add_part(part, _NUMBERING_TYPE, etree.Element(w("numbering"), nsmap={"w": W}))
            self.builder.add_relationship(self.main, rel_type, part)
        return part


def _lists_of(root: etree._Element) -> dict[str, str]:
    abstracts = {attr(el, "abstractNumId"): el for el in root if local(el) == "abstractNum"}
    out = {}
    for num in root:
        if local(num) == "num":
            holder = etree.Element(root.tag, nsmap=root.nsmap)
            abstract = abstracts.get(_val(child(num, "abstractNumId")))
            if abstract is not None:
                holder.append(copy.deepcopy(abstract))
            holder.append(copy.deepcopy(num))
            out[attr(num, "numId") or ""] = _xml(holder)
    return out


def _xml(el: etree._Element) -> str:
    clean = copy.deepcopy(el)
    clean.tail = None
    return str(etree.tostring(clean, encoding="unicode"))


def _val(el: etree._Element | None) -> str | None:
    return attr(el, "val") if el is not None else None


def _int(value: str | None) -> int:
    return int(value) if value and value.isascii() and value.isdigit() else 0
