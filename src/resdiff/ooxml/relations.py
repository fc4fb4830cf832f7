"""Relationships of inline objects: read them out of a package, and build them into another one.

A picture's w:drawing names its image by r:embed, a hyperlink its address by r:id (ECMA-376 Part 2, 9.3 and
Part 1, 17.16.22): ids that only mean something in the package they came from. The reader copies what an object
needs into the model (`Relationship`, with the part's bytes); `PackageBuilder` adds it to the package a document
is written into, reusing an identical relationship where there is one and renaming parts whose names are taken,
and the writer rewrites the object's ids to the ones given here.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable

from lxml import etree

from resdiff.model import Relationship
from resdiff.ooxml.names import REL_PACKAGE
from resdiff.ooxml.package import Package, parse_xml, resolve_target
from resdiff.ooxml.write_stream import serialised
from resdiff.ooxml.zipping import fixed_info

R_TRANSITIONAL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
R_NAMESPACES = (R_TRANSITIONAL, R_STRICT)
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def rels_name(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def relationship_ids(el: etree._Element) -> list[str]:
    """The relationship ids an element and its descendants use (r:id, r:embed, r:link, r:pict …)."""
    ids = []
    for node in el.iter():
        for key, value in node.attrib.items():
            if key.startswith("{") and key[1:].partition("}")[0] in R_NAMESPACES and value not in ids:
                ids.append(value)
    return ids


class RelationshipReader:
    """The relationships of the parts of one package, each rels part parsed once."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self._rels: dict[str, dict[str, etree._Element]] = {}
        self._types: dict[str, str] | None = None

    def of(self, el: etree._Element, part: str) -> tuple[Relationship, ...]:
        """What `el` (read from `part`) needs to be written into another package."""
        found = []
        rels = self._part_rels(part)
        for rid in relationship_ids(el):
            rel = rels.get(rid)
            if rel is None:
                continue
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target") or ""
            content = content_type = None
            if not external:
                target = resolve_target(posixpath.dirname(part), target)
                content = self.package.parts.get(target)
                content_type = self._content_type(target)
            found.append(Relationship(id=rid, type=rel.get("Type") or "", target=target, external=external,
                                      content=content, content_type=content_type))
        return tuple(found)

    def _part_rels(self, part: str) -> dict[str, etree._Element]:
        if part not in self._rels:
            name = rels_name(part)
            root = self.package.xml(name) if name in self.package.parts else None
            self._rels[part] = {rel.get("Id") or "": rel for rel in (root if root is not None else ())}
        return self._rels[part]

    def _content_type(self, part: str) -> str | None:
        if self._types is None:
            self._types = {}
            if "[Content_Types].xml" in self.package.parts:
                for el in self.package.xml("[Content_Types].xml"):
                    if el.get("PartName"):
                        self._types[el.get("PartName", "").lstrip("/")] = el.get("ContentType") or ""
                    elif el.get("Extension"):
                        self._types["." + (el.get("Extension") or "").lower()] = el.get("ContentType") or ""
        return self._types.get(part) or self._types.get(posixpath.splitext(part)[1].lower())


class PackageBuilder:
    """A package being written: the template's parts, plus parts and relationships added for the content."""

    def __init__(self, package: Package) -> None:
        self.source = package.source
        self.parts = dict(package.parts)
        self._xml: dict[str, etree._Element] = {}
        self._changed: set[str] = set()
        self._streamed: dict[str, list[bytes]] = {}

    def xml(self, name: str) -> etree._Element:
        """A part as XML, to read."""
        if name not in self._xml:
            self._xml[name] = parse_xml(self.parts[name], self.source, name)
        return self._xml[name]

    def edit(self, name: str) -> etree._Element:
        """A part as XML to change in place (serialised again by `to_zip`; parts not edited keep their bytes)."""
        self._changed.add(name)
        return self.xml(name)

    def set_bytes(self, name: str, chunks: list[bytes]) -> None:
        """A part's bytes, in pieces, once it is written (`resdiff.ooxml.write_stream`): its tree, still there to
        make elements in, is no longer serialised."""
        self._streamed[name] = chunks
        self._changed.discard(name)

    def set_xml(self, name: str, root: etree._Element) -> None:
        self._xml[name] = root
        self._changed.add(name)
        self.parts.setdefault(name, b"")

    def relate(self, part: str, rel: Relationship) -> str:
        """The id under which `part` has this relationship, added (with its target part) if it has none."""
        rels = self._rels(part)
        rel_type = transitional_type(rel.type)
        target = rel.target
        if not rel.external:
            target = self._add_part(rel)
        for existing in rels:
            same_target = existing.get("Target") == rel.target if rel.external else \
                resolve_target(posixpath.dirname(part), existing.get("Target") or "") == target
            if transitional_type(existing.get("Type") or "") == rel_type and same_target and \
                    (existing.get("TargetMode") == "External") == rel.external:
                return existing.get("Id") or ""
        return self.add_relationship(part, rel_type, target, external=rel.external)

    def relate_part(self, part: str, rel: Relationship) -> str | None:
        """As `relate`, for a part that may need parts of its own (a header with a logo): None unless the package
        has the same part already or the part needs nothing else."""
        existing = self.parts.get(rel.target)
        if rel.external or rel.content is None:
            return None
        if existing != rel.content and relationship_ids(parse_xml(rel.content, self.source, rel.target)):
            return None
        return self.relate(part, rel)

    def add_relationship(self, part: str, rel_type: str, target: str, *, external: bool = False) -> str:
        rels = self._rels(part)
        taken = {el.get("Id") for el in rels}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        attrs = {"Id": f"rId{number}", "Type": rel_type,
                 "Target": target if external else posixpath.relpath(target, posixpath.dirname(part) or ".")}
        if external:
            attrs["TargetMode"] = "External"
        etree.SubElement(rels, f"{{{REL_PACKAGE}}}Relationship", attrs)
        return attrs["Id"]

    def related_part(self, part: str, rel_type: str) -> str | None:
        """The part `part` relates to with this (Transitional) relationship type, if any."""
        for rel in self._rels(part):
            if transitional_type(rel.get("Type") or "") == rel_type and rel.get("TargetMode") != "External":
                target = resolve_target(posixpath.dirname(part), rel.get("Target") or "")
                if target in self.parts:
                    return target
        return None

    def add_part(self, name: str, content_type: str, root: etree._Element) -> None:
        self.set_xml(name, root)
        self._override(name, content_type)

    def _add_part(self, rel: Relationship) -> str:
        """The name under which the relationship's part is in the package (an equal part is reused)."""
        content = rel.content or b""
        name = rel.target
        stem, ext = posixpath.splitext(name)
        number = 1
        while name in self.parts and self.parts[name] != content:
            name = f"{stem}_{number}{ext}"
            number += 1
        if name not in self.parts:
            self.parts[name] = content
            if rel.content_type:
                self._default(ext, rel.content_type, name)
        return name

    def _rels(self, part: str) -> etree._Element:
        name = rels_name(part)
        if name not in self.parts and name not in self._xml:
            self.set_xml(name, etree.Element(f"{{{REL_PACKAGE}}}Relationships", nsmap={None: REL_PACKAGE}))
        return self.edit(name)

    def _types(self) -> etree._Element:
        return self.edit("[Content_Types].xml")

    def _override(self, name: str, content_type: str) -> None:
        types = self._types()
        if not any(el.get("PartName") == "/" + name for el in types):
            etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override", {"PartName": "/" + name,
                                                                     "ContentType": content_type})

    def _default(self, ext: str, content_type: str, name: str) -> None:
        types = self._types()
        extension = ext.lstrip(".").lower()
        defaults = {(el.get("Extension") or "").lower(): el.get("ContentType") for el in types if el.get("Extension")}
        if extension and extension not in defaults:
            etree.SubElement(types, f"{{{CONTENT_TYPES}}}Default",
                             {"Extension": extension, "ContentType": content_type})
        elif defaults.get(extension) != content_type:
            self._override(name, content_type)

    def to_zip(self) -> bytes:
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in _ordered(self.parts):
                if name in self._streamed:  # the same bytes as writestr's: it writes through open(info, "w") too
                    with archive.open(fixed_info(name), "w") as part:
                        for chunk in self._streamed[name]:
                            part.write(chunk)
                    continue
                body = self.parts[name]
                if name in self._changed:
                    body = serialised(self._xml[name])
                archive.writestr(fixed_info(name), body)
        return buffer.getvalue()


def _ordered(names: Iterable[str]) -> list[str]:
    """[Content_Types].xml first (some readers expect it there), then the parts in the order they came."""
    names = list(names)
    return [n for n in names if n == "[Content_Types].xml"] + [n for n in names if n != "[Content_Types].xml"]


@functools.lru_cache(maxsize=4096)
def identity(xml: str, relationships: tuple[Relationship, ...] = ()) -> tuple[object, ...]:
    """What makes two inline objects (or containers) the same thing in two packages: their XML without ids that
    only number things within one package (w:id, wp:docPr/@id, r:id, r:embed …), and what their relationships
    point at (an address, or a part's bytes)."""
    import hashlib  # here: only the aligner compares objects, and hashlib's import is a start-up cost of every read

    root = etree.fromstring(xml)
    for node in root.iter():
        for key in list(node.attrib):
            name = key.rpartition("}")[2]
            if name == "id" or (key.startswith("{") and key[1:].partition("}")[0] in R_NAMESPACES):
                del node.attrib[key]
    targets = tuple(sorted((transitional_type(r.type), r.target if r.external else hashlib.sha256(
        r.content or b"").hexdigest()) for r in relationships))
    return etree.tostring(root, method="c14n"), targets


def transitional_type(rel_type: str) -> str:
    """A Strict relationship type as its Transitional equivalent (the writer builds Transitional packages)."""
    prefix = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
    return R_TRANSITIONAL + "/" + rel_type[len(prefix):] if rel_type.startswith(prefix) else rel_type
