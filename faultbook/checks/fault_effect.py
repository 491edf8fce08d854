"""The fault took effect: every fault reports evidence that it happened, and a scenario whose
fault cannot be confirmed is inconclusive (it tested nothing), whatever else it saw."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from faultbook.checks.verdict import Check, Verdict


@dataclass(frozen=True)
class Evidence:
    """What a fault saw of its own effect: confirmed or not, how, and what was measured."""

    fault: str
    confirmed: bool
    how: str
    measured: dict[str, Any] = field(default_factory=dict)


class FaultTookEffect(Check):
    """The fault's own evidence confirms it."""

    name = "the fault took effect"

    def judge(self, evidence: Evidence | None) -> list[Verdict]:
        if evidence is None:
            return [self.verdict(False, None, "confirmed", "the fault reported no evidence",
                                 inconclusive=True)]
        return [self.verdict(
            evidence.confirmed, evidence.measured, "confirmed", f"{evidence.fault}: {evidence.how}",
            inconclusive=not evidence.confirmed, fault=evidence.fault)]
