"""STRUCT001: the input is a resolution at all.

Every other rule looks for something wrong in a resolution and says nothing when it finds no resolution: an empty
file, a README or a letter would pass them all, and a CI gate would go green on it. A text is taken for a
resolution (or a decision, recommendation, opinion, or a draft new one) when its clause tree has a title line
(`RESOLUTION 130 (REV. DUBAI, 2018)`) or at least one call section (`considering`, `resolves`, `décide`…).
"""

from __future__ import annotations

from collections.abc import Iterator

from resdiff.check.context import Context, Finding, rule


@rule("STRUCT001", "resolution", "error", "the input is a resolution: it has a title line or a call section")
def struct001(ctx: Context) -> Iterator[Finding]:
    tree = ctx.tree
    if tree.kind or tree.number or tree.title or any(section.call for section in tree.sections):
        return
    paragraphs = sum(1 for p in ctx.doc.paragraphs() if p.text.strip())
    seen = "it has no text" if paragraphs == 0 else (
        f"{paragraphs} paragraph{'s' if paragraphs != 1 else ''} of text but no title line (RESOLUTION n (…)) "
        "and no call section (considering, resolves…)")
    yield ctx.finding("STRUCT001", f"not a resolution: {seen}; the other rules had nothing to check", None)


RULES = (struct001,)
"""This family's rules, in the order of the registry."""
