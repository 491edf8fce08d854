"""§9.1's two commands as claims, judged from the answers the runner recorded.

    curl -s http://127.0.0.1:9090/api/v1/targets > prometheus_targets.log
    curl -s http://127.0.0.1:9090/api/v1/label/__name__/values > prometheus_metrics.log

The guide runs them to log what Prometheus scrapes: every target with its health, and the names
of the metrics it stored. The ``up`` series (/api/v1/query) must agree with the targets page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import Answer, History
from scenarios.monitoring.api import TargetState, poll_of
from scenarios.monitoring.spec import METRIC_NAMES, TARGETS, UP

LABEL = "§9.1"


def _answer(check: HistoryCheck, history: History, request: str) -> Answer | Verdict:
    found = history.answers_of(f"{LABEL} {request}")
    if not found or found[-1].status != 200:
        return check.verdict(False, found[-1].status if found else None, 200,
                             f"{request}: no successful answer", inconclusive=not found)
    return found[-1]


def _targets(check: HistoryCheck, history: History) -> tuple[TargetState, ...] | Verdict:
    answer = _answer(check, history, TARGETS.name)
    return answer if isinstance(answer, Verdict) else poll_of(answer).targets


class TargetsListed(HistoryCheck):
    """/api/v1/targets lists every scrape job's target, each ``up``; measured: job -> health."""

    def __init__(self, name: str, jobs: tuple[str, ...]) -> None:
        super().__init__(name)
        self.jobs = jobs

    def judge(self, history: History) -> list[Verdict]:
        targets = _targets(self, history)
        if isinstance(targets, Verdict):
            return [targets]
        health = {t.job: t.health for t in targets}
        wrong = {job: health.get(job, "not listed") for job in self.jobs if health.get(job) != "up"}
        return [self.verdict(not wrong, wrong or "all up", "every target listed and up",
                             targets=[asdict(t) for t in targets])]


class NamesListed(HistoryCheck):
    """/api/v1/label/__name__/values lists ``up`` and one metric of every scrape job."""

    def __init__(self, name: str, expected: Mapping[str, str]) -> None:
        super().__init__(name)
        self.expected = dict(expected)

    def judge(self, history: History) -> list[Verdict]:
        answer = _answer(self, history, METRIC_NAMES.name)
        if isinstance(answer, Verdict):
            return [answer]
        names = set(json.loads(answer.body))
        missing = {job: name for job, name in {"prometheus": "up", **self.expected}.items()
                   if name not in names}
        return [self.verdict(not missing, missing or "all listed", "every job's metric listed",
                             names=len(names))]


class UpAgrees(HistoryCheck):
    """The ``up`` series says 1 exactly for the targets the targets page reports up."""

    def judge(self, history: History) -> list[Verdict]:
        targets = _targets(self, history)
        if isinstance(targets, Verdict):
            return [targets]
        answer = _answer(self, history, UP.name)
        if isinstance(answer, Verdict):
            return [answer]
        up = {r["metric"].get("instance", ""): float(r["value"][1])
              for r in json.loads(answer.body)["result"]}
        disagree = {t.job: (t.health, up.get(t.instance)) for t in targets
                    if (t.health == "up") != (up.get(t.instance) == 1.0)}
        return [self.verdict(not disagree, disagree or "agrees",
                             "up == 1 exactly for healthy targets", up=up)]
