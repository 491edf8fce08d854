"""A system under test as its folder describes it: how it runs (a service spec: command, ports,
ready line, health probes), how a client asks it something and which answers count, and the
lines a healthy start prints that a fault did not cause."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

from faultbook.history import Answer
from faultbook.invariants import Invariants
from faultbook.runtime.base import Service
from faultbook.runtime.spec import Endpoint, ServiceSpec


@dataclass(frozen=True)
class Request:
    """A request the runner's traffic sends to the system (by the system's own client)."""

    name: str
    method: str
    path: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Reply:
    """What came back: the status (None when nothing answered), the latency, the body's start."""

    status: int | None
    latency: float
    body: str = ""


class SystemSpec(ABC):
    """A system under test: subclass it in ``scenarios/<name>/spec.py``."""

    #: the system's name (the catalog's ``system``)
    name: str = ""
    #: its component name on the timeline (its lane, its log file)
    component: str = ""
    #: substrings of lines every healthy start prints: not caused by a fault
    noise: tuple[str, ...] = ()
    #: a request that needs every dependency: it answering 200 again means recovered
    recovery: Request | None = None
    #: what the generic invariants need of it (health probes, API probe, budgets); None: none
    invariants: Invariants | None = None

    @abstractmethod
    def service_spec(self) -> ServiceSpec:
        """How the system runs: command, ports, ready line, health probes."""

    @abstractmethod
    def send(self, endpoint: Endpoint, request: Request, timeout: float) -> Reply:
        """Send ``request``; never raises for transport errors (status None)."""

    def counts(self, reply: Reply) -> bool:
        """True when ``reply`` counts as an answer (any HTTP status by default)."""
        return reply.status is not None


class Client:
    """The runner's client of one running system: sends and records ``Answer`` values."""

    def __init__(self, spec: SystemSpec, service: Service) -> None:
        self.spec = spec
        self.service = service

    def ask(self, request: Request, timeout: float, label: str) -> Answer:
        """Send ``request`` and return the recorded answer."""
        t = time.monotonic()
        reply = self.spec.send(self.service.endpoint, request, timeout)
        return Answer(label, request.name, reply.status, round(reply.latency, 3), t,
                      reply.body[:300], self.spec.counts(reply))
