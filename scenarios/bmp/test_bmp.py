"""The BMP catalog: one generic test over every entry. Collectors run as host processes (no
container image of pmbmpd or PyBMP is built), so the catalog runs under the process runtime."""

from __future__ import annotations

import pytest

from faultbook.legacy_scenario import LegacyScenario as Scenario
from fixtures.bmp import BmpLab
from scenarios.bmp import driver
from scenarios.bmp.catalog import CATALOG


@pytest.fixture
def target_name(scenario: Scenario) -> str:
    """The collector an entry is about."""
    return scenario.system


@pytest.mark.runtime("process")
@pytest.mark.parametrize("scenario", CATALOG, ids=[s.name for s in CATALOG])
def test_bmp(scenario: Scenario, runtime: str, bmp_lab: BmpLab) -> None:
    driver.run(scenario, bmp_lab)
