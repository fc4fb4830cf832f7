"""Locating the shared third-party corpus and reading oracle documents independently of resdiff's reader."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("RESDIFF_CORPUS", ROOT.parent / "shared" / "corpus"))

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)


def corpus_path(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path} (set RESDIFF_CORPUS)")
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
