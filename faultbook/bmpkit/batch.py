"""The batch runner: many cases on one collector over concurrent connections, a canary session
closing each batch, every checker over the batch's history, and bisection of a failing batch down
to the input that broke it."""

from __future__ import annotations

import enum
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from faultbook.bmpkit.cases import Case, announce, marker_prefix
from faultbook.bmpkit.checkers import (
    BATCH_CHECKERS,
    COST,
    LIVENESS,
    LOG_QUALITY,
    BatchEvidence,
    BmpChecker,
)
from faultbook.bmpkit.checkers.liveness import marker_framed
from faultbook.bmpkit.checkers.stop import BmpStop
from faultbook.bmpkit.client import Client, Live, collector_state
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.history import FaultWindow, History, Observation
from faultbook.checks.verdict import Verdict
from faultbook.faults.base import Fault
from faultbook.stops import stop_with as stop_service

#: how long valid data may take to be stored (same connection and fresh connection)
STORE_WITHIN = 2.0
#: checkers whose findings leave the collector unfit for the next batch (it is restarted)
UNHEALTHY = frozenset({LIVENESS.name, COST.name, LOG_QUALITY.name})
#: slots of 100.64.0.0/10 reserved for canaries (the top ones)
CANARY_SLOTS = 16_000


class During(enum.Enum):
    """When a batch's fault holds."""

    #: from before the first write until every case is written (data sent into the fault)
    WRITES = "writes"
    #: once the cases' data is stored, until the routers end their sessions
    SESSIONS = "sessions"


@dataclass
class BatchResult:
    """A judged batch: its cases, evidence and verdicts."""

    cases: list[Case]
    evidence: BatchEvidence
    verdicts: list[Verdict]
    seconds: float
    #: when it was judged (monotonic)
    judged: float = field(default_factory=time.monotonic)

    @property
    def findings(self) -> list[Verdict]:
        """The failed verdicts."""
        return [v for v in self.verdicts if not v.ok]


@dataclass
class Runner:
    """Runs batches of cases on ``collector`` and judges them with ``checkers``."""

    collector: Collector
    checkers: Sequence[BmpChecker] = BATCH_CHECKERS
    slot: int = 0
    batches: int = 0
    messages: int = 0
    rss_points: list[tuple[int, int]] = field(default_factory=list)
    #: how long valid data may take to be stored (same connection, fresh connection)
    store_within: float = STORE_WITHIN
    #: where the routers connect, when not to the collector itself (a proxy in between: the
    #: collector then sees the proxy's source ports, and rows are judged as a store without ports)
    via: tuple[str, int] | None = None

    def _settle(self, lives: Sequence[Live], markers: dict[int, str]) -> None:
        """Wait until each open connection's marker is stored or the collector closed it (only
        markers the stream's framing reaches: no other is judged, so none is waited for)."""
        deadline = time.monotonic() + self.store_within
        socks = {lv.conn.ident: lv.sock for lv in lives if lv.sock is not None}
        waiting = {lv.conn.ident: markers[lv.conn.ident] for lv in lives
                   if marker_framed(lv.conn, markers.get(lv.conn.ident))}
        while waiting and time.monotonic() < deadline and self.collector.service.is_running():
            got = self.collector.reader.wait_routes(waiting.values(), 0.05)
            for ident, prefix in list(waiting.items()):
                sock = socks.get(ident)
                if prefix in got or sock is None or collector_state(sock) != "open":
                    del waiting[ident]

    def _close_wait(self, since: float) -> int:
        """Sockets left in CLOSE-WAIT once the collector had ``store_within`` s to see the FINs
        (sent at ``since``)."""
        deadline = since + self.store_within
        while (n := self.collector.close_wait()) and time.monotonic() < deadline:
            time.sleep(0.02)
        return n

    def _hold(self, fault: Fault, history: History, action: Callable[[], object]) -> None:
        """Inject ``fault``, do ``action`` while it holds, confirm it, heal it; the window (and
        the fault's own evidence) lands in the history."""
        log_from = self.collector.log.count()
        with fault:
            start = time.monotonic()
            action()
            seen = fault.confirm()
        history.faults.append(FaultWindow(fault.name, start, time.monotonic(), seen, log_from,
                                          self.collector.log.count()))

    def run(self, cases: Sequence[Case], fault: Fault | None = None,
            during: During = During.SESSIONS, held: Callable[[], object] | None = None
            ) -> BatchResult:
        """One batch: write, settle, canary, read back, judge (with ``fault`` held ``during``
        the writes or the established sessions, and until ``held`` returns: a bounded wait for
        the collector's reaction to the fault)."""
        col = self.collector
        if not col.service.is_running():
            col.fresh()
        col.reader.mark()
        col.log.mark()
        start = time.monotonic()
        c0 = col.cost()
        history = History(col.name)
        client = Client(*(self.via or (col.host, col.port)), history, col.wait_accepted)
        first = self.slot
        self.slot += len(cases)
        lives: list[Live] = []
        then = held or (lambda: None)

        def write_then() -> None:
            lives.extend(client.write(cases, first))
            then()

        if fault is not None and during is During.WRITES:
            self._hold(fault, history, write_then)
        else:
            lives = client.write(cases, first)
        markers = {lv.conn.ident: marker_prefix(first + i)
                   for i, (lv, case) in enumerate(zip(lives, cases, strict=True)) if case.marker}
        self._settle(lives, markers)
        if fault is not None and during is During.SESSIONS:
            self._hold(fault, history, then)
        client.end(lives, cases)
        canary = marker_prefix(CANARY_SLOTS + self.batches % 300)
        (client if self.via is None else Client(col.host, col.port, history, col.wait_accepted)
         ).canary(canary, self.batches)
        ended = time.monotonic()  # every FIN, the canary's too, is sent
        if col.service.is_running():
            col.reader.wait_routes([canary], self.store_within)
        history.close_wait = self._close_wait(ended) if col.service.is_running() else 0
        c1 = col.cost()
        end = time.monotonic()
        history.cost = Observation(start, end, round(c1.cpu_seconds - c0.cpu_seconds, 3), c1.rss,
                                   c1.log_lines, c1.alive)
        history.death = col.death()
        ev = BatchEvidence(history, col.reader.read(), col.log.lines(), col.reader.keeps,
                           col.reader.kinds,
                           col.reader.by_connection and self.via is None, canary, markers)
        verdicts = [v for checker in self.checkers for v in checker.judge(ev)]
        self.batches += 1
        self.messages += sum(len(c.messages) for c in history.connections)
        if c1.alive:
            self.rss_points.append((self.messages, c1.rss))
        result = BatchResult(list(cases), ev, verdicts, round(end - start, 3))
        if any(v.name in UNHEALTHY for v in result.findings):
            col.fresh()  # it may be dead, flooding, spinning or holding sockets
            self.rss_points.clear()
        return result

    def bisect(self, result: BatchResult, until: float | None = None) -> list[BatchResult]:
        """The single-case batches that reproduce findings of a failing batch (halves, then a
        train's inputs each on a connection of their own); the whole batch (or train) when no
        smaller part fails, and the smallest failing part found when the monotonic deadline
        ``until`` passes first."""
        if not result.findings:
            return []
        if until is not None and time.monotonic() >= until:
            return [result]
        if len(result.cases) == 1:
            inputs = result.cases[0].split()
            if len(inputs) == 1:
                return [result]
            return self.bisect(self.run(inputs), until) or [result]  # a train: its inputs apart
        mid = len(result.cases) // 2
        out: list[BatchResult] = []
        for half in (result.cases[:mid], result.cases[mid:]):
            if until is not None and time.monotonic() >= until:
                break
            part = self.run(half)
            out += self.bisect(part, until)
        return out or [result]


def stop_with(collector: Collector, sig: int, within: float = 10.0) -> BmpStop:
    """Send a valid session, then signal the collector at once; record the stop as the suite
    does (how long, how it ended, what it left, its port) and which of the session's routes were
    stored (a collector still running after ``within`` s is stopped the hard way; restarted)."""
    col = collector
    if not col.service.is_running():
        col.fresh()
    col.reader.mark()
    prefixes = [marker_prefix(CANARY_SLOTS + 300 + i) for i in range(3)]
    history = History(col.name)
    client = Client(col.host, col.port, history)
    lives = client.write([Case(f"before {signal.Signals(sig).name}", "stop",
                               b"".join(announce(p) for p in prefixes[:-1]))],
                         CANARY_SLOTS + 302)
    col.reader.wait_routes(prefixes, STORE_WITHIN)
    record, _shutdown = stop_service(col.service, signal.Signals(sig), within)
    client.end(lives, [Case("", "stop", b"")])
    stored = sorted(col.reader.read().prefixes() & set(prefixes))
    col.fresh()
    return BmpStop(record, tuple(prefixes), tuple(stored))


@dataclass
class Feeder:
    """Gathers cases into batches of at least ``size`` connections; each full batch is run, and
    a failing one bisected; ``done`` keeps every judged batch, ``failing`` the bisected ones."""

    runner: Runner
    size: int = 96
    #: which findings need their input found (e.g. those no registered defect explains)
    bisect: Callable[[Verdict], bool] | None = lambda v: True
    pending: list[Case] = field(default_factory=list)
    done: list[BatchResult] = field(default_factory=list)
    failing: list[BatchResult] = field(default_factory=list)

    def add(self, cases: Sequence[Case]) -> list[BatchResult]:
        """Queue cases; returns the bisected failures of a batch run now, if one ran."""
        self.pending += cases
        return self.flush() if len(self.pending) >= self.size else []

    def flush(self) -> list[BatchResult]:
        """Run what is queued."""
        if not self.pending:
            return []
        batch, self.pending = self.pending, []
        result = self.runner.run(batch)
        self.done.append(result)
        needs = self.bisect
        found = (self.runner.bisect(result)
                 if needs is not None and any(needs(v) for v in result.findings) else
                 [result] if result.findings else [])
        self.failing += found
        return found
