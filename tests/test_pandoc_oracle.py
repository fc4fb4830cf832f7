"""pandoc as an oracle for resdiff's Accept All / Reject All text.

Two oracles:

1. pandoc's own expected outputs (`/corpus/pandoc/X_accept.native`, `X_reject.native`, from pandoc's test suite):
   the native AST is tokenised here (no pandoc needed) into one string per Para/Plain/Header block and compared,
   block by block, with the text of resdiff's accepted / rejected body paragraphs.

2. The real `pandoc` binary (`pandoc -f docx --track-changes=accept|reject -t plain --wrap=none`) on every corpus
   .docx with content revisions (MANIFEST w:ins + w:del + w:moveFrom + w:moveTo > 0). The words pandoc keeps must
   be the words resdiff keeps, paragraph by paragraph. What is normalised away, and why:

   * Presentation that the plain writer adds around the words: table grids and rules, list markers ("1.", "-",
     "a)"), footnote numbers ("[1]") and the note section, header underlines, "^(..)"/"_(..)" around super- and
     subscripts, upper-casing of small caps. A Lua filter (`WORDS_FILTER`) removes the constructs before the
     plain writer sees them: tables and lists become their paragraphs in reading order (cells row by row), notes
     are taken out of the text and appended after the body in reference order (as resdiff's text lists them),
     headers become paragraphs, line breaks become spaces, a code block becomes one paragraph per line.
     Without this, grid tables interleave the lines of neighbouring cells, so no token-level normalisation of
     the plain output could keep the reading order.
   * Images: pandoc writes an image's description (often a file name); resdiff reads no drawing descriptions.
     The filter drops images.
   * Leading Title/Subtitle/Author/Date/Abstract paragraphs: pandoc lifts them into metadata, which `-t plain`
     without `--standalone` does not write. The filter writes them back as paragraphs, in that order, in front.
   * Math (OMML): removed from the input before *either* tool reads it. pandoc writes TeX (`\\frac{3}{4}`) where
     resdiff concatenates the m:t text, and pandoc (texmath) ignores w:ins/w:del inside and around math, so it
     cannot serve as an oracle for math.
   * Text boxes (w:txbxContent, with its wps:txbx or v:textbox): removed from the input before either tool reads
     it. pandoc 2.17 drops their text, where resdiff keeps it in the anchoring paragraph (checked against the XML
     by tests/test_conservation.py); the rest of such a document is still compared. A note cited only from inside
     a text box (RP038) is then cited nowhere, and neither tool shows an uncited note.
   * Simple fields (w:fldSimple with its result runs): removed from the input before either tool reads it.
     pandoc 2.17 drops a simple field's result ('2/7/2020' of docxodus 008's inserted ' date ' field), where
     resdiff keeps it as the result stored in the package (ECMA-376 Part 1 §17.16.19 fldSimple: 'the current
     field result'; LibreOffice shows the field too, recomputed: test_libreoffice_oracle.py). Only docxodus 008
     has one; the rest of it is still compared.
   * Drop caps: a paragraph in a drop-cap frame (w:framePr w:dropCap, the 'D' of 'Drop the base.' in superdoc's
     advanced-text and font-formatting-runs) is compared as the start of the next paragraph. pandoc, and
     LibreOffice, merge it into that paragraph, as it is displayed (ECMA-376 Part 1 §17.18 ST_DropCap: the
     frame's contents 'are displayed in the anchor paragraph'); the package, and resdiff's model, keep it a
     paragraph of its own.
   * Within a paragraph only letters and digits count (Unicode NFKC, case-folded), concatenated without spaces.
     This absorbs the space pandoc inserts when it joins two paragraphs because a paragraph mark was inserted or
     deleted (Word, and resdiff, join them without one), tabs (pandoc writes a space), non-breaking spaces and
     punctuation. Paragraphs without letters or digits are dropped (pandoc drops empty paragraphs).

   Paragraph boundaries and the order of paragraphs are kept, so a disagreement about which text is kept, about
   where a moved text ends up, or about which paragraph marks survive, fails.

Known pandoc-side differences are listed in `PANDOC_DIFFERS`, one reason per file, and disagreements that are
resdiff's fault in `RESDIFF_BUGS`; both run as strict xfails so that a stale entry (or a fix) is noticed.
The sweep over all files is marked `slow`; a deterministic sample of about 25 files covering every corpus folder
(plus every file of the two lists) runs by default.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import resdiff
from corpus import (
    CORPUS,
    corpus_missing,
    corpus_path,
    has_content_revisions,
    manifest_rows,
    spread_sample,
    without_math_and_text_boxes,
)

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
PANDOC_TIMEOUT = 120

# ---------------------------------------------------------------------------------------------------------------
# 1. pandoc's expected native outputs
# ---------------------------------------------------------------------------------------------------------------

NATIVE_CASES = (
    "paragraph_insertion_deletion", "track_changes_deletion", "track_changes_insertion", "track_changes_move",
)
SIDES = ("accept", "reject")

NATIVE_DIFFERS = {
    ("paragraph_insertion_deletion", "accept"): (
        "pandoc inserts a Space when it joins a paragraph whose mark is deleted with the next one "
        "(Readers/Docx.hs: `prevParaIls <> space <> ils`), giving 'split Paragraph.'; resdiff joins the runs as "
        "they are: ' split' + 'Paragraph.' = 'splitParagraph.', as ECMA-376 Part 1 §17.13.5 (del on the paragraph "
        "mark) has it ('the contents of this paragraph are ... combined with the following paragraph', no "
        "separator) and as LibreOffice's own Accept All does (test_libreoffice_oracle.py, no entry for this file)"
    ),
}

_NATIVE_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_']*)"
    r"|(?P<number>-?\d+(?:\.\d+)?(?:e-?\d+)?)"
    r"|(?P<punct>[\[\](),])"
    r"|(?P<space>\s+)",
    re.S,
)
_BLOCKS_WITH_INLINES = frozenset({"Para", "Plain", "Header"})
_SPACES = frozenset({"Space", "SoftBreak", "LineBreak"})
_ASCII_ESCAPES = {
    name: code
    for code, name in enumerate(
        ["NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US", "SP"]
    )
} | {"DEL": 127}
_CHAR_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\",
                 '"': '"', "'": "'"}


def decode_haskell_string(literal: str) -> str:
    """The value of a Haskell string literal as `show` writes it (quotes included in `literal`).

    Handles the escapes `show` produces: decimal (`\\1234`), `\\&` (the empty escape that ends a numeric escape
    before a digit), `\\x` hex, `\\o` octal, `\\^X` control characters, ASCII names (`\\SOH`; `\\SO` is followed
    by `\\&` when an `H` comes next), single-character escapes, and string gaps (`\\ ... \\`).
    """
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise ValueError(f"not a string literal: {literal!r}")
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        i += 1
        c = body[i]
        if c == "&":
            i += 1
        elif c.isdigit():
            digits = re.match(r"\d+", body[i:]).group()  # type: ignore[union-attr]
            out.append(chr(int(digits)))
            i += len(digits)
        elif c in "xo" and i + 1 < len(body) and re.match(r"[0-9a-fA-F]", body[i + 1]):
            pattern = r"[0-9a-fA-F]+" if c == "x" else r"[0-7]+"
            digits = re.match(pattern, body[i + 1:]).group()  # type: ignore[union-attr]
            out.append(chr(int(digits, 16 if c == "x" else 8)))
            i += 1 + len(digits)
        elif c == "^":
            out.append(chr(ord(body[i + 1]) - 64))
            i += 2
        elif c in _CHAR_ESCAPES:
            out.append(_CHAR_ESCAPES[c])
            i += 1
        elif c.isspace():
            i = body.index("\\", i) + 1  # a string gap: backslash, whitespace, backslash
        else:
            name = next((n for n in sorted(_ASCII_ESCAPES, key=len, reverse=True) if body.startswith(n, i)), None)
            if name is None:
                raise ValueError(f"unknown escape \\{body[i:i + 4]} in {literal!r}")
            out.append(chr(_ASCII_ESCAPES[name]))
            i += len(name)
    return "".join(out)


def native_block_texts(native: str) -> list[str]:
    """One string per Para / Plain / Header of a pandoc native AST (Haskell `show` of `[Block]`), in order.

    Str contributes its text, Space / SoftBreak / LineBreak a space; every other string (attributes, code,
    math, URLs) is ignored. A block nested in another block's inlines (a note) is a block of its own, and the
    outer block continues after it.
    """
    blocks: list[list[str]] = []
    stack: list[tuple[int, list[str]]] = []  # (bracket depth of the block's inline list, its text parts)
    pending: tuple[int, list[str]] | None = None  # a block whose inline list has not opened yet (paren depth)
    brackets = parens = 0
    after_str = False
    pos = 0
    while pos < len(native):
        m = _NATIVE_TOKEN.match(native, pos)
        if m is None:
            raise ValueError(f"cannot tokenise native text at {pos}: {native[pos:pos + 40]!r}")
        pos = m.end()
        kind, value = m.lastgroup, m.group()
        if kind == "space":
            continue
        if kind == "ident":
            if value in _BLOCKS_WITH_INLINES:
                parts: list[str] = []
                blocks.append(parts)
                pending = (parens, parts)
            elif value in _SPACES and stack:
                stack[-1][1].append(" ")
            after_str = value == "Str"
            continue
        if kind == "string":
            if after_str and stack:
                stack[-1][1].append(decode_haskell_string(value))
            after_str = False
            continue
        after_str = False
        if value == "(":
            parens += 1
        elif value == ")":
            parens -= 1
        elif value == "[":
            brackets += 1
            if pending is not None and parens == pending[0]:
                stack.append((brackets, pending[1]))
                pending = None
        elif value == "]":
            if stack and stack[-1][0] == brackets:
                stack.pop()
            brackets -= 1
    if brackets or parens or stack:
        raise ValueError("unbalanced native text")
    return ["".join(parts) for parts in blocks]


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_native_tokeniser_decodes_haskell_escapes() -> None:
    assert decode_haskell_string(r'"caf\233 \8220q\8221"') == "caf\u00e9 \u201cq\u201d"
    assert decode_haskell_string(r'"\1234\&5"') == "\u04d25"
    assert decode_haskell_string(r'"\SO\&H\SOH\DEL"') == "\x0eH\x01\x7f"
    assert decode_haskell_string(r'"a\"b\\c\nd\x41\o101\^A"') == 'a"b\\c\ndAA\x01'
    assert decode_haskell_string('"gap\\   \\ped"') == "gapped"


def test_native_tokeniser_splits_blocks() -> None:
    native = (
        '[Header 1 ("h",["c"],[("k","v")]) [Str "Title"]\n'
        ',Para [Str "a",Space,Emph [Str "b"],SoftBreak,Str "c",Note [Para [Str "note"]],Str "\\1234\\&5"]\n'
        ',Table ("",[],[]) (Caption Nothing []) [] (TableHead ("",[],[]) []) [] (TableFoot ("",[],[]) [])\n'
        ',CodeBlock ("",[],[]) "not text"\n'
        ',Plain [Link ("",[],[]) [Str "x"] ("http://u","")]]'
    )
    assert native_block_texts(native) == ["Title", "a b c\u04d25", "note", "x"]


def _native_cases() -> list[object]:
    cases = []
    for name in NATIVE_CASES:
        for side in SIDES:
            marks = []
            if (name, side) in NATIVE_DIFFERS:
                marks.append(pytest.mark.xfail(strict=True, reason=NATIVE_DIFFERS[(name, side)]))
            cases.append(pytest.param(name, side, id=f"{name}-{side}", marks=marks))
    return cases


@pytest.mark.parametrize(("name", "side"), _native_cases())
def test_resdiff_matches_pandoc_native_expectation(name: str, side: str) -> None:
    source = corpus_path("pandoc", f"{name}.docx")
    expected_native = corpus_path("pandoc", f"{name}_{side}.native").read_text(encoding="utf-8")
    expected = [t for t in map(_squash, native_block_texts(expected_native)) if t]
    doc = resdiff.read(source)
    resolved = doc.accept() if side == "accept" else doc.reject()
    got = [t for t in (_squash(p.text) for p in resolved.paragraphs()) if t]
    assert got == expected


# ---------------------------------------------------------------------------------------------------------------
# 2. The pandoc binary on every tracked corpus document
# ---------------------------------------------------------------------------------------------------------------

TRACKED = sorted(row["path"] for row in manifest_rows() if has_content_revisions(row))

PANDOC_DIFFERS: dict[str, tuple[tuple[str, ...], str]] = {
    "open-xml-sdk/customXmlDelRangeStart-Custom_XML_Markup_Deletion_Start-val-author-special-chars.docx": (
        SIDES,
        "an ISO/IEC 29500 Strict document (purl.oclc.org namespaces); pandoc 2.17 cannot read Strict packages "
        "('couldn't parse docx file: DocxError'). LibreOffice 7.4 reads it, and its own Accept/Reject All give "
        "resdiff's text (test_libreoffice_oracle.py, libreoffice route); Word opens Strict documents since "
        "Office 2010",
    ),
    "openxml-powertools/RP/RP001-Tracked-Revisions-01.docx": (
        ("reject",),
        "pandoc drops revisions nested in revisions (a w:del inside w:moveFrom: 'Order of injectio|n:', and the "
        "cell text of a table moved away and deleted) and ignores inserted table rows (w:trPr/w:ins): it keeps "
        "'2'+'1' of an inserted row that Reject All removes (ECMA-376 Part 1 §17.13.5, ins on w:trPr). "
        "LibreOffice's own Reject All agrees with resdiff on the nested deletion; it keeps the '2'+'1' too, but only "
        "because this table floats (w:tblpPr) and goes into a frame: in an ordinary table (RP010-Inserted-Table-"
        "Row) its Reject All removes the inserted row, as resdiff and Open-XML-PowerTools' RP010-*-Rejected.docx "
        "do",
    ),
    "openxml-powertools/RP/RP001-Tracked-Revisions-02.docx": (
        ("reject",),
        "same document body as RP001-Tracked-Revisions-01: nested revisions dropped and inserted rows ignored by "
        "pandoc; LibreOffice as for -01 (agrees with resdiff on the nested deletion; keeps the floating table's "
        "inserted row, which it removes in an ordinary table)",
    ),
    "openxml-powertools/RP/RP051-Arabic.docx": (
        ("reject",),
        "a paragraph whose mark was inserted is followed by a table whose rows are all inserted: pandoc carries "
        "the paragraph's text past the table into the next paragraph (its docxPrevPara state survives tables); "
        "resdiff joins a paragraph only with the paragraph that directly follows it, so the text stays before the "
        "(removed) table, as in Open-XML-PowerTools' RP051-Arabic-Rejected.docx. NB: the two parts form one "
        "sentence ('... مسائل التوافق' + ' المحتملة مع ...'), so pandoc's join may be what Word does; unverified: "
        "ECMA-376 Part 1 §17.13.5 joins a paragraph whose mark is removed with 'the following paragraph' and says "
        "nothing of a table in between, and LibreOffice 7.4 cannot tell (it imports none of this document's "
        "revisions: its Redlines collection is empty after loading)",
    ),
}

# Disagreements where resdiff is wrong (reported, not fixed here); strict xfails, so a fix shows up as XPASS.
# Fixed: notes whose reference is gone on a side (Comment042's inserted endnote reference, RP038's footnote that
# nothing references) were still written; the views now drop a note with its reference, as Word and pandoc do.
RESDIFF_BUGS: dict[str, tuple[tuple[str, ...], str]] = {}
KNOWN = {**PANDOC_DIFFERS, **RESDIFF_BUGS}

# Text boxes with revisions inside and around them, and a note cited from one: the stripping is exercised by default.
TEXT_BOX_SAMPLE = {
    "openxml-powertools/WC/WC066-Textbox-Before-Ins-Mod.docx", "openxml-powertools/RP/RP038-Inserted-Paras-at-End.docx",
    "open-xml-sdk/Comment042.docx", "openxml-powertools/HC031-Complicated-Document.docx",
}
# The simple field and the drop caps that the comparison takes out or joins: exercised by default too.
RULE_SAMPLE = {
    "docxodus/FA/RevTracking/008-InsertedFieldCode.docx", "superdoc/advanced-text.docx",
    "superdoc/font-formatting-runs.docx",
}
CI_SAMPLE = sorted(set(spread_sample(TRACKED, 25)) | ((set(KNOWN) | TEXT_BOX_SAMPLE | RULE_SAMPLE) & set(TRACKED)))

# Flattens pandoc's AST into paragraphs in reading order so that `-t plain` writes only the text (see the module
# docstring). Lua API of pandoc >= 2.17 (Table with head/bodies/foot, Row.cells, Cell.contents).
WORDS_FILTER = r"""
local function cells_of(rows, out)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      for _, b in ipairs(cell.contents) do table.insert(out, b) end
    end
  end
end

local function items_of(items, out)
  for _, item in ipairs(items) do
    for _, b in ipairs(item) do table.insert(out, b) end
  end
  return out
end

local flatten = {
  Table = function(tbl)
    local out = {}
    for _, b in ipairs(tbl.caption.long) do table.insert(out, b) end
    cells_of(tbl.head.rows, out)
    for _, body in ipairs(tbl.bodies) do
      cells_of(body.head, out)
      cells_of(body.body, out)
    end
    cells_of(tbl.foot.rows, out)
    return out
  end,
  BulletList = function(list) return items_of(list.content, {}) end,
  OrderedList = function(list) return items_of(list.content, {}) end,
  DefinitionList = function(list)
    local out = {}
    for _, item in ipairs(list.content) do
      table.insert(out, pandoc.Para(item[1]))
      items_of(item[2], out)
    end
    return out
  end,
  Header = function(el) return pandoc.Para(el.content) end,
  CodeBlock = function(el)
    local out = {}
    for line in (el.text .. "\n"):gmatch("(.-)\n") do table.insert(out, pandoc.Para{pandoc.Str(line)}) end
    return out
  end,
  LineBreak = function() return pandoc.Space() end,
  Image = function() return {} end,
  SmallCaps = function(el) return el.content end,
  Superscript = function(el) return el.content end,
  Subscript = function(el) return el.content end,
}

function Pandoc(doc)
  local notes = {}
  doc = doc:walk{Note = function(note)
    for _, b in ipairs(note.content) do table.insert(notes, b) end
    return {}
  end}
  local blocks = {}
  for _, key in ipairs{"title", "subtitle", "author", "date", "abstract"} do
    local value = doc.meta[key]
    if value ~= nil then
      local items = pandoc.utils.type(value) == "List" and value or {value}
      for _, item in ipairs(items) do
        table.insert(blocks, pandoc.Para{pandoc.Str(pandoc.utils.stringify(item))})
      end
    end
  end
  for _, b in ipairs(doc.blocks) do table.insert(blocks, b) end
  for _, b in ipairs(notes) do table.insert(blocks, b) end
  return pandoc.Pandoc(blocks, {}):walk(flatten)
end
"""

_WORD = re.compile(r"[^\W_]+")


def test_math_is_removed_before_either_tool_reads_it() -> None:
    data = without_math_and_text_boxes(
        corpus_path("openxml-powertools", "RP", "RP014-Inserted-Math-Control-Char.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"oMath" not in archive.read("word/document.xml")
    assert not any(p.text for p in resdiff.read(data).accept().paragraphs())
    plain = corpus_path("pandoc", "track_changes_move.docx").read_bytes()
    assert without_math_and_text_boxes(plain) is plain


def test_text_boxes_are_removed_before_either_tool_reads_it() -> None:
    """WC066 has a tracked insertion in a text box (DrawingML with a VML fallback): all of it goes, with both
    containers, and the text around the box stays."""
    original = corpus_path("openxml-powertools", "WC", "WC066-Textbox-Before-Ins-Mod.docx").read_bytes()
    data = without_math_and_text_boxes(original)
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        before = archive.read("word/document.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        after = archive.read("word/document.xml")
    assert b"txbxContent" in before and b"<wps:txbx>" in before and b"<v:textbox" in before
    assert b"txbxContent" not in after and b"wps:txbx>" not in after and b"v:textbox" not in after
    kept = [p.text for p in resdiff.read(data).accept().paragraphs()]
    boxed = [p.text for p in resdiff.read(original).accept().paragraphs()]
    assert kept and kept != boxed and all(text in "".join(boxed) for text in kept if text)


def words(text: str) -> list[str]:
    """Letters and digits of `text`, NFKC-normalised and case-folded, as tokens."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def comparable(blocks: list[str]) -> list[list[str]]:
    """One token list per block that has any letters or digits."""
    return [w for w in map(words, blocks) if w]


def keys(blocks: list[list[str]]) -> list[str]:
    """What is compared: per block, its tokens joined without spaces (see the module docstring)."""
    return ["".join(w) for w in blocks]


def resdiff_blocks(side: resdiff.Document) -> list[str]:
    """resdiff's text of one side: body paragraphs (table cells included) in order, then the paragraphs of each
    cited note in reference order (as pandoc orders them). A note that nothing cites on this side (its reference
    was inserted and is rejected, or sat in a text box removed before the comparison) is not shown: Word deletes a
    note with its reference, and resdiff's writers show `Document.cited_notes` only."""
    notes = {(note.kind, note.id): note for note in side.notes}
    texts: list[str] = []
    refs: list[tuple[str, str]] = []

    def add(paragraphs: list[resdiff.Paragraph]) -> None:
        cap = ""
        for paragraph in paragraphs:
            if _is_drop_cap(paragraph):  # shown in the next paragraph (the module docstring)
                cap += paragraph.text
                continue
            texts.append(cap + paragraph.text)
            cap = ""
            refs.extend((s.note.kind, s.note.id) for s in paragraph.spans if s.note is not None)
        if cap:
            texts.append(cap)

    add(side.paragraphs())
    seen: set[tuple[str, str]] = set()
    for ref in refs:  # grows while notes that reference notes are added
        if ref in notes and ref not in seen:
            seen.add(ref)
            add(resdiff.Document(blocks=notes[ref].blocks).paragraphs())
    return texts


_DROP_CAP = re.compile(r'<w:framePr\b[^>]*\bw:dropCap="(?:drop|margin)"')


def _is_drop_cap(paragraph: resdiff.Paragraph) -> bool:
    """A drop cap: a paragraph of its own in a frame (w:framePr w:dropCap "drop" or "margin")."""
    return paragraph.format is not None and bool(_DROP_CAP.search(paragraph.format.xml or ""))


def without_simple_fields(data: bytes) -> bytes:
    """The package without its simple fields (w:fldSimple and the result runs in it), the same bytes if it has
    none: pandoc 2.17 drops a simple field's result, so it cannot be an oracle for it (the module docstring)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        parts = {info.filename: source.read(info) for info in infos}
    replaced: dict[str, bytes] = {}
    for name, body in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and b"fldSimple" in body:
            root = etree.fromstring(body)
            for el in [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "fldSimple"]:
                if el.getparent() is not None:
                    el.getparent().remove(el)
            replaced[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not replaced:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            target.writestr(info, replaced.get(info.filename, parts[info.filename]))
    return out.getvalue()


def pandoc_blocks(docx: Path, side: str, lua_filter: Path) -> list[str]:
    assert PANDOC is not None
    run = subprocess.run(
        [PANDOC, "-f", "docx", f"--track-changes={side}", "-t", "plain", "--wrap=none", "--lua-filter",
         str(lua_filter), str(docx)],
        capture_output=True, text=True, encoding="utf-8", timeout=PANDOC_TIMEOUT,
    )
    assert run.returncode == 0, f"pandoc failed on {docx.name}: {run.stderr.strip()[:500]}"
    return run.stdout.splitlines()


@pytest.fixture(scope="session")
def words_filter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pandoc-filter") / "words.lua"
    path.write_text(WORDS_FILTER, encoding="utf-8")
    return path


def check_against_pandoc(relative: str, side: str, tmp_path: Path, lua_filter: Path) -> None:
    data = without_simple_fields(without_math_and_text_boxes(corpus_path(relative).read_bytes()))
    docx = tmp_path / Path(relative).name
    docx.write_bytes(data)
    doc = resdiff.read(data, name=relative)
    resolved = doc.accept() if side == "accept" else doc.reject()
    expected = comparable(pandoc_blocks(docx, side, lua_filter))
    got = comparable(resdiff_blocks(resolved))
    if keys(got) != keys(expected):
        diff = difflib.unified_diff(
            [" ".join(w) for w in expected], [" ".join(w) for w in got], "pandoc", "resdiff", lineterm="", n=1
        )
        shown = [line[:300] for line in diff][:60]
        pytest.fail(f"{relative} ({side}): resdiff and pandoc keep different text\n" + "\n".join(shown))


def _pandoc_cases(paths: list[str]) -> list[object]:
    cases = []
    for path in paths:
        for side in SIDES:
            marks = []
            if path in KNOWN and side in KNOWN[path][0]:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[path][1]))
            cases.append(pytest.param(path, side, id=f"{path}-{side}", marks=marks))
    return cases


def test_tracked_list_comes_from_the_manifest() -> None:
    if not (CORPUS / "MANIFEST.tsv").exists():
        corpus_missing()
    assert len(TRACKED) == 217
    assert all((CORPUS / path).exists() for path in TRACKED)
    assert set(KNOWN) | TEXT_BOX_SAMPLE | RULE_SAMPLE <= set(TRACKED), "a file named here is not in the sweep"
    assert not set(PANDOC_DIFFERS) & set(RESDIFF_BUGS)
    assert {p.split("/", 1)[0] for p in CI_SAMPLE} == {p.split("/", 1)[0] for p in TRACKED}


@needs_pandoc
@pytest.mark.parametrize(("relative", "side"), _pandoc_cases(CI_SAMPLE))
def test_pandoc_keeps_the_same_text_sample(relative: str, side: str, tmp_path: Path, words_filter: Path) -> None:
    check_against_pandoc(relative, side, tmp_path, words_filter)


@needs_pandoc
@pytest.mark.slow
@pytest.mark.parametrize(("relative", "side"), _pandoc_cases(TRACKED))
def test_pandoc_keeps_the_same_text(relative: str, side: str, tmp_path: Path, words_filter: Path) -> None:
    check_against_pandoc(relative, side, tmp_path, words_filter)


@needs_pandoc
def test_the_comparison_tells_accept_from_reject(tmp_path: Path, words_filter: Path) -> None:
    """The normalisation must not hide which text is kept: pandoc's Reject All is not resdiff's Accept All."""
    relative = "pandoc/track_changes_move.docx"
    docx = corpus_path(relative)
    accepted = keys(comparable(resdiff_blocks(resdiff.read(docx).accept())))
    assert keys(comparable(pandoc_blocks(docx, "accept", words_filter))) == accepted
    assert keys(comparable(pandoc_blocks(docx, "reject", words_filter))) != accepted  # same words, moved
    marks = corpus_path("pandoc/paragraph_insertion_deletion.docx")  # only paragraph marks differ
    assert keys(comparable(pandoc_blocks(marks, "reject", words_filter))) != keys(
        comparable(resdiff_blocks(resdiff.read(marks).accept()))
    )
