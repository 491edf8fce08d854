"""How the system ended under the fault: that it exited, with which status, or that it started."""

from __future__ import annotations

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import Ending, History
from faultbook.observe.outcome import Outcome


def exited_nonzero(outcome: Outcome | None) -> bool:
    """True when the process ended with a non-zero exit code or by a signal."""
    return outcome is not None and (outcome.signal is not None or (outcome.exit_code or 0) != 0)


def _ending(check: HistoryCheck, history: History) -> Ending | Verdict:
    if history.ending is None:
        return check.verdict(False, None, None, "the system's end was never recorded",
                             inconclusive=True)
    return history.ending


class Exits(HistoryCheck):
    """The system ends under the fault within the exit bound."""

    def judge(self, history: History) -> list[Verdict]:
        ending = _ending(self, history)
        if isinstance(ending, Verdict):
            return [ending]
        bound = history.budgets.exit_within
        return [self.verdict(ending.outcome is not None, ending.state, f"exit within {bound:g}s")]


class ExitsNonZero(HistoryCheck):
    """A system that cannot do its job says so: a non-zero exit status or a signal."""

    def judge(self, history: History) -> list[Verdict]:
        ending = _ending(self, history)
        if isinstance(ending, Verdict):
            return [ending]
        outcome = ending.outcome
        return [self.verdict(exited_nonzero(outcome), outcome.label if outcome else ending.state,
                             "non-zero exit or signal")]


class EndsWith(HistoryCheck):
    """The system ends with exactly this outcome ('exit 0', 'signal SIGKILL')."""

    def __init__(self, name: str, label: str) -> None:
        super().__init__(name)
        self.label = label

    def judge(self, history: History) -> list[Verdict]:
        ending = _ending(self, history)
        if isinstance(ending, Verdict):
            return [ending]
        outcome = ending.outcome
        return [self.verdict(outcome is not None and outcome.label == self.label,
                             outcome.label if outcome else "still running", self.label)]


class StartsUnderFault(HistoryCheck):
    """The system becomes ready although the fault is present."""

    def judge(self, history: History) -> list[Verdict]:
        return [self.verdict(history.start_state == "ready", history.start_state, "ready")]
