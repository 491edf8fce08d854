"""The known defects the monitoring catalog found, each pinned to its check object and a
predicate on what that check measured."""

from __future__ import annotations

from faultbook.checks.verdict import KnownDefect
from scenarios.monitoring.checks import NAMES_LISTED, NO_PANIC, TARGETS_LISTED

STORAGE_PANIC = KnownDefect(
    "PROM-STORAGE-PANIC", NO_PANIC,
    "an unwritable storage directory ends the start in a Go panic and goroutine dump (exit 2)",
    "'panic: Unable to create mmap-ed active query log' after the permission-denied error line",
    when=lambda v: str(v.measured).startswith("panic: Unable to create mmap-ed active query log"))
PYBMP_PORT_CLOSED = KnownDefect(
    "PYBMP-METRICS-DOWN", TARGETS_LISTED,
    "PyBMP never opens the metrics port its guide documents (http://localhost:9090/metrics, "
    "METRICS_PORT): Prometheus reports the target down",
    "/api/v1/targets: health 'down', lastError 'dial tcp 127.0.0.1:<port>: connect: connection "
    "refused'; node-exporter beside it up",
    when=lambda v: v.measured == {"pybmp": "down"} and all(
        "connection refused" in t["last_error"] for t in v.evidence["targets"]
        if t["job"] == "pybmp"))
PYBMP_UNLISTED = KnownDefect(
    "PYBMP-METRICS-UNLISTED", NAMES_LISTED,
    "none of PyBMP's documented metrics reaches Prometheus",
    "/api/v1/label/__name__/values lacks bmp_active_connections",
    when=lambda v: v.measured == {"pybmp": "bmp_active_connections"})
