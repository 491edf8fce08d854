"""A test's pytest outcome, written beside its artifacts (outcome.json) as each phase reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from faultbook.report.artifacts import OUTCOME_FILE


def _reason(report: Any) -> str:
    """The line that says why: the last ``E`` line of the traceback, else the xfail reason."""
    text = str(getattr(report, "longreprtext", "") or "")
    lines = [ln[1:].strip() for ln in text.splitlines() if ln.startswith("E ")]
    if lines:
        return " ".join(lines)[:600]
    tail = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return (tail[-1] if tail else str(getattr(report, "wasxfail", "") or ""))[:600]


def phase_outcome(report: Any) -> str:
    """passed, failed, skipped, xfailed or xpassed for one phase's report."""
    xfail = hasattr(report, "wasxfail")
    if report.outcome == "skipped":
        return "xfailed" if xfail else "skipped"
    if report.outcome == "passed" and xfail:
        return "xpassed"
    return str(report.outcome)


#: characters of pytest's report kept (the end: where the assertion is)
LONGREPR_MAX = 8000


def note(folder: Path, report: Any, **extra: Any) -> dict[str, Any]:
    """Merge one phase's report (and ``extra`` keys) into folder/outcome.json; returns the result."""
    path = folder / OUTCOME_FILE
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    outcome = phase_outcome(report)
    data.setdefault("nodeid", report.nodeid)
    data["duration"] = round(float(data.get("duration", 0.0)) + float(report.duration), 3)
    current = data.get("outcome")
    decisive = report.when == "call" or current is None or outcome == "failed"
    if decisive and not (report.when == "teardown" and outcome == "passed"):
        data["outcome"] = outcome
        data["when"] = report.when
        if outcome != "passed":
            data["reason"] = _reason(report)
            text = str(getattr(report, "longreprtext", "") or "")
            if text:
                data["longrepr"] = text[-LONGREPR_MAX:]
    if outcome == "xfailed":
        data["wasxfail"] = str(getattr(report, "wasxfail", ""))
    data.update(extra)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))
    return data
