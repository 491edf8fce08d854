"""What the runner drives: the system under test in a stack of its own, beside the stack of the
services it needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from faultbook.runtime.base import Service
from faultbook.stack import Stack
from faultbook.system import SystemSpec

if TYPE_CHECKING:
    from faultbook.runner.watch import InvariantWatch


@dataclass
class Lab:
    """The system's spec, its stack (created, not started) and the stack of its dependencies."""

    spec: SystemSpec
    stack: Stack
    deps: Stack | None = None
    #: the recording of the generic invariants while a scenario runs (set by the runner)
    watch: InvariantWatch | None = None

    @property
    def system(self) -> Service:
        """The system under test as a service of its stack (created on first use, not started)."""
        service = self.stack.services.get(self.spec.component)
        if service is None:
            service = self.stack.add(self.spec.service_spec(), component=self.spec.component,
                                     start=False)
        return service

    def service(self, name: str) -> Service:
        """A dependency (or a service of the system's own stack) by component name."""
        if self.deps is not None and name in self.deps.services:
            return self.deps[name]
        return self.stack[name]

    def services(self) -> list[Service]:
        """Every service of both stacks, dependencies first."""
        deps = list(self.deps.services.values()) if self.deps is not None else []
        return [*deps, *self.stack.services.values()]
