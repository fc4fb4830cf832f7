"""Comments (w:comment): read with author, date, text and the text they are about (issue 18), listed by
`resdiff comments`, kept by every writer and attached to clauses — and, on the corpus, the comments pandoc shows.

The pandoc oracle (`pandoc -f docx --track-changes=all -t json`) shows a comment as a Span "comment-start" (its
id, author and date as attributes, its text as content) where its range starts, and a Span "comment-end" where
it ends. pandoc 2.17 reads the children of w:ins and w:del as runs only, so a range mark inside a tracked
insertion or deletion is lost to it: a comment whose range starts there is not shown at all, and one whose range
ends there (or between paragraphs) runs on to the end of the document in pandoc's output. It shows no comment
that has a reference but no range either. Which comments those are is read from the XML here, without resdiff;
every other comment must be the same in both (author, date, text, and the commented text), and resdiff must
list the ones pandoc loses as well.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import resdiff
from corpus import CORPUS, corpus_missing, corpus_path
from resdiff.check import check
from resdiff.cli import main
from resdiff.comments import COMMENT_KINDS, list_comments
from resdiff.model import Block, Document, Paragraph, Table
from resdiff.parse.structure import build_tree
from resdiff.render.outline import render_outline, render_tree_json
from resdiff.render.synoptic import render_synoptic
from wml import W, dele, docx, dr, ins, p, r

ROOT = Path(__file__).resolve().parent.parent
ITU = ROOT / "fixtures" / "itu-res130-docx"
PANDOC = shutil.which("pandoc")
AMNT = "Assemblée mondiale de normalisation des télécommunications (AMNT)"


# ---- building documents with comments ------------------------------------------------------------------------

def _comment(cid: str, text: str, author: str = "IAP", date: str = "2022-06-01T00:00:00Z") -> str:
    paragraphs = "".join(f'<w:p><w:r><w:annotationRef/></w:r>{r(escape(line))}</w:p>' for line in text.split("\n"))
    attributes = f'w:id="{cid}" w:author="{author}" w:date="{date}" w:initials="{author[:3]}"'
    return f"<w:comment {attributes}>{paragraphs}</w:comment>"


def start(cid: str) -> str:
    return f'<w:commentRangeStart w:id="{cid}"/>'


def end(cid: str) -> str:
    return f'<w:commentRangeEnd w:id="{cid}"/><w:r><w:commentReference w:id="{cid}"/></w:r>'


def with_comments(body: str, comments: str, *, footnotes: str = "") -> bytes:
    """`wml.docx(body, footnotes=footnotes)` with a comments part holding `comments`."""
    source = zipfile.ZipFile(io.BytesIO(docx(body, footnotes=footnotes)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/comments.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
            elif name == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId9" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
                                    b"</Relationships>")
            archive.writestr(name, data)
        archive.writestr("word/comments.xml", f'<w:comments xmlns:w="{W}">{comments}</w:comments>')
    return out.getvalue()


SAMPLE = with_comments(
    p(r("Keep ") + start("1") + r("the ") + dele(dr("old "), "EUR") + ins(r("new "), "EUR") + r("text") + end("1")
      + r(" here."))
    + p(r("A point") + '<w:r><w:commentReference w:id="2"/></w:r>' + r(" comment &amp; &lt;more&gt;."))
    + p(r("Across ") + start("3") + r("two")) + p(r("paragraphs") + end("3")),
    _comment("1", "Why new?\nSee Res. 130 <b>& 179</b>") + _comment("2", "A note on a point", "ACP")
    + _comment("3", "Spans two paragraphs", "SEC"))


def _without_comments(doc: Document) -> Document:
    """The document with its comment objects taken out: what a writer shows of it without comments."""
    def blocks(items: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(paragraph(b) if isinstance(b, Paragraph) else table(b) for b in items)

    def paragraph(block: Paragraph) -> Paragraph:
        kept = tuple(s for s in block.spans if s.object is None or s.object.kind not in COMMENT_KINDS)
        return block.model_copy(update={"spans": kept})

    def table(block: Table) -> Table:
        rows = tuple(row.model_copy(update={"cells": tuple(c.model_copy(update={"blocks": blocks(c.blocks)})
                                                           for c in row.cells)}) for row in block.rows)
        return block.model_copy(update={"rows": rows})

    notes = tuple(n.model_copy(update={"blocks": blocks(n.blocks)}) for n in doc.notes)
    return doc.model_copy(update={"blocks": blocks(doc.blocks), "notes": notes})


# ---- the list ------------------------------------------------------------------------------------------------

def test_a_comment_has_its_author_date_text_and_the_text_it_is_about_on_each_side() -> None:
    comments = list_comments(resdiff.read(SAMPLE))
    assert [c.model_dump() for c in comments] == [
        {"id": "1", "author": "IAP", "initials": "IAP", "date": "2022-06-01T00:00:00Z",
         "text": "Why new?\nSee Res. 130 <b>& 179</b>", "anchor_old": "the old text", "anchor_new": "the new text",
         "part": "body", "note": None, "paragraph": 1, "parent": None},
        {"id": "2", "author": "ACP", "initials": "ACP", "date": "2022-06-01T00:00:00Z", "text": "A note on a point",
         "anchor_old": "", "anchor_new": "", "part": "body", "note": None, "paragraph": 2, "parent": None},
        {"id": "3", "author": "SEC", "initials": "SEC", "date": "2022-06-01T00:00:00Z",
         "text": "Spans two paragraphs", "anchor_old": "two\nparagraphs", "anchor_new": "two\nparagraphs",
         "part": "body", "note": None, "paragraph": 3, "parent": None},
    ]


def test_a_comment_in_a_footnote_names_the_note() -> None:
    body = p(r("Text") + '<w:r><w:footnoteReference w:id="7"/></w:r>')
    note = f'<w:footnote w:id="7">{p(r("First."))}{p(r("See ") + start("4") + r("Res. 179") + end("4"))}</w:footnote>'
    doc = resdiff.read(with_comments(body, _comment("4", "in a note"), footnotes=note))
    assert [(c.text, c.anchor_new, c.part, c.note, c.paragraph) for c in list_comments(doc)] == [
        ("in a note", "Res. 179", "footnote", "7", 2)]


def test_accept_and_reject_keep_the_comments_on_text_that_stays() -> None:
    doc = resdiff.read(with_comments(p(r("a ") + ins(start("1") + r("added") + end("1")) + start("2") + r("kept")
                                       + end("2")), _comment("1", "on the insertion") + _comment("2", "on kept")))
    assert [c.text for c in list_comments(doc)] == ["on the insertion", "on kept"]
    assert [c.text for c in list_comments(doc.accept())] == ["on the insertion", "on kept"]
    assert [c.text for c in list_comments(doc.reject())] == ["on kept"]


def test_a_docx_written_back_has_the_same_comments() -> None:
    doc = resdiff.read(SAMPLE)
    for template in (doc, None):
        again = resdiff.read(resdiff.render(doc, "docx", template=template))
        assert [c.model_dump(exclude={"id"}) for c in list_comments(again)] == \
            [c.model_dump(exclude={"id"}) for c in list_comments(doc)]


def test_comments_command_lists_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.docx"
    path.write_bytes(SAMPLE)
    assert main(["comments", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("body ¶1\tIAP\t2022-06-01T00:00:00Z\t'Why new?\\nSee Res. 130 <b>& 179</b>'\t"
                        "on 'the old text' → 'the new text'")
    assert lines[1:] == ["body ¶2\tACP\t2022-06-01T00:00:00Z\t'A note on a point'\ton ''",
                         "body ¶3\tSEC\t2022-06-01T00:00:00Z\t'Spans two paragraphs'\ton 'two\\nparagraphs'"]
    assert main(["comments", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [c.model_dump() for c in list_comments(resdiff.read(SAMPLE))]
    help_text = subprocess.run([sys.executable, "-m", "resdiff.cli", "comments", "--help"], capture_output=True,
                               text=True, check=True).stdout
    assert "examples:" in help_text and "resdiff comments" in help_text


# ---- the writers -----------------------------------------------------------------------------------------------

def test_markdown_highlights_the_commented_text_and_writes_the_comment_after_it() -> None:
    md = resdiff.render(resdiff.read(SAMPLE), "md").decode()
    assert md.rstrip("\n").split("\n\n") == [
        r"Keep {==the {~~old ~>new ~~}text==}{>>IAP: Why new? ¶ See Res. 130 \<b\>& 179\</b\><<} here.",
        r"A point{>>ACP: A note on a point<<} comment & \<more\>.",
        "Across {==two==}",
        "{==paragraphs==}{>>SEC: Spans two paragraphs<<}",
    ]


def test_markdown_shares_one_highlight_between_a_comment_and_its_replies() -> None:
    doc = resdiff.read(corpus_path("superdoc", "WordOriginatedComments.docx"))
    first = resdiff.render(doc, "md").decode().split("\n\n")[0]
    assert first == "This is a word {==document==}{>>Cole Palmer: comment 1<<}{>>Cole Palmer: with a thread<<}"


@pytest.mark.parametrize("source", ["sample", "itu-new", "corpus"])
def test_criticmarkup_reads_the_markdown_back_as_the_text_without_its_comments(source: str) -> None:
    """resdiff's CriticMarkup reader skips comments and highlights: what it reads from the Markdown of a document
    with comments is what it reads from the Markdown of the same document without them — but for a paragraph
    whose only content is a commented picture, which its comment keeps as an empty one."""
    corpus = sorted(CORPUS.glob("open-xml-sdk/Comment0*.docx")) + sorted(CORPUS.glob("superdoc/*Comment*"))
    if source == "corpus" and not corpus:
        corpus_missing()
    inputs: dict[str, list[Path | bytes]] = {"sample": [SAMPLE], "itu-new": [ITU / "new.docx"], "corpus": [*corpus]}
    for path in inputs[source]:
        doc = resdiff.read(path)
        assert list_comments(doc)
        back = _critic(resdiff.render(doc, "md"))
        plain = _critic(resdiff.render(_without_comments(doc), "md"))
        assert not list_comments(back)
        for side in ("accept", "reject"):
            assert _lines(getattr(back, side)()) == _lines(getattr(plain, side)()), (path, side)
        assert [(r.kind, r.text) for r in back.revisions() if r.text != "¶"] == \
            [(r.kind, r.text) for r in plain.revisions() if r.text != "¶"]


def _critic(markdown: bytes) -> Document:
    return resdiff.read(markdown.replace(b"\n\n", b"\n"), format="critic")


def _lines(doc: Document) -> list[str]:
    return [line for line in resdiff.render(doc, "txt").decode().split("\n") if line]


def test_html_shows_comments_as_escaped_margin_notes_linked_from_the_text() -> None:
    page = resdiff.render(resdiff.read(SAMPLE), "html").decode()
    first = page[page.index('id="p0"'):page.index('id="p1"')]
    note_id = re.search(r'<p id="(comment-[0-9a-f]+)"><b>IAP</b>', first)
    assert note_id is not None
    assert first.count(f'href="#{note_id.group(1)}"') == 3  # inline, old and new views
    assert "<mark>the </mark><del><mark>old </mark></del><ins><mark>new </mark></ins><mark>text</mark>" in first
    assert ("<q>the new text</q>Why new?<br>See Res. 130 &lt;b&gt;&amp; 179&lt;/b&gt;</p></aside>" in first)
    assert '<div class="p MOD noted" id="p0">' in page and "<b>" not in first.replace("<b>IAP</b>", "")
    assert page.count('<aside class="notes"') == 3 and "<script" not in page


def test_the_tree_attaches_each_comment_to_its_clause() -> None:
    tree = build_tree(resdiff.read(ITU / "new.docx"))
    commented = [(s.key, c.new_label, [x.author for x in c.comments]) for s in tree.sections for c in s.clauses
                 if c.comments]
    assert commented == [("recalling", "n)", ["IAP"])]
    assert tree.comments == ()
    data = json.loads(render_tree_json(tree))
    clause = next(c for s in data["sections"] for c in s["clauses"] if c["comments"])
    assert clause["comments"][0]["anchor_new"] == AMNT and clause["comments"][0]["paragraph"] == clause["paragraph"] + 1
    assert "      > IAP: Le sigle AMNT est désormais défini" in render_outline(tree)


def test_the_tree_keeps_comments_on_paragraphs_that_are_no_clause() -> None:
    body = (p(r("RESOLUTION 130 (REV. DUBAI, 2018)")) + p(start("1") + r("The Plenipotentiary Conference,") + end("1"))
            + p(r("recognizing")) + p(r("a)") + r("\tfirst;")))
    tree = build_tree(resdiff.read(with_comments(body, _comment("1", "on the formula"))))
    assert [(c.text, c.paragraph) for c in tree.comments] == [("on the formula", 2)]


def test_the_synoptic_table_puts_a_proposal_comment_under_its_cell() -> None:
    synopsis = resdiff.merge(resdiff.read(ITU / "old.docx"), [ITU / "new.docx"], names=["IAP"])
    page = render_synoptic(synopsis)
    row = next(part for part in page.split("<tr") if "AMNT est désormais" in part)
    assert row.count('<aside class="notes"') == 1 and "<mark>" + AMNT + "</mark>" in row
    assert [c.author for c in list_comments(synopsis.draft)] == ["IAP"]


# ---- check: comments are no findings -----------------------------------------------------------------------------

def test_comments_make_no_findings() -> None:
    for path in [ITU / "new.docx", *_corpus_documents()]:
        doc = resdiff.read(path)
        assert check(doc) == check(_without_comments(doc)), path


# ---- pandoc, on the corpus ---------------------------------------------------------------------------------------

def _corpus_documents() -> list[Path]:
    """Every corpus .docx with a comment in its comments part or a comment mark in its body."""
    if not (CORPUS / "MANIFEST.tsv").exists():
        corpus_missing()
    found = []
    for path in sorted(CORPUS.rglob("*.docx")):
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            body = archive.read("word/document.xml") if "word/document.xml" in names else b""
            comments = b"".join(archive.read(n) for n in names if re.fullmatch(r"word/comments\d*\.xml", n))
        if b":commentReference" in body or b":commentRangeStart" in body or b":comment " in comments:
            found.append(path)
    return found


@cache
def _pandoc(path: Path) -> list[dict[str, Any]]:
    """The comments of pandoc's JSON, in order: id, author, date, text, and the text between start and end."""
    assert PANDOC is not None
    out = subprocess.run([PANDOC, "-f", "docx", "--track-changes=all", "-t", "json", str(path)], capture_output=True,
                         check=True, timeout=120).stdout
    found: dict[str, dict[str, Any]] = {}
    open_: list[str] = []

    def text(node: Any, out: list[str]) -> None:
        if isinstance(node, list):
            for item in node:
                text(item, out)
        elif isinstance(node, dict) and "t" in node:
            if node["t"] == "Str":
                out.append(node["c"])
            elif node["t"] in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif node.get("c") is not None:
                text(node["c"], out)
                if node["t"] in ("Para", "Plain", "Header"):
                    out.append("\n")

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict) or "t" not in node:
            return
        kind: str = node["t"]
        content: Any = node.get("c")
        if kind == "Span" and "comment-start" in content[0][1]:
            attrs = dict(content[0][2])
            body: list[str] = []
            text(content[1], body)
            found[attrs["id"]] = {"author": attrs.get("author") or None, "date": attrs.get("date"),
                                  "text": "".join(body), "anchor": []}
            open_.append(attrs["id"])
            return
        if kind == "Span" and "comment-end" in content[0][1] and content[0][2][0][1] in open_:
            open_.remove(content[0][2][0][1])
        if kind == "Str":
            for cid in open_:
                found[cid]["anchor"].append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            for cid in open_:
                found[cid]["anchor"].append(" ")
        elif content is not None:
            walk(content)

    walk(json.loads(out)["blocks"])
    return [{"id": cid, **c, "anchor": "".join(c["anchor"])} for cid, c in found.items()]


_REVISED = frozenset({"ins", "del", "moveFrom", "moveTo"})


def _marks(path: Path) -> dict[str, dict[str, bool]]:
    """For each comment id marked in the body, read from the XML: whether its range starts and ends where
    pandoc sees the mark (in a paragraph, outside any w:ins, w:del, w:moveFrom, w:moveTo)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    marks: dict[str, dict[str, bool]] = {}
    for el in root.iter():
        name = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if name not in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            continue
        ancestors = [etree.QName(a).localname for a in el.iterancestors()]
        inside = ancestors[:ancestors.index("p")] if "p" in ancestors else None
        seen = inside is not None and not _REVISED & set(inside)
        cid = next(v for k, v in el.attrib.items() if etree.QName(k).localname == "id")
        entry = marks.setdefault(cid, {"start": False, "end": False})
        if name == "commentRangeStart":
            entry["start"] = seen
        elif name == "commentRangeEnd":
            entry["end"] = seen
    return marks


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(c in rest for c in short)


@pytest.mark.skipif(PANDOC is None, reason="the pandoc binary is not on PATH")
def test_the_corpus_comments_are_those_pandoc_shows() -> None:
    documents = _corpus_documents()
    assert len(documents) >= 18
    compared = lost_to_pandoc = 0
    for path in documents:
        ours = {c.id: c for c in list_comments(resdiff.read(path))}
        theirs = {c["id"]: c for c in _pandoc(path)}
        marks = _marks(path)
        shown = {cid for cid, mark in marks.items() if mark["start"]}
        where = path.relative_to(CORPUS)
        assert set(ours) == set(marks), where  # every comment marked in the body, and no other
        assert set(theirs) == shown, where
        lost_to_pandoc += len(set(ours) - shown)
        for cid in shown:
            mine, pandoc = ours[cid], theirs[cid]
            assert (mine.author, mine.date) == (pandoc["author"], pandoc["date"]), (where, cid)
            assert " ".join(mine.text.split()) == " ".join(pandoc["text"].split()), (where, cid)
            old, new, anchor = _letters(mine.anchor_old), _letters(mine.anchor_new), _letters(pandoc["anchor"])
            if marks[cid]["end"] and old == new:
                assert old == anchor, (where, cid)
            elif marks[cid]["end"]:  # pandoc shows deleted and inserted text alike
                assert _subsequence(old, anchor) and _subsequence(new, anchor), (where, cid)
                assert len(anchor) <= len(old) + len(new), (where, cid)
            else:  # pandoc's range runs on to the end of the document
                assert anchor.startswith(old) or anchor.startswith(new), (where, cid)
            compared += 1
    assert (compared, lost_to_pandoc) == (COMPARED, LOST_TO_PANDOC)


# Counted on the corpus as it is (see the module docstring for why pandoc does not show the second number).
COMPARED, LOST_TO_PANDOC = 52, 37


def test_replies_know_the_comment_they_answer() -> None:
    """Word 2013+ threads: word/commentsExtended.xml ties a reply's last paragraph (w15:paraId) to its parent's
    (w15:paraIdParent); the comments carry w14:paraId on their paragraphs. Read from the package with lxml here."""
    path = CORPUS / "superdoc" / "WordOriginatedComments.docx"
    if not path.exists():
        corpus_missing(path)
    with zipfile.ZipFile(path) as archive:
        comments = etree.fromstring(archive.read("word/comments.xml"))
        extended = etree.fromstring(archive.read("word/commentsExtended.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    w14, w15 = "{http://schemas.microsoft.com/office/word/2010/wordml}", "{http://schemas.microsoft.com/office/word/2012/wordml}"
    last = {c.findall(f"{w}p")[-1].get(f"{w14}paraId"): c.get(f"{w}id") for c in comments.iter(f"{w}comment")}
    want = {last[e.get(f"{w15}paraId")]: last[e.get(f"{w15}paraIdParent")]
            for e in extended if e.get(f"{w15}paraIdParent")}
    got = {c.id: c.parent for c in list_comments(resdiff.read(path)) if c.parent is not None}
    assert got == want and len(want) == 3
