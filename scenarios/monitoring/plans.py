"""How each kind of monitoring scenario runs: one class per kind, each recording the history
(API answers, lines, outcomes) and handing it to its check objects for verdicts."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass

from faultbook.checks.signatures import expect_signatures
from faultbook.checks.verdict import Verdict
from faultbook.faults.base import Fault
from faultbook.observe.timeline import LogLine
from faultbook.runtime.base import Service
from faultbook.scenario import Scenario
from scenarios.monitoring import checks
from scenarios.monitoring.api import PrometheusApi
from scenarios.monitoring.claims import NAMES_LISTED, TARGETS_LISTED, UP_AGREES, Answers
from scenarios.monitoring.lab import FIRST_SCRAPE_WITHIN, MANAGER, NODE, Job, MonitoringLab


class Plan(ABC):
    """A scenario kind: drive the stack, record the history, return the verdicts."""

    @abstractmethod
    def run(self, lab: MonitoringLab, scenario: Scenario) -> list[Verdict]:
        """Run the scenario; verdicts of its checks (signature verdicts go to the record)."""

    @staticmethod
    def start_targets(lab: MonitoringLab, jobs: tuple[Job, ...]) -> None:
        """Start the services Prometheus will scrape."""
        for job in jobs:
            job.start(lab)


@dataclass(frozen=True)
class TargetOutage(Plan):
    """A scraped target killed or paused: reported down, then up again after the heal."""

    victim: Job
    fault: Callable[[Service], Fault]
    jobs: tuple[Job, ...] = (NODE,)

    def run(self, lab: MonitoringLab, scenario: Scenario) -> list[Verdict]:
        self.start_targets(lab, self.jobs)
        prometheus = lab.prometheus()
        watch = lab.watch(prometheus)
        instance, interval = lab.instance(self.victim.name), lab.scrape_interval
        watch.wait_until(lambda p: p.health(instance) == "up", FIRST_SCRAPE_WITHIN)
        fault = self.fault(lab.targets[self.victim.name][0])
        with fault:
            watch.wait_until(lambda p: p.health(instance) == "down", 2 * interval + 2)
        watch.wait_until(lambda p: p.health(instance) == "up", 2 * interval + 2)
        polls = watch.stop()
        lab.record.facts["scrapes"] = watch.to_json(since=lab.record.started)
        assert fault.injected is not None and fault.healed is not None
        return [checks.REPORTED_DOWN.judge(polls, instance, fault.injected.mono, interval),
                checks.REPORTED_UP.judge(polls, instance, fault.healed.mono, interval),
                checks.PROMETHEUS_RAN.judge(prometheus.outcomes)]


@dataclass(frozen=True)
class StartFailure(Plan):
    """A fault present before Prometheus starts: it must exit with its error, then start once
    the fault is healed: the same service again, or with ``fresh_after_heal`` a new one (a
    fault baked into the command, which a container keeps from its creation)."""

    fault: Callable[[Service], Fault]
    fresh_after_heal: bool = False

    def run(self, lab: MonitoringLab, scenario: Scenario) -> list[Verdict]:
        self.start_targets(lab, (NODE,))
        prometheus = lab.prometheus(start=False)
        since = prometheus.timeline.seq
        with self.fault(prometheus):
            prometheus.start(wait_ready=False)
            outcome = prometheus.wait_exit(scenario.budgets.exit_within)
            if outcome is None:
                prometheus.stop()
            lines = [e.text for e in prometheus.timeline.entries(since)
                     if isinstance(e, LogLine) and e.component == prometheus.component]
            expect_signatures(lab.record, prometheus.timeline, scenario.signatures, since, 3.0)
        lab.record.facts["outcome"] = outcome.label if outcome else "still running"
        return [checks.PROMETHEUS_EXITS.judge(outcome), checks.PROMETHEUS_NO_PANIC.judge(lines),
                self.recover(lab, prometheus, scenario.budgets.recovery_within)]

    def recover(self, lab: MonitoringLab, prometheus: Service, within: float) -> Verdict:
        """Start after the heal and judge it."""
        started = time.monotonic()
        error = ""
        try:
            if self.fresh_after_heal:
                lab.prometheus(component="prometheus-healed")
            else:
                prometheus.start()
        except Exception as exc:  # the verdict carries it
            error = str(exc)[:300]
        return checks.STARTS_AFTER_HEAL.judge(error, time.monotonic() - started, within)


@dataclass(frozen=True)
class GuideCommands(Plan):
    """§9.1's commands once every target was scraped, judged as claims."""

    jobs: tuple[Job, ...] = (NODE, MANAGER)

    def run(self, lab: MonitoringLab, scenario: Scenario) -> list[Verdict]:
        self.start_targets(lab, self.jobs)
        prometheus = lab.prometheus()
        watch = lab.watch(prometheus)
        instances = {job.name: lab.instance(job.name) for job in self.jobs}
        watch.wait_until(lambda p: all(p.health(i) is not None for i in instances.values())
                         and all(t.last_scrape[:4] != "0001" for t in p.targets),
                         FIRST_SCRAPE_WITHIN)
        watch.stop()
        api = PrometheusApi(prometheus.endpoint)
        answers = Answers(api.targets(), tuple(api.metric_names()), api.up())
        lab.record.facts["guide_9_1"] = {"targets": [asdict(t) for t in answers.targets],
                                         "metric_names": len(answers.metric_names),
                                         "up": dict(answers.up)}
        return [TARGETS_LISTED.judge(answers, instances),
                NAMES_LISTED.judge(answers, {job.name: job.metric for job in self.jobs}),
                UP_AGREES.judge(answers)]
