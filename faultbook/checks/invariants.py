"""Measures over a recorded history: mean CPU, peak RSS, log-line rate."""

from __future__ import annotations

import statistics

from faultbook.observe.matchers import rate
from faultbook.observe.resources import ResourceSampler
from faultbook.observe.timeline import Timeline


def mean_cpu(sampler: ResourceSampler, component: str, start: float, end: float) -> float | None:
    """Mean CPU % of a component's tree between two monotonic instants (None without samples)."""
    samples = [s.cpu_percent for s in sampler.of(component, start, end) if s.processes]
    return round(statistics.fmean(samples), 1) if samples else None


def peak_rss(sampler: ResourceSampler, component: str, start: float, end: float) -> int | None:
    """Largest RSS (bytes) of a component's tree in the window."""
    samples = [s.rss for s in sampler.of(component, start, end) if s.processes]
    return max(samples) if samples else None


def lines_per_second(timeline: Timeline, component: str, start: float, end: float) -> float:
    """Log line rate of a component in the window."""
    return round(rate(timeline, component, start, end).per_second, 1)
