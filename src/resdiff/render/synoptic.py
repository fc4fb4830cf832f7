"""Synoptic table writer: the base text clause by clause, one column per proposal, conflicts flagged per row.

One self-contained HTML page (inline CSS, no script, no network), in the layout secretariats use for
compilations of proposals; each cell is that proposal's redline of the clause, or "no change". The comments a
proposal (or the base text) makes on a clause are notes under its redline in the same cell; a conflict is named
by its clause; each proposal's Reasons paragraph is the last row.
"""

from __future__ import annotations

from html import escape

from resdiff.comments import comments_in
from resdiff.model import Span, Synopsis
from resdiff.render.html import STYLE, comment_notes, spans_html

_TABLE_STYLE = """
table{border-collapse:collapse;width:100%} th,td{border:1px solid #999;padding:.4rem .5rem;vertical-align:top;
white-space:pre-wrap} th{background:#f1f1f1;font:600 .9rem system-ui,sans-serif} .none{color:#666;font-style:italic}
tr.conflict td{background:#fff4d6} .flag{font:600 .75rem system-ui,sans-serif;color:#7a4b00;display:block}
.action{font:600 .7rem system-ui,sans-serif;color:#1a3f8b;margin-right:.4rem}
td .notes{margin-top:.4rem;white-space:normal}
"""


def render_synoptic(synopsis: Synopsis, *, title: str = "Synoptic table of proposals") -> str:
    head = "".join(f"<th scope=\"col\">{escape(name)}</th>" for name in synopsis.proposals)
    rows = []
    for row in synopsis.rows:
        base = _redline(row.base.spans) if row.base is not None else '<span class="none">(new text)</span>'
        where = f" in {escape(row.clause)}" if row.clause else ""
        flag = f'<span class="flag">Conflict{where}: {escape(row.conflict)}</span>' if row.conflict else ""
        cells = {cell.proposal: cell for cell in row.cells}
        columns = []
        for name in synopsis.proposals:
            cell = cells.get(name)
            if cell is None:
                columns.append('<td><span class="none">no change</span></td>')
            else:
                columns.append(f'<td><span class="action">{cell.action}</span>{_redline(cell.paragraph.spans)}</td>')
        rows.append(f'<tr class="{"conflict" if row.conflict else ""}"><td>{flag}{base}</td>{"".join(columns)}</tr>')
    return (
        "<!DOCTYPE html>\n<html lang=\"und\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{STYLE}{_TABLE_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><table><thead><tr><th scope=\"col\">Base text</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody>{_reasons(synopsis)}</table></body></html>\n"
    )


def _reasons(synopsis: Synopsis) -> str:
    """The proposals' Reasons paragraphs, a last row: why each proposes what it does (not text of the draft)."""
    if not synopsis.reasons:
        return ""
    cells = "".join(f"<td>{escape(synopsis.reasons[name])}</td>" if name in synopsis.reasons
                    else '<td><span class="none">no Reasons</span></td>' for name in synopsis.proposals)
    return f'<tfoot><tr><th scope="row">Reasons</th>{cells}</tr></tfoot>'



def _redline(spans: tuple[Span, ...]) -> str:
    """A paragraph's redline and, under it, the comments made on it."""
    return spans_html(spans, "both") + comment_notes(comments_in(spans))
