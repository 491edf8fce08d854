"""A scenario is data: which system, which guide section, which fault in which phase, and what
the real system is expected to print and do. The catalog in scenarios/ is a list of these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from faultbook.checks.verdict import KnownDefect
from faultbook.faults.base import Phase


@dataclass(frozen=True)
class Signature:
    """A line the real system printed under this fault, as a regex, and the guide section it verifies."""

    component: str
    pattern: str
    section: str = ""
    note: str = ""


@dataclass(frozen=True)
class Budgets:
    """Bounds the invariants are judged against."""

    cpu_percent: float = 50.0
    lines_per_second: float = 100.0
    answer_within: float = 5.0
    recovery_within: float = 30.0
    exit_within: float = 60.0
    rss_mb: float = 0.0  # peak resident memory; 0 leaves it unchecked


@dataclass(frozen=True)
class Scenario:
    """One documented fault scenario."""

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
    budgets: Budgets = Budgets()
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
