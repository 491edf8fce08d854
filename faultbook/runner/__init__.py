"""One generic runner for every scenario of every system: it builds the typed fault against the
lab, runs the scenario's phase (recording a history), then lets each check object judge it.

    result = run(scenario, lab)
    record.collect(result.verdicts, result.facts())
    conclude(result.verdicts, scenario.defects_for(runtime))
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from faultbook.checks.verdict import Verdict
from faultbook.history import History
from faultbook.observe.categories import GUIDE_CATEGORIES, categorize
from faultbook.runner.lab import Lab
from faultbook.runner.phases import PHASES
from faultbook.runner.watch import InvariantWatch, wall
from faultbook.scenario import Scenario

__all__ = ["Lab", "Result", "run"]


@dataclass
class Result:
    """A scenario's history and the verdicts of its checks."""

    scenario: Scenario
    history: History
    verdicts: list[Verdict]

    def facts(self) -> dict[str, Any]:
        """What the report shows beside the verdicts."""
        h = self.history
        hits = categorize(h.lines(), GUIDE_CATEGORIES)
        ending = h.ending
        return {
            "scenario": self.scenario.to_json(),
            "fault_evidence": asdict(h.evidence) if h.evidence else None,
            "health": h.health,
            "signatures": [m.to_json() for m in h.matches],
            "start_under_fault": h.start_state,
            "outcome": ending.outcome.label if ending and ending.outcome else None,
            "answers": [asdict(a) for a in h.answers],
            "categories": {name: {"count": len(found), "first": [f.text[:200] for f in found[:3]]}
                           for name, found in hits.items()},
            "recovery_seconds": h.recovery.seconds if h.recovery and h.recovery.ok else None,
            "fresh_start_seconds": h.fresh_start.seconds if h.fresh_start else None,
            "observed_seconds": round(h.observed_seconds, 3),
            "invariants": h.invariants.to_json() if h.invariants else None,
        }


def run(scenario: Scenario, lab: Lab) -> Result:
    """Run ``scenario`` against ``lab`` and judge it with the scenario's checks."""
    history = History(lab.spec.component, lab.stack.timeline, lab.stack.sampler, scenario.budgets,
                      noise=lab.spec.noise)
    decl = lab.spec.invariants
    deps = dict(lab.deps.services) if lab.deps is not None else {}
    lab.watch = InvariantWatch(decl, lab.system, deps) if decl is not None else None
    try:
        PHASES[scenario.phase].run(scenario, lab, history)
    finally:
        if lab.watch is not None:
            history.invariants = lab.watch.finish(wall(history.timeline, history.healed))
            lab.watch = None
    verdicts = [v for check in scenario.checks for v in check.judge(history)]
    return Result(scenario, history, verdicts)
