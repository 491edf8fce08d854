"""Hypothesis against a real pmbmpd: every malformation strategy, and the RouterSession state
machine bound to a real connection; each example is followed by every oracle.

Examples per test: FAULTBOOK_FUZZ_EXAMPLES (default 25). Under CI (CI=true) or with
FAULTBOOK_FUZZ_DERANDOMIZE=1 the examples are derandomized, so a pipeline run is repeatable;
locally each run explores new ones. The example database lives in
reports/hypothesis/. Inputs that trigger a registered pmbmpd defect are left to the catalog's
strict xfails (``pmbmpd_known_trigger``). A failing example is saved as .bin + .json under
reports/fuzz-failures/ for ``faultbook replay``; shrinking is off (each run costs a collector
round trip).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from hypothesis.stateful import run_state_machine_as_test

from faultbook.bmp.bmp import PER_PEER_HEADER_LENGTH
from faultbook.bmp.session import RouterSession
from faultbook.bmp.strategies import MALFORMATIONS, Malformation
from faultbook.checks.bmp_case import (
    Case,
    CaseResult,
    judge_after,
    judge_stored,
    run_case,
    settle,
)
from faultbook.checks.bmp_oracles import check_connection
from faultbook.checks.bmp_repro import save_failure
from faultbook.fixtures import close_and_check, new_stack, run_state
from faultbook.report.record import TestRecord
from faultbook.services.bmp.launch import start_pmbmpd
from faultbook.services.bmp.router import PEER, BmpConnection, announce, peer_up, unique_prefix
from faultbook.services.bmp.target import BmpTarget
from scenarios.bmp.catalog import BUDGETS, pmbmpd_known_trigger

EXAMPLES = int(os.environ.get("FAULTBOOK_FUZZ_EXAMPLES", "25"))
REPORTS = Path(os.environ.get("FAULTBOOK_REPORTS", "reports"))
DERANDOMIZE = os.environ.get("CI", "").lower() == "true" or \
    os.environ.get("FAULTBOOK_FUZZ_DERANDOMIZE", "") == "1"
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
                database=None if DERANDOMIZE
                else DirectoryBasedExampleDatabase(str(REPORTS / "hypothesis")),
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
WINDOW = 1.0
PEER_BYTES = announce("10.0.0.0/24")[6 : 6 + PER_PEER_HEADER_LENGTH]


@pytest.fixture
def fuzz_target(request: pytest.FixtureRequest, runtime: str,
                record: TestRecord) -> Iterator[BmpTarget]:
    """One pmbmpd for a fuzz test; restarted by an example that finds it dead."""
    state = run_state(request.config)
    stack = new_stack(state, "process", f"{request.node.nodeid}-fuzz")
    record.attach(stack.timeline, stack.probes, stack.sampler)
    try:
        yield start_pmbmpd(stack)
    finally:
        problems = close_and_check(stack, record)
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)


def adopt_peer(data: bytes) -> bytes:
    """Put the prelude's peer into every per-peer header, so the collector parses past it."""
    out, pos = bytearray(data), 0
    while len(data) - pos >= 6 and data[pos] in (3, 4):
        length = int.from_bytes(data[pos + 1 : pos + 5], "big")
        if length < 6:
            break
        if data[pos + 5] in (0, 1, 2) and pos + 6 + PER_PEER_HEADER_LENGTH <= len(data):
            out[pos + 6 : pos + 6 + PER_PEER_HEADER_LENGTH] = PEER_BYTES
        pos += length
    return bytes(out)


def judge(record: TestRecord, target: BmpTarget, case: Case, first: int, extra: dict[str, object],
          request: pytest.FixtureRequest) -> None:
    """Fail the example (saving it) when one of its verdicts failed."""
    failed = [v for v in record.verdicts[first:] if not v.ok]
    if failed:
        folder = run_state(request.config).run_dir / "fuzz-failures"
        path = save_failure(folder, case, target.name, failed, extra)
        if not target.service.is_running():
            target.service.start()
        raise AssertionError(f"{case.label}: " + "; ".join(
            f"{v.name}: {v.measured!r} (budget {v.budget!r})" for v in failed) + f"; saved {path}")


@pytest.mark.runtime("process")
@FUZZ
@given(kind=st.sampled_from(sorted(MALFORMATIONS)), data=st.data())
def test_malformation(kind: str, data: st.DataObject, fuzz_target: BmpTarget,
                      record: TestRecord, request: pytest.FixtureRequest) -> None:
    m: Malformation = data.draw(MALFORMATIONS[kind](), label="malformation")
    payload = adopt_peer(m.data)
    assume(pmbmpd_known_trigger(payload) is None)
    note(f"{m.label}: {payload[:64].hex()}")
    if not fuzz_target.service.is_running():
        fuzz_target.service.start()
    case = Case(f"{kind}: {m.label}", payload, valid=not m.strict_reject, window=WINDOW)
    first = len(record.verdicts)
    run_case(record, fuzz_target, case, BUDGETS)
    judge(record, fuzz_target, case, first, {"strategy": kind, "expect": m.expect}, request)


class LiveRouterSession(RouterSession):
    """RouterSession bound to a real pmbmpd connection; the oracles run at teardown."""

    target: BmpTarget
    record: TestRecord
    request: pytest.FixtureRequest

    def __init__(self) -> None:
        super().__init__()
        self.conn = BmpConnection(self.target.endpoint.host, self.target.endpoint.port)
        self.closed: list[tuple[int, bytes]] = []
        self.data = b""
        self.since = self.target.timeline.seq

    def send(self, data: bytes) -> None:
        assume(pmbmpd_known_trigger(data) is None)  # registered defects: the catalog's xfails
        self.data += data
        self.conn.send(data)

    def reconnect(self) -> None:
        self.conn.close()
        self.closed.append((self.conn.local_port, self.data))
        self.conn = BmpConnection(self.target.endpoint.host, self.target.endpoint.port)
        self.data = b""

    def teardown(self) -> None:
        record, target = self.record, self.target
        first = len(record.verdicts)
        result = CaseResult()
        marker = unique_prefix() if self._open() else None
        if marker:
            tail = (b"" if any(p.key == PEER.key for p in self.peers.values()) else peer_up())
            self.send(tail + announce(marker))
        settle(target, marker, result)
        if not self.terminated:
            check_connection(record, self.conn.state(), valid_input=True)
        for port, data in [*self.closed, (self.conn.local_port, self.data)]:
            judge_stored(record, target, port, data, self.since)
        self.conn.close()
        judge_after(record, target, BUDGETS, WINDOW)
        everything = b"".join(d for _, d in self.closed) + self.data
        judge(record, target, Case("router session", everything, valid=True), first,
              {"messages": len(self.sent)}, self.request)


@pytest.mark.runtime("process")
def test_router_session(fuzz_target: BmpTarget, record: TestRecord,
                        request: pytest.FixtureRequest) -> None:
    class Bound(LiveRouterSession):
        target = fuzz_target
    Bound.record = record
    Bound.request = request
    run_state_machine_as_test(Bound, settings=settings(
        FUZZ, max_examples=max(EXAMPLES // 2, 1), stateful_step_count=12))
