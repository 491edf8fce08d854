"""Graceful-stop runs: stop a long-running service with one signal and record what happened
(how long, how it ended, what it left) for the graceful-stop check and the shutdown's lines."""

from __future__ import annotations

import signal
import time
from collections.abc import Sequence

import psutil

from faultbook.checks.graceful_stop import GracefulStop, StopRecord
from faultbook.checks.log_quality import QuietWindow
from faultbook.checks.verdict import Verdict
from faultbook.observe.timeline import LogLine
from faultbook.ports import listening_ports
from faultbook.runtime.base import Service


def stop_with(service: Service, sig: signal.Signals, within: float) -> tuple[StopRecord, list[LogLine]]:
    """Start the service if needed, send ``sig`` to it, wait up to ``within`` seconds; returns the
    record and the service's lines from the signal to its exit (the shutdown's lines)."""
    if not service.is_running():
        service.start()
    ports = sorted(service.host_ports.values())
    since = service.timeline.seq
    started = time.monotonic()
    service.kill(sig)
    outcome = service.wait_exit(within)
    seconds = round(time.monotonic() - started, 3) if outcome is not None else None
    shutdown = service.timeline.lines(service.component, since)
    _, alive = psutil.wait_procs(service.processes(), timeout=min(5.0, within))
    listening = listening_ports()
    held = tuple(p for p in ports if p in listening)
    if outcome is None:
        service.stop(timeout=within)  # not graceful: recorded, then ended the hard way
    return StopRecord(sig.name, seconds, outcome.label if outcome else "still running",
                      outcome.exit_code if outcome else None,
                      tuple(p.pid for p in alive), held), shutdown


def graceful_stop_verdicts(system: str, service: Service, within: float,
                           excused: Sequence[str] = ()) -> list[Verdict]:
    """SIGTERM, then SIGINT (each from a serving start): the graceful-stop check over both, and
    no ERROR line or traceback during either shutdown."""
    verdicts: list[Verdict] = []
    stops = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        stop, lines = stop_with(service, sig, within)
        stops.append(stop)
        verdicts += QuietWindow(f"normal shutdown ({sig.name})", excused).judge(lines)
    return verdicts + GracefulStop(system, within).judge(stops)
