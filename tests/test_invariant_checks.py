"""The invariant check objects over recorded histories: each holds on a good record and fails on
a deliberately bad one; with nothing recorded to judge, each gives no verdict."""

from __future__ import annotations

import signal

from faultbook.checks.invariant_checks import InvariantChecks
from faultbook.history import History, InvariantRecord
from faultbook.invariants import ApiProbe, HealthProbe, Invariants
from faultbook.observe.probes import Probe, ProbeResult
from faultbook.observe.signals import ReceivedSignal
from faultbook.observe.timeline import Timeline
from faultbook.runtime.base import Service
from tests.history_doubles import history


def never(_service: Service) -> Probe:
    raise AssertionError("checks never probe")


DECL = Invariants("sut", health=(HealthProbe("GET /health", never, ("db",), 3.0, 5.0),),
                  api=ApiProbe("GET /", never, max_gap=2.0, p50=0.1, p95=0.5, worst=1.0),
                  flood_per_second=5, excused={"no-engine": "no engine here"})
CHECKS = InvariantChecks(DECL)


def series(name: str, down_from: float, down_to: float, answer_down: bool) -> list[ProbeResult]:
    out = []
    for i in range(61):
        t = i * 0.5
        down = down_from <= t < down_to
        out.append(ProbeResult(name, not down, 0.01, "", t,
                               (503 if answer_down else None) if down else 200))
    return out


def recorded(**fields: object) -> History:
    base: dict[str, object] = {"faulted": "db", "serving": True, "injected": 10.0,
                               "healed": 20.0, "until": 30.0}
    base.update(fields)
    return history(invariants=InvariantRecord(**base))  # type: ignore[arg-type]


def lines_of(*texts: str) -> list:  # type: ignore[type-arg]
    tl = Timeline()
    return [tl.add_line("sut", text) for text in texts]


def test_health_that_reports_the_outage_holds_one_that_lies_fails() -> None:
    check = CHECKS.health[("GET /health", "db")]
    truthful = recorded(series={"GET /health": series("GET /health", 11, 21, True)})
    lying = recorded(series={"GET /health": series("GET /health", 99, 99, True)})
    assert [v.ok for v in check.judge(truthful)] == [True]
    [v] = check.judge(lying)
    assert not v.ok and v.measured["down_lag"] is None
    assert check.judge(recorded(faulted="cache")) == []


def test_dependency_health_checks_are_judged_too() -> None:
    good = recorded(series={"pg_isready": series("pg_isready", 10, 20.5, True)},
                    dependency_probes=("pg_isready",))
    slow = recorded(series={"pg_isready": series("pg_isready", 17, 20.5, True)},
                    dependency_probes=("pg_isready",))
    assert [v.ok for v in CHECKS.dependency_health.judge(good)] == [True]
    assert [v.ok for v in CHECKS.dependency_health.judge(slow)] == [False]


def test_an_api_that_stalls_fails_responsiveness() -> None:
    assert CHECKS.responds is not None
    fine = recorded(series={"GET /": series("GET /", 99, 99, False)})
    stalled = recorded(series={"GET /": series("GET /", 12, 16, False)})
    assert [v.ok for v in CHECKS.responds.judge(fine)] == [True]
    [v] = CHECKS.responds.judge(stalled)
    assert not v.ok and v.measured["longest_gap"] >= 4.0
    assert CHECKS.responds.judge(recorded()) == []


def test_log_quality_over_every_line() -> None:
    bad = recorded(lines=lines_of("next retry in %.1fs", *["same"] * 10))
    good = recorded(lines=lines_of("next retry in 1.5s"))
    assert [v.ok for v in CHECKS.placeholders.judge(good)] == [True]
    assert [v.ok for v in CHECKS.placeholders.judge(bad)] == [False]
    assert [v.ok for v in CHECKS.flood.judge(bad)] == [False]
    assert [v.ok for v in CHECKS.flood.judge(good)] == [True]


def test_an_error_during_a_healthy_start_fails_an_excused_one_holds() -> None:
    excused = recorded(healthy_start=lines_of("ERROR no-engine here", "INFO ready"))
    bad = recorded(healthy_start=lines_of("ERROR cannot read config"))
    assert [v.ok for v in CHECKS.quiet_start.judge(excused)] == [True]
    assert [v.ok for v in CHECKS.quiet_start.judge(bad)] == [False]
    assert CHECKS.quiet_start.judge(recorded()) == []


def test_an_error_during_a_normal_shutdown_fails() -> None:
    h = recorded()
    h.timeline.mark("sut", "signal", "SIGTERM")
    h.timeline.add_line("sut", "Traceback (most recent call last):")
    h.timeline.mark("sut", "exit", "exit 0")
    [v] = CHECKS.quiet_shutdown.judge(h)
    assert not v.ok
    assert CHECKS.quiet_shutdown.judge(recorded()) == []


def test_a_signal_from_the_system_fails() -> None:
    got = ReceivedSignal("sentinel", signal.SIGINT, 4242, 12.0, "sut worker")
    [v] = CHECKS.signals.judge(recorded(signals=[got]))
    assert not v.ok
    assert [v.ok for v in CHECKS.signals.judge(recorded())] == [True]


STEADY = InvariantChecks(Invariants("sut", health=(
    HealthProbe("GET /-/healthy", never, (), steady=True),), errors=r"\blevel=error\b"))


def test_health_that_alarms_on_something_it_does_not_need_fails() -> None:
    [check] = STEADY.steady
    calm = recorded(faulted="target", series={"GET /-/healthy": series("GET /-/healthy", 99, 99, True)})
    alarmed = recorded(faulted="target",
                       series={"GET /-/healthy": series("GET /-/healthy", 12, 14, True)})
    assert [v.ok for v in check.judge(calm)] == [True]
    [v] = check.judge(alarmed)
    assert not v.ok and v.measured["unhealthy_answers"] == 4
    assert check.judge(recorded(faulted="target")) == []


def test_a_declared_error_format_is_what_a_quiet_start_looks_for() -> None:
    start = lines_of('ts=2026-12-01T18:00:00.000Z caller=main.go:1 level=error msg="boom"')
    [v] = STEADY.quiet_start.judge(recorded(healthy_start=start))
    assert not v.ok and v.measured == 1
    [v] = CHECKS.quiet_start.judge(recorded(healthy_start=start))
    assert v.ok
