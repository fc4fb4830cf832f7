"""`resdiff parallel`'s findings in the formats of `resdiff check` (text, JSON, SARIF, GitHub), and its summary
line. The writers are check's (`resdiff.check.report`); SARIF's rule table is this command's PAR rules."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from resdiff.check.context import Finding, Severity
from resdiff.check.report import render_findings
from resdiff.records import record

__all__ = ["PARALLEL_RULES", "ParallelRule", "render_parallel", "select", "summary_line"]


@record(frozen=True)
class ParallelRule:
    id: str
    name: str
    severity: Severity
    summary: str


PARALLEL_RULES = {r.id: r for r in (
    ParallelRule("PAR001", "section-missing", "error", "a section is in one language version only"),
    ParallelRule("PAR002", "call-meaning", "warning", "aligned sections whose call lines differ in meaning "
                 "(translations do not always use the call word lang/ pairs with the other)"),
    ParallelRule("PAR003", "clause-missing", "error", "a clause is in one language version only"),
    ParallelRule("PAR004", "labels", "error", "aligned clauses with different labels: another series, or a "
                 "renumbering tracked in one version and not the other"),
    ParallelRule("PAR005", "action", "error", "aligned clauses (or proposals) with different ITU actions "
                 "(NOC/MOD/ADD/SUP)"),
    ParallelRule("PAR006", "numbers", "error", "the amendment brings in or takes out different numbers (resolution "
                 "and document numbers, years, UNGA references, percentages) in aligned clauses or the title"),
    ParallelRule("PAR007", "references", "error", "references to different clauses (\"resolves 2\") in aligned "
                 "text"),
    ParallelRule("PAR008", "footnotes", "error", "different footnotes on aligned clauses"),
    ParallelRule("PAR009", "base-numbers", "warning", "different numbers in the text the amendment starts from "
                 "(the official versions differ, or were not the same text)"),
)}


def select(findings: Sequence[Finding], ignore: Iterable[str] = ()) -> list[Finding]:
    """The findings less those of the rules `ignore` names (ids or prefixes, comma-separated or not)."""
    left_out = tuple(part.strip().upper() for item in ignore for part in item.split(",") if part.strip())
    return [f for f in findings if not f.rule.startswith(left_out)] if left_out else list(findings)


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
