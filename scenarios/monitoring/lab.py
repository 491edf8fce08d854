"""The monitoring lab: Prometheus (the system under test) in a stack of the test's runtime, the
exporters it scrapes in another beside it, and the scraped systems of other folders (the
Backend.AI manager over the session halfstack, PyBMP) as host processes of their own stacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from faultbook.report.record import TestRecord
from faultbook.runner import Lab
from faultbook.runtime.base import Service
from faultbook.stack import Stack
from scenarios.monitoring.service import NodeExporterSpec, ScrapeTarget
from scenarios.monitoring.spec import SCRAPE_INTERVAL
from scenarios.pybmp.collector import start as start_pybmp_collector


@dataclass
class MonitoringLab(Lab):
    """A Lab whose faults may also reach the scraped services of other stacks (scrape targets,
    not dependencies: a target down is what Prometheus reports, not what it needs)."""

    others: dict[str, Service] = field(default_factory=dict)

    def service(self, name: str) -> Service:
        if name in self.others:
            return self.others[name]
        return super().service(name)

    def services(self) -> list[Service]:
        return [*self.others.values(), *super().services()]


#: the manager's scrape interval: its /metrics (185 kB) took 1.78 s to answer one scrape on a
#: loaded machine, past the 1 s timeout of the 2 s default (Prometheus's own default is 10 s)
MANAGER_INTERVAL = 4.0

Starter = Callable[[pytest.FixtureRequest, TestRecord, Stack], tuple[Service, ScrapeTarget]]


def start_node_exporter(request: pytest.FixtureRequest, record: TestRecord,
                        stack: Stack) -> tuple[Service, ScrapeTarget]:
    """A node-exporter in the lab's stack."""
    service = stack.add(NodeExporterSpec())
    return service, ScrapeTarget("node", service.endpoint.port)


def start_manager(request: pytest.FixtureRequest, record: TestRecord,
                  stack: Stack) -> tuple[Service, ScrapeTarget]:
    """The session's Backend.AI manager, running and unpaused, recorded in this test."""
    service: Service = request.getfixturevalue("scraped_manager")
    if service.paused:
        service.resume()
    if not service.is_running():
        service.start()
    record.attach(service.timeline, service.ctx.probes)
    return service, ScrapeTarget("manager", service.host_ports["internal"],
                                 interval=MANAGER_INTERVAL)


def start_pybmp(request: pytest.FixtureRequest, record: TestRecord,
                stack: Stack) -> tuple[Service, ScrapeTarget]:
    """PyBMP from the user's checkout on a process stack of its own (skipped when no checkout is
    configured)."""
    path: str = request.getfixturevalue("pybmp_checkout")
    own: Stack = request.getfixturevalue("process_stack")
    service = start_pybmp_collector(own, path).service
    return service, ScrapeTarget("pybmp", service.host_ports["metrics"])


@dataclass(frozen=True)
class Job:
    """A scrape job: how its target starts, and one metric name the target serves."""

    name: str
    start: Starter
    metric: str
    #: its scrape interval (a target must be reported down within two of them)
    interval: float = SCRAPE_INTERVAL


NODE = Job("node", start_node_exporter, "node_exporter_build_info")
#: 26.9.6 serves /metrics on its internal port (its [metric] port is never opened)
MANAGER = Job("manager", start_manager, "backendai_event_propagator_registration_count_total",
              MANAGER_INTERVAL)
#: PyBMP's guide documents its metrics at :9090/metrics; bmp_active_connections comes first
PYBMP = Job("pybmp", start_pybmp, "bmp_active_connections")
