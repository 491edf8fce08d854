"""7. Graceful stop: SIGTERM and SIGINT each stop the collector within a bound with exit 0, and
what it acknowledged reading before the signal is stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from faultbook.checks.verdict import Check, Verdict


@dataclass
class StopRecord:
    """One stop: the signal, how long it took, how it ended, the routes sent just before it and
    those found stored after it."""

    signal: str
    seconds: float | None
    outcome: str
    sent: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)


class GracefulStop(Check):
    """Judges the stops a run recorded (one verdict per signal)."""

    name = "graceful stop: SIGTERM and SIGINT stop it within a bound, exit 0, nothing lost"

    def __init__(self, within: float = 10.0) -> None:
        super().__init__()
        self.within = within

    def judge_stops(self, stops: list[StopRecord]) -> list[Verdict]:
        """One verdict per recorded stop."""
        out = []
        for s in stops:
            lost = sorted(set(s.sent) - set(s.stored))
            ok = s.seconds is not None and s.seconds <= self.within and s.outcome == "exit 0" \
                and not lost
            out.append(self.verdict(ok, {"signal": s.signal, "outcome": s.outcome,
                                         "seconds": s.seconds, "lost": len(lost)},
                                    {"outcome": "exit 0", "seconds": self.within, "lost": 0},
                                    f"{s.signal}: {s.outcome}", signal=s.signal, lost=lost[:10]))
        return out
