"""A scenario is a typed value: which guide section, which fault (a typed spec) in which phase,
the traffic sent while it lasts, the check objects that judge what was recorded, and the known
defects pinned to one of those checks and a predicate on its evidence.

A catalog is a list of these in ``scenarios/<system>/catalog.py``; one generic runner runs them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

from faultbook.budgets import Budgets
from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import KnownDefect
from faultbook.faults.base import FaultSpec, Phase
from faultbook.observe.signature import Signature
from faultbook.traffic import Traffic

__all__ = ["Budgets", "Cataloged", "Phase", "Scenario", "Signature"]


@runtime_checkable
class Cataloged(Protocol):
    """What the pytest plugin needs of any catalog entry: a name and its known defects."""

    name: str

    def defects_for(self, runtime: str) -> list[KnownDefect]:
        """The known defects that apply under ``runtime``."""


@dataclass(frozen=True)
class Scenario:
    """One documented fault scenario of one system.

    ``exits``: the system is expected to end under the fault (the runner waits for its end,
    bounded by ``budgets.exit_within``, and records it). ``watch``: seconds the fault is held
    and observed before the heal (the outage window the budgets are judged over).
    """

    name: str
    system: str
    section: str
    title: str
    fault: FaultSpec
    phase: Phase
    checks: tuple[HistoryCheck, ...]
    traffic: tuple[Traffic, ...] = ()
    exits: bool = False
    watch: float = 0.0
    budgets: Budgets = field(default_factory=Budgets)
    defects: tuple[KnownDefect, ...] = ()

    def __post_init__(self) -> None:
        unjudged = [d.id for d in self.defects if not any(d.check is c for c in self.checks)]
        if unjudged:
            raise ValueError(f"scenario {self.name!r}: known defect(s) {', '.join(unjudged)} name "
                             "a check the scenario does not run: add the check to its checks")

    def defects_for(self, runtime: str) -> list[KnownDefect]:
        """The known defects that apply under ``runtime``."""
        return [d for d in self.defects if d.applies(runtime)]

    def awaited(self) -> tuple[Signature, ...]:
        """The lines the checks wait for."""
        return tuple(sig for check in self.checks for sig in check.awaits())

    def to_json(self) -> dict[str, Any]:
        """As plain data (for facts.json in the test's folder)."""
        return {
            "name": self.name, "system": self.system, "section": self.section, "title": self.title,
            "fault": self.fault.describe(), "phase": self.phase.value,
            "checks": [check.name for check in self.checks],
            "signatures": [asdict(sig) for sig in self.awaited()],
            "traffic": [t.describe() for t in self.traffic],
            "exits": self.exits, "watch": self.watch, "budgets": asdict(self.budgets),
            "defects": [d.to_json() for d in self.defects],
        }
