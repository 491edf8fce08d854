"""Reading what signal sentinels recorded, as ``ReceivedSignal`` values for the signals check."""

from __future__ import annotations

import contextlib
import json
import signal
from dataclasses import dataclass
from pathlib import Path


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
