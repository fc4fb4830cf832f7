"""WordprocessingML namespaces and element-name helpers.

A part is written either in the Transitional namespace or in the Strict one (ECMA-376 Part 1, 4th ed.,
"Strict" conformance class). Element names are therefore matched by local name within the set of known
WordprocessingML namespaces, so one code path reads both.
"""

from __future__ import annotations

from lxml import etree

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
M_TRANSITIONAL = "http://schemas.openxmlformats.org/officeDocument/2006/math"
M_STRICT = "http://purl.oclc.org/ooxml/officeDocument/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"  # w14:paraId on paragraphs (Word 2010)
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"  # w15:commentEx, comment threads (Word 2013)
REL_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"

WORD_NAMESPACES = frozenset({W_TRANSITIONAL, W_STRICT})
MATH_NAMESPACES = frozenset({M_TRANSITIONAL, M_STRICT})

OFFICE_DOCUMENT_REL_TYPES = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    }
)


_LOCAL: dict[str, str] = {}


def local(el: etree._Element) -> str:
    """Local name of a WordprocessingML element, or '' for anything else (comments, other vocabularies)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL.get(tag)
    if name is None:  # a document uses a few dozen tags; remember each one's answer (hot path of every reader)
        ns, _, rest = tag[1:].partition("}") if tag[:1] == "{" else ("", "", "")
        name = _LOCAL[tag] = rest if ns in WORD_NAMESPACES else ""
    return name


def math_local(el: etree._Element) -> str:
    """Local name of an OMML (math) element, or ''."""
    tag = el.tag
    if not isinstance(tag, str) or tag[0] != "{":
        return ""
    ns, _, name = tag[1:].partition("}")
    return name if ns in MATH_NAMESPACES else ""


def word_ns(el: etree._Element) -> str:
    """The WordprocessingML namespace a part uses, read off its root element."""
    tag = el.tag
    if isinstance(tag, str) and tag.startswith("{"):
        ns = tag[1:].partition("}")[0]
        if ns in WORD_NAMESPACES:
            return ns
    for ns in el.nsmap.values():
        if ns in WORD_NAMESPACES:
            return ns
    return W_TRANSITIONAL


def w(name: str) -> str:
    """`name` as a Clark name in the Transitional namespace, the one the writer writes (`{…/main}p` for "p")."""
    return f"{{{W_TRANSITIONAL}}}{name}"


_ATTRIBUTES: dict[str, tuple[str, str]] = {}


def _clark_names(name: str) -> tuple[str, str]:
    """A w: attribute's Clark names, Transitional first (the commonest), built once per name, not per call."""
    names = _ATTRIBUTES[name] = (f"{{{W_TRANSITIONAL}}}{name}", f"{{{W_STRICT}}}{name}")
    return names


def attr(el: etree._Element, name: str) -> str | None:
    """A w:-prefixed attribute in whichever WordprocessingML namespace the element uses."""
    names = _ATTRIBUTES.get(name) or _clark_names(name)
    get = el.get
    for clark in names:
        value: str | None = get(clark)
        if value is not None:
            return value
    return None


def attrs(el: etree._Element, *names: str) -> tuple[str | None, ...]:
    """Several w:-prefixed attributes at once (as `attr` gives each): the element's attributes are fetched in one
    call, not one per name and namespace (a revision's author, date and id: the hot path of a tracked document)."""
    found = dict(el.items())
    out: list[str | None] = []
    for name in names:
        transitional, strict = _ATTRIBUTES.get(name) or _clark_names(name)
        value = found.get(transitional)
        out.append(value if value is not None else found.get(strict))
    return tuple(out)


def child(el: etree._Element, name: str) -> etree._Element | None:
    """First WordprocessingML child with this local name."""
    for c in el:
        if local(c) == name:
            return c
    return None


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c) == name]
