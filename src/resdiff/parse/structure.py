"""Clause trees: a Document (tracked or not) → a Resolution (title, enacting formula, call sections, clauses).

Every paragraph is looked at on both sides of the tracked document at once, so a clause keeps its identity
when only its label changed: old `g)` that became `f)` is one clause with two labels, never a deletion plus an
insertion. Call lines open sections only when the whole line is a known call phrase (resdiff.lang) or carries
the ITU `Call` style. Anything unexpected becomes a message on the tree, never an exception.
"""

from __future__ import annotations

from dataclasses import field

from resdiff import lang
from resdiff.collector import collector_paused
from resdiff.comments import list_comments
from resdiff.labels import Label, follows, is_sequence, split_label, token_readings
from resdiff.lang.tables import CALL_TRAILERS  # an intro line ends as a call does: , : ， ： ،
from resdiff.model import (
    Annex,
    Clause,
    ClauseStatus,
    Document,
    Message,
    Paragraph,
    Proposal,
    Resolution,
    Section,
    Side,
    Span,
    iter_paragraphs,
)
from resdiff.model.tree import Comment
from resdiff.numbered import generated_labels, type_labels
from resdiff.parse.drafts import AnnexDraft, FrontMatter, SectionDraft
from resdiff.records import record

_CALL_STYLES = frozenset({"call"})


_Options = dict[str, tuple[Label, ...]]
"""Each side's readings of its label (none for a side without one)."""

_TITLE_STYLES = frozenset({"resno", "res_no", "decno", "dec_no", "recno", "rec_no"})


@record
class _Line:
    index: int
    old: str | None
    new: str | None
    spans: tuple[Span, ...]
    notes: tuple[str, ...]
    style: str
    generated: bool = False
    """Whether Word's list numbering gave this paragraph its label (on the new side if it has one)."""

    @property
    def text(self) -> str:
        return (self.new if self.new is not None else self.old) or ""

    @property
    def status(self) -> ClauseStatus:
        if self.old is None:
            return "inserted"
        if self.new is None:
            return "deleted"
        return "unchanged" if self.old == self.new else "modified"


def _side(paragraph: Paragraph, side: Side) -> str | None:
    text = paragraph.text_on(side)
    return text if text.strip() else None


def _lines(doc: Document) -> list[_Line]:
    """The paragraphs with text on some side, Word's generated list labels typed in (resdiff.numbered)."""
    generated = generated_labels(doc)
    lines = []
    for index, paragraph in enumerate(iter_paragraphs(type_labels(doc).blocks)):
        old, new = _side(paragraph, "old"), _side(paragraph, "new")
        if old is None and new is None:
            continue
        notes = tuple(s.note.id for s in paragraph.spans if s.note is not None and (s.on("new") or s.on("old")))
        style = (paragraph.style or paragraph.style_id or "").replace(" ", "").lower()
        label = generated[index][1 if new is not None else 0]  # the new side decides, as in Clause.label_source
        lines.append(_Line(index, old, new, paragraph.spans, notes, style, label is not None and bool(label.text)))
    return lines


def _may_have_comments(doc: Document) -> bool:
    """Whether any span holds an inline object, as comment marks are: most documents have none."""
    return any(span.object is not None for blocks in (doc.blocks, *(note.blocks for note in doc.notes))
               for paragraph in iter_paragraphs(blocks) for span in paragraph.spans)


@record
class _Node:
    """A clause read so far (its children still to come) and the level of items nested under it."""

    clause: Clause
    children: _Frame | None = None

    def freeze(self) -> Clause:
        if self.children is None:
            return self.clause
        return self.clause.model_copy(update={"children": tuple(n.freeze() for n in self.children.clauses)})


@record
class _Section:
    """A section read so far: its call line, the intro lines waiting for items, its levels of items."""

    draft: SectionDraft
    intro_lines: list[_Line] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=lambda: [_Frame(clauses=[])])


@record
class _Frame:
    """One nesting level of items: the clauses built so far and the last label seen on each side."""

    clauses: list[_Node]
    kind: str | None = None
    last: dict[str, Label | None] = field(default_factory=lambda: {"old": None, "new": None})
    labels: dict[str, list[Label]] = field(default_factory=lambda: {"old": [], "new": []})


@record
class _Builder:
    messages: list[Message] = field(default_factory=list)
    counter: int = 0
    comments: dict[int, list[Comment]] = field(default_factory=dict)
    """The body's comments by the index of the paragraph they start in, taken by the clauses as they are built."""

    def warn(self, code: str, text: str, line: _Line | None = None) -> None:
        where = line.index + 1 if line is not None else None
        self.messages.append(Message(level="warning", code=code, text=text, paragraph=where))

    def build(self, doc: Document) -> Resolution:
        lines = _lines(doc)
        for comment in list_comments(doc) if _may_have_comments(doc) else ():
            index = comment.paragraph - 1 if comment.part == "body" else -1
            self.comments.setdefault(index, []).append(comment)
        notes = {n.id: " ".join(p.text for p in iter_paragraphs(n.blocks)).strip() for n in doc.notes}
        head = FrontMatter()
        position = self.front_matter(lines, head)
        sections, annexes = self.body(lines[position:], head)
        head.language = next((s.language for s in sections if s.language), head.language)
        referenced = {note for line in lines for note in line.notes}
        cited = {k: v for k, v in notes.items() if k in referenced}
        tree = head.resolution(sections, annexes, cited, self.messages)
        rest = tuple(comment for comments in self.comments.values() for comment in comments)
        return tree.model_copy(update={"comments": rest}) if rest else tree

    # ---- title, subtitle, enacting formula ----------------------------------------------------------------
    def front_matter(self, lines: list[_Line], head: FrontMatter) -> int:
        subtitle: list[str] = []
        titled = False
        for position, line in enumerate(lines):
            text = line.text.strip()
            if (self.is_call(line, lang.match_call(line.text)) or split_label(line.text) is not None
                    or lang.is_closing_rule(text)):
                break
            proposal = lang.match_proposal(text)
            title = lang.match_title(text) or (lang.match_title(line.old.strip()) if line.old else None)
            if proposal and not titled:
                head.proposal = Proposal(action=proposal[0], symbol=proposal[1])
            elif (title or line.style in _TITLE_STYLES) and not titled:
                titled = True
                new_title = lang.match_title(line.new.strip()) if line.new else None
                old_title = lang.match_title(line.old.strip()) if line.old else None
                chosen = new_title or old_title or title
                if chosen is not None:
                    head.kind, head.number, head.revision = chosen.kind, chosen.number, chosen.revision
                    head.language = chosen.language
                if old_title and new_title and old_title.revision != new_title.revision:
                    head.old_revision = old_title.revision
            elif (language := lang.match_enacting_formula(text)) is not None:
                head.preamble = text
                head.language = head.language or language
                position += 1
                break
            elif titled:
                subtitle.append(" ".join(text.split()))
        else:
            position = len(lines)
        if subtitle:
            head.title = " ".join(subtitle)
        if head.preamble is None and subtitle and subtitle[-1].endswith((",", "،", "，")):
            head.preamble = subtitle.pop()
            head.title = " ".join(subtitle) or None
        if not titled:
            self.warn("no-title", "no title line (RESOLUTION n (…)) was found")
        return position

    def is_call(self, line: _Line, match: lang.CallMatch | None) -> bool:
        """Whether the line opens a section, given the call its text matches (`lang.match_call(line.text)`)."""
        return match is not None or (
            line.style in _CALL_STYLES and split_label(line.text) is None and bool(line.text.strip())
        )

    # ---- sections and items -------------------------------------------------------------------------------
    def body(self, lines: list[_Line], head: FrontMatter) -> tuple[list[Section], list[Annex]]:
        sections: list[Section] = []
        annexes: list[AnnexDraft] = []
        current: _Section | None = None
        for line in lines:
            text = line.text.strip()
            if annexes:  # everything after the first annex heading belongs to the annexes
                if lang.match_annex(text):
                    annexes.append(AnnexDraft(heading=text))
                elif not lang.is_closing_rule(text):
                    annexes[-1].paragraphs.append(text)
            elif lang.is_closing_rule(text):
                continue
            elif lang.match_reasons(text):
                head.reasons = text
            elif lang.match_annex(text):
                annexes.append(AnnexDraft(heading=text))
            elif self.is_call(line, call := lang.match_call(line.text)):
                if current is not None:
                    sections.append(self.close(current))
                current = _Section(self.open_section(line, call))
            else:
                if current is None:
                    self.warn("item-before-call", f"{text[:40]!r} comes before any call line; kept in a section "
                              "without a call", line)
                    current = _Section(SectionDraft())
                self.item(line, current)
        if current is not None:
            sections.append(self.close(current))
        return sections, [annex.annex() for annex in annexes]

    def open_section(self, line: _Line, call: lang.CallMatch | None) -> SectionDraft:
        """The section a call line opens, given the call its text matches: the new side's (the line's text when
        there is one), else the old side's."""
        match = call
        if match is None and line.new and line.old:
            match = lang.match_call(line.old)
        if match is None:
            self.warn("unknown-call", f"{line.text.strip()!r} has the Call style but is not a known call phrase",
                      line)
        return SectionDraft(call=line.text.strip(), key=match.key if match else None,
                            kind=match.kind if match else None, language=match.language if match else None,
                            status=line.status,
                            old_call=line.old.strip() if line.status == "modified" and line.old else None)

    def item(self, line: _Line, section: _Section) -> None:
        stack = section.stack
        old = split_label(line.old) if line.old else None
        new = old if line.new == line.old else split_label(line.new) if line.new else None  # most sides are alike
        if old is None and new is None:
            top = stack[0]
            if not top.clauses and line.text.rstrip().endswith(CALL_TRAILERS) and len(stack) == 1:
                # An intro line ("pursuant to his initiative on this matter:") if labelled items follow;
                # close() turns it into the section's single unlabelled clause if none do.
                section.intro_lines.append(line)
                return
            stack[-1].clauses.append(_Node(self.clause(line, None, None)))
            return
        labels = {"old": old, "new": new}
        token = (new or old or ("", ""))[0]
        options = {side: token_readings(split[0]) if split else () for side, split in labels.items()}
        if not any(options.values()):
            self.warn("unknown-label", f"{token!r} is not a label resdiff can read (a flattened old+new label? "
                      "read the text with --from flat)", line)
            stack[-1].clauses.append(_Node(self.clause(line, old, new)))
            return
        frame_index, chosen = self.place(options, stack)
        del stack[frame_index + 1 :]
        frame = stack[frame_index]
        for side, label in chosen.items():
            if label is not None:
                frame.last[side] = label
                frame.labels[side].append(label)
        frame.kind = next(label.kind for label in chosen.values() if label is not None)
        frame.clauses.append(_Node(self.clause(line, old, new, chosen)))

    def place(self, options: _Options, stack: list[_Frame]) -> tuple[int, dict[str, Label | None]]:
        """Choose the nesting level and the reading of each side's label (letter `i)` vs Roman `i)`), given each
        side's readings of its label (none for a side without one)."""
        # 1. continue the innermost level that the label follows on some side, else an outer one
        for index in range(len(stack) - 1, -1, -1):
            frame = stack[index]
            chosen = self.fitting(options, frame, strict=True)
            if chosen is not None:
                return index, chosen
        # 2. open a deeper level under the last clause when the label starts a series
        top = stack[-1]
        used = {frame.kind for frame in stack}
        if top.clauses and top.kind is not None:
            # a deeper level only for a kind no outer level uses: a "1" after "ii)" goes back out to the numbers
            opening = {side: next((r for r in opts if follows(None, r) and r.kind not in used), None)
                       for side, opts in options.items()}
            if any(opening.values()) and all(opening[s] or not options[s] for s in options):
                stack.append(_Frame(clauses=[]))
                self.nest(top, stack[-1])
                return len(stack) - 1, opening
        # 3. same kind somewhere in the stack (a gap or a duplicate; reported by close())
        for index in range(len(stack) - 1, -1, -1):
            chosen = self.fitting(options, stack[index], strict=False)
            if chosen is not None:
                return index, chosen
        # 4. a new kind with no series to continue: a deeper level if there is a parent, else this level
        fallback = {side: (opts[0] if opts else None) for side, opts in options.items()}
        if top.clauses:
            stack.append(_Frame(clauses=[]))
            self.nest(top, stack[-1])
            return len(stack) - 1, fallback
        return len(stack) - 1, fallback

    @staticmethod
    def fitting(options: _Options, frame: _Frame, *, strict: bool) -> dict[str, Label | None] | None:
        if frame.kind is None:  # no labelled item yet (maybe an unlabelled paragraph): any series may start
            chosen: dict[str, Label | None] = {
                side: next((r for r in opts if follows(None, r)), opts[0] if opts else None)
                for side, opts in options.items()}
            return chosen if any(chosen.values()) else None
        chosen = {}
        matched = False
        for side, opts in options.items():
            pick = None
            for reading in opts:
                if reading.kind != frame.kind:
                    continue
                if follows(frame.last[side], reading) or (frame.last[side] is None and frame.clauses):
                    pick, matched = reading, True
                    break
                if not strict and pick is None:
                    pick = reading
            if opts and pick is None:
                return None
            chosen[side] = pick
        if strict and not matched:
            return None
        return chosen if any(chosen.values()) else None

    @staticmethod
    def nest(parent: _Frame, child: _Frame) -> None:
        parent.clauses[-1].children = child

    def clause(self, line: _Line, old: tuple[str, str] | None, new: tuple[str, str] | None,
               chosen: dict[str, Label | None] | None = None) -> Clause:
        self.counter += 1
        chosen = chosen or {}
        old_text = old[1] if old else line.old
        new_text = new[1] if new else line.new
        status = line.status
        if status in ("unchanged", "modified"):
            status = "unchanged" if (old_text or "").strip() == (new_text or "").strip() else "modified"
        return Clause(
            id=f"c{self.counter}",
            old_label=str(chosen["old"]) if chosen.get("old") else (old[0] if old else None),
            new_label=str(chosen["new"]) if chosen.get("new") else (new[0] if new else None),
            label_source=("generated" if line.generated else "typed") if old or new else None,
            status=status,
            old_text=old_text.strip() if old_text is not None else None,
            new_text=new_text.strip() if new_text is not None else None,
            spans=line.spans,
            footnotes=line.notes,
            paragraph=line.index,
            comments=tuple(self.comments.pop(line.index, ())),
        )

    def close(self, section: _Section) -> Section:
        top = section.stack[0]
        if not top.clauses:
            top.clauses.extend(_Node(self.clause(line, None, None)) for line in section.intro_lines)
        else:
            section.draft.intro = tuple(line.text.strip() for line in section.intro_lines)
        self.check_all(top, section.draft.call)
        return section.draft.section(tuple(node.freeze() for node in top.clauses))

    def check_all(self, frame: _Frame, call: str | None) -> None:
        """Every level's label series, the nested levels first."""
        for node in frame.clauses:
            if node.children is not None:
                self.check_all(node.children, call)
        self.check_sequences(frame, call)

    def check_sequences(self, frame: _Frame, call: str | None) -> None:
        sides = ("new",) if frame.labels["old"] == frame.labels["new"] else ("old", "new")
        for side in sides:
            labels = frame.labels[side]
            if labels and labels[0].kind != "bullet" and not is_sequence(labels):
                shown = " ".join(str(label) for label in labels)
                which = f"{side} labels" if len(sides) == 2 else "labels"
                self.warn("label-sequence", f"{which} under {call!r} are not a series: {shown}")


def build_tree(doc: Document) -> Resolution:
    """The clause tree of a resolution read from any document; problems are messages on the result."""
    with collector_paused():  # a clause per paragraph and the lines of both sides: see resdiff.collector
        return _Builder().build(doc)
