"""`resdiff parallel`'s findings in the formats of `resdiff check` (text, JSON, SARIF, GitHub), and its summary
line. The writers are check's (`resdiff.check.report`); SARIF's rule table is this command's PAR rules."""

from __future__ import annotations

import json
from collections.abc import Sequence

from resdiff.check.context import Finding
from resdiff.check.report import render_findings
from resdiff.parallel_check import PARALLEL_RULES

__all__ = ["render_parallel", "summary_line"]


def render_parallel(findings: Sequence[Finding], format: str = "text") -> str:
    """The findings in one of `resdiff.check.report.FORMATS`; a SARIF log lists the PAR rules, not check's."""
    text = render_findings(findings, format)
    if format != "sarif":
        return text
    log = json.loads(text)
    ids = list(PARALLEL_RULES)
    driver = log["runs"][0]["tool"]["driver"]
    driver["rules"] = [{"id": r.id, "name": r.name, "shortDescription": {"text": r.summary},
                        "defaultConfiguration": {"level": r.severity}} for r in PARALLEL_RULES.values()]
    for result, finding in zip(log["runs"][0]["results"], findings, strict=True):  # one result per finding
        result["ruleIndex"] = ids.index(result["ruleId"])
        details = finding.details
        if details.get("other_file"):  # the counterpart, as SARIF's related location
            region = {"startLine": int(details["other_paragraph"])} if details.get("other_paragraph") else {}
            result["relatedLocations"] = [{"id": 1, "physicalLocation": {
                "artifactLocation": {"uri": _uri(details["other_file"])}, **({"region": region} if region else {})},
                "message": {"text": " ".join(x for x in (details.get("other_section"), details.get("other_label"))
                                             if x) or "counterpart"}}]
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _uri(name: str) -> str:
    from resdiff.check.report import _uri as uri

    return uri(name)


def summary_line(versions: int, rows: int, findings: Sequence[Finding]) -> str:
    """`4 versions, 180 rows: 0 errors, 8 warnings` (`say` names the command)."""
    errors = sum(1 for f in findings if f.severity == "error")
    return (f"{versions} versions, {_count(rows, 'row')}: {_count(errors, 'error')}, "
            f"{_count(len(findings) - errors, 'warning')}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
