"""The dependency-outage checkers can fail: on a history whose collector lost what was written
during a confirmed outage without a line naming its router, the outage checker reports; it holds
when everything was stored, or the loss was reported by such a line; an outage the fault could
not confirm is inconclusive. The set-up checker reports a refused statement."""

from __future__ import annotations

from faultbook.bmpkit.cases import PRELUDE, announce
from faultbook.bmpkit.checkers import DEPENDENCY_OUTAGE, SETUP_APPLIES
from faultbook.bmpkit.checkers.base import BatchEvidence
from faultbook.bmpkit.checkers.setup import SetupRecord
from faultbook.bmpkit.expect import Route
from faultbook.bmpkit.history import Connection, FaultWindow, History, Write
from faultbook.bmpkit.store import Row, Snapshot
from faultbook.observe.evidence import Evidence

ROUTER = "127.64.0.9"
PREFIX = "10.77.1.0/24"
REFUSED = Evidence("stop postgres", True, "a client connecting got: refused", {"running": False})


def _evidence(rows: list[Row], lines: list[str], confirmed: bool = True) -> BatchEvidence:
    conn = Connection(0, "outage", port=40000, source=ROUTER, stream=PRELUDE + announce(PREFIX))
    conn.frame()
    seen = REFUSED if confirmed else Evidence("stop postgres", False, "still answering")
    history = History("double", connections=[conn],
                      writes=[Write(0, 10.5, 0, len(conn.stream))],
                      faults=[FaultWindow("stop postgres", 10.0, 11.0, seen, 0, len(lines))])
    return BatchEvidence(history, Snapshot(rows), lines, frozenset(),
                         frozenset({"init", "peer_up"}), True)


def _row(kind: str) -> Row:
    route = Route(PREFIX, "update", "192.0.2.9") if kind == "route" else None
    return Row(kind, 40000, route, raw={"router": ROUTER})


ALL_STORED = [_row("init"), _row("peer_up"), _row("route")]


def test_outage_fails_when_the_session_is_lost_unreported() -> None:
    lines = ["ERROR - Error processing message: Connect call failed ('127.0.0.1', 5432)"] * 2
    (verdict,) = DEPENDENCY_OUTAGE.judge(_evidence([_row("route")], lines))
    assert not verdict.ok and verdict.measured == {"lost": 2, "loss_reports": 0}
    assert verdict.evidence["lost"] == ["1 x init", "1 x peer_up"]


def test_outage_holds_when_everything_is_stored_or_reported() -> None:
    assert all(v.ok for v in DEPENDENCY_OUTAGE.judge(_evidence(ALL_STORED, [])))
    named = [f"ERROR - message from {ROUTER} dropped: database down"] * 2
    assert all(v.ok for v in DEPENDENCY_OUTAGE.judge(_evidence([_row("route")], named)))


def test_an_unconfirmed_outage_is_inconclusive() -> None:
    (verdict,) = DEPENDENCY_OUTAGE.judge(_evidence([], [], confirmed=False))
    assert verdict.inconclusive


def test_setup_fails_on_a_refused_statement_and_holds_without_one() -> None:
    bad = SetupRecord("schema.sql", "db", applied=["CREATE TABLE t (x int)"],
                      failed=[("CREATE INDEX i ON t USING gist(x)", "no default operator class")])
    (verdict,) = SETUP_APPLIES.judge(bad)
    assert not verdict.ok and verdict.evidence["failed"][0]["error"] == "no default operator class"
    good = SetupRecord("schema.sql", "db", applied=["CREATE TABLE t (x int)"])
    assert all(v.ok for v in SETUP_APPLIES.judge(good))
