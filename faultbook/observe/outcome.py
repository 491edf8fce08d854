"""How a process or container ended: exit code or signal, and how long it ran."""

from __future__ import annotations

import signal
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """The end of one run of a component."""

    exit_code: int | None
    signal: int | None
    started: float
    ended: float

    @property
    def duration(self) -> float:
        """Seconds from start to exit."""
        return self.ended - self.started

    @property
    def label(self) -> str:
        """'exit 0', 'exit 1' or 'signal SIGKILL'."""
        if self.signal is not None:
            try:
                return f"signal {signal.Signals(self.signal).name}"
            except ValueError:
                return f"signal {self.signal}"
        return f"exit {self.exit_code}"

    @classmethod
    def from_returncode(cls, returncode: int, started: float, ended: float) -> Outcome:
        """From Popen.returncode (negative means killed by that signal)."""
        if returncode < 0:
            return cls(None, -returncode, started, ended)
        return cls(returncode, None, started, ended)

    @classmethod
    def from_container(cls, exit_code: int, started: float, ended: float) -> Outcome:
        """From a container exit code (128+N means killed by signal N)."""
        if exit_code > 128 and exit_code - 128 < 65:
            return cls(exit_code, exit_code - 128, started, ended)
        return cls(exit_code, None, started, ended)
