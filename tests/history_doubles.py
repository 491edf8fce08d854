"""Recorded histories built by hand, to make each generic check hold and fail on purpose."""

from __future__ import annotations

import time
from typing import Any

from faultbook.budgets import Budgets
from faultbook.history import Answer, History
from faultbook.observe.resources import ResourceSampler, Sample
from faultbook.observe.timeline import Timeline

BUDGETS = Budgets(cpu_percent=25.0, lines_per_second=10.0, answer_within=2.0, recovery_within=5.0,
                  exit_within=5.0)


def history(**fields: Any) -> History:
    """A history of the component 'sut' with an empty timeline and no samples."""
    return History("sut", Timeline(), ResourceSampler(), BUDGETS, **fields)


def lines(h: History, *texts: str) -> None:
    """Lines the system printed after the fault."""
    for text in texts:
        h.timeline.add_line("sut", text)


def cpu(h: History, *percents: float) -> None:
    """CPU samples of the system inside its outage window (which this opens)."""
    now = time.monotonic()
    h.window = (now - 1.0, now + 1.0)
    for pct in percents:
        h.sampler.samples.append(Sample("sut", time.time(), now, pct, 1, 1, 1, 1))


def answer(label: str, request: str, status: int | None, latency: float = 0.1) -> Answer:
    """One answer of the runner's traffic."""
    return Answer(label, request, status, latency, time.monotonic(), "", status is not None)
