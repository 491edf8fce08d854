"""Benchmark of the Backend.AI catalog: its wall time against the sum of the manager's own start
times (and the time scenarios deliberately spend watching a fault). Prints one JSON document.

    python -m bench.backendai_bench [--runtime process] [-k EXPR] [-o FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.output import emit

ROOT = Path(__file__).resolve().parent.parent


def collect(run_dir: Path) -> dict[str, Any]:
    """Manager start times, observation windows and outcomes from a run's artifacts."""
    starts: list[float] = []
    observed = 0.0
    tests = 0
    for timeline in run_dir.glob("*backendai*/timeline.json"):
        tests += 1
        entries = json.loads(timeline.read_text())["entries"]
        marks = [e for e in entries if e["type"] == "mark" and e["component"] == "manager"
                 and e["kind"] in ("start", "ready", "exit")]
        # the manager's own start: launch to ready, or launch to exit for a start that failed
        for i, mark in enumerate(marks):
            if mark["kind"] != "start":
                continue
            end = next((m for m in marks[i + 1:] if m["kind"] in ("ready", "exit")), None)
            if end is not None:
                starts.append(end["t"] - mark["t"])
        facts = json.loads((timeline.parent / "facts.json").read_text())
        observed += float(facts.get("observed_seconds", 0.0))
    return {"tests": tests, "manager_starts": len(starts),
            "manager_start_s_sum": round(sum(starts), 2), "observed_s_sum": round(observed, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", default="process")
    parser.add_argument("-k", dest="keyword", default="")
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    reports = Path(tempfile.mkdtemp(prefix="fb-bench-bai-"))
    cmd = [sys.executable, "-m", "pytest", "scenarios/backendai", f"--runtime={args.runtime}",
           "-p", "no:cacheprovider", "-q", "--faultbook-reports", str(reports)]
    if args.keyword:
        cmd += ["-k", args.keyword]
    start = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.monotonic() - start
    runs = sorted(p for p in reports.iterdir() if p.is_dir() and p.name != "latest")
    if not runs:
        print(f"backendai_bench: the catalog produced no run folder: {done.stdout[-300:]}", file=sys.stderr)
        return 2
    stats = collect(runs[-1])
    own = stats["manager_start_s_sum"]
    busy = wall - stats["observed_s_sum"]
    result = {
        "bench": "backendai-catalog", "runtime": args.runtime, "pytest_exit": done.returncode,
        "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "",
        "wall_s": round(wall, 2), **stats,
        "overhead_vs_manager_starts_pct": round(100 * (wall - own) / own, 1) if own else None,
        "overhead_excluding_observation_pct": round(100 * (busy - own) / own, 1) if own else None,
        "goal_pct": 25,
    }
    emit(result, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
