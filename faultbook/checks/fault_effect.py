"""The fault took effect: every fault reports evidence that it happened, and a scenario whose
fault cannot be confirmed is inconclusive (it tested nothing), whatever else it saw."""

from __future__ import annotations

from faultbook.checks.verdict import Check, Verdict
from faultbook.observe.evidence import Evidence

__all__ = ["Evidence", "FaultTookEffect"]


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
