"""The Backend.AI agent catalog: every entry, with the halfstack in each runtime."""

from __future__ import annotations

import pytest

from scenarios.backendai_agent import driver
from scenarios.backendai_agent.catalog import CATALOG, AgentScenario
from scenarios.backendai_agent.lab import AgentLab


@pytest.mark.parametrize("scenario", CATALOG, ids=[s.name for s in CATALOG])
def test_agent(scenario: AgentScenario, runtime: str, agent_lab: AgentLab) -> None:
    driver.run(scenario, agent_lab, runtime)
