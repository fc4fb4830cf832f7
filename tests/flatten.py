"""A flattener for the tests: the plain text Apache POI / Tika extract from a tracked document, in either glue order.

`flatten(critic, glue)` takes the text of a `.critic.md` file (one paragraph per line, `{--deleted--}` and
`{++inserted++}` groups, `[^1]` note references, `[^1]: …` note definition lines) and gives what POI's
`XWPFParagraph` text is for the same document (DOMAIN.md §4.6):

* every tracked group loses its marks and keeps its text, deleted text included. Where deleted and inserted
  groups touch (with no untracked character between them) they are glued in the order asked: `del-ins` puts the
  deleted text first, as POI does with Word's usual `w:del` before `w:ins` (`gf)`, `1213`, `2018Bucharest, 2022`);
  `ins-del` puts the inserted text first (`fg)`, `1312`, `Bucharest, 20222018`), as other extractors do. The
  order the groups are written in the `.critic.md` file does not matter.
* a paragraph inserted or deleted as a whole (a line that is one group) is a line like any other: its text,
  label included, with nothing to say it exists on one side only (the paragraph mark's revision leaves no trace).
* a note reference `[^1]` becomes POI's `[footnoteRef:1]1` (the marker, then the number Word shows), and the
  note's text is appended to the end of its paragraph as ` [1: 1<TAB>text] ` (with the leading and trailing space
  POI writes), followed by an empty line. Note definition lines are not paragraphs and are not written.
* nothing else is added: no `[bookmark: …]` markers, no line breaks inside paragraphs; the text ends with a
  newline.
"""

from __future__ import annotations

import re
from typing import Literal

Glue = Literal["del-ins", "ins-del"]

_GROUP = re.compile(r"\{--(.*?)--\}|\{\+\+(.*?)\+\+\}", re.DOTALL)
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s?(.*)$")


def flatten(critic: str, glue: Glue = "del-ins") -> str:
    if glue not in ("del-ins", "ins-del"):
        raise ValueError(f"glue is 'del-ins' or 'ins-del', not {glue!r}")
    lines = critic.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    notes = {m.group(1): m.group(2) for m in map(_NOTE_DEF.match, lines) if m}
    out: list[str] = []
    for line in lines:
        if _NOTE_DEF.match(line):
            continue
        text = _glued(line, glue)
        refs = _NOTE_REF.findall(text)
        text = _NOTE_REF.sub(lambda m: f"[footnoteRef:{m.group(1)}]{m.group(1)}", text)
        for ref in refs:
            text += f" [{ref}: {ref}\t{notes[ref]}] "
        out.append(text)
        if refs:
            out.append("")
    return "\n".join(out) + "\n"


def _glued(line: str, glue: Glue) -> str:
    """The line without marks, each run of touching groups as its deleted then inserted text (or the reverse)."""
    out: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []
    position = 0

    def flush() -> None:
        first, second = (deleted, inserted) if glue == "del-ins" else (inserted, deleted)
        out.extend(first + second)
        deleted.clear()
        inserted.clear()

    for match in _GROUP.finditer(line):
        if match.start() > position:
            flush()
            out.append(line[position : match.start()])
        if match.group(1) is not None:
            deleted.append(match.group(1))
        else:
            inserted.append(match.group(2))
        position = match.end()
    flush()
    out.append(line[position:])
    return "".join(out)
