"""PROP001 (the tag line and the action agree with the tracked changes) and PROP002 (a Reasons paragraph).

DOMAIN §4.1: MOD shows its changes with track changes; ADD adds a whole new text; SUP deletes a whole provision
and NOC keeps it unchanged, both with reasons. So MOD without a tracked change is really NOC, an ADD must be new
text throughout, a SUP must not add anything.
"""

from __future__ import annotations

from collections.abc import Iterator

from resdiff import lang
from resdiff.check.context import Context, Finding, rule, walk
from resdiff.model import Paragraph

_REASONS_REQUIRED = {"ADD", "ADD*", "SUP", "SUP*", "NOC"}


def _body(ctx: Context) -> list[tuple[int, Paragraph]]:
    """The paragraphs after the tag line, Reasons left out: what the action applies to."""
    paragraphs = list(enumerate(ctx.doc.paragraphs()))
    start = next((n + 1 for n, (_, p) in enumerate(paragraphs) if lang.match_proposal(p.text)), 0)
    return [(i, p) for i, p in paragraphs[start:] if p.text.strip() and not lang.match_reasons(p.text)]


def _kinds(paragraphs: list[tuple[int, Paragraph]]) -> dict[str, int]:
    """Characters of text by revision state: 'inserted', 'deleted', 'unchanged' (marks and notes count too)."""
    out = {"inserted": 0, "deleted": 0, "unchanged": 0}
    for _, paragraph in paragraphs:
        for span in paragraph.spans:
            status = span.status
            key = "inserted" if status in ("inserted", "moved_to") else "deleted" if status in (
                "deleted", "moved_from") else "unchanged"
            out[key] += len(span.text.strip()) or (1 if span.note else 0)
    return out


@rule("PROP001", "action", "error", "the tag line (MOD IAP/76A35/1) is there and its action fits the changes")
def prop001(ctx: Context) -> Iterator[Finding]:
    proposal = ctx.tree.proposal
    tagline = next((i for i, p in enumerate(ctx.doc.paragraphs()) if lang.match_proposal(p.text)), None)
    body = _body(ctx)
    kinds = _kinds(body)
    tracked = kinds["inserted"] + kinds["deleted"] > 0 or any(p.mark for _, p in body)
    if proposal is None:
        if tracked and ctx.tree.number is not None:
            yield ctx.finding("PROP001", "the document has tracked changes but no tag line; start the proposal "
                              "with its action and number, e.g. 'MOD\tIAP/76A35/1'", None, section="tag line")
        return
    where = f"tag line '{proposal.action} {proposal.symbol}'"
    action = proposal.action.strip("()")
    if action == "MOD" and not tracked:
        yield ctx.finding("PROP001", f"{where}: MOD but the text has no tracked change; use NOC (with reasons) "
                          "or track the modifications", tagline, section="tag line")
    elif action == "NOC" and tracked:
        yield ctx.finding("PROP001", f"{where}: NOC but the text has tracked changes; use MOD, or reject the "
                          "changes", tagline, section="tag line")
    elif action.startswith("ADD") and (kinds["deleted"] or (kinds["inserted"] and kinds["unchanged"])):
        what = "deletes text" if kinds["deleted"] else "mixes inserted and untracked text"
        yield ctx.finding("PROP001", f"{where}: ADD proposes a whole new text, but this one {what}; an ADD is "
                          "entirely new (use MOD to amend an existing text)", tagline, section="tag line")
    elif action.startswith("SUP"):
        kept = [c for s in ctx.tree.sections for c in walk(s.clauses) if c.action != "SUP"]
        if kinds["inserted"]:
            yield ctx.finding("PROP001", f"{where}: SUP deletes a provision, but this text inserts text; use MOD",
                              tagline, section="tag line")
        elif kept and kinds["deleted"]:
            yield ctx.finding("PROP001", f"{where}: SUP deletes the whole text, but {len(kept)} item(s) are not "
                              f"deleted (first: paragraph {kept[0].paragraph + 1}); delete them or use MOD",
                              tagline, section="tag line")


@rule("PROP002", "reasons", "error", "a Reasons:/Motifs:/Motivos: paragraph gives the rationale (required for "
      "ADD, SUP and NOC; recommended for MOD)")
def prop002(ctx: Context) -> Iterator[Finding]:
    proposal = ctx.tree.proposal
    if proposal is None:
        return
    action = proposal.action.strip("()")
    reasons = next((i for i, p in enumerate(ctx.doc.paragraphs()) if lang.match_reasons(p.text)), None)
    tagline = next((i for i, p in enumerate(ctx.doc.paragraphs()) if lang.match_proposal(p.text)), None)
    label = {"fr": "Motifs:", "es": "Motivos:", "ru": "Основания:", "ar": "الأسباب:", "zh": "理由："}.get(
        ctx.tree.language or "en", "Reasons:")
    if reasons is None:
        required = action in _REASONS_REQUIRED
        yield ctx.finding("PROP002", f"{proposal.action} {proposal.symbol} has no '{label}' paragraph; "
                          f"add one after the text{' (required for ' + action + ')' if required else ''}",
                          tagline, section="tag line", severity=None if required else "warning")
        return
    text = ctx.doc.paragraphs()[reasons].text
    marker = lang.match_reasons(text) or ""
    if not text.strip()[len(marker):].strip(" \t:："):
        yield ctx.finding("PROP002", f"the '{marker}' paragraph is empty; give the rationale for "
                          f"{proposal.action} {proposal.symbol}", reasons, section="reasons", severity="warning")


RULES = (prop001, prop002)
"""This family's rules, in the order of the registry."""
