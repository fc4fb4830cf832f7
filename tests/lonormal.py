"""resdiff's text and LibreOffice's text export of the same view, brought to a form both can agree on.

Each rule says what differs between the two texts and why, so that what is left is a difference of content:

* Whitespace: every run of whitespace is one space, none at either end of a paragraph. LibreOffice writes a list
  label as indentation + label + space ("    a) text"), resdiff as label + tab ("a)\\ttext"); tabs and non-breaking
  spaces are written as they are by both, but a tab's width is layout, not text.
* Bullets: a label of one character that is no letter or digit is a bullet, compared as a bullet. LibreOffice
  writes the Unicode character it maps a symbol font's character to (Symbol's U+F0B7 → "•", and a Symbol "?",
  which Word draws as Symbol's glyph for "?", → "•"); resdiff writes the character of w:lvlText, as
  tests/test_list_labels.py compares bullets. resdiff's bullet labels are known from the model
  (`resdiff.numbered.generated_labels`); LibreOffice writes a label after indentation and before a space, so a
  paragraph that starts with "✅ " or with a typed "-\t" has none.
* Symbol fonts: a character of the private-use range U+F020–U+F0FF is read as U+0020–U+00FF. LibreOffice keeps
  the code of a w:sym (w:char="F02A", Symbol's asterisk) as it is; resdiff reads it as the character it stands
  for, as ECMA-376 Part 1 §17.3.3.30 (sym) describes symbol fonts' codes in that range.
* Zero-width space (U+200B) and zero-width joiner (U+200D) are dropped. LibreOffice puts a U+200D into each
  empty cell of a tracked table row (its CH_TXT_TRACKED_DUMMY_CHAR, so that the row's change is tracked as a
  text change) and leaves U+200B at comment anchors; after its own Accept All / Reject All they stay, as text.
* Notes: resdiff writes `[label]` at a note reference (`resdiff.model.note_label`: the footnote's w:id, `e` and
  the endnote's w:id) and the cited notes after the body; LibreOffice writes the mark Word shows (the note's
  number in the note numbering format: "1", "i"...) and leaves the notes out of its text export (the macro of
  `lotext` lists them). The k-th footnote (endnote) resdiff cites is LibreOffice's k-th footnote (endnote), both
  in document order: its `[label]` is replaced by LibreOffice's mark, and the note texts are compared by kind.
* Page breaks: a page or column break (w:br w:type="page"/"column") at either end of a paragraph splits off no
  line. resdiff writes every break as a line break; LibreOffice cuts a paragraph at a break inside it, but turns
  one at its start or end into a break before or after the paragraph (tests/doclisting.py `comparable`, same
  reading), so "\fRESULTS" is one paragraph there and two lines in resdiff's text.
* Drop caps: a paragraph in a drop-cap frame (w:framePr w:dropCap "drop" or "margin") is the start of the next
  paragraph. LibreOffice imports it as a drop-cap property of that paragraph, which is how it is displayed
  (ECMA-376 Part 1 §17.18 ST_DropCap: the frame's contents 'are displayed in the anchor paragraph'); the package,
  and resdiff's text, keep it a paragraph of its own ("D" and "rop the base.").
* Section breaks: an empty paragraph that carries a section break (w:sectPr in its w:pPr) is left out of
  resdiff's text. LibreOffice keeps no such paragraph (the section's page style goes to the next paragraph, see
  tests/doclisting.py `comparable`); Word shows it as the section's last paragraph, and so does resdiff.

What no rule can bring together (a DATE field LibreOffice recomputes, math and text boxes, which its text export
leaves out) is removed from the input or listed, file by file, with
the evidence, by the tests that use this module.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

import resdiff
from lotext import Exported
from resdiff.model import iter_paragraphs, note_label
from resdiff.numbered import generated_labels, shown

# A list label as LibreOffice writes it: indentation, the label and a space.
_LIBREOFFICE_BULLET = re.compile(r"^\s+[^\w\s] ")
_DROP_CAP = re.compile(r'<w:framePr\b[^>]*\bw:dropCap="(?:drop|margin)"')
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200d"))
_SYMBOL_FONT = {code: code - 0xF000 for code in range(0xF020, 0xF100)}


def squash(text: str) -> str:
    """Runs of whitespace as one space, none at the ends; zero-width spaces and joiners dropped; a symbol font's
    private-use character as the character it stands for (see the module docstring)."""
    return " ".join(text.translate(_ZERO_WIDTH).translate(_SYMBOL_FONT).split())


def libreoffice_line(line: str) -> str:
    return squash(_LIBREOFFICE_BULLET.sub("• ", line))


@dataclass(frozen=True)
class Text:
    """A document's text in comparable form: the body's paragraphs (a line break inside a paragraph makes two
    lines, in both tools' texts), and the text of the footnotes and endnotes, each kind in document order."""

    paragraphs: tuple[str, ...]
    footnotes: tuple[str, ...] = ()
    endnotes: tuple[str, ...] = ()

    def difference(self, other: Text, names: tuple[str, str] = ("resdiff", "LibreOffice")) -> str | None:
        """A unified diff of the first part that differs (paragraphs, footnotes, endnotes), or None."""
        for part in ("paragraphs", "footnotes", "endnotes"):
            ours, theirs = getattr(self, part), getattr(other, part)
            if ours != theirs:
                diff = difflib.unified_diff(ours, theirs, *names, lineterm="", n=1)
                shown = [line[:200] for line in list(diff)[2:60]]
                return f"{part}: {len(ours)} against {len(theirs)}\n" + "\n".join(shown)
        return None


@dataclass(frozen=True)
class Written:
    """resdiff's text writer's output for one side, cut along the model (see `resdiff_text`)."""

    paragraphs: tuple[str, ...]
    references: tuple[tuple[str, str], ...]  # (kind, label) of each note reference, in document order
    notes: tuple[tuple[str, str, str], ...]  # (kind, label, text) of each cited note, as the writer lists them


def resdiff_text(side: resdiff.Document, *, docx: bool = True) -> Written:
    """resdiff's own text of a resolved side (`render(side, "txt")`), cut into the body's paragraphs along the
    model (one paragraph is one line, and one more for each line break in it) and the notes section after it.
    An empty paragraph with a section break is left out (see the module docstring). For comparing with
    LibreOffice's reading of a .docx (`docx`), page breaks at the ends of a paragraph are no lines and a bullet
    label is "•"; its reading of resdiff's HTML has the label as the HTML writer typed it, and no page breaks."""
    lines = resdiff.render(side, "txt").decode("utf-8").removesuffix("\n").split("\n")
    body: list[str] = []
    references: list[tuple[str, str]] = []
    at, cap = 0, ""
    labels = [pair[0] if side.side == "old" else pair[1] for pair in generated_labels(side)]
    for paragraph, label in zip(iter_paragraphs(side.blocks), labels, strict=True):
        count = paragraph.text.count("\n") + 1
        chunk, at = lines[at:at + count], at + count
        if docx:
            chunk = _page_breaks_at_ends(paragraph, chunk)
        if docx and label is not None and label.format == "bullet":  # the bullet as "•", its suffix kept
            bullet = shown(label).rstrip("\t ")
            assert chunk[0].startswith(bullet), f"{chunk[0]!r} does not start with its label {bullet!r}"
            chunk[0] = "•" + chunk[0][len(bullet):]
        references += [(s.note.kind, s.note.label) for s in paragraph.spans if s.note is not None]
        if cap:
            chunk[0], cap = cap + chunk[0], ""
        if _DROP_CAP.search(paragraph.format.xml or "" if paragraph.format else ""):
            cap = "".join(chunk)
            continue
        sectioned = paragraph.format is not None and "sectPr" in (paragraph.format.xml or "")
        if not (sectioned and not "".join(chunk).strip()):
            body += chunk
    if cap:
        body.append(cap)
    return Written(tuple(body), tuple(references), _notes(side, lines[at:]))


def _page_breaks_at_ends(paragraph: resdiff.Paragraph, lines: list[str]) -> list[str]:
    """The written lines of a paragraph without the line a page or column break at either end of it starts or
    ends (see the module docstring). The break is the first (last) line break of the written text: a list label
    written before it has none."""
    content = [s for s in paragraph.spans if s.text or s.note is not None]
    text = "\n".join(lines)
    if content and _is_break(content[0]):
        text = text.replace("\n", "", 1)
    if len(content) > int(_is_break(content[0]) if content else 0) and _is_break(content[-1]):
        text = text.removesuffix("\n")
    return text.split("\n")


def _is_break(span: resdiff.Span) -> bool:
    return span.object is not None and span.object.kind == "break"


def _notes(side: resdiff.Document, lines: list[str]) -> tuple[tuple[str, str, str], ...]:
    """The notes section of the text writer: a blank line, then `[label] text` per cited note (a line break in
    a note continues it on the next line)."""
    cited = [(n.kind, note_label(n.kind, n.id)) for n in side.cited_notes()]
    if not cited:
        assert not any(lines), f"text after the body of a document without notes: {lines[:3]}"
        return ()
    assert lines and lines[0] == "", f"no blank line before the notes: {lines[:3]}"
    texts: list[list[str]] = []
    for line in lines[1:]:
        k = len(texts)
        if k < len(cited) and (line == f"[{cited[k][1]}]" or line.startswith(f"[{cited[k][1]}] ")):
            texts.append([line[len(cited[k][1]) + 2:]])
        else:
            texts[-1].append(line)
    assert len(texts) == len(cited), f"{len(cited)} notes cited, {len(texts)} written"
    return tuple((kind, label, " ".join(text)) for (kind, label), text in zip(cited, texts))


def with_marks(written: Written, marks: Mapping[str, str]) -> Text:
    """resdiff's text in comparable form, each `[label]` of a note reference replaced by `marks[label]`."""
    pattern = re.compile("|".join(re.escape(f"[{label}]") for label in marks)) if marks else None

    def mark(line: str) -> str:
        return pattern.sub(lambda m: marks[m.group(0)[1:-1]], line) if pattern else line

    notes = {kind: tuple(squash(text) for k, _, text in written.notes if k == kind)
             for kind in ("footnote", "endnote")}
    return Text(tuple(squash(mark(line)) for line in written.paragraphs), notes["footnote"], notes["endnote"])


def libreoffice_text(exported: Exported) -> Text:
    """LibreOffice's text export in comparable form, with the notes its macro listed."""
    notes = {kind: tuple(squash(n.text) for n in exported.notes if n.kind == kind) for kind in ("footnote", "endnote")}
    return Text(tuple(map(libreoffice_line, exported.lines())), notes["footnote"], notes["endnote"])


def compare(written: Written, exported: Exported) -> str | None:
    """The difference between resdiff's text and LibreOffice's, or None. Note marks are matched by kind and
    order (the module docstring)."""
    marks: dict[str, str] = {}
    for kind in ("footnote", "endnote"):
        labels = list(dict.fromkeys(label for k, label in written.references if k == kind))
        anchors = [n.anchor for n in exported.notes if n.kind == kind]
        marks.update(zip(labels, anchors))
    return with_marks(written, marks).difference(libreoffice_text(exported))
