"""Graceful stop of a service; healed by starting it again."""

from __future__ import annotations

from dataclasses import dataclass

from faultbook.faults.base import Fault, FaultSpec, FaultTarget
from faultbook.observe.evidence import Evidence
from faultbook.observe.probes import TcpProbe
from faultbook.runtime.base import Service


class StopFault(Fault):
    """Stop the service with its graceful signal (docker stop / pg_ctl -m fast)."""

    def __init__(self, service: Service, wait_ready: bool = True) -> None:
        super().__init__(service.timeline)
        self.service = service
        self.component = service.component
        self.wait_ready = wait_ready

    @property
    def name(self) -> str:
        return f"stop {self.component}"

    def _inject(self) -> None:
        self.service.stop()

    def _heal(self) -> None:
        if not self.service.is_running():
            self.service.start(wait_ready=self.wait_ready)

    def _confirm(self) -> Evidence:
        return refused_evidence(self.name, self.service)


def refused_evidence(name: str, service: Service) -> Evidence:
    """A real client is refused by (or gets nothing from) a service that should be gone."""
    ep = service.endpoint
    probe = TcpProbe(ep.host, ep.port, timeout=2.0).run()
    running = service.is_running()
    return Evidence(name, not probe.ok and not running,
                    f"a client connecting to {ep} got: {probe.detail[:120]}"
                    + ("" if not running else "; the service still runs"),
                    {"client_refused": not probe.ok, "running": running})


@dataclass(frozen=True)
class Stop(FaultSpec):
    """Stop the named service of the stacks (a dependency of the system)."""

    service: str

    def build(self, target: FaultTarget) -> StopFault:
        return StopFault(target.service(self.service))

    def describe(self) -> str:
        return f"stop {self.service}"
