"""Resource checks over the outage window: CPU and log-line rate within their budgets."""

from __future__ import annotations

from abc import abstractmethod

from faultbook.checks.base import HistoryCheck
from faultbook.checks.invariants import lines_per_second, mean_cpu
from faultbook.checks.verdict import Verdict
from faultbook.history import History


class WindowCheck(HistoryCheck):
    """A check over the outage window (inconclusive when none was observed)."""

    def judge(self, history: History) -> list[Verdict]:
        if history.window is None:
            return [self.verdict(False, None, None, "no outage window was observed", inconclusive=True)]
        start, end = history.window
        return [self.over(history, start, end)]

    @abstractmethod
    def over(self, history: History, start: float, end: float) -> Verdict:
        """The verdict over the window between two monotonic instants."""


class CpuWithin(WindowCheck):
    """Mean CPU of the system over the outage window stays within its budget."""

    def over(self, history: History, start: float, end: float) -> Verdict:
        cpu = mean_cpu(history.sampler, history.component, start, end)
        budget = history.budgets.cpu_percent
        return self.verdict(cpu is not None and cpu <= budget, cpu, f"<= {budget:g} %",
                            f"mean over {end - start:.1f}s", limit=budget)


class LogRateWithin(WindowCheck):
    """The system's log-line rate over the outage window stays within its budget."""

    def over(self, history: History, start: float, end: float) -> Verdict:
        lps = lines_per_second(history.timeline, history.component, start, end)
        budget = history.budgets.lines_per_second
        return self.verdict(lps <= budget, lps, f"<= {budget:g} lines/s", f"over {end - start:.1f}s",
                            limit=budget)
