"""The oracles every BMP case ends with, each recorded as a verdict.

A collector under test must: stay alive; store a fresh valid session afterwards; keep CPU, log
rate and memory within budget once the input is processed; close a connection only where
RFC 7854 allows it (malformed input may be dropped with the session, valid input must not);
account for every valid message (stored, or its loss reported in its log); store no route the
input did not carry; and release the connections routers closed (no CLOSE-WAIT left).
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import time
from collections import Counter

import psutil

from faultbook.budgets import Budgets
from faultbook.checks.bmp_input import Expected
from faultbook.checks.invariants import mean_cpu, peak_rss
from faultbook.observe.timeline import Entry, LogLine
from faultbook.report.record import TestRecord
from faultbook.services.bmp.records import StoredRecord, of_conn, wait_route
from faultbook.services.bmp.router import BmpConnection, ConnState, unique_prefix, valid_session
from faultbook.services.bmp.target import BmpTarget

#: a log line that reports a discarded or failed message
LOSS_REPORT = re.compile(r"discard|drop|[Ii]nvalid|[Mm]alformed|[Ff]ail|\bERROR\b|\bWARN")

ORACLE_NET = ipaddress.IPv4Network("100.64.0.0/10")
ALIVE = "collector alive"
FRESH = "accepts and stores a fresh valid session afterwards"
CONN = "connection closed or kept as RFC 7854 allows"
CPU = "collector CPU within budget after the input"
LOG_RATE = "collector log-line rate within budget after the input"
MEMORY = "collector memory within budget"
ACCOUNTED = "every valid message accounted for"
PHANTOMS = "no stored route absent from the input"
CLOSE_WAIT = "no connection left in CLOSE-WAIT after the router closed"


def fresh_session(target: BmpTarget, within: float) -> tuple[bool, float, str]:
    """Send a fresh valid session on a new connection; (stored, seconds, detail)."""
    prefix = unique_prefix()
    start = time.monotonic()
    try:
        with BmpConnection(target.endpoint.host, target.endpoint.port, timeout=within) as conn:
            if not conn.send(valid_session(prefix)):
                return False, time.monotonic() - start, conn.send_error or "send failed"
            stored = wait_route(target.store, prefix, within)
    except OSError as exc:
        return False, time.monotonic() - start, f"connect: {exc}"
    took = round(time.monotonic() - start, 3)
    return stored is not None, took, f"{prefix} {'stored' if stored else 'not stored'}"


def check_alive(record: TestRecord, target: BmpTarget) -> bool:
    """The collector's process still runs."""
    running = target.service.is_running()
    outcome = target.service.last_outcome
    record.verdict(ALIVE, running, "running" if running else (outcome.label if outcome else "gone"),
                   "running")
    return running


def check_fresh(record: TestRecord, target: BmpTarget, within: float = 5.0) -> bool:
    """A fresh valid session is stored within ``within`` seconds."""
    ok, took, detail = fresh_session(target, within)
    record.verdict(FRESH, ok, took, f"stored within {within:g}s", detail)
    return ok


def check_connection(record: TestRecord, state: ConnState, valid_input: bool) -> bool:
    """Valid input: the collector keeps the session. Malformed: closing it is allowed too."""
    ok = state.state == "open" or not valid_input
    allowed = "open" if valid_input else "open, closed or reset"
    record.verdict(CONN, ok, state.state, allowed, state.detail)
    return ok


def _size(target: BmpTarget) -> int:
    with contextlib.suppress(OSError):
        return target.log_file.stat().st_size if target.log_file else 0
    return 0


def _newlines(target: BmpTarget, start: int, end: int, cap: int = 64 << 20) -> int:
    if target.log_file is None or end <= start:
        return 0
    with contextlib.suppress(OSError), target.log_file.open("rb") as fh:
        fh.seek(start)
        return fh.read(min(end - start, cap)).count(b"\n")
    return 0


def drain(target: BmpTarget, quiet: float = 0.3, within: float = 5.0) -> None:
    """Wait until the collector's log has been quiet for ``quiet`` s (at most ``within`` s): the
    lines a valid input causes (one per message under debug) are not a flood after it."""
    deadline = time.monotonic() + within
    cursor = target.timeline.seq
    while (now := time.monotonic()) < deadline:
        entry = target.timeline.watch(
            lambda e: isinstance(e, LogLine) and e.component == target.component
            and e.stream != target.store_stream, cursor, min(now + quiet, deadline))
        if entry is None:
            return
        cursor = entry.seq


def observe_window(target: BmpTarget, seconds: float, since: int) -> tuple[float, float, int]:
    """Once the log drained, watch it for ``seconds``; returns (start, end, lines written).

    Lines are counted on the timeline, and in the log file's growth when the collector writes
    one (the timeline stops following a flooding file at its tail limit).
    """
    drain(target)
    since = max(since, target.timeline.seq)
    start = time.monotonic()
    size0 = _size(target)
    seen = 0

    def count(entry: Entry) -> bool:
        nonlocal seen
        if isinstance(entry, LogLine) and entry.component == target.component \
                and entry.stream != target.store_stream and entry.mono >= start:
            seen += 1
        return False

    target.timeline.watch(count, since, start + seconds)
    end = time.monotonic()
    return start, end, max(seen, _newlines(target, size0, _size(target)))


def check_budgets(record: TestRecord, target: BmpTarget, budgets: Budgets, start: float,
                  end: float, lines: int) -> None:
    """CPU, log-line rate and memory over a quiet window after the input was processed (not
    judged for a collector that is gone: ``collector alive`` fails for that)."""
    if not target.service.is_running():
        return
    cpu = mean_cpu(target.sampler, target.component, start, end)
    lps = round(lines / max(end - start, 1e-3), 1)
    span = f"over {end - start:.1f}s"
    record.verdict(CPU, cpu is not None and cpu <= budgets.cpu_percent, cpu,
                   f"<= {budgets.cpu_percent:g} %", span)
    record.verdict(LOG_RATE, lps <= budgets.lines_per_second, lps,
                   f"<= {budgets.lines_per_second:g} lines/s", span)
    if budgets.rss_mb:
        rss = peak_rss(target.sampler, target.component, 0.0, end)
        mb = round(rss / 2**20, 1) if rss else None
        record.verdict(MEMORY, mb is not None and mb <= budgets.rss_mb, mb,
                       f"<= {budgets.rss_mb:g} MB", "peak RSS since start")


def stored_of(target: BmpTarget, conn: int, since: int = 0) -> list[StoredRecord]:
    """What the collector stored for one router connection (after ``since``: a later connection
    may get the same source port)."""
    return of_conn(target.store.records(since), conn)


def check_accounted(record: TestRecord, target: BmpTarget, conn: int, expected: Expected,
                    since: int) -> bool:
    """Each valid message sent on ``conn`` is stored, or its loss is reported in the log."""
    stored = stored_of(target, conn, since)
    have = Counter(r.kind for r in stored)
    missing_counts = {k: n - have[k] for k, n in expected.counts.items()
                      if have[k] < n and k in target.store.kinds}
    routes = {(r.action or "update", r.prefix) for r in stored if r.kind == "route"}
    missing_routes = sorted(f"{a} {p}" for a, p in expected.routes - routes)
    reports = [line.text for line in target.log_lines(since) if LOSS_REPORT.search(line.text)]
    lost = bool(missing_counts or missing_routes)
    ok = not lost or bool(reports)
    record.verdict(ACCOUNTED, ok,
                   {"valid_messages": expected.messages, "missing": missing_counts,
                    "missing_routes": missing_routes[:10], "loss_reports": len(reports)},
                   "stored, or a loss line in the log", reports[0][:200] if reports else "")
    return ok


def check_phantoms(record: TestRecord, target: BmpTarget, conn: int, sent: set[str],
                   since: int = 0) -> bool:
    """Every route stored for ``conn`` (after ``since``) was present in the octets sent on it."""
    records = [r for r in stored_of(target, conn, since) if r.kind == "route" and r.prefix]
    # a store without the router's port: the oracles' own fresh routes are not phantoms
    stored = [r.prefix for r in records if r.conn is not None or not oracle_route(r.prefix)]
    target.sent_routes |= sent
    # records without a router port are judged against everything sent to this collector
    phantoms = Counter(r.prefix for r in records if r.prefix in stored and r.prefix not in (
        sent if r.conn is not None else target.sent_routes))
    ok = not phantoms
    record.verdict(PHANTOMS, ok, {"phantom_routes": sum(phantoms.values()),
                                  "examples": [p for p, _ in phantoms.most_common(5)]},
                   {"phantom_routes": 0}, f"{len(stored)} route records stored")
    return ok


def oracle_route(prefix: str | None) -> bool:
    """True for the /24s the oracles announce (100.64.0.0/10)."""
    with contextlib.suppress(ValueError):
        net = ipaddress.ip_network(prefix or "", strict=False)
        return isinstance(net, ipaddress.IPv4Network) and net.subnet_of(ORACLE_NET)
    return False


def close_wait(target: BmpTarget) -> int:
    """Connections on the collector's port the peer closed but the collector did not."""
    port = target.endpoint.port
    n = 0
    for proc in target.service.processes():
        with contextlib.suppress(psutil.Error):
            for c in proc.net_connections("tcp"):
                if c.status == psutil.CONN_CLOSE_WAIT and c.laddr and c.laddr.port == port:
                    n += 1
    return n


def check_close_wait(record: TestRecord, target: BmpTarget) -> bool:
    """The collector released every connection its routers closed."""
    n = close_wait(target)
    record.verdict(CLOSE_WAIT, n == 0, n, 0, "sockets in CLOSE-WAIT on the BMP port")
    return n == 0
