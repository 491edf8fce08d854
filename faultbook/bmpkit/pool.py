"""Seeds drawn ahead: the generator runs in a process of its own while batches are written and
waited on, so drawing and the collector's work overlap instead of taking turns, and the draws
never hold the runner's interpreter lock (a drawing thread made every connection the runner
opened wait for it)."""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import time
from collections.abc import Iterator
from multiprocessing.context import SpawnProcess
from multiprocessing.synchronize import Event

import psutil
from hypothesis import settings

from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.generate import stratified, variants

_SPAWN = multiprocessing.get_context("spawn")


class _Stopped(BaseException):
    """Ends the generator's Hypothesis run from inside its test body (not a test failure)."""


def _produce(out: multiprocessing.Queue[list[Case] | str | None], stop: Event, per_kind: int,
             base: settings, lead: tuple[str, ...]) -> None:
    """The drawing process: the lead kinds once, then rounds of every kind, each seed's twins
    put on ``out`` until ``stop``; ``None`` ends the stream, a string is the error that did."""

    def put(seed: Case) -> None:
        twins = variants(seed)
        while not stop.is_set():
            try:
                out.put(twins, timeout=0.1)
            except queue.Full:
                continue
            return
        raise _Stopped

    try:
        if lead:
            stratified(put, per_kind, base, lead)
        while not stop.is_set():
            stratified(put, per_kind, base)
    except _Stopped:
        pass
    except Exception as exc:
        out.put(f"{type(exc).__name__}: {exc}")
    finally:
        out.put(None)


class SeedPool:
    """Stratified seeds of every kind, each with its segmentation twins, in rounds of
    ``per_kind`` seeds per kind (every kind early, whatever the deadline), drawn ahead by one
    process into a bounded queue."""

    def __init__(self, per_kind: int = 2, ahead: int = 512, base: settings | None = None,
                 lead: tuple[str, ...] = ()) -> None:
        self.per_kind = per_kind
        #: kinds drawn once (``per_kind`` seeds each) before the rounds: ``take`` yields them first
        self.lead = lead
        self._queue: multiprocessing.Queue[list[Case] | str | None] = _SPAWN.Queue(maxsize=ahead)
        self._stop = _SPAWN.Event()
        #: the Hypothesis settings of the draws (the current profile's when None)
        self._process: SpawnProcess = _SPAWN.Process(
            target=_produce, name="seed-pool", daemon=True,
            args=(self._queue, self._stop, per_kind, base or settings(), lead))
        self.seeds = 0
        self.error: str | None = None
        #: CPU seconds the drawing process spent (known once it is closed)
        self.cpu_seconds = 0.0

    def alive(self) -> bool:
        """Whether the drawing process still runs."""
        return self._process.is_alive()

    def take(self, deadline: float) -> Iterator[list[Case]]:
        """Each seed's cases as drawn, until ``deadline`` (monotonic); then the process ends."""
        self._process.start()
        try:
            while (left := deadline - time.monotonic()) > 0:
                try:
                    item = self._queue.get(timeout=left)
                except queue.Empty:
                    break
                if item is None:
                    break
                if isinstance(item, str):
                    self.error = item
                    break
                self.seeds += 1
                yield item
        finally:
            self.close()
        if self.error is not None:
            raise RuntimeError(f"the seed generator failed: {self.error}")

    def close(self, within: float = 5.0) -> None:
        """Stop drawing: what is drawn but not taken is worthless, so the process is terminated at
        once (a draw in flight may take long: Hypothesis replays a test body that stops it) and
        reaped within ``within`` s (killed after that)."""
        with contextlib.suppress(psutil.Error, ValueError):
            times = psutil.Process(self._process.pid).cpu_times()
            self.cpu_seconds = round(times.user + times.system, 3)
        self._stop.set()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=within)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=within)
        self._queue.cancel_join_thread()
        self._queue.close()
