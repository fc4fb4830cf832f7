"""Writers for `resdiff check` findings: text, JSON, SARIF 2.1.0 and GitHub Actions annotations.

Paragraph numbers are 1-based everywhere (for a text input: the line number), so that editors and code-scanning
UIs can jump to them; JSON has `Finding.location` as the API has it.

Messages and file names come from the documents and their senders, so each format escapes what it carries: the
text format has one line per finding with no raw control character (a CR would let a CI runner read the rest as
a new line: `\r::error …` is a workflow command) and no line starting with `::`; GitHub annotations escape `%`,
CR and LF (and `:` and `,` in properties) as the workflow-command rules say; SARIF locations are percent-encoded
URIs (RFC 3986), relative as written or `file:` URIs for absolute paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from resdiff.check.context import Finding
from resdiff.check.registry import RULES

__all__ = ["FORMATS", "render_findings"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _line(finding: Finding) -> int:
    paragraph = finding.location.paragraph
    return paragraph if paragraph is not None and paragraph >= 1 else 1


def to_text(findings: Sequence[Finding]) -> str:
    """`FILE:PARAGRAPH: severity RULE message`, one line per finding (control characters escaped, see above)."""
    return "".join(f"{_text_file(f.file)}:{_line(f)}: {f.severity} {f.rule} {_one_line(f.message)}\n"
                   for f in findings)


def _text_file(name: str | None) -> str:
    shown = _one_line(name or "-")
    return "./" + shown if shown.startswith("::") else shown  # the line must not read as a workflow command


def to_json(findings: Sequence[Finding]) -> str:
    """A JSON list of findings: rule, severity, message, file, location {paragraph, section, label}, details."""
    return json.dumps([f.model_dump() for f in findings], ensure_ascii=False, indent=2) + "\n"


def _uri(name: str | None) -> str:
    """A file name as a SARIF `artifactLocation.uri`: a percent-encoded relative URI reference (a ':' in the
    first segment, a '#', '?', '%' or space is no longer read as URI syntax), or a `file:` URI if absolute."""
    if not name:
        return "unknown"
    path = Path(name)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/-._~!$&'()*+,;=@")  # RFC 3986 pchar, less ':'


def to_sarif(findings: Sequence[Finding]) -> str:
    """A SARIF 2.1.0 log with one run: the rule table and one result per finding, located by file and paragraph
    (as a line) with the clause as a logical location."""
    from resdiff import __version__

    ids = list(RULES)
    rules = [{
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "defaultConfiguration": {"level": r.severity},
    } for r in RULES.values()]
    results = []
    for f in findings:
        location: dict[str, object] = {"physicalLocation": {
            "artifactLocation": {"uri": _uri(f.file)},
            "region": {"startLine": _line(f)},
        }}
        if f.location.section or f.location.label:
            name = " ".join(x for x in (f.location.section, f.location.label) if x)
            location["logicalLocations"] = [{"name": f.location.label or f.location.section, "fullyQualifiedName": name,
                                             "kind": "member"}]
        result: dict[str, object] = {"ruleId": f.rule, "level": f.severity, "message": {"text": f.message},
                                     "locations": [location]}
        if f.rule in ids:
            result["ruleIndex"] = ids.index(f.rule)
        results.append(result)
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "resdiff", "version": __version__, "rules": rules}},
        "results": results,
    }]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: `::error file=F,line=N,title=RULE::message`."""
    return "".join(
        f"::{f.severity} file={_escape_property(f.file or '')},line={_line(f)},title={_escape_property(f.rule)}"
        f"::{_escape_data(f.message)}\n" for f in findings)


def _one_line(text: str) -> str:
    """A line of its own: newlines become spaces (a message may be several lines), a tab `\\t`, any other
    character that is not printable (CR, ESC, NEL, U+2028…) its escape sequence."""
    text = " ".join(text.split("\n"))
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


FORMATS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": to_text, "json": to_json, "sarif": to_sarif, "github": to_github,
}


def render_findings(findings: Sequence[Finding], format: str = "text") -> str:
    """The findings in one of FORMATS."""
    return FORMATS[format](findings)
