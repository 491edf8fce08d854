"""The monitoring checks judge recorded API answers and outcomes; each is made to fail here."""

from __future__ import annotations

from faultbook.observe.outcome import Outcome
from scenarios.monitoring.api import Poll, TargetState
from scenarios.monitoring.catalog import PYBMP_PORT_CLOSED, STORAGE_PANIC
from scenarios.monitoring.checks import (
    PROMETHEUS_EXITS,
    PROMETHEUS_NO_PANIC,
    PROMETHEUS_RAN,
    REPORTED_DOWN,
    REPORTED_UP,
    STARTS_AFTER_HEAL,
)
from scenarios.monitoring.claims import NAMES_LISTED, TARGETS_LISTED, UP_AGREES, Answers

NODE = "127.0.0.1:9100"


def poll(at: float, health: str | None, error: str = "") -> Poll:
    targets = () if health is None else (TargetState("node", NODE, health, error, "t"),)
    return Poll(at, targets)


def series(*points: tuple[float, str]) -> list[Poll]:
    return [poll(at, health) for at, health in points]


def test_down_within_two_intervals_holds() -> None:
    v = REPORTED_DOWN.judge(series((9.0, "up"), (11.0, "up"), (13.5, "down")), NODE, 10.0, 2.0)
    assert v.ok and v.measured == 3.5 and v.budget == 4.0


def test_down_too_late_fails() -> None:
    v = REPORTED_DOWN.judge(series((9.0, "up"), (14.5, "down")), NODE, 10.0, 2.0)
    assert not v.ok and v.measured == 4.5


def test_never_down_fails() -> None:
    v = REPORTED_DOWN.judge(series((9.0, "up"), (12.0, "up"), (16.0, "up")), NODE, 10.0, 2.0)
    assert not v.ok and v.measured is None and not v.inconclusive


def test_down_without_up_before_is_inconclusive() -> None:
    v = REPORTED_DOWN.judge(series((9.0, "unknown"), (11.0, "down")), NODE, 10.0, 2.0)
    assert not v.ok and v.inconclusive


def test_unanswered_polls_do_not_count() -> None:
    polls = [poll(9.0, "up"), Poll(11.0, error="connection refused"), poll(15.0, "down")]
    v = REPORTED_DOWN.judge(polls, NODE, 10.0, 2.0)
    assert not v.ok and v.measured == 5.0


def test_up_after_heal() -> None:
    assert REPORTED_UP.judge(series((20.0, "down"), (21.0, "up")), NODE, 20.5, 2.0).ok
    assert not REPORTED_UP.judge(series((20.0, "down"), (30.0, "down")), NODE, 20.5, 2.0).ok


def test_start_failure_checks() -> None:
    assert PROMETHEUS_EXITS.judge(Outcome(1, None, 0.0, 1.0)).ok
    assert not PROMETHEUS_EXITS.judge(Outcome(0, None, 0.0, 1.0)).ok
    assert not PROMETHEUS_EXITS.judge(None).ok
    assert PROMETHEUS_NO_PANIC.judge(['level=error msg="Unable to start web listener"']).ok
    panic = PROMETHEUS_NO_PANIC.judge(["level=error ...", "panic: Unable to create mmap-ed "
                                       "active query log", "", "goroutine 1 [running]:"])
    assert not panic.ok and STORAGE_PANIC.matches(panic)
    assert not STORAGE_PANIC.matches(PROMETHEUS_NO_PANIC.judge(["panic: something else"]))
    assert not PROMETHEUS_RAN.judge([Outcome(None, 9, 0.0, 1.0)]).ok
    assert not STARTS_AFTER_HEAL.judge("exited (exit 2)", 1.0, 30.0).ok
    assert not STARTS_AFTER_HEAL.judge("", 31.0, 30.0).ok


def answers(pybmp_health: str, names: tuple[str, ...], up: float) -> Answers:
    targets = (TargetState("node", NODE, "up", "", "t"),
               TargetState("pybmp", "127.0.0.1:9090", pybmp_health,
                           "dial tcp 127.0.0.1:9090: connect: connection refused", "t"))
    return Answers(targets, names, {NODE: 1.0, "127.0.0.1:9090": up})


def test_guide_claims_fail_on_a_down_target_and_missing_names() -> None:
    instances = {"node": NODE, "pybmp": "127.0.0.1:9090"}
    down = answers("down", ("up", "node_exporter_build_info"), 0.0)
    listed = TARGETS_LISTED.judge(down, instances)
    assert not listed.ok and PYBMP_PORT_CLOSED.matches(listed)
    names = NAMES_LISTED.judge(down, {"node": "node_exporter_build_info",
                                      "pybmp": "bmp_active_connections"})
    assert not names.ok and names.measured == {"pybmp": "bmp_active_connections"}
    assert UP_AGREES.judge(down).ok
    assert not UP_AGREES.judge(answers("down", (), 1.0)).ok
    assert not TARGETS_LISTED.judge(down, {"node": NODE, "gone": "127.0.0.1:1"}).ok
