"""A small run folder written by hand: one scenario test and one plain test, with real lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

T0 = 1795240940.0

MANAGER_LINES = [
    "2026-11-21 06:02:20.100 INFO ai.backend.manager.server [18500] started handling API requests",
    "2026-11-21 06:02:21.200 ERROR ai.backend.manager.server [18500] redis connection failed",
    "Traceback (most recent call last):",
    "ConnectionRefusedError: [Errno 111] Connection refused",
    "2026-11-21 06:02:22.300 INFO ai.backend.manager.server [18500] shutting down...",
    "2026-11-21 06:02:22.900 INFO ai.backend.manager.server [18500] terminated.",
]
REDIS_LINES = [
    "18036:M 21 Nov 2026 06:02:21.100 * Ready to accept connections",
    "18036:signal-handler (1795240941) Received SIGTERM scheduling shutdown...",
    "18036:M 21 Nov 2026 06:02:21.225 # User requested shutdown...",
    "18036:M 21 Nov 2026 06:02:21.226 # Redis is now ready to exit, bye bye...",
]


def _entries() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seq = 0

    def add(t: float, **kw: Any) -> None:
        nonlocal seq
        seq += 1
        out.append({"seq": seq, "t": T0 + t, "rel": t, "mono": t, **kw})

    add(0.0, type="mark", component="redis", kind="start", label="start (process)", detail={})
    add(0.05, type="mark", component="manager", kind="start", label="start (process)", detail={})
    for i, text in enumerate(MANAGER_LINES[:1]):
        add(0.2 + i * 0.1, type="line", component="manager", stream="stderr", text=text)
    add(0.9, type="line", component="redis", stream="stdout", text=REDIS_LINES[0])
    add(1.0, type="mark", component="redis", kind="fault.inject", label="stop redis", detail={})
    for i, text in enumerate(REDIS_LINES[1:]):
        add(1.01 + i * 0.01, type="line", component="redis", stream="stdout", text=text)
    for i, text in enumerate(MANAGER_LINES[1:]):
        add(1.5 + i * 0.2, type="line", component="manager", stream="stderr", text=text)
    add(2.8, type="mark", component="redis", kind="fault.heal", label="stop redis", detail={})
    return out


def write_run(run_dir: Path) -> Path:
    """Write the sample run; returns the folder."""
    scen = run_dir / "test_redis_stop_process"
    (scen / "logs").mkdir(parents=True)
    entries = _entries()
    sig_line = next(e for e in entries if e.get("text", "").endswith("redis connection failed"))
    (scen / "timeline.json").write_text(json.dumps(
        {"nodeid": "scenarios/test_catalog.py::test_scenario[process-redis-stop]", "t0": T0,
         "entries": entries}))
    (scen / "verdicts.json").write_text(json.dumps([
        {"name": "signature manager: /redis connection failed/", "ok": True,
         "measured": sig_line["text"], "budget": "a line within 10s", "detail": "§5.3",
         "known_defect": None},
        {"name": "manager exits within budget", "ok": False, "measured": 31.5, "budget": 20,
         "detail": "", "known_defect": "BAI-1"},
    ]))
    (scen / "facts.json").write_text(json.dumps({
        "scenario": {"name": "manager-redis-stop", "system": "Backend.AI", "section": "§5.3",
                     "title": "Redis stops under a running manager", "fault": "stop",
                     "budgets": {"recovery_within": 30.0},
                     "defects": [{"id": "BAI-1", "check": "manager exits within budget",
                                  "title": "manager hangs on shutdown", "evidence": "31.5s"}]},
        "signatures": [{"component": "manager", "pattern": "redis connection failed",
                        "section": "§5.3", "note": "", "matched": True, "seq": sig_line["seq"],
                        "t": sig_line["t"], "text": sig_line["text"]}],
        "recovery_seconds": 1.8}))
    (scen / "resources.json").write_text(json.dumps([
        {"component": c, "t": T0 + k * 0.5, "cpu_percent": (k * 7) % 30, "rss": 20e6 + k * 1e6,
         "threads": 3, "fds": 10, "processes": 1} for c in ("manager", "redis") for k in range(6)]))
    (scen / "probes.json").write_text(json.dumps([
        {"phase": "health", "name": "GET /server/version", "ok": False, "latency": 0.01,
         "detail": "404: Not Found", "t": T0 + 0.5, "status": 404},
        {"phase": "health", "name": "redis-cli PING", "ok": True, "latency": 0.01,
         "detail": "PONG", "t": T0 + 0.6, "status": 0}]))
    (scen / "outcome.json").write_text(json.dumps(
        {"outcome": "xfailed", "wasxfail": "known defect(s): BAI-1", "runtime": "container",
         "longrepr": "scenarios/test_catalog.py:12: in test_scenario\n    conclude(verdicts)\n"
                     "E   faultbook.checks.verdict.KnownDefectReproduced: BAI-1"}))
    (scen / "logs" / "manager.log").write_text("\n".join(
        f"2026-11-21T06:02:2{i}.000Z stderr: {t}" for i, t in enumerate(MANAGER_LINES)) + "\n")
    (scen / "logs" / "redis.log").write_text("\n".join(REDIS_LINES) + "\n")
    plain = run_dir / "test_plain"
    plain.mkdir()
    (plain / "timeline.json").write_text(json.dumps(
        {"nodeid": "tests/test_x.py::test_plain", "t0": T0 + 5, "entries": [
            {"seq": 1, "t": T0 + 5, "rel": 0.0, "type": "line", "component": "etcd",
             "stream": "stderr", "text": "2026-11-21 06:02:21.817862 N | pkg/osutil: received "
             "terminated signal, shutting down..."}]}))
    (plain / "verdicts.json").write_text(json.dumps([
        {"name": "nothing left after teardown", "ok": False, "measured": {"ports": [1234]},
         "budget": "nothing", "detail": "", "known_defect": None}]))
    (plain / "outcome.json").write_text(json.dumps({"outcome": "failed", "reason": "leftovers"}))
    write_fuzz(run_dir / "test_fuzz_process")
    return run_dir


FUZZ_REPLAY = "faultbook replay reports/run/fuzz-failures/case-1.bin --target pmbmpd"


def write_fuzz(folder: Path) -> None:
    """A fuzz test's folder: many generated fault labels and the fuzz.* facts."""
    (folder / "logs").mkdir(parents=True)
    entries = [{"seq": i + 1, "t": T0 + 10 + i * 0.01, "rel": i * 0.01, "type": "mark",
                "component": "pmbmpd", "kind": "fault.inject", "label": f"case {i}: oversize",
                "detail": {}} for i in range(40)]
    (folder / "timeline.json").write_text(json.dumps(
        {"nodeid": "scenarios/pmbmpd/test_pmbmpd.py::test_fuzz[process]", "t0": T0 + 10,
         "entries": entries}))
    (folder / "verdicts.json").write_text("[]")
    (folder / "facts.json").write_text(json.dumps({
        "fuzz.cases": 40, "fuzz.families": {"bmp_length": 25, "bgp_marker": 15},
        "fuzz.findings": ["PMBMPD-SINK-FLOOD: endless Sinking. lines"],
        "fuzz.reproducers": [{"path": "fuzz-failures/case-1.bin", "replay": FUZZ_REPLAY}],
        "fuzz.outcomes": {"bmp_length": {"PMBMPD-SINK-FLOOD + session closed": 25}}}))
    (folder / "outcome.json").write_text(json.dumps({"outcome": "passed", "runtime": "process"}))
