"""The BMP catalog's scenario entry (a fault named by a string, with a params dict), kept for
the BMP drivers until they run on the generic runner; every other catalog uses
``faultbook.scenario.Scenario``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from faultbook.budgets import Budgets
from faultbook.checks.verdict import KnownDefect
from faultbook.errors import WaitTimeout
from faultbook.faults.base import Phase
from faultbook.observe.matchers import wait_for
from faultbook.observe.signature import Signature
from faultbook.observe.timeline import Timeline
from faultbook.report.record import TestRecord


@dataclass(frozen=True)
class LegacyScenario:
    """One documented BMP fault scenario (legacy form)."""

    name: str
    system: str
    section: str
    title: str
    fault: str
    phase: Phase
    params: Mapping[str, Any] = field(default_factory=dict)
    signatures: tuple[Signature, ...] = ()
    outcome: str = ""
    categories: tuple[str, ...] = ()
    budgets: Budgets = field(default_factory=Budgets)
    defects: tuple[KnownDefect, ...] = ()

    def defects_for(self, runtime: str) -> list[KnownDefect]:
        """The known defects that apply under ``runtime``."""
        return [d for d in self.defects if d.applies(runtime)]

    def to_json(self) -> dict[str, Any]:
        """As plain data (for scenario.json in the test's folder)."""
        data = asdict(self)
        data["defects"] = [d.to_json() for d in self.defects]
        data["phase"] = self.phase.value
        return data


__all__ = ["Budgets", "LegacyScenario", "Signature", "expect_signatures"]


def expect_signatures(record: TestRecord, timeline: Timeline, signatures: tuple[Signature, ...],
                      since: int, within: float) -> None:
    """Wait for every signature after ``since``; record a verdict and the match of each."""
    found = []
    for sig in signatures:
        try:
            line = wait_for(timeline, sig.pattern, sig.component, within=within, since=since)
            match = {"matched": True, "seq": line.seq, "t": line.t, "text": line.text}
        except WaitTimeout:
            match = {"matched": False, "seq": None, "t": None, "text": None}
        found.append({**asdict(sig), **match})
        record.verdict(f"signature {sig.component}: /{sig.pattern}/", bool(match["matched"]),
                       match["text"], f"a line within {within:g}s", sig.section)
    record.facts.setdefault("signatures", []).extend(found)
