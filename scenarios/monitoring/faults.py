"""The monitoring stack's fault specs: a scraped target killed or paused (once Prometheus has
reported it up), Prometheus's storage directory unwritable, and no fault at all (the guide's
commands on a healthy stack)."""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass

from faultbook.errors import WaitTimeout
from faultbook.faults.base import Fault, FaultSpec, FaultTarget
from faultbook.faults.kill import KillFault
from faultbook.faults.pause import PauseFault
from faultbook.observe.evidence import Evidence
from faultbook.runtime.base import Service
from faultbook.system import Client
from scenarios.monitoring.service import PrometheusSpec
from scenarios.monitoring.spec import Monitoring
from scenarios.monitoring.traffic import FIRST_SCRAPE_WITHIN, ask_targets


def await_reported_up(prometheus: Service, job: str, within: float = FIRST_SCRAPE_WITHIN) -> None:
    """Block until Prometheus reports ``job``'s target up: the premise of an outage scenario."""
    client = Client(Monitoring(()), prometheus)
    gap = threading.Event()
    deadline = time.monotonic() + within
    while True:
        _answer, states = ask_targets(client, "premise")
        if any(s.job == job and s.health == "up" for s in states):
            return
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"Prometheus did not report {job} up within {within:g}s "
                              f"(last: {[(s.job, s.health) for s in states]}): nothing to take down")
        gap.wait(0.2)


@dataclass(frozen=True)
class TargetDown(FaultSpec):
    """Kill (SIGKILL, restarted by the heal) or pause the service behind a scrape job, once
    Prometheus has reported it up."""

    job: str
    service: str
    freeze: bool = False

    def build(self, target: FaultTarget) -> Fault:
        await_reported_up(target.system, self.job)
        victim = target.service(self.service)
        return PauseFault(victim) if self.freeze else KillFault(victim, signal.SIGKILL)

    def describe(self) -> str:
        return f"{'pause' if self.freeze else 'SIGKILL'} {self.service} (scraped as {self.job})"


class UnwritableStorageFault(Fault):
    """Before a start: ``--storage.tsdb.path`` points at a directory the prometheus user cannot
    write (a 0555 root-owned folder on the host; a root-owned folder of the image in a
    container). Healed by pointing it back at its own storage; a later start uses that."""

    def __init__(self, service: Service) -> None:
        super().__init__(service.timeline)
        if not isinstance(service.spec, PrometheusSpec):
            raise TypeError(f"{service.component} is not a Prometheus")
        self.service = service
        self.spec: PrometheusSpec = service.spec
        self.component = service.component

    @property
    def name(self) -> str:
        return f"unwritable storage of {self.component}"

    def _inject(self) -> None:
        self.spec.storage_writable = False

    def _heal(self) -> None:
        self.spec.storage_writable = True

    def _confirm(self) -> Evidence:
        return Evidence(self.name, not self.spec.storage_writable,
                        "the start command names a root-owned storage directory",
                        {"storage_writable": self.spec.storage_writable})


@dataclass(frozen=True)
class UnwritableStorage(FaultSpec):
    """Prometheus's storage directory unwritable when it starts."""

    def build(self, target: FaultTarget) -> UnwritableStorageFault:
        return UnwritableStorageFault(target.system)

    def describe(self) -> str:
        return "unwritable storage directory"


class NoFaultAtAll(Fault):
    """Nothing is broken: the scenario reads what a healthy stack answers."""

    component = "prometheus"

    @property
    def name(self) -> str:
        return "no fault"

    def _inject(self) -> None:
        """Nothing to break."""

    def _heal(self) -> None:
        """Nothing to undo."""

    def _confirm(self) -> Evidence:
        return Evidence(self.name, True, "nothing was broken")


@dataclass(frozen=True)
class Healthy(FaultSpec):
    """No fault: the guide's commands on a healthy stack."""

    def build(self, target: FaultTarget) -> NoFaultAtAll:
        return NoFaultAtAll(target.system.timeline)

    def describe(self) -> str:
        return "none (a healthy stack)"
