"""A fault is injected, then healed; both are timestamped marks on the timeline."""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from types import TracebackType

from faultbook.observe.timeline import Mark, Timeline


class Phase(enum.Enum):
    """When a fault is present."""

    BEFORE_START = "before-start"
    WHILE_RUNNING = "while-running"


class Fault(ABC):
    """Base of every fault: ``inject`` and ``heal`` record marks; subclasses do the work."""

    #: the component the fault acts on (a lane in the timeline picture)
    component: str = "fault"

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.injected: Mark | None = None
        self.healed: Mark | None = None

    @property
    @abstractmethod
    def name(self) -> str:
        """A short human name: 'SIGKILL postgres', 'squat 127.0.0.1:8081'."""

    @abstractmethod
    def _inject(self) -> None:
        """Break it."""

    @abstractmethod
    def _heal(self) -> None:
        """Undo the break."""

    def inject(self) -> Mark:
        """Break it and mark the moment."""
        self._inject()
        self.injected = self.timeline.mark(self.component, "fault.inject", self.name)
        return self.injected

    def heal(self) -> Mark:
        """Undo it and mark the moment (idempotent)."""
        if self.healed is None:
            self._heal()
            self.healed = self.timeline.mark(self.component, "fault.heal", self.name)
        return self.healed

    def __enter__(self) -> Fault:
        self.inject()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.heal()
