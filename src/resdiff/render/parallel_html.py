"""The language versions of one resolution side by side: one self-contained HTML page (inline CSS, no script),
one column per version, one row per aligned section or clause (`resdiff.align.parallel`).

Each cell is that version's redline of the clause (`<ins>`/`<del>`, as `resdiff.render.html` writes it) with the
ITU action in the margin; a cell with no counterpart is empty and shaded, and a cell a finding of `resdiff
parallel` names is outlined, the findings' messages under the table. Every text comes from the documents and is
escaped; each column has its language's `lang` and, for Arabic, `dir="rtl"`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from resdiff.align.parallel import Alignment, Row, Version, title_paragraph
from resdiff.check.context import Finding
from resdiff.render.html import spans_html

__all__ = ["render_parallel_html"]

_RTL = {"ar", "fa", "he", "ur"}

STYLE = """
body{font:15px/1.45 Georgia,'Times New Roman',serif;color:#111;margin:1.5rem;padding:0}
h1{font-size:1.2rem} table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #bbb;padding:.3rem .45rem;vertical-align:top;text-align:start}
th{font:600 .85rem system-ui,sans-serif;background:#f3f3f3}
.cl{display:grid;grid-template-columns:2.6rem 1fr;gap:.4rem;white-space:pre-wrap}
.act{font:600 .7rem/1.9 system-ui,sans-serif;color:#555}
.ADD .act{color:#0b5d1e} .SUP .act{color:#8b0000} .MOD .act{color:#1a3f8b}
ins{color:#0b5d1e;background:#e6f4ea;text-decoration:underline;text-decoration-thickness:2px}
del{color:#8b0000;background:#fbe9e9;text-decoration:line-through}
tr.call td{font-style:italic;background:#fafafa} td.none{background:#eee}
td.flag{outline:3px solid #b35c00;outline-offset:-3px} .d2 .cl{padding-inline-start:1.5rem}
.d3 .cl{padding-inline-start:3rem} .tab{display:inline-block;min-width:2rem} sup{font-size:.7em}
.findings{font:.85rem/1.4 system-ui,sans-serif} .findings li{margin:.2rem 0}
"""


def render_parallel_html(alignment: Alignment, findings: Sequence[Finding] = (), *,
                         title: str = "resdiff parallel") -> str:
    """The page: a header row naming each version, the title rows, then a row per section and clause."""
    versions = alignment.versions
    flagged = _flagged(findings)
    head = "".join(f"<th{_lang(v)}>{escape(v.name)}</th>" for v in versions)
    rows = [_title_row(versions), *(_row(alignment, row, flagged) for row in alignment.rows), _notes_row(versions)]
    listed = "".join(f"<li>{escape(f.severity)} {escape(f.rule)}: {escape(f.message)}</li>" for f in findings)
    return ("<!DOCTYPE html>\n<html lang=\"und\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + (f'<section class="findings" aria-label="Findings"><h2>Findings</h2><ul>{listed}</ul></section>'
               if listed else "")
            + "</body></html>\n")


def _lang(version: Version) -> str:
    language = version.tree.language
    if not language:
        return ""
    return f' lang="{escape(language)}"' + (' dir="rtl"' if language in _RTL else "")


def _flagged(findings: Sequence[Finding]) -> set[tuple[str, int]]:
    """(file, paragraph) of both locations of every finding; for a section or clause one version lacks, only
    where it is (the other location is the row before, in the version that lacks it; its empty cell is shaded)."""
    out: set[tuple[str, int]] = set()
    for f in findings:
        if f.file and f.location.paragraph is not None:
            out.add((f.file, f.location.paragraph))
        other, paragraph = f.details.get("other_file"), f.details.get("other_paragraph")
        if other and paragraph and paragraph.isdigit() and f.rule not in ("PAR001", "PAR003"):
            out.add((other, int(paragraph)))
    return out


def _title_row(versions: Sequence[Version]) -> str:
    cells = []
    for v in versions:
        tree = v.tree
        index = title_paragraph(v)  # the title line as the version writes it, tracked
        parts = [f"<strong>{spans_html(v.doc.paragraphs()[index].spans, 'both')}</strong>"] if index is not None \
            else []
        parts += [escape(x) for x in (tree.title, tree.preamble) if x]
        cells.append(f"<td{_lang(v)}>{'<br>'.join(parts)}</td>")
    return f'<tr class="title">{"".join(cells)}</tr>'


def _row(alignment: Alignment, row: Row, flagged: set[tuple[str, int]]) -> str:
    cells = []
    for index, version in enumerate(alignment.versions):
        section_index = row.sections[index]
        if row.depth == 0:
            section = version.tree.sections[section_index] if section_index is not None else None
            text = " ".join(x for x in ((section.call if section else None), *(section.intro if section else ()))
                            if x)
            shade = ' class="none"' if section is None else ""
            cells.append(f"<td{_lang(version)}{shade}>{escape(text)}</td>")
            continue
        clause = row.cells[index]
        if clause is None:
            cells.append(f'<td{_lang(version)} class="none"></td>')
            continue
        flag = " flag" if (version.name, clause.paragraph + 1) in flagged else ""
        body = spans_html(clause.spans, "both").replace('href="#note-', f'href="#v{index}-note-')
        cells.append(f'<td{_lang(version)} class="{clause.action}{flag}"><div class="cl"><span class="act">'
                     f"{clause.action}</span><span>{body}</span></div></td>")
    kind = "call" if row.depth == 0 else f"d{row.depth}"
    return f'<tr class="{kind}">{"".join(cells)}</tr>'


def _notes_row(versions: Sequence[Version]) -> str:
    if not any(v.tree.footnotes for v in versions):
        return ""
    cells = []
    for index, v in enumerate(versions):
        notes = "".join(f'<p id="v{index}-note-{escape(key)}"><sup>{escape(key)}</sup> {escape(text)}</p>'
                        for key, text in v.tree.footnotes.items())
        cells.append(f"<td{_lang(v)}>{notes}</td>")
    return f'<tr class="notes">{"".join(cells)}</tr>'
