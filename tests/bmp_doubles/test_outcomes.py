"""A fuzz run's outcomes per kind of seed: a case with a finding of its own is counted under it
(registered defect id or ``NEW`` and the checker); a case nothing was found about as expected."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from faultbook.bmpkit.batch import Runner
from faultbook.bmpkit.cases import Case, announce
from faultbook.bmpkit.checkers import ACCOUNTING
from faultbook.bmpkit.outcomes import AS_EXPECTED, per_kind
from faultbook.bmpkit.repro import named
from faultbook.checks.verdict import KnownDefect
from faultbook.config import Settings
from faultbook.stack import Stack
from tests.bmp_doubles.spec import start_double

pytestmark = pytest.mark.runtime("process")

VALID = Case("two routes", "valid", b"".join(announce(p) for p in ("10.33.1.0/24",
                                                                      "10.33.2.0/24")))
LOSS = KnownDefect("DOUBLE-LOSES", ACCOUNTING, "the double loses valid routes", "its flaw",
                   when=lambda v: bool(v.evidence.get("lost")))


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with Stack(Settings.from_env(), "process", Path(tempfile.mkdtemp()) / "logs") as s:
        yield s


def test_a_lost_case_counts_under_its_finding(stack: Stack) -> None:
    done = [Runner(start_double(stack, "lose")).run([VALID])]
    assert per_kind(done, lambda v: named(v, ())) == {"valid": {"NEW accounting": 1}}
    assert per_kind(done, lambda v: named(v, (LOSS,))) == {"valid": {"DOUBLE-LOSES": 1}}


def test_a_kept_case_counts_as_expected(stack: Stack) -> None:
    done = [Runner(start_double(stack, "none")).run([VALID])]
    assert per_kind(done, lambda v: named(v, ())) == {"valid": {AS_EXPECTED: 1}}
