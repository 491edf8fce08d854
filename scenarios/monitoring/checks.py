"""Checks of the monitoring stack, each judging the recorded history (API answers, lines): a
target reported down in time, Prometheus running on, no panic, and §9.1's two commands as claims:

    curl -s http://127.0.0.1:9090/api/v1/targets > prometheus_targets.log
    curl -s http://127.0.0.1:9090/api/v1/label/__name__/values > prometheus_metrics.log

which the guide runs to log what Prometheus scrapes: every target with its health, and the names
of the metrics it stored; the ``up`` series (/api/v1/query) must agree with the targets page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict

from faultbook.checks.base import HistoryCheck
from faultbook.checks.confirmed import FaultConfirmed
from faultbook.checks.exit_status import EndsWith, Exits, ExitsNonZero
from faultbook.checks.invariant_checks import InvariantChecks
from faultbook.checks.ports import PortsReleased
from faultbook.checks.recovery import FreshServes, FreshStart, ServesAgain
from faultbook.checks.survivors import NoSurvivors
from faultbook.checks.verdict import Verdict
from faultbook.history import Answer, History
from scenarios.monitoring.api import TargetState, poll_of, polls
from scenarios.monitoring.invariants import PROMETHEUS as PROMETHEUS_INVARIANTS
from scenarios.monitoring.lab import MANAGER, NODE, PYBMP
from scenarios.monitoring.spec import METRIC_NAMES, SCRAPE_INTERVAL, TARGETS, UP


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


PROMETHEUS_RAN = KeepsRunning("Prometheus keeps running while a target is down")
NO_PANIC = NoPanic("a Prometheus start failure is an error line, not a panic")
TOOK_EFFECT = FaultConfirmed()
EXITS = Exits("a Prometheus that cannot start exits")
EXITS_NONZERO = ExitsNonZero("a Prometheus that cannot start exits non-zero")
FRESH_START = FreshStart("Prometheus starts once the fault is healed")
FRESH_SERVES = FreshServes("the freshly started Prometheus answers /api/v1/targets")
SERVES = ServesAgain("Prometheus answers /api/v1/targets after the heal")
TARGETS_LISTED = TargetsListed("§9.1 /api/v1/targets lists every scrape target, up",
                               ("node", "pybmp"))
NAMES_LISTED = NamesListed("§9.1 /api/v1/label/__name__/values lists every target's metrics",
                           {NODE.name: NODE.metric, PYBMP.name: PYBMP.metric})
UP_AGREES = UpAgrees("the up series agrees with /api/v1/targets")
MANAGER_LISTED = TargetsListed("§9.1 /api/v1/targets lists node-exporter and the manager, up",
                               ("node", "manager"))
MANAGER_NAMES = NamesListed("§9.1 /api/v1/label/__name__/values lists node and manager metrics",
                            {NODE.name: NODE.metric, MANAGER.name: MANAGER.metric})
ENDS_EXIT0 = EndsWith("Prometheus ends with exit 0", "exit 0")
NO_SURVIVORS = NoSurvivors("no process of Prometheus survives", grace=True)
PORTS_RELEASED = PortsReleased("nothing holds Prometheus's port after it ended")
#: the generic invariants, as Prometheus's spec declares them (every scenario runs them all)
INVARIANTS = InvariantChecks(PROMETHEUS_INVARIANTS)
