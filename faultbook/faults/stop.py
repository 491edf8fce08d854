"""Graceful stop of a service; healed by starting it again."""

from __future__ import annotations

from faultbook.faults.base import Fault
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
