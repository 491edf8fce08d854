"""Resource samples of a component's process tree: CPU %, RSS, threads, open fds, children."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil


@dataclass(frozen=True)
class Sample:
    """One sample of one component."""

    component: str
    t: float
    mono: float
    cpu_percent: float
    rss: int
    threads: int
    fds: int
    processes: int


def tree(root_pid: int | None) -> list[psutil.Process]:
    """A process and its descendants (empty when it is gone)."""
    if root_pid is None:
        return []
    try:
        root = psutil.Process(root_pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


class ResourceSampler(threading.Thread):
    """Samples registered components at a fixed interval until stopped."""

    def __init__(self, interval: float = 0.5) -> None:
        super().__init__(name="faultbook-resources", daemon=True)
        self.interval = interval
        self.samples: list[Sample] = []
        self._targets: dict[str, Callable[[], list[psutil.Process]]] = {}
        self._cpu: dict[int, tuple[float, float]] = {}
        self._stop_event = threading.Event()
        self._lock = threading.Lock()

    def watch(self, component: str, processes: Callable[[], list[psutil.Process]]) -> None:
        """Sample ``component`` by calling ``processes`` for its current tree."""
        with self._lock:
            self._targets[component] = processes

    def _cpu_seconds(self, proc: psutil.Process, now: float) -> float:
        times = proc.cpu_times()
        total = times.user + times.system
        prev = self._cpu.get(proc.pid)
        self._cpu[proc.pid] = (now, total)
        if prev is None:
            return 0.0
        return max(total - prev[1], 0.0)

    def sample_once(self) -> list[Sample]:
        """Take one sample of every component."""
        now = time.monotonic()
        out = []
        with self._lock:
            targets = dict(self._targets)
        for component, get in targets.items():
            cpu = rss = threads = fds = 0.0
            procs = 0
            with contextlib.suppress(Exception):
                for proc in get():
                    with contextlib.suppress(psutil.Error), proc.oneshot():
                        cpu += self._cpu_seconds(proc, now)
                        rss += proc.memory_info().rss
                        threads += proc.num_threads()
                        fds += proc.num_fds()
                        procs += 1
            pct = 100.0 * cpu / self.interval if self.samples else 0.0
            out.append(
                Sample(
                    component,
                    time.time(),
                    now,
                    round(pct, 1),
                    int(rss),
                    int(threads),
                    int(fds),
                    procs,
                )
            )
        with self._lock:
            self.samples.extend(out)
        return out

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample_once()

    def stop(self) -> None:
        """Stop sampling."""
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout=5)

    def of(self, component: str, start: float = 0.0, end: float = float("inf")) -> list[Sample]:
        """Samples of one component between two monotonic instants."""
        with self._lock:
            return [s for s in self.samples if s.component == component and start <= s.mono <= end]

    def write(self, path: Path) -> None:
        """Write the samples as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            path.write_text(json.dumps([asdict(s) for s in self.samples]))
