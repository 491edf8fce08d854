"""Benchmark of the Backend.AI agent catalog: the agent's own start-to-ready time beside the
suite's overhead for it. Prints one JSON document.

    python -m bench.agent_bench [--runtime process] [-k EXPR] [--pings N] [-o FILE]
    python -m bench.agent_bench --from reports/RUN     # judge a run already made

Per agent start, from the run's timelines: the agent's own time (launch to its ready line
``Started the agent service.``), the suite's launch overhead (start mark to spawn mark) and its
detection overhead (the ready line to the suite's ready mark, after a TCP probe); per test, its
duration and the share of it the agent spent starting. Separately, the
engine socket proxy's added latency per Docker API request (``GET /_ping``, proxied vs direct).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import docker

from bench.output import emit
from faultbook.config import Settings
from faultbook.faults.sockproxy import UnixSocketProxy
from faultbook.observe.timeline import Timeline
from faultbook.runtime.engine import resolve_docker_host

ROOT = Path(__file__).resolve().parent.parent
READY_LINE = "Started the agent service."


def starts(entries: list[dict[str, Any]]) -> list[dict[str, float]]:
    """Each agent start in one timeline: its own seconds, the suite's launch and detection."""
    found = []
    pending: dict[str, float] = {}
    for e in entries:
        if e["component"] != "agent":
            continue
        if e["type"] == "mark" and e["kind"] in ("start", "spawn", "ready"):
            pending[e["kind"]] = e["t"]
            if e["kind"] == "start":
                pending = {"start": e["t"]}
        elif e["type"] == "line" and READY_LINE in e["text"]:
            pending["line"] = e["t"]
        if {"start", "spawn", "line", "ready"} <= pending.keys():
            found.append({"agent_s": pending["line"] - pending["spawn"],
                          "launch_s": pending["spawn"] - pending["start"],
                          "detect_s": pending["ready"] - pending["line"]})
            pending = {}
    return found


def collect(run_dir: Path) -> dict[str, Any]:
    """Agent starts and observation time from a run's artifacts."""
    rows: list[dict[str, float]] = []
    durations: list[float] = []
    for timeline in run_dir.glob("*agent*/timeline.json"):
        rows.extend(starts(json.loads(timeline.read_text())["entries"]))
        outcome = timeline.parent / "outcome.json"
        if outcome.is_file():
            durations.append(float(json.loads(outcome.read_text()).get("duration", 0.0)))
    own = [r["agent_s"] for r in rows]
    overhead = [r["launch_s"] + r["detect_s"] for r in rows]
    return {"tests": len(durations), "agent_starts": len(rows),
            "agent_start_to_ready_s": _summary(own),
            "suite_overhead_per_start_s": _summary(overhead),
            "suite_overhead_vs_agent_pct": round(100 * sum(overhead) / sum(own), 2) if own else None,
            "test_s": _summary(durations), "tests_total_s": round(sum(durations), 1),
            "agent_starting_share_pct":
                round(100 * sum(own) / sum(durations), 1) if durations and own else None}


def _summary(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {"mean": round(statistics.fmean(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3)}


def proxy_latency(pings: int) -> dict[str, Any]:
    """Mean latency of ``GET /_ping`` through the suite's engine socket proxy and directly."""
    settings = Settings.from_env()
    host = resolve_docker_host(settings.docker_host, settings.state_dir) or ""
    if not host.startswith("unix://"):
        return {"skipped": f"no engine on a Unix socket (DOCKER_HOST {host!r})"}
    with tempfile.TemporaryDirectory(prefix="fb-bench-agent-") as tmp:
        proxy = UnixSocketProxy(Timeline(), Path(tmp) / "e.sock", Path(host.removeprefix("unix://")))
        proxy.start()
        try:
            clients = {"direct": docker.APIClient(base_url=host),
                       "proxied": docker.APIClient(base_url=proxy.docker_host)}
            timings: dict[str, list[float]] = {name: [] for name in clients}
            for client in clients.values():
                client.ping()  # one warm-up connection each
            for _ in range(pings):  # interleaved, so a busy machine weighs on both alike
                for name, client in clients.items():
                    began = time.perf_counter()
                    client.ping()
                    timings[name].append((time.perf_counter() - began) * 1000)
            for client in clients.values():
                client.close()
        finally:
            proxy.close()
    direct, proxied = (statistics.median(timings[n]) for n in ("direct", "proxied"))
    return {"pings": pings, "direct_median_ms": round(direct, 3),
            "proxied_median_ms": round(proxied, 3), "added_median_ms": round(proxied - direct, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", default="process")
    parser.add_argument("-k", dest="keyword", default="guide-2.1 or sigterm")
    parser.add_argument("--pings", type=int, default=200)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--from", dest="run_dir", type=Path,
                        help="a run folder of the agent catalog to read instead of running it")
    args = parser.parse_args(argv)
    if args.run_dir is not None:
        if not args.run_dir.is_dir():
            print(f"agent_bench: {args.run_dir} is not a run folder: give reports/<run>", file=sys.stderr)
            return 2
        emit({"bench": "backendai-agent", "run": str(args.run_dir), **collect(args.run_dir),
              "engine_proxy": proxy_latency(args.pings)}, args.output)
        return 0
    reports = Path(tempfile.mkdtemp(prefix="fb-bench-agent-"))
    cmd = [sys.executable, "-m", "pytest", "scenarios/backendai_agent", f"--runtime={args.runtime}",
           "-p", "no:cacheprovider", "-q", "--faultbook-reports", str(reports), "-k", args.keyword]
    began = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.monotonic() - began
    runs = sorted(p for p in reports.iterdir() if p.is_dir() and p.name != "latest")
    if not runs:
        print(f"agent_bench: the catalog produced no run folder: {done.stdout[-300:]}", file=sys.stderr)
        return 2
    emit({"bench": "backendai-agent", "runtime": args.runtime, "pytest_exit": done.returncode,
          "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "",
          "wall_s": round(wall, 2), **collect(runs[-1]), "engine_proxy": proxy_latency(args.pings)},
         args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
