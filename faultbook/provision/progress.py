"""Progress of a long set-up on stderr: a line per step with its duration, a live status line
while a step runs (on a terminal, not under CI), and a final line saying what was done."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

from faultbook.provision import ProvisionError

#: seconds between redraws of the live status line
TICK = 0.5


@dataclass
class Step:
    """One running step; set ``note`` to say what it did (``installed 3 packages``)."""

    name: str
    note: str = ""


class StepProgress:
    """``with progress.step("image"):`` prints ``PROG: image: built (41.2s)`` when it ends."""

    def __init__(self, prog: str, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.prog = prog
        self.stream = stream or sys.stderr
        self.live = (self.stream.isatty() and not os.environ.get("CI")) if live is None else live
        self.started = time.monotonic()
        self.steps: list[tuple[str, float]] = []

    def _line(self, text: str) -> None:
        self.stream.write(("\r\x1b[K" if self.live else "") + text + "\n")
        self.stream.flush()

    def _ticker(self, step: Step, since: float, stop: threading.Event) -> None:
        while not stop.wait(TICK):
            self.stream.write(f"\r\x1b[K{self.prog}: {step.name}... {time.monotonic() - since:.0f}s")
            self.stream.flush()

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[Step]:
        """Time one step; its line is printed when it ends, whether it worked or failed."""
        step = Step(name)
        since = time.monotonic()
        stop = threading.Event()
        ticker = None
        if self.live:
            ticker = threading.Thread(target=self._ticker, args=(step, since, stop), daemon=True)
            ticker.start()
        failed = True
        try:
            yield step
            failed = False
        finally:
            stop.set()
            if ticker is not None:
                ticker.join(timeout=2 * TICK)
            took = time.monotonic() - since
            self.steps.append((name, took))
            what = "failed" if failed else (step.note or "done")
            self._line(f"{self.prog}: {name}: {what} ({took:.1f}s)")

    def finish(self, summary: str) -> str:
        """The final line: what was done and how long it all took."""
        line = f"{self.prog}: done in {time.monotonic() - self.started:.1f}s: {summary}"
        self._line(line)
        return line


def run_steps(prog: str, steps: Callable[[StepProgress], str]) -> int:
    """Run ``steps`` (returning what was done) with progress; the exit status. A failure is one
    line naming the fix; the final line says what was done and how long it took."""
    progress = StepProgress(prog)
    try:
        summary = steps(progress)
    except ProvisionError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    progress.finish(summary)
    return 0
