"""HTML writer: one self-contained page (inline CSS, no script, no network) with an inline redline view and a
side-by-side view, switched by two radio buttons, and each paragraph's ITU action (NOC/MOD/ADD/SUP) in the margin.

Changes are `<ins>` and `<del>` (announced by screen readers), marked by underline and strike-through as well as
colour, in colours that keep a contrast above 7:1 on white.
"""

from __future__ import annotations

from html import escape

from resdiff.labels import split_label
from resdiff.model import Document, Paragraph, Span, Table, iter_paragraphs

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
"""


def render_html(doc: Document, *, title: str = "resdiff redline") -> str:
    rows = []
    number = 0
    for block in doc.blocks:
        paragraphs = [block] if isinstance(block, Paragraph) else list(iter_paragraphs((block,)))
        for paragraph in paragraphs:
            rows.append(_paragraph(paragraph, number, in_table=isinstance(block, Table)))
            number += 1
    notes = "".join(
        f'<p id="note-{escape(n.id)}"><sup>{escape(n.id)}</sup> '
        + " ".join(spans_html(p.spans, "both") for p in iter_paragraphs(n.blocks)) + "</p>"
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
        f"<main>{''.join(rows)}</main>"
        + (f'<section aria-label="Notes">{notes}</section>' if notes else "")
        + "</body></html>\n"
    )


def _paragraph(paragraph: Paragraph, number: int, *, in_table: bool) -> str:
    action = _action(paragraph)
    return (
        f'<div class="p {action}" id="p{number}"><span class="act">{action}</span>'
        f'<div><div class="inline">{spans_html(paragraph.spans, "both")}</div>'
        f'<div class="side"><div aria-label="old">{spans_html(paragraph.spans, "old")}</div>'
        f'<div aria-label="new">{spans_html(paragraph.spans, "new")}</div></div></div></div>'
    )


def _action(paragraph: Paragraph) -> str:
    marks = {r.kind for r in paragraph.mark}
    kinds = {s.status for s in paragraph.spans if s.text or s.note}
    if marks & {"inserted", "moved_to"} and kinds <= {"inserted", "moved_to"}:
        return "ADD"
    if marks & {"deleted", "moved_from"} and kinds <= {"deleted", "moved_from"}:
        return "SUP"
    if not paragraph.has_revisions:
        return "NOC"
    # renumbered only (label changed, text not): NOC, as in the clause tree, with the label change visible
    old = "".join(s.text for s in paragraph.spans if s.on("old"))
    new = "".join(s.text for s in paragraph.spans if s.on("new"))
    return "NOC" if old != new and _without_label(old) == _without_label(new) else "MOD"


def _without_label(text: str) -> str:
    split = split_label(text)
    return split[1] if split else text


def spans_html(spans: tuple[Span, ...], side: str) -> str:
    out = []
    for span in spans:
        if side != "both" and not span.on(side):  # type: ignore[arg-type]
            continue
        if span.note is not None:
            text = f'<sup><a href="#note-{escape(span.note.id)}">{escape(span.note.id)}</a></sup>'
        else:
            text = escape(span.text).replace("\t", '<span class="tab">\t</span>')
        if side == "both" and span.status in ("inserted", "moved_to"):
            text = f"<ins>{text}</ins>"
        elif side == "both" and span.status in ("deleted", "moved_from"):
            text = f"<del>{text}</del>"
        out.append(text)
    return "".join(out)
