"""A check over a recorded history: it judges, it never acts."""

from __future__ import annotations

from abc import ABC, abstractmethod

from faultbook.checks.verdict import Check, Verdict
from faultbook.history import History
from faultbook.observe.signature import Signature


class HistoryCheck(Check, ABC):
    """A named check that returns verdicts on a scenario's ``History``."""

    def awaits(self) -> tuple[Signature, ...]:
        """Lines the runner waits for (bounded) before judging; none by default."""
        return ()

    @abstractmethod
    def judge(self, history: History) -> list[Verdict]:
        """The verdicts on ``history``."""
