"""One BMP case against a running collector: send the octets, then run every oracle.

Used by the catalog, the fuzz tests and ``faultbook replay``. The sequence: send on connection A
(after a valid Initiation and Peer Up when ``prelude``); wait until the collector processed it
(a marker route on A for valid input, then a fresh session on B); judge A's state; check what A
stored; close A; watch a quiet window (CPU, log rate); check CLOSE-WAIT, memory, liveness and a
fresh session afterwards.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from faultbook.bmp.bmp import Termination
from faultbook.budgets import Budgets
from faultbook.checks import bmp_oracles as oracles
from faultbook.checks.bmp_input import expected_for, frame_routes, valid_messages
from faultbook.report.record import TestRecord
from faultbook.services.bmp.records import wait_route
from faultbook.services.bmp.router import (
    BmpConnection,
    announce,
    initiation,
    peer_up,
    unique_prefix,
)
from faultbook.services.bmp.target import BmpTarget

#: bounds of a case (seconds)
SEND_WITHIN = 10.0
SETTLE_WITHIN = 5.0


@dataclass(frozen=True)
class Case:
    """Octets to send and how: after a valid prelude, and whether the router closes at once."""

    label: str
    payload: bytes
    valid: bool = False
    prelude: bool = True
    close_after: bool = False
    reset_after: bool = False
    window: float = 1.2

    def octets(self) -> bytes:
        """Everything connection A carries (prelude included)."""
        return (initiation() + peer_up() if self.prelude else b"") + self.payload

    def to_json(self) -> dict[str, Any]:
        """As plain data (the payload in hex)."""
        return {"label": self.label, "payload_hex": self.payload.hex(), "valid": self.valid,
                "prelude": self.prelude, "close_after": self.close_after,
                "reset_after": self.reset_after, "window": self.window}


@dataclass
class CaseResult:
    """Facts of one run (the verdicts are in the record)."""

    conn: int = 0
    state: str = ""
    facts: dict[str, Any] = field(default_factory=dict)


def settle(target: BmpTarget, marker: str | None, result: CaseResult) -> None:
    """Wait until the collector processed what was sent (marker route, then a fresh session)."""
    if marker:
        result.facts["marker_stored"] = wait_route(target.store, marker, SETTLE_WITHIN) is not None
    ok, took, _ = oracles.fresh_session(target, SETTLE_WITHIN)
    result.facts["barrier"] = {"stored": ok, "seconds": took}


def judge_stored(record: TestRecord, target: BmpTarget, conn: int, data: bytes, since: int) -> None:
    """Accounting and phantom routes for the octets one connection carried."""
    oracles.check_accounted(record, target, conn, expected_for(valid_messages(data)), since)
    oracles.check_phantoms(record, target, conn, frame_routes(data), since)


def judge_after(record: TestRecord, target: BmpTarget, budgets: Budgets, window: float) -> int:
    """After the router closed: quiet window budgets, CLOSE-WAIT, liveness, a fresh session."""
    start, end, lines = oracles.observe_window(target, window, target.timeline.seq)
    oracles.check_budgets(record, target, budgets, start, end, lines)
    oracles.check_close_wait(record, target)
    if oracles.check_alive(record, target):
        oracles.check_fresh(record, target, SETTLE_WITHIN)
    return lines


def run_case(record: TestRecord, target: BmpTarget, case: Case, budgets: Budgets) -> CaseResult:
    """Send ``case`` on a fresh connection and record every oracle's verdict."""
    since = target.timeline.seq
    data = case.octets()
    result = CaseResult()
    marker = unique_prefix() if case.valid and not case.close_after else None
    with BmpConnection(target.endpoint.host, target.endpoint.port) as conn:
        result.conn = conn.local_port
        target.timeline.mark("router", "fault.inject", case.label[:120], conn=conn.local_port,
                             octets=len(data))
        data += announce(marker) if marker else b""
        conn.send_in_background(data).join(SEND_WITHIN)
        if case.reset_after:
            conn.reset()
        elif case.close_after:
            conn.close()
        settle(target, marker, result)
        if not (case.close_after or case.reset_after):
            state = conn.state()
            result.state = state.state
            # after a Termination (RFC 7854 4.5) the collector may close the session
            ends = any(isinstance(m, Termination) for m in valid_messages(data))
            oracles.check_connection(record, state, case.valid and not ends)
        judge_stored(record, target, conn.local_port, data, since)
    result.facts["window_lines"] = judge_after(record, target, budgets, case.window)
    target.timeline.mark("router", "fault.heal", case.label[:120])
    return result


def stop_flooding(target: BmpTarget, record: TestRecord) -> None:
    """Stop a collector whose log or CPU broke budget at once (SIGINT, then SIGKILL)."""
    import signal

    broken = {v.name for v in record.verdicts if not v.ok}
    if not broken & {oracles.LOG_RATE, oracles.CPU} or not target.service.is_running():
        return
    target.service.kill(target.service.spec.stop_signal)
    if target.service.wait_exit(2.0) is None:
        target.service.kill(signal.SIGKILL, group=True)
        target.service.wait_exit(5.0)
    record.facts["stopped_flooding_collector_at"] = time.time()
