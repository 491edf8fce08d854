"""7. Graceful stop: SIGTERM and SIGINT each end the collector within a bound with exit 0,
nothing of it left and its port free (the suite's one check, ``faultbook.checks.graceful_stop``),
and what it had acknowledged reading before the signal is stored (the kit's part)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from faultbook.checks.graceful_stop import GracefulStop as SharedStop
from faultbook.checks.graceful_stop import StopRecord
from faultbook.checks.verdict import Check, Verdict


@dataclass(frozen=True)
class BmpStop:
    """One stop as the suite records it, with the routes sent just before the signal and those
    found stored after it."""

    record: StopRecord
    sent: tuple[str, ...] = ()
    stored: tuple[str, ...] = ()

    @property
    def lost(self) -> list[str]:
        """Routes sent before the signal and not stored after it."""
        return sorted(set(self.sent) - set(self.stored))


class GracefulStop(Check):
    """The suite's graceful-stop check over the recorded stops, and nothing sent before a stop
    lost by it (one verdict, measured per signal)."""

    name = "graceful stop: SIGTERM and SIGINT stop it within a bound, exit 0, nothing lost"

    def __init__(self, within: float = 10.0) -> None:
        super().__init__()
        self.within = within
        self.stop = SharedStop("the collector", within, name=self.name)

    def judge(self, stops: Sequence[BmpStop]) -> list[Verdict]:
        [v] = self.stop.judge([s.record for s in stops])
        if v.inconclusive:
            return [v]
        lost = {s.record.signal: s.lost for s in stops if s.lost}
        measured = {sig: {**m, "lost": len(lost.get(sig, ()))} for sig, m in v.measured.items()}
        problems = {sig: list(p) for sig, p in v.evidence["problems"].items()}
        for sig, routes in lost.items():
            problems.setdefault(sig, []).append(f"lost {len(routes)} route(s) sent before it")
        return [self.verdict(
            v.ok and not lost, measured, f"{v.budget}, nothing lost",
            "; ".join(f"{sig}: {', '.join(p)}" for sig, p in problems.items()),
            problems=problems, lost={sig: routes[:10] for sig, routes in lost.items()})]
