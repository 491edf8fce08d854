"""A catalog-sized run folder made from a small real run's artifacts: its test folders copied
until the run has ``cards`` tests, each copy's logs and timeline lines repeated up to the
volume a catalog test leaves (the manager logs at DEBUG: about 1 MB and 5000 lines a test)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

#: octets of log a catalog test leaves, and the lines of its timeline
LOG_OCTETS = 1_000_000
TIMELINE_LINES = 5000


def _grow_log(path: Path) -> None:
    """Repeat the real lines up to LOG_OCTETS, each with a stamp and a request id of its own (as
    real lines differ), so it compresses about as well as a real one (8-10x for the manager)."""
    lines = path.read_text(errors="replace").splitlines()
    if not lines:
        return
    out: list[str] = []
    size = n = 0
    while size < LOG_OCTETS:
        line = lines[n % len(lines)]
        token = hashlib.sha1(str(n).encode()).hexdigest()[:12]
        text = f"{n:08d} req={token} {line}"
        out.append(text)
        size += len(text) + 1
        n += 1
    path.write_text("\n".join(out) + "\n")


def _grow_timeline(folder: Path, copy: int) -> None:
    path = folder / "timeline.json"
    timeline: dict[str, Any] = json.loads(path.read_text())
    entries = timeline["entries"]
    lines = [e for e in entries if e.get("type") == "line"]
    grown = list(entries)
    seq = max((e.get("seq", 0) for e in entries), default=0)
    span = max((e["t"] for e in entries), default=0.0) - timeline["t0"] or 1.0
    while lines and len(grown) < TIMELINE_LINES:
        for e in lines:
            seq += 1
            offset = (seq % 97) / 97 * span
            grown.append({**e, "seq": seq, "t": timeline["t0"] + (e["t"] - timeline["t0"] + offset)
                          % span, "rel": 0.0})
    grown.sort(key=lambda e: e["t"])
    timeline["entries"] = grown
    timeline["nodeid"] = f"{timeline['nodeid']}[copy{copy}]"
    timeline["t0"] = timeline["t0"] + copy * 1e-3
    path.write_text(json.dumps(timeline))


def scale_run(source: Path, target: Path, cards: int) -> Path:
    """``target``: a run folder of ``cards`` tests grown from ``source``'s test folders."""
    tests = sorted(p for p in source.iterdir() if (p / "timeline.json").exists())
    target.mkdir(parents=True)
    for n in range(cards):
        folder = target / f"{tests[n % len(tests)].name}-copy{n}"
        shutil.copytree(tests[n % len(tests)], folder)
        for log in (folder / "logs").glob("*.log"):
            _grow_log(log)
        _grow_timeline(folder, n)
    return target
