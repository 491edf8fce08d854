"""The guide's monitoring stack (§4.2 Prometheus and node-exporter, §9.1 its HTTP API), as data.

Every signature is a line the real Prometheus 2.42 (Debian bookworm) printed under that fault;
known defects carry their evidence and are pinned to a check object and a predicate.
"""

from __future__ import annotations

from faultbook.checks.verdict import KnownDefect
from faultbook.faults.base import Phase
from faultbook.faults.kill import KillFault
from faultbook.faults.pause import PauseFault
from faultbook.faults.portsquat import PortSquat
from faultbook.runtime.base import Service
from faultbook.scenario import Budgets, Scenario, Signature
from scenarios.monitoring.checks import PROMETHEUS_NO_PANIC
from scenarios.monitoring.claims import NAMES_LISTED, TARGETS_LISTED
from scenarios.monitoring.faults import UnwritableStorage
from scenarios.monitoring.lab import MANAGER, NODE, PYBMP
from scenarios.monitoring.plans import GuideCommands, StartFailure, TargetOutage

P = "prometheus"
TS = r"^ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z caller=[\w.]+:\d+ "
BUDGETS = Budgets(exit_within=30.0, recovery_within=30.0)

WEB_BIND = Signature(P, TS + r'level=error msg="Unable to start web listener" '
                        r'err="listen tcp 127\.0\.0\.1:\d+: bind: address already in use"$',
                     "§4.2", "the one error line before exit 1")
QUERY_LOG = Signature(P, TS + r'level=error component=activeQueryTracker '
                         r'msg="Error opening query log file" file=\S+/queries\.active '
                         r'err="open \S+/queries\.active: permission denied"$',
                      "§4.2", "the storage directory's first file, queries.active")

STORAGE_PANIC = KnownDefect(
    "PROM-STORAGE-PANIC", PROMETHEUS_NO_PANIC,
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


def squat(prometheus: Service) -> PortSquat:
    """A plain listener on Prometheus's web port."""
    return PortSquat(prometheus.timeline, prometheus.endpoint.port)


CATALOG: list[Scenario] = [
    Scenario("node-exporter-sigkill", "monitoring", "§9.1", "a scraped node-exporter killed (SIGKILL)",
             "kill", Phase.WHILE_RUNNING, {"plan": TargetOutage(NODE, KillFault)}, budgets=BUDGETS),
    Scenario("node-exporter-paused", "monitoring", "§9.1", "a scraped node-exporter paused",
             "pause", Phase.WHILE_RUNNING, {"plan": TargetOutage(NODE, PauseFault)},
             budgets=BUDGETS),
    Scenario("manager-paused", "monitoring", "§9.1", "the scraped Backend.AI manager paused",
             "pause", Phase.WHILE_RUNNING,
             {"plan": TargetOutage(MANAGER, PauseFault, jobs=(NODE, MANAGER))}, budgets=BUDGETS),
    Scenario("prometheus-port-taken", "monitoring", "§4.2", "Prometheus's web port taken",
             "port-squat", Phase.BEFORE_START, {"plan": StartFailure(squat)},
             signatures=(WEB_BIND,), outcome="exits", budgets=BUDGETS),
    Scenario("prometheus-storage-unwritable", "monitoring", "§4.2",
             "Prometheus's storage directory unwritable", "unwritable-storage", Phase.BEFORE_START,
             {"plan": StartFailure(UnwritableStorage, fresh_after_heal=True)},
             signatures=(QUERY_LOG,), outcome="exits", budgets=BUDGETS, defects=(STORAGE_PANIC,)),
    Scenario("guide-9-1-commands", "monitoring", "§9.1",
             "§9.1's targets and metric-name commands, node-exporter and the manager scraped",
             "claims", Phase.WHILE_RUNNING, {"plan": GuideCommands((NODE, MANAGER))},
             budgets=BUDGETS),
    Scenario("pybmp-metrics-scraped", "monitoring", "§9.1",
             "PyBMP's documented metrics port scraped beside node-exporter", "claims",
             Phase.WHILE_RUNNING, {"plan": GuideCommands((NODE, PYBMP))}, budgets=BUDGETS,
             defects=(PYBMP_PORT_CLOSED, PYBMP_UNLISTED)),
]
