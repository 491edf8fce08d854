"""Health truth and responsiveness over recorded probe series; each made to fail."""

from __future__ import annotations

from dataclasses import dataclass

from faultbook.checks.probe_series import HealthTruth, Responsive, SteadyHealth, widest_gap


@dataclass(frozen=True)
class S:
    t: float
    ok: bool
    latency: float = 0.01
    status: int | None = 200


def series(start: float, end: float, ok: object, step: float = 0.5,
           latency: float = 0.01) -> list[S]:
    out, t = [], start
    while t <= end:
        good = ok(t) if callable(ok) else bool(ok)
        out.append(S(t, good, latency, 200 if good else 503))
        t = round(t + step, 6)
    return out


CHECK = HealthTruth("GET /health", "postgres", down_within=3.0, up_within=5.0)


def test_truthful_health_passes_with_both_lags() -> None:
    samples = series(0, 30, lambda t: not (11 <= t < 21.5))
    [v] = CHECK.judge(samples, injected=10, healed=20, until=30)
    assert v.ok, v
    assert v.measured["down_lag"] == 1.0 and v.measured["up_lag"] == 1.5


def test_health_that_stays_healthy_while_the_dependency_is_gone_fails() -> None:
    [v] = CHECK.judge(series(0, 30, True), injected=10, healed=20, until=30)
    assert not v.ok and not v.inconclusive and v.measured["down_lag"] is None
    assert v.evidence["healthy_answers_during_outage"] > 0


def test_health_that_only_times_out_never_reported_unhealthy() -> None:
    samples = [s if not (10 <= s.t < 20) or s.t < 12 else S(s.t, False, 2.0, None)
               for s in series(0, 30, True)]
    [v] = CHECK.judge(samples, injected=10, healed=20, until=30)
    assert not v.ok and v.measured["down_lag"] is None
    assert v.evidence["unanswered_during_outage"] == 16


def test_health_slow_to_recover_fails() -> None:
    samples = series(0, 40, lambda t: not (10 <= t < 29))
    [v] = CHECK.judge(samples, injected=10, healed=20, until=40)
    assert not v.ok and v.measured["up_lag"] == 9.0


def test_thin_sampling_is_inconclusive() -> None:
    [v] = CHECK.judge(series(0, 30, True, step=3.0), injected=10, healed=20, until=30)
    assert v.inconclusive


API = Responsive("GET /", max_gap=2.0, p50=0.1, p95=0.5, worst=1.0)


def test_answering_api_passes() -> None:
    [v] = API.judge(series(0, 10, True), 0, 10)
    assert v.ok, v
    assert v.measured["p50"] == 0.01 and v.measured["longest_gap"] <= 0.6


def test_a_short_stall_between_probes_is_seen() -> None:
    samples = [s if not (4 <= s.t < 7) else S(s.t, False, 1.0, None) for s in series(0, 10, True)]
    [v] = API.judge(samples, 0, 10)
    assert not v.ok and v.measured["longest_gap"] >= 3.0
    assert "longest_gap over budget" in v.detail


def test_slow_answers_fail_on_latency() -> None:
    [v] = API.judge(series(0, 10, True, latency=0.7), 0, 10)
    assert not v.ok and v.measured["p95"] == 0.7 and "p95" in v.evidence["over"]


def test_which_statuses_answer_is_the_specs_choice() -> None:
    errors = [S(s.t, False, 0.01, 503) for s in series(0, 10, True)]
    assert API.judge(errors, 0, 10)[0].ok
    strict = Responsive("GET /", 2.0, 0.1, 0.5, 1.0,
                        answers=lambda s: s.status is not None and s.status < 500)
    [v] = strict.judge(errors, 0, 10)
    assert not v.ok and v.measured["unanswered"] == len(errors)


def test_widest_gap_counts_the_window_edges() -> None:
    assert widest_gap([2.0, 3.0], 0.0, 10.0) == 7.0
    assert widest_gap([], 0.0, 4.0) == 4.0


def test_steady_health_holds_and_a_false_alarm_fails() -> None:
    check = SteadyHealth("GET /-/healthy")
    [v] = check.judge(series(0, 30, True), 10, 20)
    assert v.ok and v.measured["unhealthy_answers"] == 0
    [v] = check.judge(series(0, 30, lambda t: not 12 <= t < 13), 10, 20)
    assert not v.ok and v.measured["unhealthy_answers"] == 2 and v.evidence["statuses"] == [503]
    [v] = check.judge(series(0, 30, True, step=3.0), 10, 20)
    assert v.inconclusive
