"""The report's side of the pytest plugin: outcomes beside each test's artifacts, a terminal
section per test, and at the end of the run its one report (RUN_DIR/report.html) and the
durations that ``--shard`` splits by. faultbook.plugin delegates its report hooks here.
"""

from __future__ import annotations

import time

import pytest

from faultbook import fixtures as factories
from faultbook import shard
from faultbook.report import outcome as outcomes
from faultbook.report.page import write_report
from faultbook.report.record import TestRecord

#: timeline marks a person wants in the terminal section of a test
SUMMARY_MARKS = ("fault.inject", "fault.heal", "exit", "ready", "signal", "stop", "pause", "resume")


def summary(record: TestRecord) -> str:
    """A test's fault events and checks, as the plain-text section of its pytest report."""
    lines = []
    for entry in record.entries():
        if entry["type"] == "mark" and entry["kind"] in SUMMARY_MARKS:
            lines.append(
                f"{entry['rel']:9.3f}s {entry['component']:>10} {entry['kind']}: {entry['label']}")
    for v in record.verdicts:
        flag = "ok  " if v.ok else ("KNOWN" if v.known_defect else "FAIL")
        lines.append(f"[{flag}] {v.name}: measured {v.measured!r} budget {v.budget!r} {v.detail}")
    return "\n".join(lines)


def on_report(item: pytest.Item, report: pytest.TestReport) -> None:
    """Note each phase's outcome beside the test's artifacts; add the faultbook section."""
    record = item.stash.get(factories.RECORD, None)
    if record is None:
        return
    params = getattr(getattr(item, "callspec", None), "params", {})
    runtime = params.get("runtime")
    outcomes.note(record.folder, report, **({"runtime": runtime} if isinstance(runtime, str) else {}))
    if report.when == "teardown":
        text = summary(record)
        if text:
            report.sections.append(("faultbook", text))


def on_session_finish(session: pytest.Session) -> None:
    """Record the run's durations and write its report (the controller of a run only)."""
    config = session.config
    state = config.stash.get(factories.RUN_STATE, None)
    if state is None or hasattr(config, "workerinput") or config.option.collectonly:
        return
    shard.record_durations(state.run_dir, state.run_dir.parent / shard.DURATIONS_NAME)
    started = time.monotonic()
    path = write_report([state.run_dir])
    config.stash[REPORT_WRITTEN] = (str(path), time.monotonic() - started)


REPORT_WRITTEN = pytest.StashKey[tuple[str, float]]()


def terminal_line(config: pytest.Config) -> str | None:
    """The line naming the run's report, once written."""
    written = config.stash.get(REPORT_WRITTEN, None)
    if written is None:
        return None
    path, took = written
    return f"faultbook: report {path} (rendered in {took:.1f}s)"

