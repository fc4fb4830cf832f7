"""Clause-tree writers: an indented outline for people, JSON (the public tree contract) for programs."""

from __future__ import annotations

import json

from resdiff.model import Clause, Resolution
from resdiff.model.tree import Comment

_MARKS = {"unchanged": " ", "modified": "~", "inserted": "+", "deleted": "-"}


def render_outline(tree: Resolution) -> str:
    lines = []
    head = " ".join(x for x in (tree.kind, tree.number) if x)
    if tree.revision:
        revision = f"{tree.old_revision} → {tree.revision}" if tree.old_revision else tree.revision
        head += f" ({revision})"
    if tree.proposal:
        lines.append(f"{tree.proposal.action} {tree.proposal.symbol}")
    lines.append(head or "(no title)")
    if tree.title:
        lines.append(f"  {tree.title}")
    if tree.preamble:
        lines.append(f"  {tree.preamble}")
    for section in tree.sections:
        key = f"  [{section.key}]" if section.key else ""
        lines.append(f"{_MARKS[section.status]} {section.call or '(no call)'}{key}")
        for intro in section.intro:
            lines.append(f"    {intro}")
        for clause in section.clauses:
            _clause(clause, 1, lines)
    for annex in tree.annexes:
        lines.append(f"  {annex.heading} ({len(annex.paragraphs)} paragraphs)")
    for comment in tree.comments:
        where = comment.part if comment.note is None else f"{comment.part} {comment.note}"
        lines.append(f"  {_comment(comment)} ({where} ¶{comment.paragraph})")
    for message in tree.messages:
        lines.append(f"! {message.code}: {message.text}")
    return "\n".join(lines) + "\n"


def _clause(clause: Clause, depth: int, lines: list[str]) -> None:
    if clause.old_label != clause.new_label and clause.old_label and clause.new_label:
        label = f"{clause.old_label}→{clause.new_label}"
    else:
        label = clause.new_label or clause.old_label or "¶"
    text = clause.new_text if clause.new_text is not None else clause.old_text or ""
    short = text if len(text) <= 70 else text[:67] + "..."
    notes = "".join(f" [^{n}]" for n in clause.footnotes)
    lines.append(f"{_MARKS[clause.status]} {'  ' * depth}{label}  {short}{notes}")
    lines.extend(f"  {'  ' * depth}  {_comment(comment)}" for comment in clause.comments)
    for child in clause.children:
        _clause(child, depth + 1, lines)


def _comment(comment: Comment) -> str:
    """A comment as an outline line: who, what, and the words it is about."""
    text = " ¶ ".join(comment.text.split("\n"))
    anchor = comment.anchor_new or comment.anchor_old
    about = f" (on {anchor if len(anchor) <= 40 else anchor[:37] + '...'!r})" if anchor else ""
    return f"> {comment.author or '?'}: {text}{about}"


def render_tree_json(tree: Resolution) -> str:
    return json.dumps(tree.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
