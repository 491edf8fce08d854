"""The fault took effect, judged on the history: the fault's own evidence, recorded by the runner."""

from __future__ import annotations

from faultbook.checks.base import HistoryCheck
from faultbook.checks.fault_effect import FaultTookEffect
from faultbook.checks.verdict import Verdict
from faultbook.history import History


class FaultConfirmed(HistoryCheck):
    """``FaultTookEffect`` over the evidence the scenario's fault gave (else: inconclusive)."""

    name = FaultTookEffect.name

    def judge(self, history: History) -> list[Verdict]:
        return FaultTookEffect().judge(history.evidence)
