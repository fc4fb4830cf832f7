"""HTML writer: one self-contained page (inline CSS, no script, no network) with an inline redline view and a
side-by-side view, switched by two radio buttons, and each paragraph's ITU action (NOC/MOD/ADD/SUP) in the margin.

Changes are `<ins>` and `<del>` (announced by screen readers), marked by underline and strike-through as well as
colour, in colours that keep a contrast above 7:1 on white.

Tables are `<table>` elements, one block with the table's action in the margin. The inline view shows the tracked
table: an inserted or deleted row has class `row-ins` / `row-del` and each of its cells' content in `<ins>` /
`<del>`. The side-by-side view shows the table as it is on each side (`resdiff.views.resolve_blocks`). Paragraphs
are numbered `p0`, `p1` … in the order of `Document.paragraphs()`, table cells included; a table is `t0`, `t1` ….

Comments are margin notes beside the paragraph (or table) they start in: author, date, the commented text and
the comment. In the text, the commented words are `<mark>`ed and Word's comment mark is a superscript link (the
author's initials) to the note; a note's id is derived from the comment itself, so that any view of the same
paragraph links to the same note.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from hashlib import sha1
from html import escape
from itertools import count
from typing import Literal

from resdiff.comments import COMMENT_KINDS, CommentMarks, comment_key, comment_text, comments_in
from resdiff.model import (
    ACTIONS,
    Block,
    Cell,
    Document,
    InlineObject,
    Paragraph,
    Revision,
    Row,
    RunFormat,
    Side,
    Span,
    Table,
    absent_from,
    iter_paragraphs,
)
from resdiff.model.tree import Comment
from resdiff.numbered import type_labels
from resdiff.views import paragraph_status, resolve_blocks

View = Literal["both", "old", "new"]
Change = Literal["ins", "del"]

STYLE = """
body{font:16px/1.5 Georgia,'Times New Roman',serif;color:#111;max-width:72rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.2rem} .views{margin:1rem 0;font-family:system-ui,sans-serif}
.p{display:grid;grid-template-columns:3.5rem 1fr;gap:.75rem;margin:.35rem 0}
.act{font:600 .75rem/1.8 system-ui,sans-serif;text-align:right;color:#555}
.ADD .act{color:#0b5d1e} .SUP .act{color:#8b0000} .MOD .act{color:#1a3f8b}
ins{color:#0b5d1e;background:#e6f4ea;text-decoration:underline;text-decoration-thickness:2px}
del{color:#8b0000;background:#fbe9e9;text-decoration:line-through}
.side{display:none;grid-template-columns:1fr 1fr;gap:1.5rem} .side>div{white-space:pre-wrap}
.inline{white-space:pre-wrap} .tab{display:inline-block;min-width:2.5rem}
#view-side:checked~main .inline{display:none} #view-side:checked~main .side{display:grid}
.legend{font:.85rem system-ui,sans-serif;color:#444} sup{font-size:.7em}
table.tbl{border-collapse:collapse;width:100%} .tbl td{border:1px solid #999;padding:.2rem .4rem;vertical-align:top}
.tblock .side>div{min-width:0;overflow-x:auto}
.tbl tr.row-ins>td,.tbl td.cell-ins{background:#e6f4ea;border-left:3px solid #0b5d1e}
.tbl tr.row-del>td,.tbl td.cell-del{background:#fbe9e9;border-left:3px solid #8b0000}
.p.noted{grid-template-columns:3.5rem 1fr 16rem} mark{background:#fff1b8;color:inherit}
.notes{font:.8rem/1.4 system-ui,sans-serif;color:#333;border-left:3px solid #8a6d00;padding-left:.5rem}
.notes p{margin:0 0 .4rem} .notes q{font-style:italic} .notes q::before{content:"“"} .notes q::after{content:"” "}
.cm{font:600 .65em system-ui,sans-serif} .cm a{color:#6b5200}
"""

_SIDE_OF: dict[Change, View] = {"ins": "new", "del": "old"}
_CHANGE_OF: dict[str, Change] = {"inserted": "ins", "moved_to": "ins", "deleted": "del", "moved_from": "del"}


def render_html(doc: Document, *, title: str = "resdiff redline") -> str:
    doc = type_labels(doc)  # Word's list numbers as the text shows them (resdiff.numbered)
    numbers, tables = count(), count()
    blocks = "".join(_block(block, numbers, tables) for block in doc.blocks)
    notes = "".join(
        f'<p id="note-{escape(n.id)}"><sup>{escape(n.id)}</sup> '
        + " ".join(spans_html(p.spans, "both") for p in iter_paragraphs(n.blocks)) + "</p>"
        + comment_notes({k: c for p in iter_paragraphs(n.blocks) for k, c in comments_in(p.spans).items()})
        for n in doc.cited_notes()
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"und\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        '<input type="radio" name="view" id="view-inline" checked><label for="view-inline">Inline redline</label> '
        '<input type="radio" name="view" id="view-side"><label for="view-side">Side by side</label>'
        '<p class="legend"><ins>inserted</ins> <del>deleted</del> · margin: ADD added, SUP suppressed, '
        "MOD modified, NOC no change</p>"
        f"<main>{blocks}</main>"
        + (f'<section aria-label="Notes">{notes}</section>' if notes else "")
        + "</body></html>\n"
    )


def _block(block: Block, numbers: Iterator[int], tables: Iterator[int]) -> str:
    if isinstance(block, Paragraph):
        return _paragraph(block, next(numbers))
    return _table_block(block, numbers, next(tables))


def _paragraph(paragraph: Paragraph, number: int) -> str:
    action = _action(paragraph)
    notes = comment_notes(comments_in(paragraph.spans))
    return (
        f'<div class="p {action}{" noted" if notes else ""}" id="p{number}"><span class="act">{action}</span>'
        f'<div><div class="inline">{spans_html(paragraph.spans, "both")}</div>'
        f'<div class="side"><div aria-label="old">{spans_html(paragraph.spans, "old")}</div>'
        f'<div aria-label="new">{spans_html(paragraph.spans, "new")}</div></div></div>{notes}</div>'
    )


def _table_block(table: Table, numbers: Iterator[int], index: int) -> str:
    """A top-level table: the tracked table in the inline view, each side's table in the side-by-side view."""
    action = _table_action(table)
    notes = comment_notes({k: c for p in iter_paragraphs((table,)) for k, c in comments_in(p.spans).items()})
    return (
        f'<div class="p tblock {action}{" noted" if notes else ""}" id="t{index}"><span class="act">{action}</span>'
        f'<div><div class="inline">{_table(table, "both", numbers)}</div>'
        f'<div class="side"><div aria-label="old">{_side_table(table, "old")}</div>'
        f'<div aria-label="new">{_side_table(table, "new")}</div></div></div>{notes}</div>'
    )


def _side_table(table: Table, side: Side) -> str:
    return "".join(_table(b, "both", None) for b in resolve_blocks((table,), side) if isinstance(b, Table))


def _table(table: Table, view: View, numbers: Iterator[int] | None) -> str:
    """`numbers` gives cell paragraphs their ids (None: no ids, for the side-by-side copies). `view` is 'both'
    for a tracked table, or the one side shown inside an inserted or deleted row."""
    return '<table class="tbl">' + "".join(_row(row, view, numbers) for row in table.rows) + "</table>"


def _row(row: Row, view: View, numbers: Iterator[int] | None) -> str:
    if view != "both" and absent_from(row.revisions, view):
        _skip(row.cells, numbers)
        return ""
    change = _change(row.revisions) if view == "both" else None
    cells = "".join(_cell(cell, view, numbers, change) for cell in row.cells)
    return f'<tr class="row-{change}">{cells}</tr>' if change else f"<tr>{cells}</tr>"


def _cell(cell: Cell, view: View, numbers: Iterator[int] | None, row_change: Change | None) -> str:
    if view != "both" and row_change is None and absent_from(cell.revisions, view):
        _skip((cell,), numbers)
        return ""
    own = _change(cell.revisions) if view == "both" and row_change is None else None
    change = row_change or own
    content = _cell_blocks(cell.blocks, _SIDE_OF[change] if change else view, numbers)
    if change:
        content = f"<{change}>{content}</{change}>"
    return f'<td class="cell-{own}">{content}</td>' if own else f"<td>{content}</td>"


def _cell_blocks(blocks: tuple[Block, ...], view: View, numbers: Iterator[int] | None) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Table):
            out.append(_table(block, view, numbers))
        else:
            number = f' id="p{next(numbers)}"' if numbers is not None else ""
            out.append(f'<div class="cp {_action(block)}"{number}>{spans_html(block.spans, view)}</div>')
    return "".join(out)


def _skip(cells: tuple[Cell, ...], numbers: Iterator[int] | None) -> None:
    """Use up the numbers of paragraphs not shown, so that the others keep their index in `paragraphs()`."""
    if numbers is not None:
        for _ in iter_paragraphs(tuple(b for cell in cells for b in cell.blocks)):
            next(numbers)


def _change(revisions: tuple[Revision, ...]) -> Change | None:
    """The innermost revision as a tag name, as `Span.status` reads a span's revisions."""
    return _CHANGE_OF.get(revisions[-1].kind) if revisions else None


def _table_action(table: Table) -> str:
    changes = {_change(row.revisions) for row in table.rows}
    if table.rows and changes == {"ins"}:
        return "ADD"
    if table.rows and changes == {"del"}:
        return "SUP"
    return "MOD" if _table_changed(table) else "NOC"


def _table_changed(table: Table) -> bool:
    return any(row.revisions or any(_cell_changed(cell) for cell in row.cells) for row in table.rows)


def _cell_changed(cell: Cell) -> bool:
    return bool(cell.revisions) or any(
        _table_changed(b) if isinstance(b, Table) else b.has_revisions for b in cell.blocks)


def _action(paragraph: Paragraph) -> str:
    return ACTIONS[paragraph_status(paragraph)]


def spans_html(spans: tuple[Span, ...], side: View) -> str:
    """Spans as HTML: `side` 'both' shows revisions as <ins>/<del>; 'old' or 'new' shows that side's text only.
    Commented text is in <mark>, a comment's mark links to its note (`comment_notes`)."""
    marks = CommentMarks(spans)
    commented = marks.continued()  # ranges begun in an earlier paragraph are open from the start
    out = []
    for span in spans:
        if side != "both" and not span.on(side):
            continue
        obj = span.object
        if obj is not None and obj.kind in COMMENT_KINDS:
            key = comment_key(obj)
            if obj.kind == "comment_start":
                commented.add(key)
            elif obj.kind == "comment_end":
                commented.discard(key)
            if marks.shown_at(obj):
                out.append(_comment_mark(obj, key))
            continue
        if span.note is not None:
            text = f'<sup><a href="#note-{escape(span.note.id)}">{escape(span.note.id)}</a></sup>'
        else:
            fmt = span.format_change.old if side == "old" and span.format_change is not None else span.format
            text = _formatted(escape(span.text).replace("\t", '<span class="tab">\t</span>'), fmt)
            if commented and text:
                text = f"<mark>{text}</mark>"
        if side == "both" and span.status in ("inserted", "moved_to"):
            text = f"<ins>{text}</ins>"
        elif side == "both" and span.status in ("deleted", "moved_from"):
            text = f"<del>{text}</del>"
        out.append(text)
    return "".join(out)


def comment_notes(comments: Mapping[str, Comment]) -> str:
    """Comments (by `resdiff.comments.comment_key`) as margin notes: who, when, the text they are about, what
    they say; each note is the target of its comment's mark in the text."""
    if not comments:
        return ""
    items = []
    for key, comment in comments.items():
        anchor = comment.anchor_new or comment.anchor_old
        items.append(
            f'<p id="{_note_id(key)}"><b>{escape(comment.author or "?")}</b>'
            + (f" <time>{escape(comment.date)}</time>" if comment.date else "") + "<br>"
            + (f"<q>{escape(anchor)}</q>" if anchor else "")
            + escape(comment.text).replace("\n", "<br>") + "</p>")
    return f'<aside class="notes" aria-label="Comments">{"".join(items)}</aside>'


def _comment_mark(obj: InlineObject, key: str) -> str:
    about = comment_text(obj)
    label = about.initials or about.author or "*"
    return (f'<sup class="cm"><a href="#{_note_id(key)}" title="{escape(about.line())}">[{escape(label)}]</a>'
            "</sup>")


def _note_id(key: str) -> str:
    """A comment's note id, the same wherever the comment is shown (its w:comment element's digest)."""
    return "comment-" + sha1(key.encode("utf-8")).hexdigest()[:12]


def _formatted(html: str, fmt: RunFormat | None) -> str:
    """Escaped text wrapped in the character formatting HTML has elements for."""
    if fmt is None or not html:
        return html
    tags = (("b", fmt.bold), ("i", fmt.italic), ("u", fmt.underline is not None),
            ("s", fmt.strike or fmt.double_strike), ("sup", fmt.vert_align == "superscript"),
            ("sub", fmt.vert_align == "subscript"))
    for tag, on in tags:
        if on:
            html = f"<{tag}>{html}</{tag}>"
    return html
