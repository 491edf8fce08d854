"""Checks of the monitoring stack: pure functions of the recorded API answers and outcomes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from faultbook.checks.verdict import Check, Verdict
from faultbook.observe.outcome import Outcome
from scenarios.monitoring.api import Poll


class TargetTurns(Check):
    """/api/v1/targets reports ``instance`` with ``health`` within two scrape intervals of a mark.

    For ``down`` the premise is that the last answer before the mark reported it ``up``; without
    it the verdict is inconclusive (the fault proved nothing).
    """

    def __init__(self, name: str, health: str, premise: str | None = None) -> None:
        super().__init__(name)
        self.health = health
        self.premise = premise

    def judge(self, polls: Sequence[Poll], instance: str, at: float, interval: float) -> Verdict:
        """Seconds from ``at`` to the first answer reporting the health, against 2 intervals."""
        budget = round(2 * interval, 3)
        before = [p for p in polls if p.mono <= at and not p.error]
        if self.premise is not None and (not before or before[-1].health(instance) != self.premise):
            last = before[-1].health(instance) if before else None
            return self.verdict(False, None, budget, f"{instance} was {last!r} before the fault, "
                                f"not {self.premise!r}", inconclusive=True, instance=instance)
        after = [p for p in polls if p.mono > at]
        hit = next((p for p in after if p.health(instance) == self.health), None)
        if hit is None:
            seen = sorted({str(p.health(instance) or p.error) for p in after})
            return self.verdict(False, None, budget,
                                f"{instance} never reported {self.health}; answers: {seen}",
                                instance=instance, answers=len(after))
        state = next(t for t in hit.targets if t.instance == instance)
        took = round(hit.mono - at, 3)
        return self.verdict(took <= budget, took, budget,
                            f"{instance} reported {self.health} after {took}s",
                            instance=instance, last_error=state.last_error)


REPORTED_DOWN = TargetTurns("a stopped target is reported down within two scrape intervals",
                            "down", premise="up")
REPORTED_UP = TargetTurns("a healed target is reported up within two scrape intervals", "up")


class ExitsNonzero(Check):
    """A service that cannot start exits with a non-zero status."""

    def judge(self, outcome: Outcome | None) -> Verdict:
        """The outcome of the failed start."""
        if outcome is None:
            return self.verdict(False, "still running", "an exit", "it did not exit")
        failed = outcome.signal is not None or bool(outcome.exit_code)
        return self.verdict(failed, outcome.label, "non-zero exit")


class NoPanic(Check):
    """A start failure ends with an error line, not a Go panic and goroutine dump."""

    PANIC = re.compile(r"^panic: ")

    def judge(self, lines: Sequence[str]) -> Verdict:
        """The component's lines of the failed start."""
        panic = next((t for t in lines if self.PANIC.match(t)), None)
        frames = sum(1 for t in lines if t.startswith("goroutine "))
        return self.verdict(panic is None, panic, "no panic", "", goroutines=frames)


PROMETHEUS_EXITS = ExitsNonzero("a Prometheus that cannot start exits non-zero")
PROMETHEUS_NO_PANIC = NoPanic("a Prometheus start failure is an error line, not a panic")


class StillRunning(Check):
    """The service ran through the scenario (no exit recorded)."""

    def judge(self, outcomes: Sequence[Outcome]) -> Verdict:
        """The service's recorded exits."""
        return self.verdict(not outcomes, [o.label for o in outcomes] or "running", "no exit")


class StartsAfterHeal(Check):
    """Once the fault is healed the service starts (ready line and port) within the budget."""

    def judge(self, error: str, seconds: float, budget: float) -> Verdict:
        """``error`` of the start after the heal ('' when it became ready) and its duration."""
        ok = not error and seconds <= budget
        return self.verdict(ok, error or round(seconds, 3), budget, error)


PROMETHEUS_RAN = StillRunning("Prometheus keeps running while a target is down")
STARTS_AFTER_HEAL = StartsAfterHeal("Prometheus starts once the fault is healed")
