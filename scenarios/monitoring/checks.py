"""Checks of the monitoring stack: each judges the recorded history (API answers, lines)."""

from __future__ import annotations

import re

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import History
from scenarios.monitoring.api import polls
from scenarios.monitoring.spec import SCRAPE_INTERVAL


class ReportedDown(HistoryCheck):
    """/api/v1/targets reports ``job``'s target down within two scrape intervals of the fault."""

    def __init__(self, job: str, label: str = "targets", interval: float = SCRAPE_INTERVAL) -> None:
        super().__init__(f"{job} reported down within two scrape intervals")
        self.job, self.label, self.interval = job, label, interval

    def judge(self, history: History) -> list[Verdict]:
        budget = round(2 * self.interval, 3)
        if history.injected is None:
            return [self.verdict(False, None, budget, "the fault was never injected",
                                 inconclusive=True)]
        after = [p for p in polls(history, self.label) if p.t >= history.injected]
        hit = next((p for p in after if p.health(self.job) == "down"), None)
        if hit is None:
            seen = sorted({str(p.health(self.job)) for p in after})
            return [self.verdict(False, None, budget, f"never reported down; answers: {seen}",
                                 job=self.job, answers=len(after))]
        took = round(hit.t - history.injected, 3)
        state = hit.state(self.job)
        return [self.verdict(took <= budget, took, budget, f"reported down after {took}s",
                             job=self.job, last_error=state.last_error if state else "")]


class KeepsRunning(HistoryCheck):
    """The system ran through the fault: no ending was recorded."""

    def judge(self, history: History) -> list[Verdict]:
        ending = history.ending
        return [self.verdict(ending is None, ending.state if ending else "running", "running")]


class NoPanic(HistoryCheck):
    """A failure ends with an error line, not a Go panic and goroutine dump."""

    PANIC = re.compile(r"^panic: ")

    def judge(self, history: History) -> list[Verdict]:
        lines = [line.text for line in history.lines(with_noise=True)]
        panic = next((t for t in lines if self.PANIC.match(t)), None)
        frames = sum(1 for t in lines if t.startswith("goroutine "))
        return [self.verdict(panic is None, panic, "no panic", goroutines=frames)]


PROMETHEUS_RAN = KeepsRunning("Prometheus keeps running while a target is down")
NO_PANIC = NoPanic("a Prometheus start failure is an error line, not a panic")
