"""The guide's monitoring stack (§4.2 Prometheus and node-exporter, §9.1 its HTTP API), as
typed values.

Every signature is a line the real Prometheus 2.42 (Debian bookworm) printed under that fault;
known defects are pinned to a check object and a predicate on what it measured.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass

from faultbook.budgets import Budgets
from faultbook.checks.base import HistoryCheck
from faultbook.checks.signatures import SignaturesSeen
from faultbook.checks.verdict import KnownDefect
from faultbook.faults import Kill, Squat
from faultbook.faults.base import FaultSpec
from faultbook.observe.signature import Signature
from faultbook.scenario import Phase, Scenario
from scenarios.monitoring import checks as c
from scenarios.monitoring.claims import QUERY_LOG, WEB_BIND
from scenarios.monitoring.defects import PYBMP_PORT_CLOSED, PYBMP_UNLISTED, STORAGE_PANIC
from scenarios.monitoring.faults import Healthy, TargetDown, UnwritableStorage
from scenarios.monitoring.lab import MANAGER, NODE, PYBMP, Job
from scenarios.monitoring.traffic import GuideCommands, WatchTargets

SYSTEM = "monitoring"
BUDGETS = Budgets(exit_within=30.0, recovery_within=30.0)


@dataclass(frozen=True)
class MonitoringScenario(Scenario):
    """A scenario with the scrape jobs whose targets the lab starts before Prometheus."""

    jobs: tuple[Job, ...] = (NODE,)


def outage(name: str, title: str, job: Job, service: str, freeze: bool,
           jobs: tuple[Job, ...] = (NODE,)) -> MonitoringScenario:
    """A scraped target killed or paused: Prometheus must report it down within two scrape
    intervals, judged on /api/v1/targets as §9.1 reads it."""
    checks: tuple[HistoryCheck, ...] = (c.TOOK_EFFECT, c.ReportedDown(job.name, interval=job.interval),
                                        c.PROMETHEUS_RAN, c.SERVES, *c.INVARIANTS.all)
    return MonitoringScenario(name, SYSTEM, "§9.1", title, TargetDown(job.name, service, freeze),
                              Phase.WHILE_RUNNING, checks, traffic=(WatchTargets(job.name),),
                              budgets=BUDGETS, jobs=jobs)


def cannot_start(name: str, title: str, fault: FaultSpec, signature: Signature,
                 fresh: bool, defects: tuple[KnownDefect, ...] = ()) -> MonitoringScenario:
    """A fault present when Prometheus starts: it exits non-zero with its error line; with
    ``fresh`` a fresh start after the heal is judged too (not where the fault is baked into the
    command, which a container keeps from its creation)."""
    checks: tuple[HistoryCheck, ...] = (c.TOOK_EFFECT, SignaturesSeen(signature), c.EXITS,
                                        c.EXITS_NONZERO, c.NO_PANIC,
                                        *((c.FRESH_START, c.FRESH_SERVES) if fresh else ()),
                                        *c.INVARIANTS.all)
    return MonitoringScenario(name, SYSTEM, "§4.2", title, fault, Phase.BEFORE_START, checks,
                              exits=True, budgets=BUDGETS, defects=defects)


def guide_commands(name: str, title: str, jobs: tuple[Job, ...],
                   checks: tuple[HistoryCheck, ...],
                   defects: tuple[KnownDefect, ...] = ()) -> MonitoringScenario:
    """§9.1's commands on a healthy stack once every target was scraped."""
    return MonitoringScenario(name, SYSTEM, "§9.1", title, Healthy(), Phase.WHILE_RUNNING,
                              (c.TOOK_EFFECT, *checks, c.UP_AGREES, *c.INVARIANTS.all),
                              traffic=(GuideCommands(),),
                              budgets=BUDGETS, defects=defects, jobs=jobs)


def stopped(name: str, sig: signal.Signals) -> MonitoringScenario:
    """A graceful stop of Prometheus (SIGTERM, SIGINT): exit 0, nothing left, its port free,
    no error record on the way out, then a fresh start."""
    checks: tuple[HistoryCheck, ...] = (c.TOOK_EFFECT, c.ENDS_EXIT0, c.NO_SURVIVORS,
                                        c.PORTS_RELEASED, c.FRESH_START, c.FRESH_SERVES,
                                        *c.INVARIANTS.all)
    return MonitoringScenario(name, SYSTEM, "§4.2", f"{sig.name} to Prometheus: graceful stop",
                              Kill(sig), Phase.WHILE_RUNNING, checks, exits=True, budgets=BUDGETS)


CATALOG: list[MonitoringScenario] = [
    outage("node-exporter-sigkill", "a scraped node-exporter killed (SIGKILL)", NODE,
           "node-exporter", freeze=False),
    outage("node-exporter-paused", "a scraped node-exporter paused", NODE, "node-exporter",
           freeze=True),
    outage("manager-paused", "the scraped Backend.AI manager paused", MANAGER, "manager",
           freeze=True, jobs=(NODE, MANAGER)),
    cannot_start("prometheus-port-taken", "Prometheus's web port taken", Squat(), WEB_BIND,
                 fresh=True),
    cannot_start("prometheus-storage-unwritable", "Prometheus's storage directory unwritable",
                 UnwritableStorage(), QUERY_LOG, fresh=False, defects=(STORAGE_PANIC,)),
    guide_commands("guide-9-1-commands",
                   "§9.1's targets and metric-name commands, node-exporter and the manager scraped",
                   (NODE, MANAGER), (c.MANAGER_LISTED, c.MANAGER_NAMES)),
    guide_commands("pybmp-metrics-scraped",
                   "PyBMP's documented metrics port scraped beside node-exporter", (NODE, PYBMP),
                   (c.TARGETS_LISTED, c.NAMES_LISTED), defects=(PYBMP_PORT_CLOSED, PYBMP_UNLISTED)),
    stopped("prometheus-sigterm", signal.SIGTERM),
    stopped("prometheus-sigint", signal.SIGINT),
]
