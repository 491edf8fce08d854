"""The monitoring catalog's fixtures: the scrape targets a scenario names, then a lab with
Prometheus (the system under test) in the test's runtime."""

from __future__ import annotations

import pytest

from faultbook.fixtures import StackMaker
from faultbook.report.record import TestRecord
from faultbook.runtime.base import Service
from scenarios.monitoring.catalog import MonitoringScenario
from scenarios.monitoring.lab import MonitoringLab
from scenarios.monitoring.service import ScrapeTarget
from scenarios.monitoring.spec import Monitoring
from scenarios.monitoring.targets import scraped_manager

__all__ = ["monitoring_lab", "scraped_manager", "target_name"]


@pytest.fixture
def target_name() -> str:
    """The collector the BMP fixtures start when a scenario scrapes one: PyBMP, whose guide
    documents a metrics port."""
    return "pybmp"


@pytest.fixture
def monitoring_lab(request: pytest.FixtureRequest, scenario: MonitoringScenario,
                   record: TestRecord, stack: StackMaker) -> MonitoringLab:
    """The scenario's scrape targets started, Prometheus created (not started) to scrape them,
    in one stack of the test's runtime; the plugin's stack fixture tears it down and checks
    what it left."""
    own = stack()
    others: dict[str, Service] = {}
    targets: list[ScrapeTarget] = []
    for job in scenario.jobs:
        service, target = job.start(request, record, own)
        if service.component not in own.services:
            others[service.component] = service
        targets.append(target)
    return MonitoringLab(Monitoring(tuple(targets)), own, others=others)
