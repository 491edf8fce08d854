"""A scenario whose registered defects are all intermittent: a plain pass when none shows, an
xfail when one does (never XPASS), and a failure when something else breaks."""

from __future__ import annotations

import pytest

TESTS = """
from dataclasses import dataclass

import pytest

from faultbook.checks.verdict import Check, KnownDefect, Verdict, conclude

FLOOD = Check("no identical-line flood")
DEFECT = KnownDefect("X-FLOOD", FLOOD, "a flood", "seen in some runs",
                     when=lambda v: v.measured == 61, intermittent=True)


@dataclass(frozen=True)
class Entry:
    name: str

    def defects_for(self, runtime: str) -> list[KnownDefect]:
        return [DEFECT]


@pytest.mark.parametrize("scenario", [Entry("clean"), Entry("flood"), Entry("other")],
                         ids=["clean", "flood", "other"])
def test_entry(scenario: Entry) -> None:
    measured = {"clean": 10, "flood": 61, "other": 90}[scenario.name]
    conclude([Verdict(FLOOD.name, measured <= 50, measured, "<= 50")], [DEFECT])
"""


def test_intermittent_defects_pass_xfail_or_fail_on_what_was_measured(
        fresh_pytester: pytest.Pytester) -> None:
    fresh_pytester.makepyfile(test_entries=TESTS)
    result = fresh_pytester.runpytest_subprocess("-p", "no:cacheprovider", "--runtime=process")
    result.assert_outcomes(passed=1, xfailed=1, failed=1)
    result.stdout.fnmatch_lines(["FAILED test_entries.py::test_entry[[]other[]]*"])
    assert "XPASS" not in result.stdout.str()
