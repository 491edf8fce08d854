"""The drill and record checkers can fail on a running double, driven through the kit's own
drills and runner as the catalog drives a collector: the dependency-outage checker on a double
that drops what its PostgreSQL refused while down, the set-up checker on a double shipping a
schema statement PostgreSQL refuses, the guide's claims on a double whose log lines differ from
them, the real-senders checker on a double dropping the routes real FRR and GoBGP send. Each holds
on the correct double."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from faultbook.bmpkit import drills
from faultbook.bmpkit.batch import BatchResult, Runner
from faultbook.bmpkit.cases import Case, announce
from faultbook.bmpkit.checkers import DEPENDENCY_OUTAGE, LIVENESS, SETUP_APPLIES
from faultbook.bmpkit.checkers.senders import RealSenders
from faultbook.checks.fault_effect import FaultTookEffect
from faultbook.faults.stop import Stop
from faultbook.fixtures import node_stack
from faultbook.stack import Stack
from scenarios.pybmp import claims
from scenarios.pybmp.drive import record_claims
from tests.bmp_doubles.spec import SCHEMA, SCHEMA_REFUSED, start_db_double, start_double

pytestmark = pytest.mark.runtime("process")

VALID = Case("two routes", "valid", announce("10.33.1.0/24") + announce("10.33.2.0/24"))
#: the line the database double prints when its PostgreSQL refuses a write
REACTED = re.compile(r"^ERROR database down: ")


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    """The module's stack: its doubles, and one PostgreSQL (component ``postgres``) for every
    database double."""
    with node_stack(request) as s:
        yield s


def failing(result: BatchResult) -> set[str]:
    return {v.name for v in result.findings}


@pytest.mark.parametrize(("flaw", "holds"), [("outage-drop", False), ("none", True)],
                         ids=["dropping", "correct"])
def test_dependency_outage(stack: Stack, flaw: str, holds: bool) -> None:
    """PostgreSQL stopped while a session is written, started once the double met it gone:
    exactly the outage checker reports the double that dropped what was refused."""
    col = start_db_double(stack, flaw)
    result = drills.dependency_outage(col, stack, Stop("postgres"), REACTED,
                                      (DEPENDENCY_OUTAGE, LIVENESS))
    window = result.evidence.history.faults[0]
    took = FaultTookEffect().judge(window.evidence)
    evidence = [(v.name, v.measured, v.evidence) for v in result.findings]
    assert all(v.ok for v in took), took
    met = result.evidence.log_lines[window.log_from : window.log_to]
    assert any(REACTED.search(t) for t in met), met  # the double met its database gone
    assert failing(result) == (set() if holds else {DEPENDENCY_OUTAGE.name}), evidence
    if not holds:
        (verdict,) = result.findings
        assert verdict.measured["lost"] > 0 and verdict.measured["loss_reports"] == 0, verdict


@pytest.mark.parametrize(("shipped", "holds"), [(SCHEMA_REFUSED, False), (SCHEMA, True)],
                         ids=["refused", "correct"])
def test_setup_as_shipped(stack: Stack, shipped: Path, holds: bool) -> None:
    """The double's shipped schema applied statement by statement: exactly the set-up checker
    reports the refused statement (the double stores a valid batch either way)."""
    col = start_db_double(stack, "none", shipped)
    assert col.setup is not None
    (verdict,) = SETUP_APPLIES.judge(col.setup)
    assert verdict.ok is holds, verdict
    if not holds:
        assert "operator class" in verdict.evidence["failed"][0]["error"], verdict
    result = Runner(col).run([VALID])
    assert not result.findings, [(v.name, v.measured, v.detail) for v in result.findings]


@pytest.mark.parametrize(("voice", "differs"),
                         [("guide-portless", {claims.NEW_CONNECTION.name}), ("guide", set())],
                         ids=["differing", "correct"])
def test_guide_claims(stack: Stack, voice: str, differs: set[str]) -> None:
    """The guide's claims judged on the double's whole log and metrics page after the claims'
    inputs: exactly the claim its lines differ from reports."""
    verdicts = claims.judge(record_claims(start_double(stack, "none", voice)))
    assert {v.name for v in verdicts if not v.ok} == differs, [v for v in verdicts if not v.ok]


@pytest.mark.parametrize(("flaw", "stored"), [("stamped", False), ("none", True)],
                         ids=["dropping", "correct"])
def test_real_senders(request: pytest.FixtureRequest, flaw: str, stored: bool) -> None:
    """FRR bgpd and GoBGP peered, both exporting BMP to the double: exactly the added route's
    verdict reports the double dropping time-stamped Route Monitoring (which stores the kit's
    own sessions, unstamped, completely)."""
    with node_stack(request) as own:
        col = start_double(own, flaw)
        verdicts = RealSenders().judge(drills.real_senders(col, own))
        assert [v.ok for v in verdicts] == [True, True, True, stored], verdicts
        result = Runner(col).run([VALID])
        assert not result.findings, [(v.name, v.measured, v.detail) for v in result.findings]
