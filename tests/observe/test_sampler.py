"""The sampler keeps its beat while a probe hangs, so a stall shows as a gap in answers."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from faultbook.checks.probe_series import Responsive
from faultbook.observe.probes import Probe
from faultbook.observe.sampler import ProbeSampler
from faultbook.observe.timeline import Timeline


class Gate(Probe):
    """Answers at once while open; hangs until reopened while closed."""

    name = "gate"

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()

    def _check(self) -> tuple[bool, str, int | None]:
        self.open.wait(5)
        return True, "open", 200


def test_a_stall_shows_as_a_gap_and_the_beat_goes_on() -> None:
    timeline = Timeline()
    gate = Gate()
    sampler = ProbeSampler(timeline, interval=0.1)
    sampler.add("api", gate)
    start = time.time()
    with sampler:
        assert not threading.Event().wait(0.5)  # healthy samples first
        gate.open.clear()
        assert not threading.Event().wait(1.5)  # the stall
        gate.open.set()
        assert not threading.Event().wait(0.5)
    end = time.time()
    samples = sampler.series("gate")
    starts = [s.t for s in samples]
    assert max(b - a for a, b in itertools.pairwise(starts)) < 0.5
    [v] = Responsive("api", max_gap=1.0, p50=1.0, p95=5.0, worst=5.0).judge(samples, start, end)
    assert not v.ok and v.measured["longest_gap"] >= 1.3, v
    assert [m.label for m in timeline.marks("probe.state")] == ["gate: ok"]


def test_interval_over_a_second_is_refused() -> None:
    with pytest.raises(ValueError, match="interval"):
        ProbeSampler(Timeline(), interval=2.0)
