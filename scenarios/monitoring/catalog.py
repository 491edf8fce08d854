"""The guide's monitoring stack (§4.2 Prometheus and node-exporter, §9.1 its HTTP API), as
typed values.

Every signature is a line the real Prometheus 2.42 (Debian bookworm) printed under that fault;
known defects are pinned to a check object and a predicate on what it measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from faultbook.budgets import Budgets
from faultbook.checks.base import HistoryCheck
from faultbook.checks.confirmed import FaultConfirmed
from faultbook.checks.exit_status import Exits, ExitsNonZero
from faultbook.checks.recovery import FreshServes, FreshStart, ServesAgain
from faultbook.checks.signatures import SignaturesSeen
from faultbook.checks.verdict import KnownDefect
from faultbook.faults import Squat
from faultbook.faults.base import FaultSpec
from faultbook.observe.signature import Signature
from faultbook.scenario import Phase, Scenario
from scenarios.monitoring.checks import NO_PANIC, PROMETHEUS_RAN, ReportedDown
from scenarios.monitoring.claims import NamesListed, TargetsListed, UpAgrees
from scenarios.monitoring.faults import Healthy, TargetDown, UnwritableStorage
from scenarios.monitoring.lab import MANAGER, NODE, PYBMP, Job
from scenarios.monitoring.spec import PROMETHEUS as P
from scenarios.monitoring.traffic import GuideCommands, WatchTargets

SYSTEM = "monitoring"
BUDGETS = Budgets(exit_within=30.0, recovery_within=30.0)
TS = r"^ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z caller=[\w.]+:\d+ "

WEB_BIND = Signature(P, TS + r'level=error msg="Unable to start web listener" '
                        r'err="listen tcp 127\.0\.0\.1:\d+: bind: address already in use"$',
                     "§4.2", "the one error line before exit 1")
QUERY_LOG = Signature(P, TS + r'level=error component=activeQueryTracker '
                         r'msg="Error opening query log file" file=\S+/queries\.active '
                         r'err="open \S+/queries\.active: permission denied"$',
                      "§4.2", "the storage directory's first file, queries.active")

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

STORAGE_PANIC = KnownDefect(
    "PROM-STORAGE-PANIC", NO_PANIC,
    "an unwritable storage directory ends the start in a Go panic and goroutine dump (exit 2)",
    "'panic: Unable to create mmap-ed active query log' after the permission-denied error line",
    when=lambda v: str(v.measured).startswith("panic: Unable to create mmap-ed active query log"))
PYBMP_PORT_CLOSED = KnownDefect(
    "PYBMP-METRICS-DOWN", TARGETS_LISTED,
    "PyBMP never opens the metrics port its guide documents (http://localhost:9090/metrics, "
    "METRICS_PORT): Prometheus reports the target down",
    "/api/v1/targets: health 'down', lastError 'dial tcp 127.0.0.1:<port>: connect: connection "
    "refused'; node-exporter beside it up",
    when=lambda v: v.measured == {"pybmp": "down"} and all(
        "connection refused" in t["last_error"] for t in v.evidence["targets"]
        if t["job"] == "pybmp"))
PYBMP_UNLISTED = KnownDefect(
    "PYBMP-METRICS-UNLISTED", NAMES_LISTED,
    "none of PyBMP's documented metrics reaches Prometheus",
    "/api/v1/label/__name__/values lacks bmp_active_connections",
    when=lambda v: v.measured == {"pybmp": "bmp_active_connections"})


@dataclass(frozen=True)
class MonitoringScenario(Scenario):
    """A scenario with the scrape jobs whose targets the lab starts before Prometheus."""

    jobs: tuple[Job, ...] = (NODE,)


def outage(name: str, title: str, job: Job, service: str, freeze: bool,
           jobs: tuple[Job, ...] = (NODE,)) -> MonitoringScenario:
    """A scraped target killed or paused: Prometheus must report it down within two scrape
    intervals, judged on /api/v1/targets as §9.1 reads it."""
    checks: tuple[HistoryCheck, ...] = (TOOK_EFFECT, ReportedDown(job.name), PROMETHEUS_RAN,
                                        SERVES)
    return MonitoringScenario(name, SYSTEM, "§9.1", title, TargetDown(job.name, service, freeze),
                              Phase.WHILE_RUNNING, checks, traffic=(WatchTargets(job.name),),
                              budgets=BUDGETS, jobs=jobs)


def cannot_start(name: str, title: str, fault: FaultSpec, signature: Signature,
                 fresh: bool, defects: tuple[KnownDefect, ...] = ()) -> MonitoringScenario:
    """A fault present when Prometheus starts: it exits non-zero with its error line; with
    ``fresh`` a fresh start after the heal is judged too (not where the fault is baked into a
    container's command, which the container keeps from its creation)."""
    checks: tuple[HistoryCheck, ...] = (TOOK_EFFECT, SignaturesSeen(signature), EXITS,
                                        EXITS_NONZERO, NO_PANIC,
                                        *((FRESH_START, FRESH_SERVES) if fresh else ()))
    return MonitoringScenario(name, SYSTEM, "§4.2", title, fault, Phase.BEFORE_START, checks,
                              exits=True, budgets=BUDGETS, defects=defects)


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
    MonitoringScenario("guide-9-1-commands", SYSTEM, "§9.1",
                       "§9.1's targets and metric-name commands, node-exporter and the manager "
                       "scraped", Healthy(), Phase.WHILE_RUNNING,
                       (TOOK_EFFECT, MANAGER_LISTED, MANAGER_NAMES, UP_AGREES),
                       traffic=(GuideCommands(),), budgets=BUDGETS, jobs=(NODE, MANAGER)),
    MonitoringScenario("pybmp-metrics-scraped", SYSTEM, "§9.1",
                       "PyBMP's documented metrics port scraped beside node-exporter", Healthy(),
                       Phase.WHILE_RUNNING, (TOOK_EFFECT, TARGETS_LISTED, NAMES_LISTED, UP_AGREES),
                       traffic=(GuideCommands(),), budgets=BUDGETS, jobs=(NODE, PYBMP),
                       defects=(PYBMP_PORT_CLOSED, PYBMP_UNLISTED)),
]
