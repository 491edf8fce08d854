"""How a faultbook run ends on SIGINT, SIGTERM and SIGHUP: like Ctrl-C, so every teardown runs,
whatever disposition the runner inherited (a background shell leaves SIGINT ignored, ``nohup``
SIGHUP). Installed only while faultbook is active in a run, restored when it ends; every signal
received is noted with its time (the runner's share of "signals stay home")."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

ENDING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


def _replaceable(sig: int, current: Handler) -> bool:
    """Inherited dispositions (and Python's own Ctrl-C handler) are ours to replace."""
    return current in (signal.SIG_DFL, signal.SIG_IGN, None) or (
        sig == signal.SIGINT and current is signal.default_int_handler)


@dataclass
class Interrupts:
    """The run's handlers: installed by ``install``, undone by ``restore``."""

    received: list[tuple[str, float]] = field(default_factory=list)
    _previous: dict[int, Handler] = field(default_factory=dict)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        self.received.append((name, time.time()))
        raise KeyboardInterrupt(name)

    def install(self) -> None:
        """End the run like Ctrl-C on each ending signal (keeps handlers others installed)."""
        for sig in ENDING:
            current = signal.getsignal(sig)
            if _replaceable(sig, current):
                self._previous[sig] = current
                signal.signal(sig, self._on_signal)

    def restore(self) -> None:
        """Put back what was there before ``install``."""
        for sig, previous in self._previous.items():
            if previous is not None:
                signal.signal(sig, previous)
        self._previous.clear()
