"""What a monitoring scenario drives: a stack of exporters and Prometheus in the test's runtime,
and, when a scenario scrapes them, the Backend.AI manager and PyBMP (both host processes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from faultbook.report.record import TestRecord
from faultbook.runtime.base import Service
from faultbook.stack import Stack
from scenarios.monitoring.api import PrometheusApi, ScrapeWatch
from scenarios.monitoring.services import NodeExporterSpec, PrometheusSpec, ScrapeTarget

#: seconds Prometheus takes to pick up its targets (its scrape manager reloads every 5 s) and
#: scrape them once, with room for a loaded machine
FIRST_SCRAPE_WITHIN = 20.0


@dataclass
class MonitoringLab:
    """Builds the monitoring stack piece by piece; everything is torn down by the fixtures."""

    request: pytest.FixtureRequest
    runtime: str
    record: TestRecord
    make_stack: Callable[..., Stack]
    scrape_interval: float = 2.0
    targets: dict[str, tuple[Service, ScrapeTarget]] = field(default_factory=dict)
    _stack: Stack | None = None

    @property
    def stack(self) -> Stack:
        """The test's monitoring stack (created on first use)."""
        if self._stack is None:
            self._stack = self.make_stack()
        return self._stack

    def node_exporter(self) -> Service:
        """A started node-exporter, scraped as job ``node``."""
        service = self.stack.add(NodeExporterSpec())
        self.targets["node"] = (service, ScrapeTarget("node", service.endpoint.port))
        return service

    def manager(self) -> Service:
        """A started Backend.AI manager (its own lab over the halfstack), scraped as ``manager``."""
        from scenarios.monitoring.targets import start_manager

        service, target = start_manager(self.request, self.record)
        self.targets["manager"] = (service, target)
        return service

    def pybmp(self) -> Service:
        """A started PyBMP (skips when none is configured), its metrics port scraped as ``pybmp``."""
        from scenarios.monitoring.targets import start_pybmp

        service, target = start_pybmp(self.request)
        self.targets["pybmp"] = (service, target)
        return service

    def prometheus(self, start: bool = True, component: str | None = None) -> Service:
        """Prometheus scraping every target added so far."""
        spec = PrometheusSpec(self.scrape_interval)
        for _service, target in self.targets.values():
            spec.scrape(target)
        return self.stack.add(spec, component, start=start)

    def watch(self, prometheus: Service) -> ScrapeWatch:
        """Start recording /api/v1/targets answers."""
        return ScrapeWatch(PrometheusApi(prometheus.endpoint)).start()

    def instance(self, job: str) -> str:
        """The instance label of a job's target."""
        return self.targets[job][1].instance


@dataclass(frozen=True)
class Job:
    """A scrape job: how the lab starts its target, and one metric name the target serves."""

    name: str
    start: Callable[[MonitoringLab], Service]
    metric: str


NODE = Job("node", MonitoringLab.node_exporter, "node_exporter_build_info")
MANAGER = Job("manager", MonitoringLab.manager, "backendai_event_propagator_registration_count_total")
PYBMP = Job("pybmp", MonitoringLab.pybmp, "bmp_active_connections")  # its guide's first
