"""Checks over a recorded probe series: does health tell the truth, does the API keep answering.

A series is what a sampler recorded at >= 1 Hz: each sample has its start time ``t`` (wall
seconds), its ``latency``, whether the probe passed (``ok``) and the HTTP ``status`` if any
(``faultbook.observe.probes.ProbeResult`` is one). A series sampled more thinly than
``max_interval`` cannot prove anything: the verdict is inconclusive.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, Protocol

from faultbook.checks.verdict import Check, Verdict


class Sample(Protocol):
    """One probe run."""

    @property
    def t(self) -> float: ...

    @property
    def latency(self) -> float: ...

    @property
    def ok(self) -> bool: ...

    @property
    def status(self) -> int | None: ...


def widest_gap(times: Sequence[float], start: float, end: float) -> float:
    """The longest stretch of [start, end] with none of ``times`` in it."""
    points = [start, *sorted(t for t in times if start <= t <= end), end]
    return max((b - a for a, b in pairwise(points)), default=end - start)


def _within(samples: Sequence[Sample], start: float, end: float) -> list[Sample]:
    return sorted((s for s in samples if start <= s.t <= end), key=lambda s: s.t)


def reports_unhealthy(sample: Sample) -> bool:
    """The probe answered, and its answer says unhealthy. A probe that got no answer at all (a
    timeout: status None) reports nothing: a stalled health endpoint does not tell the truth, it
    is merely slow (the responsiveness check judges that)."""
    return not sample.ok and sample.status is not None


class HealthTruth(Check):
    """A health probe reports unhealthy within ``down_within`` of losing a dependency it needs,
    and healthy again within ``up_within`` of the heal. Measures the lag both ways."""

    def __init__(self, probe: str, dependency: str, down_within: float, up_within: float,
                 max_interval: float = 1.0, name: str | None = None) -> None:
        super().__init__(name or f"health probe '{probe}' tells the truth about {dependency}")
        self.probe, self.dependency = probe, dependency
        self.down_within, self.up_within = down_within, up_within
        self.max_interval = max_interval

    def judge(self, samples: Sequence[Sample], injected: float, healed: float,
              until: float) -> list[Verdict]:
        """``samples`` of this probe; the dependency was gone from ``injected`` to ``healed``."""
        outage = _within(samples, injected, healed)
        after = _within(samples, healed, until)
        down = next((s.t - injected for s in outage if reports_unhealthy(s)), None)
        up = next((s.t - healed for s in after if s.ok), None)
        sampled = widest_gap([s.t for s in [*outage, *after]], injected, until)
        measured = {"down_lag": _round(down), "up_lag": _round(up),
                    "widest_sampling_gap": round(sampled, 3), "samples": len(outage) + len(after)}
        budget = {"down_within": self.down_within, "up_within": self.up_within}
        lying = [s for s in outage if s.ok and s.t - injected > self.down_within]
        evidence: dict[str, Any] = {
            "healthy_answers_during_outage": len([s for s in outage if s.ok]),
            "unanswered_during_outage": len([s for s in outage if s.status is None]),
            "last_healthy_during_outage": _round(lying[-1].t - injected) if lying else None}
        if sampled > self.max_interval + _slack(self.max_interval):
            return [self.verdict(False, measured, budget,
                                 f"sampled every {self.max_interval:g}s at best, widest gap "
                                 f"{sampled:.2f}s: cannot tell", inconclusive=True, **evidence)]
        ok = (down is not None and down <= self.down_within
              and up is not None and up <= self.up_within)
        detail = ("never reported unhealthy while " + self.dependency + " was gone"
                  if down is None else "" if up is not None else "never healthy after the heal")
        return [self.verdict(ok, measured, budget, detail, **evidence)]


class SteadyHealth(Check):
    """A health probe says healthy on every answer over a window in which nothing it needs was
    gone. Measures the unhealthy answers (a probe that got no answer reports nothing)."""

    def __init__(self, probe: str, max_interval: float = 1.0, name: str | None = None) -> None:
        super().__init__(name or f"health probe '{probe}' stays healthy")
        self.probe, self.max_interval = probe, max_interval

    def judge(self, samples: Sequence[Sample], start: float, end: float) -> list[Verdict]:
        """``samples`` of this probe over [start, end]."""
        window = _within(samples, start, end)
        false = [s for s in window if reports_unhealthy(s)]
        sampled = widest_gap([s.t for s in window], start, end)
        measured = {"unhealthy_answers": len(false), "samples": len(window),
                    "widest_sampling_gap": round(sampled, 3)}
        if sampled > self.max_interval + _slack(self.max_interval):
            return [self.verdict(False, measured, {"unhealthy_answers": 0},
                                 f"widest sampling gap {sampled:.2f}s: cannot tell",
                                 inconclusive=True)]
        return [self.verdict(
            not false, measured, {"unhealthy_answers": 0},
            f"unhealthy (HTTP {false[0].status}) {false[0].t - start:.2f}s after the fault"
            if false else "", statuses=sorted({s.status for s in false if s.status is not None}))]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; needs at least one value."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[max(1, min(99, round(q))) - 1]


def any_status(sample: Sample) -> bool:
    """An HTTP answer of any status counts (a probe whose status is None did not get one)."""
    return sample.status is not None


class Responsive(Check):
    """The API answers throughout a window: the longest stretch without an answer, and the answer
    latencies (p50/p95/max), each within its budget. ``answers`` says which samples count as an
    answer (part of the system's spec: e.g. any status below 500)."""

    def __init__(self, api: str, max_gap: float, p50: float, p95: float, worst: float,
                 answers: Callable[[Any], bool] = any_status, max_interval: float = 1.0,
                 name: str | None = None) -> None:
        super().__init__(name or f"{api} answers throughout")
        self.max_gap, self.p50, self.p95, self.worst = max_gap, p50, p95, worst
        self.answers, self.max_interval = answers, max_interval

    def judge(self, samples: Sequence[Sample], start: float, end: float) -> list[Verdict]:
        """``samples`` of the API probe over [start, end] (the fault's injection to its heal)."""
        window = _within(samples, start, end)
        answered = [s for s in window if self.answers(s)]
        arrivals = [s.t + s.latency for s in answered]
        gap = widest_gap(arrivals, start, end)
        latencies = [s.latency for s in answered]
        measured: dict[str, float | None] = {"longest_gap": round(gap, 3), "probes": len(window),
                    "unanswered": len(window) - len(answered),
                    "p50": _round(percentile(latencies, 50)) if latencies else None,
                    "p95": _round(percentile(latencies, 95)) if latencies else None,
                    "max": _round(max(latencies)) if latencies else None}
        budget = {"longest_gap": self.max_gap, "p50": self.p50, "p95": self.p95, "max": self.worst}
        sampled = widest_gap([s.t for s in window], start, end)
        if sampled > self.max_interval + _slack(self.max_interval):
            return [self.verdict(False, measured, budget,
                                 f"probes started {sampled:.2f}s apart at worst: cannot tell",
                                 inconclusive=True)]
        over = [k for k, b in budget.items() if (m := measured[k]) is None or m > b]
        unanswered = [s for s in window if not self.answers(s)]
        return [self.verdict(
            not over, measured, budget, ", ".join(f"{k} over budget" for k in over),
            over=over, first_unanswered=_round(unanswered[0].t - start) if unanswered else None,
            statuses=sorted({s.status for s in window if s.status is not None}))]


def _slack(interval: float) -> float:
    return max(0.25, interval / 2)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
