"""The API behind `resdiff.renumber`: the final numbering of a consolidated text, written as tracked changes (or
clean), and its map of old labels to final labels.

The input's accepted text is renumbered (a document with tracked changes is first taken as after Word's Accept
All; `RenumberMap.accepted` says so). The result is that text with the renumbering tracked on top of it: its
`reject()` is the accepted input and its `accept()` the renumbered text. See `resdiff.align.renumbering` for
what is renumbered and `resdiff.align.relabel` for how it is written (Word's list numbering included).
"""

from __future__ import annotations

from typing import Literal

from resdiff.align.relabel import Stamp, apply, edits_of
from resdiff.align.renumbering import Plan, plan_renumbering
from resdiff.errors import revision_author, revision_date
from resdiff.model import Document, Message
from resdiff.model.base import _Value, value
from resdiff.ooxml.source import Source
from resdiff.parse import read


@value
class LabelChange(_Value):
    """One labelled clause: its label path now and final ("k) ii)" for item ii) under k)), and the 1-based
    position of its paragraph in `Document.paragraphs()`."""

    old: str
    new: str
    paragraph: int


@value
class SectionLabels(_Value):
    """One call section's renumbering: every labelled clause in the order of the text, unchanged ones included
    (a list, not a mapping: a text with a duplicated label has two clauses with the same old label)."""

    call: str | None
    key: str | None = None
    labels: tuple[LabelChange, ...] = ()


@value
class ReferenceChange(_Value):
    """A cross-reference rewritten: where (the 1-based position of its paragraph in `Document.paragraphs()`),
    before and after."""

    paragraph: int
    old: str
    new: str


@value
class RenumberMap(_Value):
    """What `renumber` changed: the labels per section and the references that follow them (`resdiff renumber
    --map FILE`)."""

    schema_version: Literal[1] = 1
    """The version of this JSON form (urn:resdiff:schema:renumber-map:1)."""
    sections: tuple[SectionLabels, ...] = ()
    references: tuple[ReferenceChange, ...] = ()
    renumbered: int = 0
    """How many labels change (an item that keeps its label under a renumbered parent is not counted)."""
    accepted: bool = False
    """Whether the input had tracked changes, so that its accepted text was renumbered."""


@value
class Renumbering(_Value):
    """The renumbered document and its map."""

    document: Document
    map: RenumberMap


def renumber_with_map(source: Document | Source, *, author: str | None = "resdiff", date: str | None = None,
                      clean: bool = False) -> Renumbering:
    """`source` renumbered (see the module docstring) and the map of what changed. `author` and `date` (ISO
    8601) stamp the tracked changes; `clean` writes the final numbering untracked. An input with tracked
    changes gives a `tracked-input` message on the result, as `diff` does."""
    author = revision_author(author, "author") or "resdiff"
    date = revision_date(date, "date")
    doc = source if isinstance(source, Document) else read(source)
    count = len(doc.revisions()) if doc.side is None else 0
    accepted = doc.new()
    plan = plan_renumbering(accepted)
    edits, lists = edits_of(plan, accepted.paragraphs())
    result = apply(accepted, edits, lists, Stamp(author, date, clean)) if edits or lists else accepted
    said = []
    if count:
        said.append(Message(level="warning", code="tracked-input",
                            text=f"the input already has {count} tracked change{'s' if count != 1 else ''}; its "
                                 "accepted view (Word's Accept All) was renumbered"))
    if plan.tree.kind is None:
        said.append(Message(level="warning", code="no-title", text="no title line (RESOLUTION n (…)) was found: "
                            "this is not a resolution resdiff can renumber, nothing was changed"))
    if said:
        result = result.model_copy(update={"messages": (*result.messages, *said)})
    return Renumbering(document=result.with_source(doc.source), map=_map(plan, bool(count)))


def renumber(source: Document | Source, *, author: str | None = "resdiff", date: str | None = None,
             clean: bool = False) -> Document:
    """The final numbering of a consolidated resolution: `bis`/`ter` labels and gaps become consecutive labels
    per level and per section, in each series' style (a), 1, i), а), أ) …), and every cross-reference inside the
    text ("resolves 4", "point 5 du décide") follows its clause. Tracked changes authored `author` on top of
    the input's accepted text, or untracked with `clean`. Write a .docx into the input's package with
    `write(doc, path, template=input)`; `renumber_with_map()` gives the map of old → final labels too."""
    return renumber_with_map(source, author=author, date=date, clean=clean).document


def _map(plan: Plan, tracked: bool) -> RenumberMap:
    sections = []
    for index, section in enumerate(plan.tree.sections):
        labels = tuple(LabelChange(old=r.old_path, new=r.new_path, paragraph=r.paragraph + 1)
                       for r in plan.labels if r.section == index)
        sections.append(SectionLabels(call=section.call, key=section.key, labels=labels))
    # one entry per reference, however many of its labels change ("resolves 1, 4 and 5")
    unique = {(r.paragraph, r.reference): r for r in plan.references}
    references = tuple(ReferenceChange(paragraph=r.paragraph + 1, old=r.old_text, new=r.new_text)
                       for r in unique.values())
    return RenumberMap(sections=tuple(sections), references=references, renumbered=len(plan.changed),
                       accepted=tracked)


__all__ = ["LabelChange", "ReferenceChange", "RenumberMap", "Renumbering", "SectionLabels", "renumber",
           "renumber_with_map"]
