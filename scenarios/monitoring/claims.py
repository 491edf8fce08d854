"""§9.1's two commands as claims, judged from the answers the suite recorded.

    curl -s http://127.0.0.1:9090/api/v1/targets > prometheus_targets.log
    curl -s http://127.0.0.1:9090/api/v1/label/__name__/values > prometheus_metrics.log

The guide runs them to log what Prometheus scrapes: every target with its health, and the names
of the metrics it stored. The ``up`` series (/api/v1/query) must agree with the targets page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from faultbook.checks.verdict import Check, Verdict
from scenarios.monitoring.api import TargetState


@dataclass(frozen=True)
class Answers:
    """What the §9.1 commands (and the ``up`` query) answered once every target was scraped."""

    targets: tuple[TargetState, ...]
    metric_names: tuple[str, ...]
    up: Mapping[str, float]


class TargetsListed(Check):
    """/api/v1/targets lists every configured target, each ``up``."""

    def judge(self, answers: Answers, instances: Mapping[str, str]) -> Verdict:
        """``instances`` maps each job to its instance label; measured: job -> wrong health."""
        health = {t.instance: t.health for t in answers.targets}
        wrong = {job: health.get(i, "not listed") for job, i in instances.items()
                 if health.get(i) != "up"}
        return self.verdict(not wrong, wrong or "all up", "every target listed and up",
                            targets=[asdict(t) for t in answers.targets])


class NamesListed(Check):
    """/api/v1/label/__name__/values lists ``up`` and a metric of every scraped job."""

    def judge(self, answers: Answers, expected: Mapping[str, str]) -> Verdict:
        """``expected`` maps a job to one metric name its target serves."""
        names = set(answers.metric_names)
        missing = {job: name for job, name in {"prometheus": "up", **expected}.items()
                   if name not in names}
        return self.verdict(not missing, missing or "all listed", "every job's metric listed",
                            names=len(names))


class UpAgrees(Check):
    """The ``up`` series says 1 exactly for the targets the targets page reports up."""

    def judge(self, answers: Answers) -> Verdict:
        """Compare ``up`` with the health of every listed target."""
        disagree = {t.instance: (t.health, answers.up.get(t.instance)) for t in answers.targets
                    if (t.health == "up") != (answers.up.get(t.instance) == 1.0)}
        return self.verdict(not disagree, disagree or "agrees", "up == 1 exactly for healthy targets",
                            up=dict(answers.up))


TARGETS_LISTED = TargetsListed("§9.1 /api/v1/targets lists every scrape target, up")
NAMES_LISTED = NamesListed("§9.1 /api/v1/label/__name__/values lists every target's metrics")
UP_AGREES = UpAgrees("the up series agrees with /api/v1/targets")
