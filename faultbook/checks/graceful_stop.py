"""Graceful stop: SIGTERM and SIGINT each end a long-running system within a bound, with exit
status 0, nothing of it left and its ports free. Judged from recorded stop outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from faultbook.checks.verdict import Check, Verdict


@dataclass(frozen=True)
class StopRecord:
    """What one stop by ``signal`` did: how long until exit, how it ended, what it left."""

    signal: str
    seconds: float | None
    label: str
    exit_code: int | None
    survivors: tuple[int, ...] = ()
    ports_held: tuple[int, ...] = field(default_factory=tuple)

    def problems(self, within: float) -> list[str]:
        """What was wrong with this stop (empty when graceful)."""
        found = []
        if self.seconds is None or self.seconds > within:
            found.append("not ended within the bound")
        if self.exit_code != 0:
            found.append(f"ended with {self.label}")
        if self.survivors:
            found.append(f"left pids {list(self.survivors)}")
        if self.ports_held:
            found.append(f"ports still held {list(self.ports_held)}")
        return found


class GracefulStop(Check):
    """Every stop signal ends the system gracefully."""

    def __init__(self, system: str, within: float, name: str | None = None) -> None:
        super().__init__(name or f"{system} stops gracefully on SIGTERM and SIGINT")
        self.within = within

    def judge(self, stops: Iterable[StopRecord]) -> list[Verdict]:
        measured: dict[str, Any] = {}
        bad: dict[str, list[str]] = {}
        for stop in stops:
            measured[stop.signal] = {"seconds": stop.seconds, "outcome": stop.label,
                                     "survivors": list(stop.survivors),
                                     "ports_held": list(stop.ports_held)}
            if problems := stop.problems(self.within):
                bad[stop.signal] = problems
        if not measured:
            return [self.verdict(False, None, self.within, "no stop recorded", inconclusive=True)]
        return [self.verdict(
            not bad, measured, f"exit 0 within {self.within:g}s, nothing left, ports free",
            "; ".join(f"{sig}: {', '.join(p)}" for sig, p in bad.items()), problems=bad)]
