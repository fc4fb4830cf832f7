"""Open a .docx package safely: bounded zip reading, hardened XML parsing and a resource budget per read.

Proposals arrive by e-mail and through uploads, so nothing in a package is trusted: part sizes are read with a
hard cap (the sizes in the zip directory can lie), DOCTYPE declarations are refused outright (no XXE, no entity
expansion), part names that would escape the package or that two readers could resolve to different parts are
refused, and every read has a budget (the limits below), each checked before the work that would exceed it.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import field
from typing import Any, NoReturn

from lxml import etree

from resdiff.errors import UnreadableInputError, UnsafeInputError
from resdiff.ooxml.names import OFFICE_DOCUMENT_REL_TYPES, REL_PACKAGE, WORD_NAMESPACES, child
from resdiff.ooxml.zip_entries import not_a_zip_reason, refuse_overlapping_entries, unambiguous_names
from resdiff.records import record

MiB = 1024 * 1024

# ---- the budget of one read --------------------------------------------------------------------------------
# Each limit is what the largest real documents need, times a margin. The figures: over the 573 .docx of the
# corpus (../shared/corpus) and the bundled fixtures, the largest needs 47 parts, 1.4 MB inflated (1.2 MB in its
# largest part), a compression ratio of 32 for one part and 24 for the package, 41,112 XML nodes, 70,378
# characters of text, 55 runs in one paragraph and 712 revisions. The longest ITU text at hand, the PP-18 Final
# Acts (akn4itu-itu-pp18), is 1.16 million characters in 3,107 paragraphs; as a tracked .docx (~13 bytes and
# ~0.4 XML nodes per character, as the Res. 130 proposal has) that is about 15 MB of document.xml and 500,000
# nodes. Memory (issue 20, measured as peak RSS): a main part of 16 MiB or more is read as it is parsed
# (resdiff.ooxml.streamed); MAX_XML_PART_BYTES stops a paragraph of runs that are each a revision of their own near
# 1.05 million runs, whose tree is 0.66 GB and revisions 0.71 GB; accepting it (the package transform holds the
# part's tree, 0.7 GB of it) 0.89 GB into a .docx and 0.92 GB as text. Every command stays under 1 GB.

MAX_PACKAGE_BYTES = 200 * MiB
"""The file itself (pictures included): 140 times the largest .docx of the corpus."""
MAX_PARTS = 2_000
"""Entries in the zip: 40 times the corpus's 47; a document with 1,500 pictures still fits."""
MAX_TOTAL_UNCOMPRESSED = 256 * MiB
"""All parts inflated, pictures included (they are held as bytes, never parsed): more than the file limit."""
MAX_PART_BYTES = MAX_PACKAGE_BYTES
"""One part inflated (a picture is stored, not compressed: no larger than the file)."""
MAX_XML_PART_BYTES = 64 * MiB
"""One XML part inflated: 4 times the PP-18 Final Acts as a tracked document.xml (~15 MB), 50 times the corpus."""
MAX_XML_BYTES = 128 * MiB
"""All XML parts inflated (document, notes, headers, styles, numbering, charts…): twice the largest part."""
MAX_COMPRESSION_RATIO = 200
"""Inflated/compressed size of one XML part: 6 times the corpus's 32 (deflate's own maximum is ~1,032)."""
MAX_TOTAL_RATIO = 100
"""Inflated/compressed size of all XML parts together: 4 times the corpus's 24."""
MIN_RATIO_CHECKED = 64 * 1024
"""Ratios are checked for parts (and packages) inflating to more than this: a small part may compress well, and
cannot cost much whatever its ratio. Pictures are not ratio-checked (a blank bitmap compresses a thousand-fold):
they are held as bytes, never parsed, and bounded by MAX_TOTAL_UNCOMPRESSED."""
MAX_XML_NODES = 4_000_000
"""XML elements (and comments, processing instructions) over all the XML parts: 95 times the corpus's largest,
8 times the Final Acts as a tracked .docx, and a paragraph of a million runs each in its own w:ins or w:del (3
million). Counted on the bytes before parsing."""
MAX_TEXT_CHARS = 10_000_000
"""Characters of text (w:t, w:delText, w:instrText…) over all WordprocessingML parts: 8 times the PP-18 Final
Acts, 140 times the corpus's largest."""
MAX_RUNS_PER_PARAGRAPH = 2_000_000
"""Runs (w:r) in one paragraph: the corpus has at most 55; a paragraph of a million runs (a tracked change on
every word of the whole Final Acts, put in one paragraph) is read in linear time (issue 20), this is twice that."""
MAX_REVISIONS = 2_000_000
"""Revision elements (w:ins, w:del, moves, property changes) over all parts: 2,800 times the corpus's 712; a
million-run paragraph whose every run is its own w:ins or w:del is read, twice that is refused."""

PARSER_OPTIONS: dict[str, Any] = {"resolve_entities": False, "no_network": True, "load_dtd": False,  # and the push
                                  "dtd_validation": False, "huge_tree": False, "remove_comments": False}  # parser's
_PARSER: etree.XMLParser[etree._Element] = etree.XMLParser(**PARSER_OPTIONS)


def over_limit(source: str, what: str, limit: str, value: int, unit: str = "") -> UnsafeInputError:
    """The refusal of an input that crosses one of the limits above: names the file, what crossed, and the limit
    (its value and its name in this module, where a comment says why it is what it is)."""
    shown = f"{value // MiB} MiB" if unit == "MiB" else f"{value:,}"
    return UnsafeInputError(source, f"{what}; resdiff's limit is {shown} ({limit})")


def count_nodes(data: bytes) -> int:
    """An upper bound on the elements, comments and processing instructions of an XML text, without parsing it:
    every one starts with a '<' that does not start an end tag. Two scans in C, a few ms for 64 MiB."""
    return data.count(b"<") - data.count(b"</")


def parse_xml(data: bytes, source: str, part: str) -> etree._Element:
    """Parse one XML part with entities, DTDs and network access off; refuse any DOCTYPE, and more than
    MAX_XML_NODES elements (counted before parsing)."""
    refuse_before_parsing(data, source, part)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        refuse_syntax(exc, source, part)
    if root is None:
        raise UnreadableInputError(source, f"{part} is empty")
    if root.getroottree().docinfo.doctype:
        raise doctype_refused(source, part)
    return root


def refuse_before_parsing(data: bytes, source: str, part: str) -> None:
    """Refuse a part of more than MAX_XML_NODES elements, or that declares a DOCTYPE or entities (looked for in its
    first 64 KiB; the parser's document information tells of a later one)."""
    if (nodes := count_nodes(data)) > MAX_XML_NODES:
        raise over_limit(source, f"{part} has {nodes:,} XML elements", "MAX_XML_NODES", MAX_XML_NODES)
    if b"<!DOCTYPE" in data[:65536] or b"<!ENTITY" in data[:65536]:
        raise doctype_refused(source, part)


def doctype_refused(source: str, part: str) -> UnsafeInputError:
    return UnsafeInputError(source, f"{part} declares a DOCTYPE or entities, which resdiff refuses to read "
                                    "(XXE / entity expansion)")


def refuse_syntax(exc: etree.XMLSyntaxError, source: str, part: str) -> NoReturn:
    # libxml2's own wording ("use XML_PARSE_HUGE") would suggest lifting the limit that protects us.
    if exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        raise UnsafeInputError(
            source, f"{part} nests elements too deeply or holds an oversized text (XML safety limits)"
        ) from None
    raise UnreadableInputError(source, f"{part} is not well-formed XML ({exc.msg})") from None


_TEXT = ("t", "delText", "instrText", "delInstrText")
_REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
              "tblPrExChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel",
              "cellMerge")


def _tags(*names: str) -> tuple[str, ...]:
    return tuple(f"{{{ns}}}{name}" for ns in sorted(WORD_NAMESPACES) for name in names)


_TEXT_TAGS, _REVISION_TAGS, _P_TAGS, _R_TAGS = _tags(*_TEXT), _tags(*_REVISIONS), _tags("p"), _tags("r")
TEXT_TAGS, REVISION_TAGS, P_TAGS, R_TAGS = (frozenset(tags) for tags in (_TEXT_TAGS, _REVISION_TAGS, _P_TAGS, _R_TAGS))


@record
class _Budget:
    """What the parts parsed so far have used of MAX_XML_NODES, MAX_TEXT_CHARS and MAX_REVISIONS."""

    nodes: int = 0
    text: int = 0
    revisions: int = 0
    counted: set[str] = field(default_factory=set)
    """the parts whose nodes are in `nodes` (open_package counts every XML part up front)"""
    checked: set[str] = field(default_factory=set)
    """the parts whose text, revisions and runs are counted"""

    def charge_nodes(self, source: str, name: str, data: bytes) -> None:
        if name in self.counted:
            return
        self.counted.add(name)
        self.nodes += count_nodes(data)
        if self.nodes > MAX_XML_NODES:
            raise over_limit(source, f"the package's XML parts have {self.nodes:,} elements (with {name})",
                             "MAX_XML_NODES", MAX_XML_NODES)

    def charge_content(self, source: str, name: str, root: etree._Element) -> None:
        """Count a WordprocessingML part's text, revisions and runs per paragraph; refuse it over a limit."""
        if etree.QName(root).namespace not in WORD_NAMESPACES:
            return
        if name in self.checked:  # a part parsed again after `Package.forget`
            return
        self.checked.add(name)
        # Three walks in which lxml picks the elements by tag, in C; one walk over all three kinds read each
        # element's tag in Python to tell them apart, which took twice as long (2.3 s for a million revisions).
        text = sum(len(el.text or "") for el in root.iter(*_TEXT_TAGS))
        revisions = sum(1 for _ in root.iter(*_REVISION_TAGS))
        runs = sum(1 for _ in root.iter(*_R_TAGS))
        self.charge(source, name, root, (text, revisions, runs), [])

    def charge(self, source: str, name: str, el: etree._Element, counts: tuple[int, int, int],
               runs: list[int], nested: bool = True, *, so_far: str = "") -> None:
        """Add what `el` holds (its characters of text, revisions and runs) to the budget; `runs` counts the runs
        of each paragraph open around `el` (none for a whole part); `nested`: whether `el` is or holds a
        paragraph; `so_far` says in a refusal that the part was counted only up to `el`."""
        text, revisions, runs_in_el = counts
        self.text += text
        self.revisions += revisions
        if self.text > MAX_TEXT_CHARS:
            raise over_limit(source, f"the document has {self.text:,} characters of text{so_far} (with {name})",
                             "MAX_TEXT_CHARS", MAX_TEXT_CHARS)
        if self.revisions > MAX_REVISIONS:
            raise over_limit(source, f"the document has {self.revisions:,} revisions{so_far} (with {name})",
                             "MAX_REVISIONS", MAX_REVISIONS)
        if not runs_in_el:
            return
        if runs_in_el + (runs[-1] if runs else 0) <= MAX_RUNS_PER_PARAGRAPH:
            if not runs:
                return  # no paragraph has more runs than the whole part: the walk below (slower) is not needed
            if not nested:
                runs[-1] += runs_in_el  # all of them the open paragraph's
                return
        # one counter per open paragraph (a text box's paragraphs nest in a run)
        for event, found in etree.iterwalk(el, events=("start", "end"), tag=(*_P_TAGS, *_R_TAGS)):
            if found.tag in _R_TAGS:
                if event == "start" and runs:
                    runs[-1] += 1
                    if runs[-1] > MAX_RUNS_PER_PARAGRAPH:
                        raise over_limit(source, f"{name} has a paragraph of more than {MAX_RUNS_PER_PARAGRAPH:,} "
                                                 "runs", "MAX_RUNS_PER_PARAGRAPH", MAX_RUNS_PER_PARAGRAPH)
            elif event == "start":
                runs.append(0)
            else:
                runs.pop()


@record
class Package:
    """The parts of an OPC package, raw bytes until asked for as XML (each part parsed at most once)."""

    source: str
    parts: dict[str, bytes]
    infos: dict[str, zipfile.ZipInfo]
    main_part: str
    _xml: dict[str, etree._Element] = field(default_factory=dict, repr=False)
    _budget: _Budget = field(default_factory=_Budget, repr=False)

    def xml(self, name: str) -> etree._Element:
        """The part parsed (once), within the package's budget: its elements are counted before it is parsed,
        a WordprocessingML part's text, revisions and runs per paragraph after, before anything reads it."""
        if name not in self._xml:
            self._xml[name] = self.xml_to_edit(name)
        return self._xml[name]

    def xml_to_edit(self, name: str) -> etree._Element:
        """The part parsed into a tree of its own, for a writer to change (the tree `xml` keeps stays as it is).
        Parsed anew from the bytes, within the budget as `xml` is, and not kept: a parse takes half the time of
        lxml's deep copy of the kept tree, and the reader has forgotten the body's tree, which `xml` would parse
        and keep again beside the copy — two trees of the largest part (issue 20)."""
        data = self.parts[name]
        self._budget.charge_nodes(self.source, name, data)
        root = parse_xml(data, self.source, name)
        self._budget.charge_content(self.source, name, root)
        return root

    def streamed_budget(self, name: str) -> _Budget:
        """The budget, for part `name` read as it is parsed (resdiff.ooxml.streamed), which charges its elements
        one by one; the part as a whole is not charged again."""
        self._budget.checked.add(name)
        return self._budget

    def with_parts(self, replaced: dict[str, bytes]) -> Package:
        """The package with `replaced` parts swapped in, nothing parsed yet and a budget of its own (each part is
        charged when it is parsed): a resolved package read as it is, without being zipped and unzipped again."""
        return Package(source=self.source, parts={**self.parts, **replaced}, infos=self.infos,
                       main_part=self.main_part)

    def forget(self, name: str) -> None:
        """Drop a part's parsed tree (its bytes stay): a reader done with the document body frees the largest
        structure it held while the Document lives; a writer that asks for the part again has it parsed anew,
        within the budget it was charged the first time."""
        self._xml.pop(name, None)

    def related(self, part: str, rel_type_suffix: str) -> list[str]:
        """Targets of `part`'s relationships whose type ends with `rel_type_suffix` (Transitional or Strict)."""
        rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        if rels_name not in self.parts:
            return []
        targets = []
        for rel in self.xml(rels_name):
            if rel.get("TargetMode") == "External":
                continue
            if (rel.get("Type") or "").endswith("/" + rel_type_suffix):
                target = resolve_target(posixpath.dirname(part), rel.get("Target") or "")
                if target in self.parts:
                    targets.append(target)
        return targets


def document_body(package: Package, root: etree._Element | None = None) -> etree._Element:
    """The main part's w:body (of `root`, the part parsed already, if given); a package without one is refused."""
    body = child(package.xml(package.main_part) if root is None else root, "body")
    if body is None:
        raise UnreadableInputError(package.source, f"{package.main_part} has no w:body; it is not a Word document")
    return body


def resolve_target(base_dir: str, target: str) -> str:
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base_dir, target)
    return posixpath.normpath(path)


def open_package(data: bytes, source: str) -> Package:
    """Read a .docx from bytes, enforcing every safety limit; raise a ResdiffError naming `source` otherwise."""
    if not data:
        raise UnreadableInputError(source, "the file is empty")
    if len(data) > MAX_PACKAGE_BYTES:
        raise over_limit(source, f"the file has {len(data) // MiB} MiB", "MAX_PACKAGE_BYTES", MAX_PACKAGE_BYTES, "MiB")
    if not data.startswith(b"PK"):
        raise UnreadableInputError(source, not_a_zip_reason(data))
    # zipfile builds an object per central-directory entry before we can count them, and every entry starts
    # with this signature: counting signatures first bounds that memory (a false positive only overcounts).
    if (entries := data.count(b"PK\x01\x02")) > MAX_PARTS:
        raise over_limit(source, f"the package has {entries:,} parts", "MAX_PARTS", MAX_PARTS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    # NotImplementedError: a damaged Zip64 end record claims an unknown "zip file version" (found by fuzzing).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise UnreadableInputError(source, f"corrupt or truncated zip archive ({exc})") from None
    if len(infos) > MAX_PARTS:
        raise over_limit(source, f"the package has {len(infos):,} parts", "MAX_PARTS", MAX_PARTS)
    # One name, one part: a name two readers could resolve differently, or two entries for one part, is refused
    # (resdiff, Word and pandoc would each show a different text), and so are entries that share their bytes.
    names = unambiguous_names(infos, source)
    refuse_overlapping_entries(data, infos, getattr(archive, "start_dir", len(data)), source)
    # Every limit is checked on the sizes the zip directory declares, before anything is inflated; _read_part then
    # never inflates more than the declared size, so a bomb is refused without being expanded, and a size that
    # lies only truncates the part (which then fails its CRC check).
    _check_declared_sizes(infos, names, source)
    parts = {name: _read_part(archive, info, source) for name, info in zip(names, infos)}
    package = Package(source=source, parts=parts, infos=dict(zip(names, infos)), main_part="")
    for name in names:  # every XML part's elements, before any is parsed
        if is_xml_name(name):
            package._budget.charge_nodes(source, name, parts[name])
    package.main_part = _find_main_part(package)
    return package


def is_xml_name(name: str) -> bool:
    """Whether a part is XML by its name (.xml, .rels): the parts that are counted, ratio-checked and parsed."""
    return name.lower().endswith((".xml", ".rels"))


def _check_declared_sizes(infos: list[zipfile.ZipInfo], names: list[str], source: str) -> None:
    """Every size and ratio limit, on the sizes the zip directory declares."""
    for info, name in zip(infos, names):
        _check_declared_size(info, name, source)
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise over_limit(source, f"the package inflates to {total // MiB} MiB (zip bomb?)", "MAX_TOTAL_UNCOMPRESSED",
                         MAX_TOTAL_UNCOMPRESSED, "MiB")
    xml = [info for info, name in zip(infos, names) if is_xml_name(name)]
    xml_total = sum(info.file_size for info in xml)
    if xml_total > MAX_XML_BYTES:
        raise over_limit(source, f"the package's XML parts inflate to {xml_total // MiB} MiB (zip bomb?)",
                         "MAX_XML_BYTES", MAX_XML_BYTES, "MiB")
    compressed = sum(info.compress_size for info in xml)
    if xml_total > max(MIN_RATIO_CHECKED, compressed * MAX_TOTAL_RATIO):
        raise over_limit(source, f"the package's XML parts inflate {xml_total // max(compressed, 1):,}-fold "
                                 f"({len(xml)} parts; zip bomb?)", "MAX_TOTAL_RATIO", MAX_TOTAL_RATIO)


def _check_declared_size(info: zipfile.ZipInfo, name: str, source: str) -> None:
    # OPC allows only stored and deflated parts; zipfile also inflates bzip2 and LZMA, but without an output
    # bound, so one small read of a bzip2 bomb would allocate all of it before the declared size is applied.
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # zipfile.compressor_names is undocumented, so typeshed leaves it out.
        method = zipfile.compressor_names.get(info.compress_type, f"method {info.compress_type}")  # type: ignore[attr-defined]
        raise UnsafeInputError(source, f"part {name} is compressed with {method}, which .docx does not allow")
    size = info.file_size
    if not is_xml_name(name):  # held as bytes, never parsed: no ratio limit
        if size > MAX_PART_BYTES:
            raise over_limit(source, f"part {name} declares {size // MiB} MiB (zip bomb?)", "MAX_PART_BYTES",
                             MAX_PART_BYTES, "MiB")
        return
    if size > MAX_XML_PART_BYTES:
        raise over_limit(source, f"part {name} inflates to {size // MiB} MiB of XML (zip bomb?)",
                         "MAX_XML_PART_BYTES", MAX_XML_PART_BYTES, "MiB")
    if size > max(MIN_RATIO_CHECKED, info.compress_size * MAX_COMPRESSION_RATIO):
        raise over_limit(source, f"part {name} inflates {size // max(info.compress_size, 1):,}-fold (zip bomb?)",
                         "MAX_COMPRESSION_RATIO", MAX_COMPRESSION_RATIO)


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    try:
        with archive.open(info) as stream:
            # The size asked for is what zipfile lets the inflater produce in one go (it trims to the declared
            # size only afterwards), so ask for no more than the size already checked.
            return stream.read(info.file_size)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise UnreadableInputError(source, f"part {info.filename} cannot be decompressed ({exc})") from None
    except RuntimeError:  # zipfile's way of saying the member needs a password
        raise UnreadableInputError(source, f"part {info.filename} is encrypted (a password-protected zip)") from None


def _find_main_part(package: Package) -> str:
    if "_rels/.rels" in package.parts:
        for rel in package.xml("_rels/.rels"):
            if rel.tag == f"{{{REL_PACKAGE}}}Relationship" and rel.get("Type") in OFFICE_DOCUMENT_REL_TYPES:
                target = resolve_target("", rel.get("Target") or "")
                if target in package.parts:
                    return target
    if "word/document.xml" in package.parts:
        return "word/document.xml"
    if "EncryptedPackage" in package.parts or "EncryptionInfo" in package.parts:
        raise UnreadableInputError(package.source, "the document is password-protected (encrypted)")
    raise UnreadableInputError(package.source, "no main document part (word/document.xml) in the zip; is it a .docx?")
