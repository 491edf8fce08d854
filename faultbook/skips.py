"""Nothing hidden: every skipped test is listed with its reason at the end of a run, and under
CI a skip no catalog declared as expected fails the run.

Catalogs declare their expected skips by implementing the ``pytest_faultbook_expected_skips``
hook (see ``faultbook.hooks``) and returning ``ExpectedSkip`` values.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class ExpectedSkip:
    """Tests matching ``nodeid`` (a glob) may skip with a reason matching ``reason`` (a regex)."""

    nodeid: str
    reason: str
    why: str = ""

    def covers(self, nodeid: str, reason: str) -> bool:
        """True when a skip of ``nodeid`` for ``reason`` is this expected one."""
        return fnmatch.fnmatchcase(nodeid, self.nodeid) and bool(re.search(self.reason, reason))


@dataclass(frozen=True)
class Skipped:
    """A test that skipped, and why."""

    nodeid: str
    reason: str


def skip_of(report: pytest.TestReport) -> Skipped | None:
    """The skip a report records (None when it did not skip)."""
    if not report.skipped or hasattr(report, "wasxfail"):
        return None
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return Skipped(report.nodeid, reason.removeprefix("Skipped: "))


def unexpected(skipped: list[Skipped], expected: list[ExpectedSkip]) -> list[Skipped]:
    """The skips no declaration covers."""
    return [s for s in skipped if not any(e.covers(s.nodeid, s.reason) for e in expected)]
