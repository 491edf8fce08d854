"""The Backend.AI catalog: every entry through the generic runner, in each runtime of the halfstack."""

from __future__ import annotations

import pytest

from faultbook.checks.verdict import conclude
from faultbook.report.record import TestRecord
from faultbook.runner import Lab, run
from faultbook.scenario import Scenario
from scenarios.backendai.catalog import CATALOG


@pytest.mark.parametrize("scenario", CATALOG, ids=[s.name for s in CATALOG])
def test_backendai(scenario: Scenario, runtime: str, backendai_lab: Lab, record: TestRecord) -> None:
    result = run(scenario, backendai_lab)
    record.collect(result.verdicts, result.facts())
    conclude(result.verdicts, scenario.defects_for(runtime))
