"""Invariants judged from observations: outcomes, survivors, port holders, budgets."""

from __future__ import annotations

import contextlib
import statistics

import psutil

from faultbook.observe.matchers import rate
from faultbook.observe.outcome import Outcome
from faultbook.observe.resources import ResourceSampler
from faultbook.observe.timeline import Timeline


def exited_nonzero(outcome: Outcome | None) -> bool:
    """True when the process ended with a non-zero exit code or by a signal."""
    return outcome is not None and (outcome.signal is not None or (outcome.exit_code or 0) != 0)


def port_holders(port: int) -> set[int]:
    """Pids listening on TCP ``port`` (any address); SO_REUSEPORT can make it several."""
    holders: set[int] = set()
    with contextlib.suppress(psutil.AccessDenied):
        for conn in psutil.net_connections("tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
                holders.add(conn.pid if conn.pid is not None else -1)
    return holders


def listener_count(port: int) -> int:
    """How many listening sockets are bound to ``port``."""
    count = 0
    with contextlib.suppress(psutil.AccessDenied):
        for conn in psutil.net_connections("tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
                count += 1
    return count


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
