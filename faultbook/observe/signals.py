"""Reading what signal sentinels recorded, as ``ReceivedSignal`` values for the signals check."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from faultbook.observe import sentinel


@dataclass(frozen=True)
class ReceivedSignal:
    """One signal a sentinel (or a process of the suite) received."""

    receiver: str
    signo: int
    sender_pid: int
    t: float
    sender: str = ""
    user_sent: bool = True

    @property
    def signame(self) -> str:
        """SIGINT, SIGTERM... (the number when unknown)."""
        try:
            return signal.Signals(self.signo).name
        except ValueError:
            return str(self.signo)


#: si_code values of signals a process sent (SI_USER, SI_QUEUE, SI_TKILL...); the kernel's are > 0
USER_CODES_MAX = 0


class SentinelRecord:
    """One sentinel's record file: its pid and the signals it received."""

    def __init__(self, path: Path, receiver: str) -> None:
        self.path, self.receiver = path, receiver

    def _rows(self) -> list[dict[str, object]]:
        rows = []
        with contextlib.suppress(OSError):
            for raw in self.path.read_text().splitlines():
                with contextlib.suppress(ValueError):
                    rows.append(json.loads(raw))
        return rows

    def pids(self) -> set[int]:
        """The pids of the sentinels that wrote here (one per launch)."""
        return {int(str(r["sentinel"])) for r in self._rows() if "sentinel" in r}

    def received(self) -> list[ReceivedSignal]:
        """Every signal recorded, in order."""
        return [ReceivedSignal(self.receiver, int(str(r["signo"])), int(str(r["pid"])),
                               float(str(r["t"])), str(r.get("sender", "")),
                               int(str(r["code"])) <= USER_CODES_MAX)
                for r in self._rows() if "signo" in r]


class RunnerSentinel:
    """A sentinel in the runner's own process group, watching the runner (a process the suite
    owns): a signal a system under test sends to the runner's group is recorded with its sender.
    Signals from a terminal (Ctrl-C) come from the kernel and are told apart."""

    current: RunnerSentinel | None = None

    def __init__(self, path: Path) -> None:
        self.record = SentinelRecord(path.absolute(), "runner sentinel")
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAULTBOOK_")}
        self._proc = subprocess.Popen(
            [sys.executable, "-I", sentinel.__file__, str(self.record.path), "--watch",
             str(os.getpid())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env)
        RunnerSentinel.current = self

    def close(self) -> None:
        """End it (its signals are blocked: SIGKILL) and reap it."""
        with contextlib.suppress(ProcessLookupError):
            self._proc.send_signal(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout=5)
        if RunnerSentinel.current is self:
            RunnerSentinel.current = None
