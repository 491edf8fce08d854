"""Fixtures of the monitoring catalog."""

from __future__ import annotations

import pytest

from faultbook.fixtures import StackMaker
from faultbook.report.record import TestRecord
from scenarios.monitoring.lab import MonitoringLab
from scenarios.monitoring.targets import scraped_manager

__all__ = ["monitoring_lab", "scraped_manager", "target_name"]


@pytest.fixture
def target_name() -> str:
    """The collector the BMP fixtures start when a scenario scrapes one: PyBMP, whose guide
    documents a metrics port."""
    return "pybmp"


@pytest.fixture
def monitoring_lab(request: pytest.FixtureRequest, runtime: str, record: TestRecord,
                   stack: StackMaker) -> MonitoringLab:
    """The lab of one scenario; the plugin's stack fixture tears its stack down and checks it."""
    return MonitoringLab(request, runtime, record, stack)
