"""The paragraph styles an ITU proposal needs and a package may lack: `Proposal` (the tag line) and `Reasons`.

ITU's own templates define both (DOMAIN.md §5; their exact formatting is not published); these definitions follow
what DOMAIN records of them — the tag line bold and kept with the title, Reasons a Normal paragraph whose label
is bold by direct formatting — and are used only where the package written into has no style of that name
(`DefinitionWriter.paragraph_style` prefers the package's own)."""

from __future__ import annotations

from resdiff.model import Document
from resdiff.ooxml.names import W_TRANSITIONAL as W

_STYLES = {
    "Proposal": (f'<w:style xmlns:w="{W}" w:type="paragraph" w:customStyle="1" w:styleId="Proposal">'
                 '<w:name w:val="Proposal"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
                 '<w:pPr><w:keepNext/><w:spacing w:before="240"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>'),
    "Reasons": (f'<w:style xmlns:w="{W}" w:type="paragraph" w:customStyle="1" w:styleId="Reasons">'
                '<w:name w:val="Reasons"/><w:basedOn w:val="Normal"/><w:qFormat/></w:style>'),
}


def with_proposal_styles(doc: Document) -> Document:
    """`doc` with definitions of the Proposal and Reasons styles where it carries none of its own."""
    missing = {key: xml for key, xml in _STYLES.items() if key not in doc.definitions.styles}
    if not missing:
        return doc
    definitions = doc.definitions.model_copy(update={"styles": {**doc.definitions.styles, **missing}})
    return doc.model_copy(update={"definitions": definitions})
