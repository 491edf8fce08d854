"""The monitoring lab: Prometheus (the system under test) and the exporters it scrapes in one
stack of the test's runtime, and the scraped systems of other folders (the Backend.AI
manager, PyBMP) as host processes of their own stacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from faultbook.report.record import TestRecord
from faultbook.runner import Lab
from faultbook.runtime.base import Service
from faultbook.stack import Stack
from scenarios.monitoring.service import NodeExporterSpec, ScrapeTarget


@dataclass
class MonitoringLab(Lab):
    """A Lab whose faults may also reach the scraped services of other stacks."""

    others: dict[str, Service] = field(default_factory=dict)

    def service(self, name: str) -> Service:
        if name in self.others:
            return self.others[name]
        return super().service(name)

    def services(self) -> list[Service]:
        return [*self.others.values(), *super().services()]


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
    return service, ScrapeTarget("manager", service.host_ports["internal"])


def start_pybmp(request: pytest.FixtureRequest, record: TestRecord,
                stack: Stack) -> tuple[Service, ScrapeTarget]:
    """PyBMP through the BMP fixtures (skipped there when no checkout is configured)."""
    service: Service = request.getfixturevalue("bmp_lab").target.service
    return service, ScrapeTarget("pybmp", service.host_ports["metrics"])


@dataclass(frozen=True)
class Job:
    """A scrape job: how its target starts, and one metric name the target serves."""

    name: str
    start: Starter
    metric: str


NODE = Job("node", start_node_exporter, "node_exporter_build_info")
#: 26.9.6 serves /metrics on its internal port (its [metric] port is never opened)
MANAGER = Job("manager", start_manager, "backendai_event_propagator_registration_count_total")
#: PyBMP's guide documents its metrics at :9090/metrics; bmp_active_connections comes first
PYBMP = Job("pybmp", start_pybmp, "bmp_active_connections")
