"""After the heal: the system serves again, or a fresh start of it works."""

from __future__ import annotations

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import History


class ServesAgain(HistoryCheck):
    """After the heal the system answers its recovery request with 200 within the bound."""

    def judge(self, history: History) -> list[Verdict]:
        rec = history.recovery
        bound = history.budgets.recovery_within
        if rec is None:
            return [self.verdict(False, None, f"<= {bound:g}s", "no recovery was measured: the "
                                 "system was not running after the heal")]
        return [self.verdict(rec.ok, rec.seconds, f"<= {bound:g}s", f"last status {rec.status}")]


class FreshStart(HistoryCheck):
    """When the system was not running after the heal, a fresh start gets it ready."""

    def judge(self, history: History) -> list[Verdict]:
        start = history.fresh_start
        if start is None:
            return []  # it kept running: nothing to start
        return [self.verdict(start.ok, start.seconds, "ready within the start timeout", start.detail)]


class FreshServes(HistoryCheck):
    """The freshly started system answers its recovery request with 200."""

    def judge(self, history: History) -> list[Verdict]:
        start = history.fresh_start
        if start is None or not start.ok:
            return []  # judged by FreshStart
        return [self.verdict(start.status == 200, start.status, 200)]
