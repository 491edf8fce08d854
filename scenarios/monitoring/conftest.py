"""The monitoring catalog's fixtures: the scrape targets a scenario names, started in a stack of
the test's runtime, then a lab with Prometheus (the system under test) in a stack of its own
beside them, as every system runs beside what it needs."""

from __future__ import annotations

import pytest

from faultbook.fixtures import StackMaker
from faultbook.report.record import TestRecord
from faultbook.runtime.base import Service
from scenarios.backendai.conftest import backendai_bootstrap, backendai_venv
from scenarios.monitoring.catalog import MonitoringScenario
from scenarios.monitoring.lab import MonitoringLab
from scenarios.monitoring.service import ScrapeTarget
from scenarios.monitoring.spec import Monitoring
from scenarios.monitoring.targets import scraped_manager

#: the manager's bootstrap over the session halfstack, shared with the manager's catalog
__all__ = ["backendai_bootstrap", "backendai_venv", "monitoring_lab", "scraped_manager"]


@pytest.fixture
def monitoring_lab(request: pytest.FixtureRequest, scenario: MonitoringScenario,
                   record: TestRecord, stack: StackMaker) -> MonitoringLab:
    """The scenario's scrape targets started (exporters in a stack of the test's runtime, the
    systems of other folders in theirs), Prometheus created (not started) in a stack of its own
    to scrape them; the plugin's stack fixture tears both down and checks what they left.
    Scrape targets are not dependencies of Prometheus: the lab reaches them as ``others``."""
    exporters = stack()
    targets: list[ScrapeTarget] = []
    others: dict[str, Service] = {}
    for job in scenario.jobs:
        service, target = job.start(request, record, exporters)
        others[service.component] = service
        targets.append(target)
    return MonitoringLab(Monitoring(tuple(targets)), stack(), others=others)
