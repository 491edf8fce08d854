"""Seeds drawn ahead: the generator runs in a background thread while batches are written and
waited on, so drawing and the collector's work overlap instead of taking turns."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator

from hypothesis import settings

from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.generate import stratified, variants


class _Stopped(BaseException):
    """Ends the generator's Hypothesis run from inside its test body (not a test failure)."""


class SeedPool:
    """Stratified seeds of every kind, each with its segmentation twins, in rounds of
    ``per_kind`` seeds per kind (every kind early, whatever the deadline), drawn ahead by one
    thread into a bounded queue."""

    def __init__(self, per_kind: int = 2, ahead: int = 512, base: settings | None = None,
                 lead: tuple[str, ...] = ()) -> None:
        self.per_kind = per_kind
        #: kinds drawn once (``per_kind`` seeds each) before the rounds: ``take`` yields them first
        self.lead = lead
        #: the Hypothesis settings of the draws (the current profile's when None)
        self.base = base
        self._queue: queue.Queue[list[Case] | None] = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="seed-pool", daemon=True)
        self.seeds = 0
        self.error: BaseException | None = None

    def _put(self, seed: Case) -> None:
        twins = variants(seed)
        while not self._stop.is_set():
            try:
                self._queue.put(twins, timeout=0.1)
            except queue.Full:
                continue
            self.seeds += 1
            return
        raise _Stopped

    def _run(self) -> None:
        try:
            if self.lead:
                stratified(self._put, self.per_kind, self.base, self.lead)
            while not self._stop.is_set():
                stratified(self._put, self.per_kind, self.base)
        except _Stopped:
            pass
        except Exception as exc:
            self.error = exc
        finally:
            self._queue.put(None)

    def take(self, deadline: float) -> Iterator[list[Case]]:
        """Each seed's cases as drawn, until ``deadline`` (monotonic); then the thread ends."""
        self._thread.start()
        try:
            while (left := deadline - time.monotonic()) > 0:
                try:
                    item = self._queue.get(timeout=left)
                except queue.Empty:
                    break
                if item is None:
                    break
                yield item
        finally:
            self.close()
        if self.error is not None:
            raise self.error

    def close(self, within: float = 30.0) -> None:
        """Stop drawing and wait for the thread to finish its current draw (``within`` s)."""
        self._stop.set()
        end = time.monotonic() + within
        while self._thread.is_alive() and time.monotonic() < end:
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.1)
            self._thread.join(timeout=0.1)
