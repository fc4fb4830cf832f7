"""WordprocessingML element names that the reader, the package transform and the writer each need: one list each.

Import these rather than spelling the names again.
"""

from __future__ import annotations

from resdiff.model import ObjectKind, RevisionKind

# Content revisions (ECMA-376 17.13.5): the wrapper element → the model's kind of revision.
REVISION_KINDS: dict[str, RevisionKind] = {
    "ins": "inserted",
    "del": "deleted",
    "moveFrom": "moved_from",
    "moveTo": "moved_to",
}

# Range marks kept as inline objects (bookmarks 17.13.6, comment ranges 17.13.4): element → the model's kind.
RANGE_MARKS: dict[str, ObjectKind] = {
    "bookmarkStart": "bookmark_start", "bookmarkEnd": "bookmark_end",
    "commentRangeStart": "comment_start", "commentRangeEnd": "comment_end",
}
# The same marks as the model's object kinds (what a writer turns back into RANGE_MARKS' elements).
RANGE_KINDS: frozenset[ObjectKind] = frozenset(RANGE_MARKS.values())

# Ranges of tracked moves and of tracked changes to custom XML markup (both 17.13.5): they only
# delimit a revision whose content is read from w:moveFrom/w:moveTo (or is markup resdiff does not model).
REVISION_RANGE_MARKS = frozenset(
    {
        "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
        "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    }
)
