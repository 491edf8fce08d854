"""Signals, graceful stop and fault evidence: each check made to fail."""

from __future__ import annotations

import signal

from faultbook.checks.fault_effect import Evidence, FaultTookEffect
from faultbook.checks.graceful_stop import GracefulStop, StopRecord
from faultbook.checks.signals import ReceivedSignal, SignalsStayHome


def test_signal_from_the_system_is_a_finding() -> None:
    got = [ReceivedSignal("sentinel", signal.SIGINT, 4242, 12.5, "backend.ai manager")]
    [v] = SignalsStayHome("manager").judge(got, suite_pids={100})
    assert not v.ok and v.measured == ["SIGINT from pid 4242"]
    assert v.evidence["signals"][0]["t"] == 12.5


def test_signals_from_the_suite_or_the_kernel_are_not() -> None:
    got = [ReceivedSignal("sentinel", signal.SIGCONT, 100, 1.0),
           ReceivedSignal("sentinel", signal.SIGHUP, 0, 2.0, user_sent=False)]
    assert SignalsStayHome("manager").judge(got, suite_pids={100})[0].ok


def test_graceful_stop_fails_on_exit_code_survivors_or_time() -> None:
    check = GracefulStop("manager", within=10)
    good = StopRecord("SIGTERM", 2.0, "exit 0", 0)
    assert check.judge([good])[0].ok
    [v] = check.judge([good, StopRecord("SIGINT", 2.0, "exit 1", 1)])
    assert not v.ok and "SIGINT" in v.evidence["problems"]
    [v] = check.judge([StopRecord("SIGTERM", 30.0, "exit 0", 0, survivors=(7,), ports_held=(80,))])
    assert len(v.evidence["problems"]["SIGTERM"]) == 3


def test_no_stop_recorded_is_inconclusive() -> None:
    assert GracefulStop("manager", within=10).judge([])[0].inconclusive


def test_unconfirmed_fault_is_inconclusive() -> None:
    [v] = FaultTookEffect().judge(Evidence("squat :80", False, "never accepted nor held"))
    assert not v.ok and v.inconclusive
    [v] = FaultTookEffect().judge(None)
    assert v.inconclusive
    assert FaultTookEffect().judge(Evidence("stop pg", True, "client refused"))[0].ok
