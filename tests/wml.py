"""Tiny builders for WordprocessingML test documents: write the body XML by hand, get .docx bytes."""

from __future__ import annotations

import io
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{rel}/footnotes" Target="footnotes.xml"/>
<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>
</Relationships>"""
_TRANSITIONAL_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def docx(body: str, *, footnotes: str = "", styles: str = "", strict: bool = False) -> bytes:
    """A minimal package whose w:body holds `body` (prefix w: is bound)."""
    ns = STRICT if strict else W
    rel = _STRICT_REL if strict else _TRANSITIONAL_REL
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    notes = f'<w:footnotes xmlns:w="{ns}">{footnotes}</w:footnotes>'
    style_xml = f'<w:styles xmlns:w="{ns}">{styles}</w:styles>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS.format(rel=rel))
        archive.writestr("word/_rels/document.xml.rels", _DOC_RELS.format(rel=rel))
        archive.writestr("word/document.xml", document)
        archive.writestr("word/footnotes.xml", notes)
        archive.writestr("word/styles.xml", style_xml)
    return buffer.getvalue()


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def dr(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


def ins(content: str, author: str = "A", rid: str = "1") -> str:
    return f'<w:ins w:id="{rid}" w:author="{author}" w:date="2022-01-01T00:00:00Z">{content}</w:ins>'


def dele(content: str, author: str = "A", rid: str = "1") -> str:
    return f'<w:del w:id="{rid}" w:author="{author}" w:date="2022-01-01T00:00:00Z">{content}</w:del>'


def p(content: str, mark: str = "", style: str = "") -> str:
    """A paragraph; `mark` is 'ins' or 'del' for a tracked paragraph mark."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if mark:
        props += f'<w:rPr><w:{mark} w:id="9" w:author="A" w:date="2022-01-01T00:00:00Z"/></w:rPr>'
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{content}</w:p>"
