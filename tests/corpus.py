"""Locating the shared third-party corpus and reading oracle documents independently of resdiff's reader."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path
from typing import NoReturn

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
# The shared test data sits beside the checkout (../shared); a clone made elsewhere on the same machine finds it
# at its fixed place. RESDIFF_CORPUS overrides both.
_CANDIDATES = [ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")]
CORPUS = Path(os.environ.get("RESDIFF_CORPUS") or next((c for c in _CANDIDATES if c.exists()), _CANDIDATES[0]))
# In CI (CI=true, as GitHub Actions, GitLab CI and .ci/run set it) a missing corpus is an error: without it about
# 2,500 tests skip and the run stays green. On a developer's machine it stays a skip.
IN_CI = os.environ.get("CI", "").strip().lower() == "true"

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)


def corpus_missing(where: Path = CORPUS) -> NoReturn:
    """Skip the test because `where` (the corpus or a file of it) is missing; fail it instead in CI."""
    message = f"shared corpus not found at {where} (set RESDIFF_CORPUS)"
    if IN_CI:
        pytest.fail(f"{message}; CI=true, so a missing corpus is an error, not a skip", pytrace=False)
    pytest.skip(message)


def corpus_error() -> str | None:
    """Why the run must stop before collecting anything (CI=true and no corpus MANIFEST.tsv), or None."""
    if IN_CI and not (CORPUS / "MANIFEST.tsv").is_file():
        return (f"CI=true but the shared corpus is not at {CORPUS} (no MANIFEST.tsv): about 2,500 tests would be "
                "skipped. Put the corpus at ../shared/corpus beside the checkout or set RESDIFF_CORPUS.")
    return None


def corpus_path(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        corpus_missing(path)
    return path


def body_paragraph_texts(docx: bytes | Path) -> list[str]:
    """Text of every body paragraph (tables included, text boxes excluded), straight from the XML.

    This is the oracle's view of a document and deliberately shares no code with resdiff's reader:
    w:t text and run-level tabs (w:r/w:tab, not the tab stops of w:pPr/w:tabs).
    """
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    ns = next(n for n in W_NAMESPACES if f"{{{n}}}" in root.tag)
    texts = []
    for p in root.iter(f"{{{ns}}}p"):
        if _inside_textbox(p, None, ns):
            continue
        parts = []
        for el in p.iter(f"{{{ns}}}t", f"{{{ns}}}tab"):
            if _inside_textbox(el, p, ns):
                continue
            if el.tag.endswith("}tab"):
                if el.getparent().tag == f"{{{ns}}}r":
                    parts.append("\t")
            else:
                parts.append(el.text or "")
        texts.append("".join(parts))
    return texts


def _inside_textbox(el: etree._Element, stop: etree._Element | None, ns: str) -> bool:
    for a in el.iterancestors():
        if a is stop:
            return False
        if a.tag == f"{{{ns}}}txbxContent":
            return True
    return False


# ---- what pandoc cannot be an oracle for, removed from a package before any tool reads it --------------------

_MATH_NAMESPACES = frozenset(
    {"http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math"}
)
# The containers of a text box's w:txbxContent: wps:txbx of a Word 2010 DrawingML shape ([MS-ODRAWXML]) and VML's
# v:textbox (ECMA-376 Part 4); both are optional in their shapes, so the shape stays valid without them.
_TEXT_BOX_CONTAINERS = frozenset({
    ("http://schemas.microsoft.com/office/word/2010/wordprocessingShape", "txbx"),
    ("urn:schemas-microsoft-com:vml", "textbox"),
})


def _stripped_element(el: etree._Element) -> etree._Element | None:
    """The element to remove for `el` (math, or a text box's content with its container), or None."""
    if not isinstance(el.tag, str):
        return None
    qname = etree.QName(el)
    if qname.namespace in _MATH_NAMESPACES and qname.localname in ("oMathPara", "oMath"):
        return el
    if qname.namespace in W_NAMESPACES and qname.localname == "txbxContent":
        parent = el.getparent()
        container = etree.QName(parent) if parent is not None else None
        return parent if container and (container.namespace, container.localname) in _TEXT_BOX_CONTAINERS else el
    return None


def without_math_and_text_boxes(data: bytes) -> bytes:
    """The package with every m:oMathPara / m:oMath and every text box's content (w:txbxContent, with its wps:txbx
    or v:textbox) removed from its word/*.xml parts; the same bytes if it has neither.

    Both tools then read the same document minus what pandoc cannot be an oracle for: it writes math as TeX and
    ignores revisions in it, and it drops the text of text boxes, which resdiff keeps in the anchoring paragraph
    (tests/test_conservation.py checks that text). The rest of the document is still compared.
    """
    replaced: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        parts = {info.filename: source.read(info) for info in infos}
    for name, body in parts.items():
        if not (name.startswith("word/") and name.endswith(".xml")) or not (b"oMath" in body or b"txbxContent" in body):
            continue
        root = etree.fromstring(body)
        for el in [found for el in root.iter() if (found := _stripped_element(el)) is not None]:
            el.getparent().remove(el)  # never the root; one inside another removed one goes from a detached tree
        replaced[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not replaced:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            target.writestr(info, replaced.get(info.filename, parts[info.filename]))
    return out.getvalue()


# ---- MANIFEST.tsv and deterministic samples (used by the corpus sweeps) ------------------------------------------

CONTENT_REVISION_COLUMNS = ("w:ins", "w:del", "w:moveFrom", "w:moveTo")
PROPERTY_REVISION_COLUMNS = ("w:rPrChange", "w:pPrChange")


def manifest_rows() -> list[dict[str, str]]:
    """The rows of the corpus MANIFEST.tsv (empty when the corpus is absent, so that parametrized sweeps collect
    no cases instead of erroring at import)."""
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def has_content_revisions(row: dict[str, str]) -> bool:
    """w:ins, w:del, w:moveFrom or w:moveTo somewhere in the package."""
    return sum(int(row[c]) for c in CONTENT_REVISION_COLUMNS) > 0


def has_any_revisions(row: dict[str, str]) -> bool:
    """Any revision element the MANIFEST counts: content, formatting, or other property/table/range revisions."""
    counted = CONTENT_REVISION_COLUMNS + PROPERTY_REVISION_COLUMNS
    return sum(int(row[c]) for c in counted) > 0 or row["other_revision_elements"].strip() not in ("", "-")


def spread_sample(paths: list[str], size: int) -> list[str]:
    """A deterministic sample of `size` corpus paths that covers the top-level folders.

    Folders take turns, the folder with most files first (ties by name), one file per turn, until `size` files
    are chosen or every file is; within a folder the chosen files are spread evenly over its sorted list.
    """
    folders: dict[str, list[str]] = {}
    for path in sorted(paths):
        folders.setdefault(path.split("/", 1)[0], []).append(path)
    order = sorted(folders, key=lambda name: (-len(folders[name]), name))
    quota = dict.fromkeys(order, 0)
    while sum(quota.values()) < min(size, len(paths)):
        for name in order:
            if sum(quota.values()) < size and quota[name] < len(folders[name]):
                quota[name] += 1
    chosen = []
    for name in order:
        files, n = folders[name], quota[name]
        chosen += [files[(2 * k + 1) * len(files) // (2 * n)] for k in range(n)]
    return sorted(chosen)
