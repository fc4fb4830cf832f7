"""Typed drafts of the parts of a clause tree that readers fill in piece by piece before the frozen model
(`Resolution`, `Section`) can be built: what a title line, a call line or the conclusions said so far."""

from __future__ import annotations

from dataclasses import field

from resdiff.lang.tables import CallKind
from resdiff.model import Annex, Clause, ClauseStatus, Message, Proposal, Resolution, Section
from resdiff.records import record


@record
class FrontMatter:
    """What precedes and follows the sections: the tag line, the title line, the title, the enacting formula,
    the Reasons paragraph."""

    kind: str | None = None
    number: str | None = None
    revision: str | None = None
    old_revision: str | None = None
    language: str | None = None
    title: str | None = None
    preamble: str | None = None
    proposal: Proposal | None = None
    reasons: str | None = None

    def resolution(self, sections: list[Section], annexes: list[Annex], footnotes: dict[str, str],
                   messages: list[Message]) -> Resolution:
        return Resolution(kind=self.kind, number=self.number, revision=self.revision,
                          old_revision=self.old_revision, language=self.language, title=self.title,
                          preamble=self.preamble, proposal=self.proposal, reasons=self.reasons,
                          sections=tuple(sections), annexes=tuple(annexes), footnotes=footnotes,
                          messages=tuple(messages))


@record
class SectionDraft:
    """A call line read so far; `section` gives it its clauses."""

    call: str | None = None
    key: str | None = None
    kind: CallKind | None = None
    language: str | None = None
    status: ClauseStatus = "unchanged"
    old_call: str | None = None
    intro: tuple[str, ...] = ()

    def section(self, clauses: tuple[Clause, ...]) -> Section:
        return Section(call=self.call, key=self.key, kind=self.kind, language=self.language,
                       status=self.status, old_call=self.old_call, intro=self.intro, clauses=clauses)


@record
class AnnexDraft:
    heading: str
    paragraphs: list[str] = field(default_factory=list)

    def annex(self) -> Annex:
        return Annex(heading=self.heading, paragraphs=tuple(self.paragraphs))
