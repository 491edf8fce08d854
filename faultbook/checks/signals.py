"""Signals stay home: a system under test signals nothing outside its own processes.

Judged from what sentinels recorded: each received signal with its sender's pid (from
``siginfo``), the sender's command line when it could be read, and the time. Signals the suite
itself sent (its runner's pids) and signals from the kernel are not findings.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import asdict

from faultbook.checks.verdict import Check, Verdict
from faultbook.observe.signals import ReceivedSignal

__all__ = ["ReceivedSignal", "SignalsStayHome"]


class SignalsStayHome(Check):
    """No signal reaches a sentinel or a process of the suite from anyone but the suite."""

    def __init__(self, system: str, name: str | None = None) -> None:
        super().__init__(name or f"{system} signals nothing outside its own processes")

    def judge(self, received: Iterable[ReceivedSignal], suite_pids: Collection[int]
              ) -> list[Verdict]:
        """``suite_pids``: the processes of the suite that may signal (the runner)."""
        stray = [r for r in received if r.user_sent and r.sender_pid not in suite_pids]
        found = [{**asdict(r), "signal": r.signame} for r in stray]
        return [self.verdict(
            not stray, [f"{r.signame} from pid {r.sender_pid}" for r in stray], [],
            f"{stray[0].signame} reached {stray[0].receiver} from pid {stray[0].sender_pid} "
            f"({stray[0].sender or '?'})" if stray else "",
            signals=found[:20])]
