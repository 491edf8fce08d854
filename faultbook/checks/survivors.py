"""No process of the system outlives it."""

from __future__ import annotations

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import History


class NoSurvivors(HistoryCheck):
    """No process of the system's tree is left once it ended: at the exit itself, or (with
    ``grace``) after the runner's bounded wait for them to go away by themselves."""

    def __init__(self, name: str, grace: bool = False) -> None:
        super().__init__(name)
        self.grace = grace

    def judge(self, history: History) -> list[Verdict]:
        ending = history.ending
        if ending is None:
            return [self.verdict(False, None, [], "the system's end was never recorded",
                                 inconclusive=True)]
        left = list(ending.survivors if self.grace else ending.survivors_at_exit)
        detail = f"after {ending.waited:.1f}s" if self.grace else "at the exit"
        return [self.verdict(not left, left, [], detail)]
