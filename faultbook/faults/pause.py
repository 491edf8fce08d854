"""Freeze a service (SIGSTOP of its tree, or container pause); healed by thawing it."""

from __future__ import annotations

from dataclasses import dataclass

from faultbook.faults.base import Fault, FaultSpec, FaultTarget
from faultbook.observe.evidence import Evidence
from faultbook.runtime.base import Service


class PauseFault(Fault):
    """The service stays up but answers nothing while paused."""

    def __init__(self, service: Service) -> None:
        super().__init__(service.timeline)
        self.service = service
        self.component = service.component

    @property
    def name(self) -> str:
        return f"pause {self.component}"

    def _inject(self) -> None:
        self.service.pause()

    def _heal(self) -> None:
        self.service.resume()

    def _confirm(self) -> Evidence:
        results = self.service.health("paused")
        failing = [name for name, ok, _ in results if not ok]
        return Evidence(self.name, bool(results) and len(failing) == len(results),
                        f"health probes while paused: {len(failing)} of {len(results)} unanswered",
                        {"unanswered": failing})


@dataclass(frozen=True)
class Pause(FaultSpec):
    """Freeze the named service of the stacks."""

    service: str

    def build(self, target: FaultTarget) -> PauseFault:
        return PauseFault(target.service(self.service))

    def describe(self) -> str:
        return f"pause {self.service}"
