"""`resdiff propose` (`resdiff.propose`): the ITU proposal for a resolution, from the official text and a draft.

The layout follows the proposal conventions (DOMAIN.md §4): the tag line in the `Proposal` style (`MOD<TAB>
IAP/76A35/1`), then the text as the action symbol asks for it, then a `Reasons` paragraph (bold label, a tab,
the rationale):

- MOD, (MOD): the official text with the draft's changes as tracked changes ("'track changes' should be turned
  on"), clauses paired by content so that renumbering shows as label changes; `revision` puts the conference's
  place and year in the title ("(Rev. Dubai, 2018Bucharest, 2022)", tracked);
- ADD, ADD*: the draft as it is, untracked ("No 'track changes' should be used");
- SUP, SUP*, NOC: the official title and subtitle only ("not necessary to reproduce"); Reasons are required.

A tag line or a Reasons paragraph already in the official text or in the draft is taken out (the draft's
Reasons are kept when none are given): neither is part of the resolution, and neither is tracked. The
`Proposal` and `Reasons` styles are the package's own where it has them; otherwise resdiff brings ITU-like
definitions of them (ooxml/itu_styles.py).
"""

from __future__ import annotations

import re

from resdiff import lang
from resdiff.errors import UsageError
from resdiff.model import Block, Document, Message, Paragraph, RunFormat, Span

TRACKED, NEW_TEXT, TITLE_ONLY = ("MOD", "(MOD)"), ("ADD", "ADD*"), ("SUP", "SUP*", "NOC")


def proposal_tag(tag: str) -> tuple[str, str]:
    """("MOD", "IAP/76A35/1") from "MOD IAP/76A35/1" (or the symbol first, or a tab between), else UsageError."""
    found = lang.match_proposal(tag)
    if found is None:
        raise UsageError(None, f"--tag {tag!r} is not a proposal tag such as 'MOD IAP/76A35/1' (action symbol ADD, "
                               "ADD*, MOD, (MOD), SUP, SUP* or NOC, then origin/document/number)")
    return found


def build_proposal(official: Document | None, draft: Document | None, *, tag: str, reasons: str | None = None,
                   revision: str | None = None, author: str | None = None, date: str | None = None) -> Document:
    """The proposal document (see the module docstring). `official` is needed for MOD and SUP/NOC, `draft` for
    MOD and ADD (an ADD given one text takes it as the draft); `author` (default: the proposal's origin, "IAP")
    and `date` stamp the tracked changes of a MOD."""
    from resdiff import diff
    from resdiff.ooxml.itu_styles import with_proposal_styles

    action, symbol = proposal_tag(tag)
    if action in NEW_TEXT and draft is None:  # an ADD's one text is its draft, as on the command line
        official, draft = None, official
    needed = {"official": official is not None or action in NEW_TEXT, "draft": draft is not None or
              action in TITLE_ONLY}
    missing = [name for name, present in needed.items() if not present]
    if missing:
        raise UsageError(None, f"a {action} proposal needs the {' and the '.join(missing)} text")
    official_text, official_reasons = _without_proposal_lines(official.new()) if official is not None else (None, None)
    draft_text, draft_reasons = _without_proposal_lines(draft.new()) if draft is not None else (None, None)
    reasons = reasons if reasons is not None else draft_reasons if draft_reasons is not None else official_reasons
    if action in TITLE_ONLY and not reasons:
        raise UsageError(None, f"a {action} proposal must give its reasons: add --reasons TEXT")
    messages: list[Message] = []
    if action in TRACKED:
        assert official_text is not None and draft_text is not None
        if revision is not None:
            draft_text, note = _with_revision(draft_text, revision)
            messages.extend(note)
        body = diff(official_text, draft_text, author=author or symbol.split("/")[0], date=date)
    elif action in NEW_TEXT:
        assert draft_text is not None
        body = draft_text
    else:
        assert official_text is not None
        body = official_text.model_copy(update={"blocks": _title_block(official_text.blocks)})
    language = _language(body)
    blocks = (_tag_line(action, symbol), *body.blocks)
    if reasons:
        blocks = _before_closing_rule(blocks, _reasons(reasons, language))
    else:
        messages.append(Message(level="warning", code="no-reasons", text="the proposal has no Reasons paragraph: "
                                "give --reasons TEXT (PROP002 asks for one)"))
    doc = body.model_copy(update={"blocks": blocks, "messages": (*body.messages, *messages)})
    return with_proposal_styles(doc)


def _without_proposal_lines(doc: Document) -> tuple[Document, str | None]:
    """The document without a tag line or a Reasons paragraph at top level; the Reasons text, if any."""
    kept: list[Block] = []
    reasons = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            text = block.text_on("new")
            label = lang.match_reasons(text)
            if label is not None:
                reasons = text[len(label):].strip() or reasons
                continue
            if lang.match_proposal(text) is not None:
                continue
        kept.append(block)
    return doc.model_copy(update={"blocks": tuple(kept)}), reasons


def _with_revision(doc: Document, revision: str) -> tuple[Document, list[Message]]:
    """The draft with the title's parenthesised revision replaced by `revision` ("Rev. Bucharest, 2022")."""
    from resdiff.align.relabel import Stamp, TextEdit, edited

    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text_on("new")
        title = lang.match_title(text)
        if title is None:
            continue
        where = _revision_span(text, title.revision)
        if where is None:
            return doc, [Message(level="warning", code="no-revision", paragraph=index + 1, text="the title has no "
                                 "parenthesised revision to replace: --revision ignored")]
        spans = edited(block.spans, [TextEdit(where[0], where[1], revision)], Stamp("", None, clean=True))
        blocks = (*doc.blocks[:index], block.model_copy(update={"spans": spans}), *doc.blocks[index + 1:])
        return doc.model_copy(update={"blocks": blocks}), []
    return doc, [Message(level="warning", code="no-title", text="no title line found: --revision ignored")]


def _revision_span(text: str, revision: str | None) -> tuple[int, int] | None:
    if not revision:
        return None
    # the revision as match_title read it (whitespace collapsed): found again in the paragraph's own text
    pattern = r"\s+".join(re.escape(word) for word in revision.split())
    found = list(re.finditer(pattern, text))
    return (found[-1].start(), found[-1].end()) if found else None


def _title_block(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The title line and the subtitle after it (what a SUP or NOC proposal shows of the resolution)."""
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and lang.match_title(block.text_on("new")) is not None:
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(following, Paragraph) and following.text_on("new").strip() and not (
                    lang.match_enacting_formula(following.text_on("new")) or lang.match_call(following.text_on("new"))):
                return blocks[index:index + 2]
            return blocks[index:index + 1]
    raise UsageError(None, "the official text has no title line ('RESOLUTION 130 (REV. DUBAI, 2018)') to propose on")


def _language(doc: Document) -> str:
    from resdiff.parse.structure import build_tree

    return build_tree(doc).language or "en"


def _tag_line(action: str, symbol: str) -> Paragraph:
    return Paragraph(spans=(Span(text=f"{action}\t{symbol}"),), style="Proposal", style_id="Proposal")


def _reasons(text: str, language: str) -> Paragraph:
    return Paragraph(spans=(Span(text=lang.reasons_label(language), format=RunFormat(bold=True)),
                            Span(text=f"\t{' '.join(text.split())}")), style="Reasons", style_id="Reasons")


def _before_closing_rule(blocks: tuple[Block, ...], paragraph: Paragraph) -> tuple[Block, ...]:
    """`paragraph` after the text: before the closing rule (`______________`) that ends the document, if any."""
    last = blocks[-1] if blocks else None
    if isinstance(last, Paragraph) and lang.is_closing_rule(last.text_on("new")):
        return (*blocks[:-1], paragraph, last)
    return (*blocks, paragraph)
