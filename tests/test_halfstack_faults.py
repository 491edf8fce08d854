"""Stop, SIGKILL and pause each halfstack service in each runtime; assert what is real.

Each test asserts a line the real service prints, the error a real client gets while the fault
holds, the process outcome, and the client working again after the heal.
"""

from __future__ import annotations

import re
import signal

import pytest

from faultbook.faults import KillFault, PauseFault, StopFault
from faultbook.fixtures import StackMaker
from faultbook.observe.matchers import assert_never, wait_for, wait_sequence
from faultbook.report.record import TestRecord
from tests.clients import CLIENTS, ClientError

KINDS = ["postgres", "redis", "etcd"]

STOP_LINES = {
    "postgres": [r"LOG:  received fast shutdown request", r"LOG:  database system is shut down"],
    "redis": [r"Received SIGTERM scheduling shutdown", r"Redis is now ready to exit, bye bye"],
    "etcd": [r"pkg/osutil: received terminated signal, shutting down"],
}
RESTART_AFTER_KILL = {
    "postgres": r"database system was not properly shut down; automatic recovery in progress",
    "redis": r"Ready to accept connections",
    "etcd": r"the server is already initialized as member before, starting as etcd member",
}


def client_error(kind: str, endpoint: object) -> str:
    """The message a real client reports, or fail if the call succeeded."""
    try:
        CLIENTS[kind].roundtrip(endpoint)  # type: ignore[arg-type]
    except ClientError as exc:
        return str(exc)
    pytest.fail(f"{kind} client succeeded while the fault held")


@pytest.mark.parametrize("kind", KINDS)
def test_stop_then_start(stack: StackMaker, kind: str, record: TestRecord) -> None:
    service = stack(kind).services[kind]
    CLIENTS[kind].roundtrip(service.endpoint)
    since = service.timeline.seq
    fault = StopFault(service)
    fault.inject()
    wait_sequence(service.timeline, STOP_LINES[kind], kind, within=10, since=since)
    outcome = service.last_outcome
    assert outcome is not None
    record.verdict(
        "graceful stop ends the process",
        outcome.signal in (None, signal.SIGTERM),
        outcome.label,
        "exit 0 or SIGTERM",
    )
    assert outcome.exit_code == 0 or outcome.signal == signal.SIGTERM, outcome.label
    assert re.search(CLIENTS[kind].down_error, client_error(kind, service.endpoint))
    assert fault.confirm().confirmed, fault.evidence
    fault.heal()
    CLIENTS[kind].roundtrip(service.endpoint)


@pytest.mark.parametrize("kind", KINDS)
def test_sigkill_then_restart(stack: StackMaker, kind: str, record: TestRecord) -> None:
    service = stack(kind).services[kind]
    CLIENTS[kind].roundtrip(service.endpoint)
    fault = KillFault(service, signal.SIGKILL)
    fault.inject()
    outcome = service.last_outcome
    assert outcome is not None and outcome.signal == signal.SIGKILL, outcome
    record.verdict("SIGKILL ends the process", True, outcome.label, "signal SIGKILL")
    assert service.processes() == []
    assert re.search(CLIENTS[kind].down_error, client_error(kind, service.endpoint))
    assert fault.confirm().confirmed, fault.evidence
    since = service.timeline.seq
    fault.heal()
    wait_for(service.timeline, RESTART_AFTER_KILL[kind], kind, within=5, since=since)
    CLIENTS[kind].roundtrip(service.endpoint)


@pytest.mark.parametrize("kind", KINDS)
def test_pause_then_resume(stack: StackMaker, kind: str, record: TestRecord) -> None:
    service = stack(kind).services[kind]
    CLIENTS[kind].roundtrip(service.endpoint)
    fault = PauseFault(service)
    fault.inject()
    assert re.search(CLIENTS[kind].frozen_error, client_error(kind, service.endpoint))
    assert_never(service.timeline, r".", kind, window=0.5)  # a frozen process writes nothing
    assert service.is_running()
    assert fault.confirm().confirmed, fault.evidence
    fault.heal()
    healed = service.timeline.seq
    CLIENTS[kind].roundtrip(service.endpoint)
    record.verdict("serves again after resume", True, service.timeline.seq - healed, None)
