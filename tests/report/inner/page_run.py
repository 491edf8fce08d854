"""A small run for the report page check (run by a child pytest, not collected on its own)."""

from __future__ import annotations

import time

import pytest

from faultbook.budgets import Budgets
from faultbook.checks.signatures import SignaturesSeen
from faultbook.faults import StopFault
from faultbook.fixtures import StackMaker
from faultbook.history import History
from faultbook.observe.matchers import wait_for
from faultbook.observe.signature import Signature
from faultbook.report.record import TestRecord
from faultbook.runner.steps import await_signatures
from tests.clients import CLIENTS

SIGNATURES = (
    Signature("redis", r"Received SIGTERM scheduling shutdown", "§3.2", "graceful stop"),
    Signature("redis", r"Redis is now ready to exit, bye bye", "§3.2"),
)


def test_redis_stop_and_start(stack: StackMaker, record: TestRecord) -> None:
    st = stack("redis")
    service = st.services["redis"]
    CLIENTS["redis"].roundtrip(service.endpoint)
    history = History("redis", st.timeline, st.sampler, Budgets(), since=st.timeline.seq)
    since = history.since
    with StopFault(service):
        await_signatures(history, SIGNATURES, within=10)
        healed = time.monotonic()
    record.collect(SignaturesSeen(*SIGNATURES).judge(history),
                   {"signatures": [m.to_json() for m in history.matches]})
    wait_for(service.timeline, r"Ready to accept connections", "redis", within=20, since=since)
    CLIENTS["redis"].roundtrip(service.endpoint)
    record.facts["recovery_seconds"] = round(time.monotonic() - healed, 3)
    record.verdict("serves again after start", True, "PONG", "PONG")


def test_postgres_and_etcd_stop(stack: StackMaker, record: TestRecord) -> None:
    st = stack("postgres", "etcd")
    fault = StopFault(st.services["postgres"])
    fault.inject()
    fault.heal()
    record.verdict("recovers within budget", False, 42.0, 30.0, "deliberately failing check")
    pytest.fail("recovers within budget: measured 42.0, budget 30.0")
