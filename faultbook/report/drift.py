"""Doc drift: what the two operator guides document, checked against what the real systems printed.

Each documented log line, metric and command is one DocItem. Against a run's logs and probe
results it is ``confirmed`` (the real output says what the guide says), ``contradicted`` (the
same event shows in other words, or the command answered otherwise) or ``never seen``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faultbook.report.artifacts import run_log_files
from faultbook.report.logparse import strip_capture

CONFIRMED = "confirmed"
CONTRADICTED = "contradicted"
NEVER_SEEN = "never seen"

BACKENDAI = "Backend.AI guide"
PYBMP = "PyBMP guide"
_MANAGER = r"(?i)manager|backend"
_BMP = r"(?i)bmp|collector"


@dataclass(frozen=True)
class DocItem:
    """One thing a guide documents, and how to recognise it in real output.

    ``exact`` matches the documented wording; ``related`` matches the same event in any
    wording; ``sources`` restricts log lines to matching component names. For commands,
    ``probe`` matches the probe name and ``exact`` the probe's answer (``status detail``).
    """

    guide: str
    section: str
    kind: str
    documented: str
    exact: str
    related: str = ""
    sources: str = ""
    probe: str = ""


def _log(guide: str, section: str, documented: str, exact: str, related: str = "",
         sources: str = "") -> DocItem:
    return DocItem(guide, section, "log line", documented, exact, related, sources)


def _metric(section: str, name: str) -> DocItem:
    return DocItem(PYBMP, section, "metric", name, rf"(^|\s){name}(\{{|\s)")


def _command(guide: str, section: str, documented: str, probe: str, answer: str) -> DocItem:
    return DocItem(guide, section, "command", documented, answer, probe=probe)


def _grep(guide: str, section: str, documented: str, pattern: str, sources: str = "") -> DocItem:
    return DocItem(guide, section, "grep", documented, pattern, sources=sources)


_PYBMP_LINE = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(,\d+)? - \S+ - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - "

#: every log line, metric and command the two guides document
DOC_ITEMS: tuple[DocItem, ...] = (
    # Backend.AI logging guide
    DocItem(BACKENDAI, "§1.3", "format", "[LEVEL] message", r"^\[(DEBUG|INFO|WARNING|ERROR)\] ",
            r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) ai\.backend\.[\w.]+ \[\d+\]", _MANAGER),
    _log(BACKENDAI, "§1.3", "[INFO] Shutting down the manager service...",
         r"Shutting down the manager service", r"(?i)shutting down", _MANAGER),
    _log(BACKENDAI, "§1.3", "[DEBUG] Closing ValkeyStandaloneClient connection pool",
         r"Closing ValkeyStandaloneClient connection pool", r"(?i)valkey\w*client", _MANAGER),
    _log(BACKENDAI, "§1.3", "[DEBUG] Cleaning up session scheduler tasks",
         r"Cleaning up session scheduler tasks",
         r"(?i)schedul\w*.*(clean|stop|shut|clos)|(clean|stop|shut|clos)\w*.*schedul", _MANAGER),
    _log(BACKENDAI, "§1.3", "[INFO] Manager service stopped gracefully",
         r"Manager service stopped gracefully", r"(?i)^(.*\s)?terminated\.\s*$|stopped", _MANAGER),
    _grep(BACKENDAI, "§7.1", 'grep -E "(ERROR|CRITICAL|Exception|Traceback)"',
          r"(ERROR|CRITICAL|Exception|Traceback)"),
    _grep(BACKENDAI, "§7.1", 'grep -E "(Connection.*failed|timeout|refused)"',
          r"(Connection.*failed|timeout|refused)"),
    _grep(BACKENDAI, "§7.1", 'grep -E "(Port.*busy|Address.*in use)"', r"(Port.*busy|Address.*in use)"),
    _grep(BACKENDAI, "§7.2", 'grep -E "(Starting|Started|Initialized)" manager_startup.log',
          r"(Starting|Started|Initialized)", _MANAGER),
    _grep(BACKENDAI, "§7.2", 'grep -E "Query took [0-9]+\\.[0-9]+s"', r"Query took [0-9]+\.[0-9]+s"),
    _command(BACKENDAI, "§7.3", "curl -s http://127.0.0.1:8081/server/version",
             r"/server/version", r"^2\d\d\b"),
    _command(BACKENDAI, "§7.3", "redis-cli ping", r"(?i)redis-cli.*ping", r"PONG"),
    _command(BACKENDAI, "§7.3", "etcdctl endpoint health", r"etcdctl endpoint health",
             r"is healthy"),
    _command(BACKENDAI, "Issue 2", "pg_isready -U postgres", r"pg_isready",
             r"accepting connections"),
    # PyBMP logging & troubleshooting guide
    DocItem(PYBMP, "Log Format", "format", "TIMESTAMP - LOGGER_NAME - LEVEL - MESSAGE", _PYBMP_LINE,
            r"\S", _BMP),
    _log(PYBMP, "Startup Sequence", "src.main - INFO - Starting BMP Collector...",
         r"Starting BMP Collector", r"(?i)\bstarting\b", _BMP),
    _log(PYBMP, "Startup Sequence", "src.database.connection - INFO - Database connection established",
         r"Database connection established", r"(?i)database.*connect", _BMP),
    _log(PYBMP, "Startup Sequence", "src.bmp.server - INFO - BMP server starting on 0.0.0.0:11019",
         r"BMP server starting on \S+:\d+", r"(?i)(server|listen)\w* .*(start|on) ", _BMP),
    _log(PYBMP, "Startup Sequence", "src.bmp.server - INFO - BMP server listening for connections",
         r"BMP server listening for connections", r"(?i)listening", _BMP),
    _log(PYBMP, "Router Connection", "src.bmp.server - INFO - New connection from 192.168.1.10:51234",
         r"New connection from \S+", r"(?i)connection from|accepted", _BMP),
    _log(PYBMP, "Router Connection", "src.bmp.processor - INFO - Router 192.168.1.10 session started",
         r"Router \S+ session started", r"(?i)session (start|open)", _BMP),
    _log(PYBMP, "Router Connection",
         "src.bmp.processor - INFO - Processing initiation message from 192.168.1.10",
         r"Processing initiation message from \S+", r"(?i)initiation", _BMP),
    _log(PYBMP, "Route Processing",
         "src.bmp.processor - INFO - Processed 150 route updates from 192.168.1.10",
         r"Processed \d+ route updates from \S+", r"(?i)route updates?|processed \d+", _BMP),
    _log(PYBMP, "Route Processing",
         "src.bmp.processor - DEBUG - Route announcement: 10.0.0.0/8 via 192.168.1.1",
         r"Route announcement: \S+ via \S+", r"(?i)announce", _BMP),
    _log(PYBMP, "Route Processing", "src.bmp.processor - DEBUG - Route withdrawal: 172.16.0.0/12",
         r"Route withdrawal: \S+", r"(?i)withdraw", _BMP),
    _log(PYBMP, "Warning Messages",
         "src.bmp.server - WARNING - High buffer usage for connection 192.168.1.10 (85%)",
         r"High buffer usage for connection \S+ \(\d+%\)", r"(?i)buffer", _BMP),
    _log(PYBMP, "Warning Messages",
         "src.bmp.processor - WARNING - Batch processing delayed, queue size: 500",
         r"Batch processing delayed, queue size: \d+", r"(?i)queue size|batch", _BMP),
    _log(PYBMP, "Warning Messages", "src.database.connection - WARNING - Database query slow: 1.5s",
         r"Database query slow: [\d.]+s", r"(?i)\bslow\b", _BMP),
    _log(PYBMP, "Warning Messages",
         "src.database.connection - WARNING - Connection pool near capacity: 18/20",
         r"Connection pool near capacity: \d+/\d+", r"(?i)\bpool\b", _BMP),
    _log(PYBMP, "Error Messages", "src.bmp.server - ERROR - Connection lost from 192.168.1.10: "
         "[Errno 104] Connection reset by peer",
         r"Connection lost from \S+: \[Errno 104\] Connection reset by peer",
         r"(?i)connection (lost|reset|closed)|reset by peer", _BMP),
    _log(PYBMP, "Error Messages",
         "src.database.connection - ERROR - Database connection failed: connection timeout",
         r"Database connection failed: connection timeout", r"(?i)database.*(fail|error|timeout)",
         _BMP),
    _log(PYBMP, "Error Messages", "src.bmp.parser - ERROR - Invalid BMP message format from 192.168.1.10",
         r"Invalid BMP message format from \S+",
         r"(?i)invalid|malformed|unsupported|could not (parse|decode)|parse error", _BMP),
    _log(PYBMP, "Error Messages", "src.bmp.bgp_parser - ERROR - Malformed BGP update in BMP message",
         r"Malformed BGP update in BMP message", r"(?i)malformed|bgp.*(error|invalid)", _BMP),
    _log(PYBMP, "Common Issues 1", "WARNING - No data received from 192.168.1.10 for 60 seconds",
         r"No data received from \S+ for \d+ seconds", r"(?i)no data", _BMP),
    _log(PYBMP, "Common Issues 2", "ERROR - Database connection timeout",
         r"Database connection timeout", r"(?i)database.*timeout", _BMP),
    _log(PYBMP, "Common Issues 3", "WARNING - High memory usage detected: 1.2GB",
         r"High memory usage detected: \S+", r"(?i)memory", _BMP),
    _log(PYBMP, "Common Issues 3", "ERROR - Out of memory: cannot allocate more connections",
         r"Out of memory: cannot allocate more connections", r"(?i)out of memory|MemoryError", _BMP),
    _log(PYBMP, "Common Issues 4", "INFO - Processing lag: 30 seconds behind real-time",
         r"Processing lag: \d+ seconds behind real-time", r"(?i)\blag\b", _BMP),
    _metric("Connection Metrics", "bmp_active_connections"),
    _metric("Connection Metrics", "bmp_messages_received_total"),
    _metric("Connection Metrics", "bmp_message_processing_rate"),
    _metric("Database Metrics", "database_queries_total"),
    _metric("Database Metrics", "database_pool_connections"),
    _metric("Database Metrics", "database_query_duration_seconds"),
    _metric("System Metrics", "process_resident_memory_bytes"),
    _metric("System Metrics", "process_cpu_seconds_total"),
    _metric("System Metrics", "process_open_fds"),
    _metric("Setting Up Alerts", "bmp_connections_lost_total"),
    _command(PYBMP, "Monitoring with Prometheus Metrics", "curl -s http://localhost:9090/metrics",
             r"/metrics\b", r"^2\d\d\b"),
)


@dataclass
class Evidence:
    """What a run's real systems printed (component, line) and what its probes answered."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    probes: list[dict[str, Any]] = field(default_factory=list)
    #: how many lines each of ``lines`` stands for (1 when missing)
    counts: list[int] = field(default_factory=list)

    def weight(self, index: int) -> int:
        """The number of real lines ``lines[index]`` stands for."""
        return self.counts[index] if index < len(self.counts) else 1


#: lines that differ only in numbers (stamps, pids, ports, counters) are read once
_NUMBERS = re.compile(r"\d+")


def collect_evidence(*run_dirs: Path) -> Evidence:
    """Every distinct log line of the run(s) (per component; lines that differ only in their
    numbers are kept once, with their count) and every probe result."""
    seen: dict[tuple[str, str], int] = {}
    evidence = Evidence()
    for path in [p for d in run_dirs for p in run_log_files(d)]:
        component = path.stem
        try:
            raw_lines = path.read_text(errors="replace").splitlines()
        except OSError:
            continue
        for raw in raw_lines:
            text = strip_capture(raw)[2]
            if not text:
                continue
            key = (component, _NUMBERS.sub("0", text))
            index = seen.get(key)
            if index is None:
                seen[key] = len(evidence.lines)
                evidence.lines.append((component, text))
                evidence.counts.append(1)
            else:
                evidence.counts[index] += 1
    for path in [p for d in run_dirs for p in sorted(d.glob("*/probes.json"))]:
        try:
            evidence.probes.extend(json.loads(path.read_text()))
        except (OSError, ValueError):
            continue
    return evidence


@dataclass(frozen=True)
class DriftResult:
    """A DocItem's status in a run, with the real output that decided it."""

    item: DocItem
    status: str
    real: str = ""
    component: str = ""
    count: int = 0


def _check_command(item: DocItem, probes: list[dict[str, Any]]) -> DriftResult:
    runs = [p for p in probes if re.search(item.probe, str(p.get("name", "")))]
    if not runs:
        return DriftResult(item, NEVER_SEEN)
    answers = [f"{p.get('status') if p.get('status') is not None else ''} {p.get('detail', '')}".strip()
               for p in runs]
    good = [a for a in answers if re.search(item.exact, a)]
    if good:
        return DriftResult(item, CONFIRMED, good[0][:300], str(runs[0].get("name", "")), len(good))
    return DriftResult(item, CONTRADICTED, answers[-1][:300], str(runs[-1].get("name", "")),
                       len(runs))


def check_item(item: DocItem, evidence: Evidence) -> DriftResult:
    """Classify one documented item against the evidence."""
    if item.kind == "command":
        return _check_command(item, evidence.probes)
    lines = [(i, c, t) for i, (c, t) in enumerate(evidence.lines)
             if not item.sources or re.search(item.sources, c)]
    exact = re.compile(item.exact)
    hits = [(i, c, t) for i, c, t in lines if exact.search(t)]
    if hits:
        return DriftResult(item, CONFIRMED, hits[0][2][:300], hits[0][1],
                           sum(evidence.weight(i) for i, _, _ in hits))
    if item.related:
        related = re.compile(item.related)
        near = [(i, c, t) for i, c, t in lines if related.search(t)]
        if near:
            return DriftResult(item, CONTRADICTED, near[-1][2][:300], near[-1][1],
                               sum(evidence.weight(i) for i, _, _ in near))
    return DriftResult(item, NEVER_SEEN)


def check_drift(evidence: Evidence, items: tuple[DocItem, ...] = DOC_ITEMS) -> list[DriftResult]:
    """Every documented item, classified."""
    return [check_item(item, evidence) for item in items]


def check_run(*run_dirs: Path) -> list[DriftResult]:
    """Every documented item, classified against a run folder (or the shards of one run)."""
    return check_drift(collect_evidence(*run_dirs))
