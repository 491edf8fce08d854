"""A supervisor's view of one member it supervises (a manager's view of an agent, a cluster's
view of a node), polled in a thread and recorded with the time of each answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from faultbook.observe.timeline import Timeline


@dataclass(frozen=True)
class ViewSample:
    """One reading: monotonic time, the status the supervisor reported (None: no answer)."""

    mono: float
    status: str | None
    detail: str = ""


Reader = Callable[[], tuple[str | None, str]]


class SupervisorWatch:
    """Calls ``read`` every ``interval`` seconds; each status change is a mark on the timeline."""

    def __init__(self, timeline: Timeline, component: str, read: Reader, interval: float = 1.0) -> None:
        self.timeline = timeline
        self.component = component
        self.read = read
        self.interval = interval
        self.samples: list[ViewSample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True,
                                        name=f"faultbook-supervisor-{component}")

    def start(self) -> SupervisorWatch:
        """Begin polling."""
        self._thread.start()
        return self

    def _poll(self) -> None:
        last: str | None = ""
        while not self._stop.is_set():
            status, detail = self.read()
            self.samples.append(ViewSample(time.monotonic(), status, detail[:200]))
            if status != last:
                self.timeline.mark(self.component, "supervisor.view", f"{status}", status=status,
                                   detail=detail[:200])
                last = status
            self._stop.wait(self.interval)  # the polling period, not a synchronization

    def wait_for(self, accept: Callable[[str | None], bool], within: float) -> ViewSample | None:
        """The first new sample whose status ``accept`` takes, or None after ``within`` seconds."""
        seen = len(self.samples)
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for sample in self.samples[seen:]:
                if accept(sample.status):
                    return sample
            seen = len(self.samples)
            self._stop.wait(min(self.interval / 2, max(deadline - time.monotonic(), 0.0)))
        return None

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
        self._thread.join(timeout=self.interval + 15)
