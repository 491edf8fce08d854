"""A fault is injected, confirmed, then healed; each step is a timestamped mark on the timeline.

A scenario holds a fault *spec* (typed data: which service, which signal); the runner builds the
fault from it against the running stack and always uses it as a context manager: it injects on
entry and, on exit, confirms that the fault took effect (the fault's own evidence) and heals.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from types import TracebackType
from typing import Protocol

from faultbook.observe.evidence import Evidence
from faultbook.observe.timeline import Mark, Timeline
from faultbook.runtime.base import Service


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
        self.evidence: Evidence | None = None

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

    def _confirm(self) -> Evidence:
        """What the fault sees of its own effect while it holds (subclasses measure it)."""
        return Evidence(self.name, False, "this fault kind reports no evidence")

    def confirm(self) -> Evidence:
        """Measure (once, while the fault holds) whether it took effect; marked on the timeline.
        ``heal`` confirms first when nobody did."""
        if self.evidence is None:
            try:
                self.evidence = self._confirm()
            except Exception as exc:  # evidence that cannot be gathered confirms nothing
                self.evidence = Evidence(self.name, False, f"{type(exc).__name__}: {exc}"[:300])
            self.timeline.mark(self.component, "fault.confirm",
                               f"{self.name}: {'confirmed' if self.evidence.confirmed else 'NOT confirmed'}",
                               how=self.evidence.how, measured=self.evidence.measured)
        return self.evidence

    def inject(self) -> Mark:
        """Break it and mark the moment."""
        self._inject()
        self.injected = self.timeline.mark(self.component, "fault.inject", self.name)
        return self.injected

    def heal(self) -> Mark:
        """Undo it and mark the moment (idempotent)."""
        if self.healed is None:
            if self.injected is not None:
                self.confirm()
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


class FaultTarget(Protocol):
    """What a fault spec is built against: the system under test and the services it needs."""

    @property
    def system(self) -> Service:
        """The system under test (created, maybe not started)."""

    def service(self, name: str) -> Service:
        """A service of the stacks by component name."""


class FaultSpec(ABC):
    """Typed data naming a fault; ``build`` makes the fault against a running stack."""

    @abstractmethod
    def build(self, target: FaultTarget) -> Fault:
        """The fault object, not yet injected."""

    @abstractmethod
    def describe(self) -> str:
        """A short human description for reports."""
