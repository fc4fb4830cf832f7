"""WordprocessingML is spelled only under src/resdiff/ooxml/ (issue 19), and the reader's dispatch tables are sound.

The rule, checked on the syntax tree of every module of src/resdiff outside ooxml/ (so that docstrings and
comments, which may name elements to explain what a function does, are free):

1. no import, from any module of resdiff.ooxml, of the helpers that walk or build elements by a spelled name, or
   of the namespaces themselves (`local`, `child`, `children`, `attr`, `math_local`, `word_ns`, `w`,
   `W_TRANSITIONAL`, the `W` that the writer's modules re-export, …), nor of `resdiff.ooxml.names` as a module.
   With them a lowercase name (`w("ilvl")`, `child(el, "p")`) would pass rules 2 and 3. `WORD_NAMESPACES` stays
   importable: telling a Word package from another needs no element name;
2. no string literal (plain or f-string) with a prefixed name (`"w:p"`, `f"w:{name}"`, `"m:oMath"`), a namespace
   URI, or a Clark name built from a namespace variable whose local name is one of rule 3 (`f"{{{ns}}}pPr"`; the
   namespace itself can only come from rule 1 or 2, so `f"{{{AKN_NS}}}p"` is left to parse/akn.py);
3. no string literal that *is* a WordprocessingML name: a camelCase name that ooxml/ spells (`"pPr"`,
   `"bookmarkStart"`, `"fldCharType"` …, harvested from ooxml/'s own literals, so the list grows with it) or one of
   the few lowercase names no other vocabulary uses (`WML_ONLY`). Lowercase names shared with HTML, Akoma Ntoso,
   the model or English (`p`, `r`, `t`, `tr`, `ins`, `del`, `br`, `hyperlink`, `comment` …) are not matched:
   parse/html.py reads `<ins>`, parse/akn.py `<p>`, and a container's kind is `"hyperlink"`.

The rule is tested on samples below, so that it is neither blind nor trigger-happy.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import resdiff
from resdiff.ooxml.read_body import BETWEEN_BLOCKS, IGNORED_BETWEEN_BLOCKS
from resdiff.ooxml.read_inline import IGNORED_IN_PARAGRAPH, IGNORED_IN_RUN, IN_FIELD_CODE, IN_PARAGRAPH, IN_RUN
from wml import docx, p, r

SRC = Path(__file__).resolve().parent.parent / "src" / "resdiff"
OOXML = SRC / "ooxml"

HELPERS = frozenset({"local", "child", "children", "attr", "math_local", "word_ns", "w", "W", "W_TRANSITIONAL",
                     "W_STRICT", "M_TRANSITIONAL", "M_STRICT", "MC"})
# "ilvl": the writer spelled it as _w("ilvl") before it moved to ooxml/, which rule 3 did not see
WML_ONLY = frozenset({"tbl", "tc", "sdt", "pict", "ptab", "fldSimple", "ilvl"})
PREFIXED = re.compile(r"(?<![\w.:/-])(w|m|mc|w14|w15|wp):(?:[A-Za-z]|\{\})")
CLARK = re.compile(r"\{\{\}\}([A-Za-z]\w*)")
NAMESPACE_URI = re.compile(r"wordprocessingml|officeDocument/2006/math|markup-compatibility/2006")
CAMEL = re.compile(r"^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are statements of their own: docstrings of modules, classes and
    functions, and those of attributes and type aliases (free text, like comments)."""
    return {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, text) of every string literal that is not a docstring; an f-string's holes read as '{}'."""
    skip = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
            text = "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
            out.append((node.lineno, text))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            out.append((node.lineno, node.value))
    return out


def harvested_names() -> frozenset[str]:
    """The camelCase names ooxml/ spells in its string literals: its WordprocessingML (and OMML) vocabulary."""
    names: set[str] = set()
    for path in OOXML.glob("*.py"):
        names.update(text for _, text in _strings(ast.parse(path.read_text(encoding="utf-8")))
                     if CAMEL.match(text))
    return frozenset(names)


def findings(source: str, names: frozenset[str]) -> list[str]:
    """Where `source` spells WordprocessingML, by the rule of the module docstring."""
    tree = ast.parse(source)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("resdiff.ooxml"):
            out += [f"{node.lineno}: imports {a.name}" for a in node.names
                    if a.name in HELPERS or (node.module == "resdiff.ooxml" and a.name == "names")]
        elif isinstance(node, ast.Import):
            out += [f"{node.lineno}: imports {a.name}" for a in node.names if a.name == "resdiff.ooxml.names"]
    for line, text in _strings(tree):
        clark = {match.group(1) for match in CLARK.finditer(text)}
        if PREFIXED.search(text) or NAMESPACE_URI.search(text) or clark & (names | WML_ONLY):
            out.append(f"{line}: {text[:60]!r}")
        elif text in names or text in WML_ONLY:
            out.append(f"{line}: the element name {text!r}")
    return out


def _modules() -> list[tuple[str, Path]]:
    return sorted((str(path.relative_to(SRC)), path) for path in SRC.rglob("*.py") if OOXML not in path.parents)


@pytest.fixture(scope="module")
def names() -> frozenset[str]:
    return harvested_names()


def test_the_vocabulary_is_harvested(names: frozenset[str]) -> None:
    assert {"pPr", "rPrChange", "bookmarkStart", "footnoteReference", "instrText", "fldCharType"} <= names
    assert not {"p", "r", "ins", "del", "hyperlink", "mainBody"} & names


def test_wordprocessingml_is_spelled_only_under_ooxml(names: frozenset[str]) -> None:
    found = {relative: hits for relative, path in _modules()
             if (hits := findings(path.read_text(encoding="utf-8"), names))}
    assert found == {}, "WordprocessingML outside src/resdiff/ooxml/ (move it there): " + repr(found)


@pytest.mark.parametrize("source", [
    "from resdiff.ooxml.names import attr, local\n",
    "x = child(el, 'pPr')\n",
    "if name == 'bookmarkStart': pass\n",
    "tag = f'{{{W}}}tbl'\n",
    "el = etree.SubElement(p, _w('rPr'))\n",
    "text = 'w:body is missing'\n",
    "text = f'w:{name} is not read'\n",
    "ns = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'\n",
    "kinds = {'tc', 'tr'}\n",
    "from resdiff.ooxml.write_elements import w\nr = w('r')\n",
    "from resdiff.ooxml.write_body import W\ntag = f'{{{W}}}{name}'\n",
    "from resdiff.ooxml import names\nbody = names.child(root, 'body')\n",
    "import resdiff.ooxml.names\n",
    "etree.SubElement(numpr, _w('ilvl'))\n",
])
def test_the_rule_finds_wordprocessingml(source: str, names: frozenset[str]) -> None:
    assert findings(source, names), source


@pytest.mark.parametrize("source", [
    '"""Reads w:p and w:ins; a w:tcPr is the cell\'s."""\n',
    "# w:pPr is read by the paragraph\nx = 1\n",
    "from resdiff.ooxml.names import WORD_NAMESPACES\n",
    "if _local(el) == 'p' or tag in ('ins', 'del', 'tr'): pass\n",
    "kind = 'hyperlink'\n",
    "if name == 'mainBody': pass\n",
    "url = 'http://www.w3.org/1999/xhtml'\n",
    "tag = f'{{{AKN_NS}}}p'\n",
    "from resdiff.ooxml.write_package import resolved_parts, write_document\n",
    "from resdiff.ooxml import package\n",
    'Side = str\n"""Which side: the old text (w:del shown) or the new."""\n',
])
def test_the_rule_leaves_other_vocabularies_and_prose_alone(source: str, names: frozenset[str]) -> None:
    assert findings(source, names) == []


# ---- the reader's dispatch tables ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("handled", "ignored"), [
    (BETWEEN_BLOCKS, IGNORED_BETWEEN_BLOCKS),
    (IN_PARAGRAPH, IGNORED_IN_PARAGRAPH),
    ({**IN_FIELD_CODE, **IN_RUN}, IGNORED_IN_RUN),
], ids=["between blocks", "in a paragraph", "in a run"])
def test_an_element_is_either_handled_or_ignored_and_each_ignored_one_says_why(handled: dict[str, object],
                                                                               ignored: dict[str, str]) -> None:
    assert not set(handled) & set(ignored)
    assert all(reason and "\n" not in reason for reason in ignored.values())


def test_an_unknown_element_is_reported_once_where_it_stands() -> None:
    future = "<w:futureThing><w:r><w:t>hidden</w:t></w:r></w:futureThing>"
    doc = resdiff.read(docx(p(r("a") + future) + p(future + "<w:r><w:futureRun/><w:t>b</w:t></w:r>")))
    assert [(m.level, m.code, m.text) for m in doc.messages] == [
        ("info", "unknown-element", "w:futureThing in w:p is not read; its content is skipped"),
        ("info", "unknown-element", "w:futureRun in w:r is not read; its content is skipped"),
    ]
    assert [paragraph.text for paragraph in doc.paragraphs()] == ["a", "b"]


def test_ignored_elements_and_extension_namespaces_are_not_reported() -> None:
    w14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    body = (p(r("a") + "<w:proofErr w:type='spellStart'/><w:r><w:lastRenderedPageBreak/><w:t>b</w:t></w:r>")
            + f'<w:tbl><w:tr><w:tc><w:tcPr/>{p(r("c"))}</w:tc></w:tr></w:tbl>'
            + p(f"<w14:future {w14}><w:r><w:t>skipped</w:t></w:r></w14:future>" + r("d")))
    doc = resdiff.read(docx(body))
    assert doc.messages == ()
    assert [paragraph.text for paragraph in doc.paragraphs()] == ["ab", "c", "d"]
