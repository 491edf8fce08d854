"""Runs one monitoring catalog entry: its plan records the history and judges it; then conclude."""

from __future__ import annotations

from faultbook.checks.verdict import conclude
from faultbook.scenario import Scenario
from scenarios.monitoring.lab import MonitoringLab
from scenarios.monitoring.plans import Plan


def run(scenario: Scenario, lab: MonitoringLab) -> None:
    """Run ``scenario`` in ``lab`` and conclude against its known defects."""
    plan = scenario.params["plan"]
    if not isinstance(plan, Plan):
        raise TypeError(f"{scenario.name}: params['plan'] is not a Plan")
    lab.record.facts["scenario"] = {"name": scenario.name, "section": scenario.section,
                                    "title": scenario.title, "plan": repr(plan)}
    lab.record.verdicts.extend(plan.run(lab, scenario))
    conclude(lab.record.verdicts, scenario.defects_for(lab.runtime))
