"""Kill a service with any signal; healed by starting it again if the signal ended it."""

from __future__ import annotations

import signal
from dataclasses import dataclass

from faultbook.faults.base import Fault, FaultSpec, FaultTarget
from faultbook.observe.evidence import Evidence
from faultbook.runtime.base import Service


class KillFault(Fault):
    """Send ``sig`` to the main process, or with ``group`` to its whole process group.

    With ``restart`` (the default) the heal starts the service again if the signal ended it;
    without, the heal leaves it as it is (the runner then judges a fresh start itself).
    """

    def __init__(
        self,
        service: Service,
        sig: int = signal.SIGKILL,
        group: bool = False,
        exit_within: float = 15.0,
        restart: bool = True,
    ) -> None:
        super().__init__(service.timeline)
        self.service = service
        self.component = service.component
        self.sig = signal.Signals(sig)
        self.group = group
        self.exit_within = exit_within
        self.restart = restart

    @property
    def name(self) -> str:
        return f"{self.sig.name} {self.component}{' (process group)' if self.group else ''}"

    def _inject(self) -> None:
        self.service.kill(self.sig, self.group)
        if self.sig in ENDING:
            self.service.wait_exit(self.exit_within)

    def _heal(self) -> None:
        if self.restart and not self.service.is_running():
            self.service.start()

    def _confirm(self) -> Evidence:
        ended = self.service.last_outcome
        if self.sig in ENDING:
            gone = not self.service.is_running() and ended is not None
            return Evidence(self.name, gone,
                            f"the service ended: {ended.label}" if gone and ended
                            else "the service still runs", {"outcome": ended.label if ended else None})
        delivered = self.service.timeline.marks("signal", self.component)
        return Evidence(self.name, bool(delivered), f"{self.sig.name} delivered (not an ending signal)",
                        {"delivered": len(delivered)})


#: signals whose delivery is confirmed by the service ending
ENDING = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


@dataclass(frozen=True)
class Kill(FaultSpec):
    """A signal to the system under test (or to a named service), or to its process group."""

    signal: signal.Signals
    group: bool = False
    service: str | None = None

    def build(self, target: FaultTarget) -> KillFault:
        if self.service is None:
            return KillFault(target.system, self.signal, self.group, restart=False)
        return KillFault(target.service(self.service), self.signal, self.group)

    def describe(self) -> str:
        who = self.service or "the system"
        return f"{self.signal.name} {who}{' (process group)' if self.group else ''}"
