"""Benchmark of a run's report: time to render it from the artifacts, its size, and how soon
headless Chromium paints it (first contentful paint, and the load event). Prints one JSON document.

    python -m bench.report_bench RUN_DIR [--repeat 3] [-o FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.output import emit
from faultbook.report.page import write_report

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: appended to a copy of the page: writes the paint timings into the DOM once loaded
TIMINGS = """<script>window.addEventListener('load', function () { setTimeout(function () {
  var p = {}; performance.getEntriesByType('paint').forEach(function (e) { p[e.name] = e.startTime; });
  var n = performance.getEntriesByType('navigation')[0];
  var pre = document.createElement('pre'); pre.id = 'fb-timing';
  pre.textContent = JSON.stringify({fcp: p['first-contentful-paint'], load: n.loadEventEnd});
  document.body.appendChild(pre); }, 0); });</script>"""


def paint(page: Path) -> dict[str, float]:
    """Chromium's first contentful paint and load event for ``page``, in milliseconds."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium not found: apt-get install -y chromium")
    probe = page.with_name(page.stem + ".timing.html")
    probe.write_text(page.read_text() + TIMINGS)
    try:
        with tempfile.TemporaryDirectory(prefix="fb-bench-chromium-") as profile:
            done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                                   "--window-size=1400,1000", probe.as_uri()], capture_output=True,
                                  text=True, timeout=120, stdin=subprocess.DEVNULL)
    finally:
        probe.unlink()
    found = re.search(r'<pre id="fb-timing">(.*?)</pre>', done.stdout, re.S)
    if found is None:
        raise SystemExit(f"{page}: no paint timings (chromium exited {done.returncode})")
    data: dict[str, float] = json.loads(found.group(1).replace("&quot;", '"'))
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report_bench", description=__doc__)
    parser.add_argument("run_dir", type=Path, help="a run folder, e.g. reports/latest")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    renders, fcps, loads = [], [], []
    page = args.run_dir / "report.html"
    for _ in range(args.repeat):
        started = time.monotonic()
        page = write_report([args.run_dir.resolve()])
        renders.append(time.monotonic() - started)
        timing = paint(page)
        fcps.append(timing["fcp"])
        loads.append(timing["load"])
    tests = len(list(args.run_dir.glob("*/timeline.json")))
    emit({"bench": "report", "run_dir": str(args.run_dir), "tests": tests,
          "report_bytes": page.stat().st_size,
          "render_seconds": round(statistics.median(renders), 2),
          "first_contentful_paint_ms": round(statistics.median(fcps)),
          "load_event_ms": round(statistics.median(loads))}, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
