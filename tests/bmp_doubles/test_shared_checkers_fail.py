"""The kit's log-quality and graceful-stop checkers judge with the suite's one definition of an
error record, a placeholder, an identical message and a graceful stop; each made to fail on a
recorded batch or stop, and the collectors' registered defects match only their evidence."""

from __future__ import annotations

from faultbook.bmpkit.cases import PRELUDE, announce
from faultbook.bmpkit.checkers import GRACEFUL_STOP, LOG_QUALITY
from faultbook.bmpkit.checkers.base import BatchEvidence
from faultbook.bmpkit.checkers.logquality import FLOOD
from faultbook.bmpkit.checkers.stop import BmpStop
from faultbook.bmpkit.history import Connection, FaultWindow, History
from faultbook.bmpkit.store import Snapshot
from faultbook.checks.graceful_stop import StopRecord
from faultbook.checks.verdict import Verdict
from faultbook.observe.evidence import Evidence
from scenarios.pmbmpd import defects as PM
from scenarios.pybmp import defects as PY

SINKING = ("2026-12-01T20:40:23Z WARN ( default/core ): [127.64.0.97] long BMP message received: "
           "len=50331648 buf=100000. Sinking.")
HOST_BITS = ("2026-12-01 21:02:10,259 - src.processor - ERROR - Error flushing routes: invalid "
             "input for query argument $5 in element #0 of executemany() sequence: '1.0.0.0/1' "
             "(1.0.0.0/1 has host bits set)")


def batch(lines: list[str], faulted: bool = False) -> BatchEvidence:
    conn = Connection(0, "valid", port=40000, source="127.64.0.9",
                      stream=PRELUDE + announce("10.77.1.0/24"))
    conn.frame()
    faults = [FaultWindow("stop postgres", 1.0, 2.0, Evidence("stop postgres", True, "refused"),
                          0, len(lines))] if faulted else []
    return BatchEvidence(History("double", connections=[conn], faults=faults), Snapshot([]), lines)


def findings(lines: list[str], faulted: bool = False) -> list[Verdict]:
    return [v for v in LOG_QUALITY.judge(batch(lines, faulted)) if not v.ok]


def test_an_error_record_in_a_normal_batch_is_a_finding_once_with_its_traceback() -> None:
    traceback = ["2026-12-01 21:02:10,259 - src.bmp.server - ERROR - session failed",
                 "Traceback (most recent call last):", '  File "x.py", line 1, in f',
                 "ValueError: bad"]
    [v] = findings(traceback)
    assert v.measured == {"error_records": 1} and v.evidence["lines"] == [traceback[0]]
    assert findings(traceback, faulted=True) == []  # an error under a fault is no false alarm
    assert LOG_QUALITY.judge(batch(["2026-12-01 21:02:10,259 - root - INFO - ok"]))[0].ok


def test_the_pybmp_host_bits_errors_defect_matches_its_error_records() -> None:
    [v] = findings([HOST_BITS] * 3)
    assert v.measured == {"error_records": 3} and PY.HOST_BITS_ERRORS.matches(v)
    [other] = findings(["2026-12-01 21:02:10,259 - root - ERROR - something else"])
    assert not PY.HOST_BITS_ERRORS.matches(other)


def test_placeholders_the_kit_used_to_miss_are_findings() -> None:
    lines = ["2026-12-01 21:02:10,259 - root - INFO - next retry in %.1fs",
             "2026-12-01 21:02:10,259 - root - INFO - queue depth %5d",
             "2026-12-01 21:02:10,259 - root - INFO - user %(name)s"]
    [v] = findings(lines)
    assert v.measured == {"unformatted": 3}
    assert v.evidence["placeholders"] == ["%(name)s", "%.1f", "%5d"]


def test_values_and_code_are_no_placeholders() -> None:
    lines = ["2026-12-01T21:02:05Z INFO ( default/core ):  '--includedir=${prefix}/include'",
             "    raise OSError(err, f'Connect call failed {address}')",
             "2026-12-01T21:02:05Z INFO ( default/core ): [127.0.0.1] BMP peers usage: 1/256"]
    assert findings(lines) == []


def test_one_message_repeated_past_the_bound_is_a_flood_and_the_sink_defect_matches() -> None:
    [v] = findings([SINKING] * (FLOOD + 1))
    assert v.measured == {"repeats": FLOOD + 1} and v.budget == {"repeats": FLOOD}
    assert PM.FLOOD_REPEAT.matches(v)
    # different messages (one per router) are no flood, whatever their count
    many = [SINKING.replace("127.64.0.97", f"127.64.{i // 250}.{i % 250}") for i in range(FLOOD + 1)]
    assert findings(many) == []


def stop(signal: str, seconds: float | None, label: str, code: int | None,
         sent: tuple[str, ...] = ("10.1.0.0/24",), stored: tuple[str, ...] = ("10.1.0.0/24",),
         survivors: tuple[int, ...] = ()) -> BmpStop:
    return BmpStop(StopRecord(signal, seconds, label, code, survivors), sent, stored)


def test_graceful_stop_holds_on_a_clean_stop() -> None:
    [v] = GRACEFUL_STOP.judge([stop("SIGINT", 0.4, "exit 0", 0)])
    assert v.ok and v.measured["SIGINT"]["lost"] == 0


def test_graceful_stop_fails_when_a_stop_loses_what_was_read() -> None:
    [v] = GRACEFUL_STOP.judge([stop("SIGTERM", 0.3, "exit 0", 0, stored=())])
    assert not v.ok and v.measured["SIGTERM"]["lost"] == 1
    assert v.evidence["lost"] == {"SIGTERM": ["10.1.0.0/24"]}


def test_graceful_stop_fails_on_a_hang_or_survivors_and_the_sigterm_defect_matches_a_hang() -> None:
    [hang] = GRACEFUL_STOP.judge([stop("SIGTERM", None, "still running", None)])
    assert not hang.ok and PM.SIGTERM_IGNORED.matches(hang)
    [left] = GRACEFUL_STOP.judge([stop("SIGTERM", 0.5, "exit 0", 0, survivors=(4242,))])
    assert not left.ok and not PM.SIGTERM_IGNORED.matches(left)
    assert GRACEFUL_STOP.judge([])[0].inconclusive
