"""Several proposals on one base: a synoptic table row by row, conflicts, and a consolidated draft.

Each proposal becomes a tracked document against the base — as it is if it carries revisions, untangled if it is
text extracted from a tracked document, diffed if it is a clean new version. Its paragraphs are then placed on the
base's paragraphs through their old side (order-keeping, by content: `resdiff.align.paragraphs`), so renumbering
in one proposal does not disturb the others. Two proposals changing one base paragraph differently, or one
deleting what another modifies, conflict; the draft applies everything else (each revision authored by its
proposal) and keeps the base text of a conflicting paragraph with the alternatives in square brackets, as
conference drafts do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from resdiff.align.paragraphs import body, match_paragraphs
from resdiff.model import (
    ACTIONS,
    Block,
    Definitions,
    Document,
    Message,
    Paragraph,
    Revision,
    Side,
    Span,
    Synopsis,
    SynopticCell,
    SynopticRow,
    iter_paragraphs,
)
from resdiff.views import merge_spans, paragraph_status, stamp_paragraph


@dataclass(frozen=True)
class Proposal:
    """A proposal as a tracked document against the base, and the name its changes are authored by."""

    name: str
    tracked: Document


def _side(paragraph: Paragraph, side: Side) -> str | None:
    if side == "old" and any(r.kind in ("inserted", "moved_to") for r in paragraph.mark) and not any(
            s.on("old") and s.text.strip() for s in paragraph.spans):
        return None
    if side == "new" and any(r.kind in ("deleted", "moved_from") for r in paragraph.mark) and not any(
            s.on("new") and s.text.strip() for s in paragraph.spans):
        return None
    return paragraph.text_on(side)


def _action(paragraph: Paragraph) -> Literal["MOD", "ADD", "SUP"]:
    action = ACTIONS[paragraph_status(paragraph)]
    return "MOD" if action == "NOC" else action  # a proposal's renumbering is still a change the draft applies


def merge_proposals(base: Document, proposals: list[Proposal]) -> Synopsis:
    base_paragraphs = list(iter_paragraphs(base.old().blocks))
    base_texts = [p.text for p in base_paragraphs]
    changed: dict[int, list[SynopticCell]] = {}
    added: dict[int, list[SynopticCell]] = {}
    messages: list[Message] = []
    for proposal in proposals:
        paragraphs = list(iter_paragraphs(proposal.tracked.blocks))
        on_old = [i for i, p in enumerate(paragraphs) if _side(p, "old") is not None]
        pairs = match_paragraphs(base_texts, [_side(paragraphs[i], "old") or "" for i in on_old])
        base_of = {on_old[f]: b for b, f in pairs}
        anchor = -1
        for index, paragraph in enumerate(paragraphs):
            if index in base_of:
                anchor = base_of[index]
                if paragraph.has_revisions:
                    changed.setdefault(anchor, []).append(_cell(proposal.name, paragraph))
            elif _side(paragraph, "old") is None:
                added.setdefault(anchor, []).append(_cell(proposal.name, paragraph))
            else:
                messages.append(Message(level="warning", code="not-in-base", location=proposal.name,
                                        text=f"{proposal.name}: {(_side(paragraph, 'old') or '')[:60]!r} is not in "
                                             "the base text (changed without tracking?)"))
    rows: list[SynopticRow] = [SynopticRow(after=-1, cells=(c,)) for c in added.get(-1, [])]
    leading: list[Paragraph] = [_stamped(c) for c in added.get(-1, [])]
    draft: dict[int, list[Paragraph]] = {}  # base paragraph → what stands in its place in the draft
    for index, paragraph in enumerate(base_paragraphs):
        cells = tuple(changed.get(index, []))
        conflict = _conflict(cells)
        rows.append(SynopticRow(base=paragraph, base_index=index, cells=cells, conflict=conflict))
        draft[index] = [_bracketed(paragraph, cells) if conflict else _stamped(cells[0]) if cells else paragraph]
        for cell in added.get(index, []):
            rows.append(SynopticRow(after=index, cells=(cell,)))
            draft[index].append(_stamped(cell))
    blocks = tuple(leading) + _in_place(base.old().blocks, draft, [0])
    definitions = Definitions(
        styles={k: v for p in proposals for k, v in p.tracked.definitions.styles.items()} | base.definitions.styles,
        numbering={k: v for p in proposals for k, v in p.tracked.definitions.numbering.items()}
        | base.definitions.numbering)
    return Synopsis(proposals=tuple(p.name for p in proposals), rows=tuple(rows),
                    draft=Document(blocks=blocks, notes=base.old().notes, definitions=definitions),
                    messages=tuple(messages))


def _in_place(blocks: tuple[Block, ...], draft: dict[int, list[Paragraph]], counter: list[int]) -> tuple[Block, ...]:
    """The base's blocks with each paragraph (counted in `iter_paragraphs` order) replaced by its draft
    paragraphs: the base's tables stay tables, with the proposals' changes inside their cells."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.extend(draft.get(counter[0], [block]))
            counter[0] += 1
        else:
            rows = tuple(row.model_copy(update={"cells": tuple(
                cell.model_copy(update={"blocks": _in_place(cell.blocks, draft, counter)}) for cell in row.cells)})
                for row in block.rows)
            out.append(block.model_copy(update={"rows": rows}))
    return tuple(out)


def _cell(name: str, paragraph: Paragraph) -> SynopticCell:
    return SynopticCell(proposal=name, action=_action(paragraph), paragraph=paragraph)


def _conflict(cells: tuple[SynopticCell, ...]) -> str | None:
    if len(cells) < 2:
        return None
    names = " and ".join(c.proposal for c in cells)
    if len({c.action for c in cells}) > 1:
        deleting = [c.proposal for c in cells if c.action == "SUP"]
        return f"{', '.join(deleting)} delete{'s' if len(deleting) == 1 else ''} what " \
               f"{', '.join(c.proposal for c in cells if c.action != 'SUP')} modif" \
               f"{'ies' if sum(c.action != 'SUP' for c in cells) == 1 else 'y'}"
    if len({body(_side(c.paragraph, "new") or "") for c in cells}) > 1:
        return f"{names} change it differently"
    return None  # the same text (labels aside: every proposal renumbers in its own way, the draft is renumbered)


def _stamped(cell: SynopticCell) -> Paragraph:
    """The proposal's paragraph with every revision authored by the proposal."""
    return stamp_paragraph(cell.paragraph, cell.proposal, replace=True)


def _bracketed(base: Paragraph, cells: tuple[SynopticCell, ...]) -> Paragraph:
    """The base text kept, the competing proposals after it in square brackets (inserted, for the conference)."""
    options = " / ".join(f"{c.proposal}: {_side(c.paragraph, 'new') or '(delete)'}" for c in cells)
    authors = "/".join(c.proposal for c in cells)
    bracket = Span(text=f" [{options}]", revisions=(Revision(kind="inserted", author=authors),))
    return base.model_copy(update={"spans": merge_spans(base.spans + (bracket,))})
