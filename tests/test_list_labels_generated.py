"""Word's automatic list labels (resdiff.numbered, resdiff.ooxml.numbering) on generated documents: the rules of
Word's counting found by comparing generated lists with LibreOffice."""

from __future__ import annotations

from test_list_labels import item, labels, lvl, package

_NUM1 = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'


def test_a_level_skipped_on_the_way_down_counts_as_used_at_its_start_value() -> None:
    """A level-0 item after a deeper first item is "2.": Word numbers it so "by design" (Microsoft KB Q110380,
    "Heading 1 style starts with 2 when numbered", after a Heading 2), and an item of a skipped level continues
    from that level's start. LibreOffice does the same, and Open-XML-PowerTools' ListItemRetriever fills the levels
    a paragraph skips with their w:start and counts on from them."""
    abstract = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "decimal", "%1.") + lvl(1, "lowerLetter", "%1.%2.")
                + lvl(2, "lowerRoman", "%1.%2.%3.", start=3) + "</w:abstractNum>")
    body = "".join(item(f"item {k}", level=level) for k, level in enumerate((2, 0, 2, 1, 0)))
    assert labels(package(body, abstract + _NUM1)) == ["1.a.iii.\t", "2.\t", "2.a.iii.\t", "2.b.\t", "3.\t"]


def test_legal_numbering_keeps_the_leading_zero_of_decimal_zero() -> None:
    """w:isLgl writes the levels a label shows in decimal (ECMA-376 Part 1 17.9.4, whose example shows the third level
    of "A / A.a" as "1.2.1"), except decimalZero: Word's own "Article I. / Section 1.01" list is "Section %1.%2" with
    decimalZero and w:isLgl, shown "Section 1.01"; Open-XML-PowerTools' ListItemRetriever keeps decimalZero under
    isLgl for that reason."""
    ecma = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "upperLetter", "%1") + lvl(1, "lowerLetter", "%1.%2")
            + lvl(2, "lowerRoman", "%1.%2.%3", extra="<w:isLgl/>") + "</w:abstractNum>")
    body = "".join(item(f"item {k}", level=level) for k, level in enumerate((0, 1, 1, 2, 2, 0, 1, 2)))
    assert labels(package(body, ecma + _NUM1)) == [
        "A\t", "A.a\t", "A.b\t", "1.2.1\t", "1.2.2\t", "B\t", "B.a\t", "2.1.1\t"]
    article = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "upperRoman", "Article %1.")
               + lvl(1, "decimalZero", "Section %1.%2", extra="<w:isLgl/>") + "</w:abstractNum>")
    body = "".join(item(f"item {k}", level=level) for k, level in enumerate((0, 1, 1, 0, 1)))
    assert labels(package(body, article + _NUM1)) == [
        "Article I.\t", "Section 1.01\t", "Section 1.02\t", "Article II.\t", "Section 2.01\t"]
