"""The Backend.AI catalog: one generic test over every entry, in each runtime of the halfstack."""

from __future__ import annotations

import pytest

from faultbook.scenario import Scenario
from fixtures.backendai import ManagerLab
from scenarios.backendai import driver
from scenarios.backendai.catalog import CATALOG


@pytest.mark.parametrize("scenario", CATALOG, ids=[s.name for s in CATALOG])
def test_backendai(scenario: Scenario, runtime: str, manager_lab: ManagerLab) -> None:
    driver.run(scenario, manager_lab, runtime)
