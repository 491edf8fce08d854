"""Continuous probing: every declared probe started on a fixed beat (>= 1 Hz) into a bounded
history, whether or not the previous run has answered, so a stall shows as a gap in answers.

A probe that hangs does not delay the next one (each run has its own short-lived thread, at
most ``max_in_flight`` per probe: enough for a 10 s timeout at a 0.5 s beat, three times over;
a start skipped beyond it shows as a gap in the series); state changes (ok <-> failing) are
marked on the timeline.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

from faultbook.observe.probes import Probe, ProbeResult
from faultbook.observe.timeline import Timeline


@dataclass
class _Track:
    component: str
    probe: Probe
    samples: deque[ProbeResult]
    in_flight: int = 0
    skipped: int = 0
    last_ok: bool | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class ProbeSampler:
    """Samples probes every ``interval`` seconds from ``start()`` to ``stop()``."""

    def __init__(self, timeline: Timeline, interval: float = 0.5, max_samples: int = 20_000,
                 max_in_flight: int = 64) -> None:
        if not 0 < interval <= 1.0:
            raise ValueError(f"probe interval {interval!r}: give 0 < interval <= 1 s")
        self.timeline, self.interval = timeline, interval
        self.max_samples, self.max_in_flight = max_samples, max_in_flight
        self._tracks: dict[str, _Track] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._runs: set[threading.Thread] = set()
        self._runs_lock = threading.Lock()

    def add(self, component: str, probe: Probe) -> None:
        """Sample ``probe`` (by its name) for ``component`` from the next beat on."""
        self._tracks.setdefault(
            probe.name, _Track(component, probe, deque(maxlen=self.max_samples)))

    def start(self) -> ProbeSampler:
        """Begin the beat (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._beat, daemon=True,
                                            name="faultbook-probe-sampler")
            self._thread.start()
        return self

    def stop(self, drain: float = 10.0) -> None:
        """End the beat and wait up to ``drain`` seconds for runs in flight to answer."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 1)
        with self._runs_lock:
            runs = list(self._runs)
        for run in runs:
            run.join(timeout=drain)

    def __enter__(self) -> ProbeSampler:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _beat(self) -> None:
        while not self._stop.is_set():
            for track in list(self._tracks.values()):
                self._launch(track)
            self._stop.wait(self.interval)

    def _launch(self, track: _Track) -> None:
        with track.lock:
            if track.in_flight >= self.max_in_flight:
                track.skipped += 1
                return
            track.in_flight += 1
        run = threading.Thread(target=self._run, args=(track,), daemon=True,
                               name=f"faultbook-probe-{track.probe.name[:20]}")
        with self._runs_lock:
            self._runs.add(run)
        run.start()

    def _run(self, track: _Track) -> None:
        try:
            result = track.probe.run()
            with track.lock:
                track.samples.append(result)
                changed = result.ok != track.last_ok
                track.last_ok = result.ok
            if changed:
                self.timeline.mark(track.component, "probe.state",
                                   f"{track.probe.name}: {'ok' if result.ok else 'FAIL'}",
                                   ok=result.ok, status=result.status,
                                   latency=round(result.latency, 4), detail=result.detail[:200])
        finally:
            with track.lock:
                track.in_flight -= 1
            with self._runs_lock:
                self._runs.discard(threading.current_thread())

    def series(self, name: str) -> list[ProbeResult]:
        """The samples of probe ``name`` so far, by start time."""
        track = self._tracks.get(name)
        if track is None:
            return []
        with track.lock:
            return sorted(track.samples, key=lambda s: s.t)

    def names(self) -> list[str]:
        """The probes sampled."""
        return list(self._tracks)

    def to_json(self) -> dict[str, object]:
        """Every series as plain data (for probes-sampled.json)."""
        return {name: {"component": track.component, "skipped": track.skipped,
                       "samples": [{"t": round(s.t, 3), "ok": s.ok, "status": s.status,
                                    "latency": round(s.latency, 4)} for s in self.series(name)]}
                for name, track in self._tracks.items()}
