"""Several proposals on one base: a synoptic table row by row, conflicts, and a consolidated draft.

Each proposal becomes a tracked document against the base — untangled if it is text extracted from a tracked
document — and is then realigned: resdiff diffs the base with the proposal's new text, so that a proposal tracked
by Word's or LibreOffice's Compare (clauses deleted and re-inserted whole) and a clean one that reach the same
text propose the same changes. Its tag line and Reasons paragraph are about the proposal and left out of it (the
Reasons are kept in `Synopsis.reasons`). Its paragraphs are placed on the base's paragraphs through their old
side (order-keeping, by content: `resdiff.align.paragraphs`), so renumbering in one proposal does not disturb the
others. Proposals making the same change (labels aside) make one change with several origins, authored by all of
them ("IAP/EUR"); two proposals changing one base paragraph differently, or one deleting what another modifies,
conflict, named by the clause's section and label. The draft applies everything else and keeps the base text of a
conflicting paragraph with the alternatives in square brackets, as conference drafts do.
"""

from __future__ import annotations

from typing import Literal

from resdiff import lang
from resdiff.align.diff import diff_documents
from resdiff.align.paragraphs import body, match_paragraphs
from resdiff.labels import split_label
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
from resdiff.records import record
from resdiff.views import merge_spans, paragraph_status, stamp_paragraph


@record(frozen=True)
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
    reasons: dict[str, str] = {}
    for proposal in proposals:
        tracked, said = _realigned(base, proposal.tracked)
        if said:
            reasons[proposal.name] = said
        messages.extend(_untracked(base_texts, proposal))
        paragraphs = list(iter_paragraphs(tracked.blocks))
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
    places = _places(base)
    rows: list[SynopticRow] = []
    leading: list[Paragraph] = []
    for cells in _same_additions(added.get(-1, [])):
        rows.append(SynopticRow(after=-1, cells=cells))
        leading.append(_stamped(cells))
    draft: dict[int, list[Paragraph]] = {}  # base paragraph → what stands in its place in the draft
    for index, paragraph in enumerate(base_paragraphs):
        cells = tuple(changed.get(index, []))
        conflict = _conflict(cells, places.get(index))
        rows.append(SynopticRow(base=paragraph, base_index=index, cells=cells, conflict=conflict,
                                clause=_where(places.get(index))))
        draft[index] = [_bracketed(paragraph, cells) if conflict else _stamped(cells) if cells else paragraph]
        for same in _same_additions(added.get(index, [])):
            rows.append(SynopticRow(after=index, cells=same))
            draft[index].append(_stamped(same))
    blocks = tuple(leading) + _in_place(base.old().blocks, draft, [0])
    definitions = Definitions(
        styles={k: v for p in proposals for k, v in p.tracked.definitions.styles.items()} | base.definitions.styles,
        numbering={k: v for p in proposals for k, v in p.tracked.definitions.numbering.items()}
        | base.definitions.numbering)
    return Synopsis(proposals=tuple(p.name for p in proposals), rows=tuple(rows),
                    draft=Document(blocks=blocks, notes=base.old().notes, definitions=definitions),
                    reasons=reasons, messages=tuple(messages))


def _realigned(base: Document, proposal: Document) -> tuple[Document, str | None]:
    """The proposal as resdiff's own diff of the base and the proposal's new text: tracked the way its author's
    tool tracked it (a clause deleted and re-inserted whole, by Word's or LibreOffice's Compare), two proposals
    that reach the same text would not compare equal. Its tag line and Reasons paragraph are about the proposal,
    not text of it: they are left out, the Reasons returned."""
    new = proposal.new()
    blocks = list(new.blocks)
    head = [i for i, b in enumerate(blocks[:3]) if isinstance(b, Paragraph) and lang.match_proposal(b.text)]
    reasons_at = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and lang.match_reasons(b.text)),
                      None)
    said = None
    if reasons_at is not None:
        said = " ".join(p.text.strip() for p in iter_paragraphs(tuple(blocks[reasons_at:])) if p.text.strip())
        del blocks[reasons_at:]
    for index in reversed(head):
        del blocks[index]
    return diff_documents(base.old(), new.model_copy(update={"blocks": tuple(blocks)})), said


def _untracked(base_texts: list[str], proposal: Proposal) -> list[Message]:
    """A tracked proposal whose old side has text the base lacks changed the base without tracking it."""
    if not proposal.tracked.has_revisions:
        return []
    old = [p.text for p in proposal.tracked.old().paragraphs() if p.text.strip() and not lang.match_proposal(p.text)
           and not lang.match_reasons(p.text)]
    matched = {f for _, f in match_paragraphs(base_texts, old)}
    return [Message(level="warning", code="not-in-base", data={"proposal": proposal.name},
                    text=f"{proposal.name}: {text[:60]!r} is not in the base text (changed without tracking?)")
            for index, text in enumerate(old) if index not in matched]


def _same_additions(cells: list[SynopticCell]) -> list[tuple[SynopticCell, ...]]:
    """Paragraphs added at one place, those with the same text (labels aside) as one change of several origins."""
    groups: dict[str, list[SynopticCell]] = {}
    for cell in cells:
        groups.setdefault(body(_side(cell.paragraph, "new") or ""), []).append(cell)
    return [tuple(group) for group in groups.values()]


Place = tuple[str | None, str | None]  # a base paragraph's section call and clause label


def _places(base: Document) -> dict[int, Place]:
    from resdiff.parse.structure import build_tree

    tree = build_tree(base.old())
    places: dict[int, Place] = {}
    for section in tree.sections:
        stack = list(section.clauses)
        while stack:
            clause = stack.pop()
            places[clause.paragraph] = (section.call, clause.old_label or clause.new_label)
            stack.extend(clause.children)
    return places


def _where(place: Place | None) -> str | None:
    if place is None:
        return None
    return " ".join(part for part in place if part) or None


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


def _conflict(cells: tuple[SynopticCell, ...], place: Place | None) -> str | None:
    if len(cells) < 2:
        return None
    label = place[1] if place else None
    names = [_named(c, label) for c in cells]
    if len({c.action for c in cells}) > 1:
        deleting = [n for n, c in zip(names, cells) if c.action == "SUP"]
        modifying = [n for n, c in zip(names, cells) if c.action != "SUP"]
        return f"{', '.join(deleting)} delete{'s' if len(deleting) == 1 else ''} what " \
               f"{', '.join(modifying)} modif{'ies' if len(modifying) == 1 else 'y'}"
    texts: dict[str, list[str]] = {}  # the proposals that agree, together
    for name, cell in zip(names, cells):
        texts.setdefault(body(_side(cell.paragraph, "new") or ""), []).append(name)
    if len(texts) > 1:
        return f"{' and '.join('/'.join(group) for group in texts.values())} change it differently"
    return None  # the same text (labels aside: every proposal renumbers in its own way, the draft is renumbered)


def _named(cell: SynopticCell, base_label: str | None) -> str:
    """The proposal's name, with the label it gives the clause where that is not the base's."""
    found = split_label(_side(cell.paragraph, "new") or "")
    label = found[0] if found else None
    return f"{cell.proposal} (as {label})" if label and base_label and label != base_label else cell.proposal


def _stamped(cells: tuple[SynopticCell, ...]) -> Paragraph:
    """A change the proposals agree on, every revision authored by all of them ("EUR/ACP")."""
    return stamp_paragraph(cells[0].paragraph, "/".join(c.proposal for c in cells), replace=True)


def _bracketed(base: Paragraph, cells: tuple[SynopticCell, ...]) -> Paragraph:
    """The base text kept, the competing proposals after it in square brackets (inserted, for the conference)."""
    options = " / ".join(f"{c.proposal}: {_side(c.paragraph, 'new') or '(delete)'}" for c in cells)
    authors = "/".join(c.proposal for c in cells)
    bracket = Span(text=f" [{options}]", revisions=(Revision(kind="inserted", author=authors),))
    return base.model_copy(update={"spans": merge_spans(base.spans + (bracket,))})
