"""The client side of a scenario: requests the runner sends while the fault is in place. Every
answer is recorded in the history under the traffic's label; checks judge them later."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

from faultbook.history import History
from faultbook.system import Client, Request


class Traffic(ABC):
    """Requests sent during the fault, recorded under ``label``."""

    label: str

    @abstractmethod
    def drive(self, client: Client, history: History, injected: float) -> None:
        """Send the requests; ``injected`` is the monotonic instant of the fault."""

    @abstractmethod
    def describe(self) -> str:
        """A short human description for reports."""


@dataclass(frozen=True)
class Once(Traffic):
    """Each request once, right away, with the answer bound plus a margin as its timeout."""

    requests: tuple[Request, ...]
    label: str = "during the fault"
    margin: float = 5.0

    def drive(self, client: Client, history: History, injected: float) -> None:
        timeout = history.budgets.answer_within + self.margin
        for request in self.requests:
            history.answers.append(client.ask(request, timeout, self.label))

    def describe(self) -> str:
        return f"{self.label}: " + ", ".join(str(r) for r in self.requests)


@dataclass(frozen=True)
class Burst(Traffic):
    """``count`` requests in a row, each with a short timeout."""

    request: Request
    count: int = 20
    timeout: float = 1.0
    label: str = "burst"

    def drive(self, client: Client, history: History, injected: float) -> None:
        for _ in range(self.count):
            history.answers.append(client.ask(self.request, self.timeout, self.label))

    def describe(self) -> str:
        return f"{self.label}: {self.count} x {self.request}"


@dataclass(frozen=True)
class Sample(Traffic):
    """One request every ``every`` seconds from ``start`` to ``until`` seconds into the fault;
    with ``stop_at_silence`` it stops at the first request nothing answered."""

    request: Request
    start: float
    until: float
    every: float = 2.0
    stop_at_silence: bool = True
    label: str = "sampled"

    def drive(self, client: Client, history: History, injected: float) -> None:
        timeline = client.service.timeline
        began = time.monotonic()
        timeline.watch(lambda _e: False, timeline.seq, injected + self.start)  # the fault goes on
        gap = threading.Event()
        while time.monotonic() < injected + self.until:
            answer = client.ask(self.request, history.budgets.answer_within, self.label)
            history.answers.append(answer)
            if self.stop_at_silence and not answer.answered:
                break
            gap.wait(self.every)
        history.observed_seconds += time.monotonic() - began

    def describe(self) -> str:
        return f"{self.label}: {self.request} every {self.every:g}s from {self.start:g}s to {self.until:g}s"
