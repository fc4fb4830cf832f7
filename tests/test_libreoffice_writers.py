"""LibreOffice reads what resdiff's writers write: .docx, .html and .txt (it reads no Markdown, JSON or Akoma
Ntoso). For each fixture document and a corpus sample, each output is converted by LibreOffice to text (one
LibreOffice run for all) and compared with resdiff's own text writer of the same view (`lonormal`):

* "docx-accepted": `render(doc.new(), "docx")` (into the old version's package for a redline) read as it is;
* "docx-tracked-accept" / "-reject": the tracked document as .docx (`render(doc, "docx", template=old)` for a
  redline, the model written into a fresh package otherwise) after LibreOffice's own Accept All / Reject All:
  resdiff's w:ins / w:del resolve to resdiff's text of each side. After Reject All only the text is compared, as
  the sequence of its non-space characters, not where paragraphs end: LibreOffice's Reject All of an inserted
  paragraph (text and mark inserted, as every added clause of a proposal is) joins the paragraph before it with
  the one after it, where Word removes the inserted paragraph's own mark (ECMA-376 Part 1 §17.13.5 ins on the paragraph mark, and
  fixtures/res130-iap/old.txt, the official text, has the two paragraphs; test_libreoffice_oracle.py
  OWN_PARAGRAPH_MARK lists the corpus documents where this shows);
* "txt": `render(doc.new(), "txt")` read back as UTF-8 text: the same lines;
* "html-accepted": the page of the accepted view, its inline view, against the text of the accepted view; the
  page's notes section ("<id> text") against the notes resdiff's text lists, a note's mark being its id;
* "html-inline", "html-old", "html-new": the page of the tracked document. LibreOffice ignores the page's CSS, so
  it would show the inline view and both columns of the side-by-side view one after the other; each view is
  given to it alone (`view`, what the page's radio buttons show). Paragraphs of a tracked document do not map one
  to one onto either side's (a deleted paragraph mark joins two), so the columns are compared with resdiff's text
  of each side as the sequence of their non-space characters, and the inline view, which shows deleted and
  inserted text both, must contain each side's sequence in order (each side's words appear where they belong).

The page's heading, view switch, legend, margin labels (NOC/MOD/ADD/SUP) and comments (the "[author]" mark and
the comment beside its paragraph) are not document text, as in the text writer, and are taken out of the page
before LibreOffice reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html

import resdiff
from corpus import corpus_path, has_any_revisions, manifest_rows, spread_sample, without_math_and_text_boxes
from lonormal import Text, Written, compare, libreoffice_text, resdiff_text, squash, with_marks
from lotext import Exported, Job, export_text, soffice

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TRACKED = sorted(row["path"] for row in manifest_rows() if has_any_revisions(row))
CORPUS_SAMPLE = spread_sample(TRACKED, 3)
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
VIEWS = ("docx-accepted", "docx-tracked-accept", "docx-tracked-reject", "txt", "html-accepted", "html-inline",
         "html-old", "html-new")
CLEAN_VIEWS = ("docx-accepted", "txt", "html-accepted")


@dataclass(frozen=True)
class Source:
    """A document to write: the tracked (or clean) document, and the package a .docx of it goes into."""

    doc: resdiff.Document
    template: resdiff.Document | None = None


def _read(name: str) -> Callable[[], Source]:
    return lambda: Source(resdiff.read(FIXTURES / name))


def _redline(old: str, new: str) -> Callable[[], Source]:
    def make() -> Source:
        before = resdiff.read(FIXTURES / old)
        return Source(resdiff.diff(before, resdiff.read(FIXTURES / new), author="IAP", date="2022-09-26T00:00:00Z"),
                      before if old.endswith(".docx") else None)
    return make


def _corpus(path: str) -> Callable[[], Source]:
    return lambda: Source(resdiff.read(without_math_and_text_boxes(corpus_path(path).read_bytes()), name=path))


DOCUMENTS: dict[str, Callable[[], Source]] = {
    "res130-iap/proposal.docx": _read("res130-iap/proposal.docx"),
    "res130-iap-autonum/proposal.docx": _read("res130-iap-autonum/proposal.docx"),
    "res130-iap/proposal.critic.md": _read("res130-iap/proposal.critic.md"),
    "res130-iap/old.txt→new.txt": _redline("res130-iap/old.txt", "res130-iap/new.txt"),
    "itu-res130-docx/old.docx→new.docx": _redline("itu-res130-docx/old.docx", "itu-res130-docx/new.docx"),
    **{f"resolutions/{lang}.txt": _read(f"resolutions/{lang}.txt") for lang in LANGUAGES},
    **{path: _corpus(path) for path in CORPUS_SAMPLE},
}


# resdiff's faults that LibreOffice shows (see test_libreoffice_oracle.RESDIFF_BUGS); strict xfails.
LIST_RESTARTS = (
    "the model writer (a fresh package: `doc.with_source(None)`) merges the w:num instances of one abstract list "
    "that differ only by being separate instances: the source's numIds 10-22, each list restarting at a) through "
    "w:lvlOverride/w:startOverride, become numIds 10-13, so the 'reconnaissant' list continues the one before it "
    "('o)' for 'a)'; ECMA-376 Part 1 §17.9 startOverride restarts the count of that w:num instance only). The "
    "package written by `resdiff accept` keeps them and reads right"
)
RESDIFF_BUGS = {
    ("res130-iap-autonum/proposal.docx", "docx-tracked-accept"): LIST_RESTARTS,
    ("res130-iap-autonum/proposal.docx", "docx-tracked-reject"): LIST_RESTARTS,
}


def _cases() -> list[object]:
    return [pytest.param(name, view, id=f"{name}-{view}",
                         marks=[pytest.mark.xfail(strict=True, reason=RESDIFF_BUGS[name, view])]
                         if (name, view) in RESDIFF_BUGS else [])
            for name in DOCUMENTS for view in (CLEAN_VIEWS if name.startswith("resolutions/") else VIEWS)]


def view(page: bytes, shown: str) -> bytes:
    """The HTML page as a reader sees it with one view chosen: "inline" (the page's default), or one column of the
    side-by-side view ("old", "new"; the notes section, which shows revisions inline, left out); the heading, view
    switch, legend and margin labels taken out."""
    root = lxml_html.fromstring(page)
    drop = root.xpath('//h1 | //input | //label | //p[@class="legend"] | //span[@class="act"] | //sup[@class="cm"]'
                      ' | //aside[@aria-label="Comments"]')
    if shown == "inline":
        drop += root.xpath('//div[@class="side"]')
    else:
        other = "new" if shown == "old" else "old"
        drop += root.xpath(f'//div[@class="inline"] | //div[@aria-label="{other}"] | //section[@aria-label="Notes"]')
    for el in drop:
        el.drop_tree()
    return lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8")


def _html_text(written: Written) -> Text:
    """resdiff's text as the HTML writer shows it: a note's mark is its id (the label without the endnote's `e`),
    and the notes are paragraphs "<id> text" after the body."""
    ids = {label: label.removeprefix("e") if kind == "endnote" else label for kind, label in written.references}
    lines = list(written.paragraphs)
    for label, the_id in ids.items():
        lines = [line.replace(f"[{label}]", the_id) for line in lines]
    lines += [f"{label.removeprefix('e') if kind == 'endnote' else label} {text}" for kind, label, text in written.notes]
    return Text(tuple(map(squash, lines)))


def _without_empty(text: Text) -> Text:
    """The paragraphs that have text: Writer's HTML import puts an empty paragraph of its own after a table (a
    table cannot end the block that holds it there), so empty paragraphs are not compared for the pages."""
    return Text(tuple(line for line in text.paragraphs if line))


def _stream(lines: tuple[str, ...] | list[str]) -> str:
    return "".join("".join(line.split()) for line in lines)


def _contains_in_order(longer: str, shorter: str) -> bool:
    it = iter(longer)
    return all(c in it for c in shorter)


@dataclass(frozen=True)
class Output:
    """One written view: LibreOffice's job for it, and resdiff's text of the side(s) it shows."""

    job: Job
    expected: Written
    other: Written | None = None  # html-inline: the other side


def _outputs(name: str, source: Source, folder: Path) -> dict[str, Output]:
    doc, template = source.doc, source.template
    new, old = doc.new(), doc.old()
    folder.mkdir(parents=True)

    def file(suffix: str, data: bytes) -> Path:
        path = folder / suffix
        path.write_bytes(data)
        return path

    accepted, rejected = resdiff_text(new), resdiff_text(old)
    notes = bool(accepted.notes)
    out = {
        "docx-accepted": Output(Job(file("accepted.docx", resdiff.render(new, "docx", template=template)),
                                    notes=notes), accepted),
        "txt": Output(Job(file("accepted.txt", resdiff.render(new, "txt"))), accepted),
        "html-accepted": Output(Job(file("accepted.html", view(resdiff.render(new, "html"), "inline"))),
                                resdiff_text(new, docx=False)),
    }
    if name.startswith("resolutions/"):
        return out
    tracked = resdiff.render(doc if template or doc.source is None else doc.with_source(None), "docx",
                             template=template)
    page = resdiff.render(doc, "html")
    both_notes = notes or bool(rejected.notes)
    html_old, html_new = resdiff_text(old, docx=False), resdiff_text(new, docx=False)
    return out | {
        "docx-tracked-accept": Output(Job(file("tracked.docx", tracked), "accept", both_notes), accepted),
        "docx-tracked-reject": Output(Job(folder / "tracked.docx", "reject", both_notes), rejected),
        "html-inline": Output(Job(file("inline.html", view(page, "inline"))), html_old, html_new),
        "html-old": Output(Job(file("old.html", view(page, "old"))), html_old),
        "html-new": Output(Job(file("new.html", view(page, "new"))), html_new),
    }


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Output, Exported]]:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    workdir = tmp_path_factory.mktemp("lo-writers")
    outputs = {(name, v): output for n, (name, make) in enumerate(DOCUMENTS.items())
               for v, output in _outputs(name, make(), workdir / f"{n:02d}").items()}
    exported = export_text([o.job for o in outputs.values()], workdir / "lo")
    return {key: (output, exported[output.job]) for key, output in outputs.items()}


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not on PATH")
@pytest.mark.parametrize(("name", "shown"), _cases())
def test_libreoffice_reads_what_resdiff_writes(name: str, shown: str,
                                               written: dict[tuple[str, str], tuple[Output, Exported]]) -> None:
    output, exported = written[name, shown]
    assert not exported.failed, f"LibreOffice could not read the {shown} output of {name}: {exported.log}"
    if shown == "docx-tracked-reject":
        ours, theirs = _stream(with_marks(output.expected, _anchors(output.expected, exported)).paragraphs), \
            _stream(libreoffice_text(exported).paragraphs)
        difference = None if ours == theirs else _first_change(ours, theirs)
    elif shown.startswith("docx"):
        difference = compare(output.expected, exported)
    elif shown == "txt":
        lines = [squash(line) for line in resdiff.render(DOCUMENTS[name]().doc.new(), "txt").decode().split("\n")]
        difference = Text(tuple(lines[:-1])).difference(Text(tuple(map(squash, exported.lines()))))
    elif shown == "html-accepted":
        difference = _without_empty(_html_text(output.expected)).difference(_without_empty(libreoffice_text(exported)))
    elif shown == "html-inline":
        assert output.other is not None
        theirs = _stream(exported.lines())
        missing = [side for side, w in (("old", output.expected), ("new", output.other))
                   if not _contains_in_order(theirs, _stream(_html_text(_body(w)).paragraphs))]
        difference = f"the inline view lacks text of the {' and '.join(missing)} side" if missing else None
    else:
        ours = _stream(_html_text(_body(output.expected)).paragraphs)
        difference = None if ours == _stream(exported.lines()) else _first_change(ours, _stream(exported.lines()))
    assert difference is None, f"{name} ({shown}): resdiff's text and LibreOffice's differ\n{difference}"


def _anchors(written: Written, exported: Exported) -> dict[str, str]:
    """resdiff's note labels and LibreOffice's marks, matched by kind and order (as `lonormal.compare` does)."""
    marks: dict[str, str] = {}
    for kind in ("footnote", "endnote"):
        labels = list(dict.fromkeys(label for k, label in written.references if k == kind))
        marks.update(zip(labels, [n.anchor for n in exported.notes if n.kind == kind]))
    return marks


def _body(written: Written) -> Written:
    """The body only: the side-by-side columns have no notes section."""
    return Written(written.paragraphs, written.references, ())


def _first_change(ours: str, theirs: str) -> str:
    n = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    return f"first difference at character {n}: {ours[max(0, n - 30):n + 40]!r} != {theirs[max(0, n - 30):n + 40]!r}"
