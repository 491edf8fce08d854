"""Benchmark of the core: stack up/down per runtime and service, line-to-matcher latency, and the
suite's overhead over the services' own start times. Prints one JSON document.

    python -m bench.core_bench [--runtimes process,container] [--repeat 3] [--lines 200] [-o FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bench.output import emit
from faultbook.config import Settings
from faultbook.errors import FaultbookError
from faultbook.observe.matchers import wait_for
from faultbook.observe.probes import Probe
from faultbook.runtime.engine import Engine, resolve_docker_host
from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec
from faultbook.services.registry import spec_for
from faultbook.stack import Stack

SERVICES = ("postgres", "redis", "etcd")
TICK = "for i in $(seq 1 {n}); do echo \"tick $i $(date +%s.%N)\"; sleep 0.02; done; sleep 600"


class TickerSpec(ServiceSpec):
    """A shell loop printing numbered, timestamped lines: the stimulus for the matcher latency."""

    kind = "ticker"
    container_ports = {"none": 1}
    main_port = "none"
    ready_pattern = r"^tick 1 "

    def __init__(self, lines: int) -> None:
        self.lines = lines

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        return Launch(["bash", "-c", TICK.format(n=self.lines)])

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        return Launch(["bash", "-c", TICK.format(n=self.lines)])

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return []


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values."""
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    """Median, p95, min and max in milliseconds."""
    ms = [v * 1000 for v in values]
    return {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(pct(ms, 0.95), 2),
            "min_ms": round(min(ms), 2), "max_ms": round(max(ms), 2), "n": len(ms)}


def up_down(settings: Settings, runtime: str, kind: str, repeat: int) -> dict[str, Any]:
    """Start and stop one service ``repeat`` times; split its start into own time and suite time."""
    ups, downs, own = [], [], []
    for _ in range(repeat):
        with Stack(settings, runtime, Path(tempfile.mkdtemp(prefix="fb-bench-")), kinds=spec_for) as stack:
            start = time.monotonic()
            service = stack.add(kind)
            ups.append(time.monotonic() - start)
            marks = {m.kind: m for m in stack.timeline.marks(component=kind)}
            ready_line = wait_for(stack.timeline, service.spec.ready_pattern, kind, 1)
            own.append(ready_line.mono - marks["start"].mono)  # includes its own init (initdb)
            start = time.monotonic()
            service.stop()
            downs.append(time.monotonic() - start)
    overhead = [u - o for u, o in zip(ups, own, strict=True)]
    return {"up_s": round(statistics.median(ups), 3), "down_s": round(statistics.median(downs), 3),
            "own_start_s": round(statistics.median(own), 3),
            "suite_overhead_s": round(statistics.median(overhead), 3),
            "suite_overhead_pct": round(100 * statistics.median(overhead) / statistics.median(ups), 1)}


def matcher_latency(settings: Settings, runtime: str, lines: int) -> dict[str, float]:
    """Time from a line's write (its own timestamp) to wait_for returning it."""
    delays = []
    with Stack(settings, runtime, Path(tempfile.mkdtemp(prefix="fb-bench-")), kinds=spec_for) as stack:
        service = stack.add(TickerSpec(lines), start=False)
        service.start(wait_ready=False)
        since = 0
        for i in range(1, lines + 1):
            line = wait_for(stack.timeline, rf"^tick {i} ", "ticker", 10, since)
            fired = time.time()
            since = line.seq
            delays.append(max(fired - float(line.text.split()[2]), 0.0))
    return summary(delays[5:])  # the first lines race the pump's start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtimes", default="process,container")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    result: dict[str, Any] = {"bench": "core", "repeat": args.repeat, "runtimes": {}}
    for runtime in args.runtimes.split(","):
        if runtime == "container" and not Engine.probe(
                resolve_docker_host(settings.docker_host, settings.state_dir)):
            result["runtimes"][runtime] = {"skipped": "no Docker API answers"}
            continue
        try:
            per = {kind: up_down(settings, runtime, kind, args.repeat) for kind in SERVICES}
            per["matcher_latency"] = matcher_latency(settings, runtime, args.lines)
        except FaultbookError as exc:
            print(f"core_bench: {exc}", file=sys.stderr)
            return 2
        result["runtimes"][runtime] = per
    emit(result, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
