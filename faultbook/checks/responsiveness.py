"""The system answers the runner's traffic during the fault."""

from __future__ import annotations

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import History


class AnswersWithin(HistoryCheck):
    """Each request of the traffic ``label`` named ``request`` got an answer (an error response
    is fine) within the answer bound."""

    def __init__(self, name: str, label: str, request: str) -> None:
        super().__init__(name)
        self.label, self.request = label, request

    def judge(self, history: History) -> list[Verdict]:
        bound = history.budgets.answer_within
        answers = [a for a in history.answers_of(self.label) if a.request == self.request]
        if not answers:
            return [self.verdict(False, None, f"an answer within {bound:g}s", "nothing was sent",
                                 inconclusive=True)]
        return [self.verdict(a.answered and a.latency <= bound,
                             {"status": a.status, "latency": a.latency},
                             f"an answer within {bound:g}s") for a in answers]


class AnswersThroughout(HistoryCheck):
    """Every request of the sampled traffic ``label`` got an answer."""

    def __init__(self, name: str, label: str) -> None:
        super().__init__(name)
        self.label = label

    def judge(self, history: History) -> list[Verdict]:
        bound = history.budgets.answer_within
        answers = history.answers_of(self.label)
        if not answers:
            return [self.verdict(False, None, f"answers within {bound:g}s", "nothing was sent",
                                 inconclusive=True)]
        silent = [a for a in answers if not a.answered]
        worst = silent[0] if silent else max(answers, key=lambda a: a.latency)
        since = round(answers[-1].t - history.injected, 1) if history.injected else None
        return [self.verdict(not silent, {"worst_latency": worst.latency, "status": worst.status,
                                          "probes": len(answers), "since_outage": since},
                             f"every request answers within {bound:g}s")]


class RequestsReach(HistoryCheck):
    """Every request of the burst ``label`` reached the system (none went unanswered)."""

    def __init__(self, name: str, label: str) -> None:
        super().__init__(name)
        self.label = label

    def judge(self, history: History) -> list[Verdict]:
        answers = history.answers_of(self.label)
        if not answers:
            return [self.verdict(False, None, {"unanswered": 0}, "nothing was sent",
                                 inconclusive=True)]
        lost = sum(1 for a in answers if not a.answered)
        return [self.verdict(lost == 0, {"unanswered": lost, "of": len(answers)}, {"unanswered": 0})]
