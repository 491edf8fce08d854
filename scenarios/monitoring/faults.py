"""The monitoring stack's own fault kind: a storage directory Prometheus's user cannot write."""

from __future__ import annotations

from faultbook.faults.base import Fault
from faultbook.runtime.base import Service
from scenarios.monitoring.services import PrometheusSpec


class UnwritableStorage(Fault):
    """Before a start: point ``--storage.tsdb.path`` at a directory the prometheus user cannot
    write (a 0555 root-owned folder on the host; a root-owned folder of the image in a
    container). Healed by pointing it back at its own storage; a later start uses that."""

    def __init__(self, service: Service) -> None:
        super().__init__(service.timeline)
        if not isinstance(service.spec, PrometheusSpec):
            raise TypeError(f"{service.component} is not a Prometheus")
        self.spec: PrometheusSpec = service.spec
        self.component = service.component

    @property
    def name(self) -> str:
        return f"unwritable storage of {self.component}"

    def _inject(self) -> None:
        self.spec.storage_writable = False

    def _heal(self) -> None:
        self.spec.storage_writable = True
