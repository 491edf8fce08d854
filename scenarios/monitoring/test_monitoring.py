"""The monitoring catalog: every entry through the generic runner, Prometheus and node-exporter
in each runtime (the manager and PyBMP they scrape are host processes)."""

from __future__ import annotations

import pytest

from faultbook.checks.verdict import conclude
from faultbook.report.record import TestRecord
from faultbook.runner import run
from scenarios.monitoring.catalog import CATALOG, MonitoringScenario
from scenarios.monitoring.lab import MonitoringLab


@pytest.mark.parametrize("scenario", CATALOG, ids=[s.name for s in CATALOG])
def test_monitoring(scenario: MonitoringScenario, runtime: str, monitoring_lab: MonitoringLab,
                    record: TestRecord) -> None:
    result = run(scenario, monitoring_lab)
    record.collect(result.verdicts, result.facts())
    conclude(result.verdicts, scenario.defects_for(runtime))
