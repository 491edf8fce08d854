"""The monitoring catalog: one generic test over every entry, Prometheus and node-exporter in
each runtime (the manager and PyBMP they scrape are host processes)."""

from __future__ import annotations

import pytest

from faultbook.scenario import Scenario
from scenarios.monitoring import driver
from scenarios.monitoring.catalog import CATALOG
from scenarios.monitoring.lab import MonitoringLab


@pytest.mark.parametrize("scenario", CATALOG, ids=[s.name for s in CATALOG])
def test_monitoring(scenario: Scenario, runtime: str, monitoring_lab: MonitoringLab) -> None:
    driver.run(scenario, monitoring_lab)
