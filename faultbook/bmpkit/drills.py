"""Drills with real moving parts around a collector: the suite's TCP proxy resetting established
sessions, real routers (FRR bgpd, GoBGP) as senders, and a dependency (its database) stopped while
a session is written. They act and record; the checkers judge what they recorded."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

from faultbook.bmpkit.batch import BatchResult, During, Runner
from faultbook.bmpkit.cases import Case, announce
from faultbook.bmpkit.checkers import BATCH_CHECKERS, BmpChecker
from faultbook.bmpkit.checkers.senders import SendersRecord
from faultbook.bmpkit.checkers.signatures import LogSignatures
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.senders import SYSNAMES, gobgp_add_route, start_senders
from faultbook.checks.fault_effect import FaultTookEffect
from faultbook.checks.verdict import Verdict
from faultbook.errors import ConfigError
from faultbook.faults.base import FaultSpec
from faultbook.faults.tcpproxy import ProxyMode, TcpProxy
from faultbook.observe.signature import Signature
from faultbook.runtime.base import Service
from faultbook.stack import Stack

#: the route added in GoBGP, and how long it may take to reach the collector through FRR's BMP
SENDER_ROUTE = "10.20.1.0/24"
SENDER_WITHIN = 15.0


def proxy_reset(collector: Collector, port: int,
                signatures: tuple[Signature, ...] = ()) -> list[Verdict]:
    """A valid session through a TCP proxy on 127.0.0.1:``port``, stored, then reset by the proxy
    (the RESET fault held while the session is established), judged by every batch checker and
    the collector's ``signatures`` for a reset; then a session through the healed proxy."""
    proxy = TcpProxy(collector.service.timeline, port, (collector.host, collector.port)).start()
    via = ("127.0.0.1", port)
    try:
        reset = Runner(collector, (*BATCH_CHECKERS, LogSignatures(signatures)), via=via).run(
            [Case("a session through the proxy, reset by it", "proxy-reset", b"")],
            fault=proxy.fault(ProxyMode.RESET), during=During.SESSIONS)
        again = Runner(collector, BATCH_CHECKERS, slot=1, via=via).run(
            [Case("a session through the healed proxy", "proxy-reset", b"")])
    finally:
        proxy.close()
    took = FaultTookEffect().judge(reset.evidence.history.faults[0].evidence)
    return [*took, *reset.verdicts, *again.verdicts]


def real_senders(collector: Collector, stack: Stack) -> SendersRecord:
    """FRR and GoBGP peered on ``stack``, both exporting BMP to the collector; a route added in
    GoBGP. Records what the collector stored and how long the route took."""
    collector.reader.mark()
    _frr, gobgp = start_senders(stack, collector.port)
    added = time.monotonic()
    gobgp_add_route(stack, gobgp, SENDER_ROUTE, "192.0.2.2")
    stored = collector.reader.wait_routes([SENDER_ROUTE], SENDER_WITHIN)
    took = round(time.monotonic() - added, 3) if stored else None
    return SendersRecord(collector.reader.read(), SYSNAMES, SENDER_ROUTE, took, SENDER_WITHIN)


@dataclass
class CollectorFaults:
    """What a fault spec is built against: the collector and the services of its stack."""

    stack: Stack
    collector: Collector

    @property
    def system(self) -> Service:
        return self.collector.service

    def service(self, name: str) -> Service:
        if name not in self.stack.services:
            raise ConfigError(f"no service {name!r} on the collector's stack: use one of "
                              f"{', '.join(self.stack.services)}")
        return self.stack.services[name]


#: the routes a session announces while a dependency is down
OUTAGE_ROUTES = ("10.77.1.0/24", "10.77.2.0/24", "10.77.3.0/24")


def dependency_outage(collector: Collector, stack: Stack, dependency: FaultSpec,
                      reacted: re.Pattern[str], checkers: Sequence[BmpChecker],
                      react_within: float = 10.0, within: float = 30.0) -> BatchResult:
    """A valid session (Initiation, Peer Up, OUTAGE_ROUTES, the marker) written while the
    ``dependency`` fault holds; the fault is healed once the collector's log shows it ``reacted``
    to the outage (bounded by ``react_within`` s); then its data may take ``within`` s to be
    stored. The batch's history holds the outage window and the fault's own evidence."""
    fault = dependency.build(CollectorFaults(stack, collector))
    case = Case(f"a session written while '{dependency.describe()}' holds", "outage",
                b"".join(announce(p) for p in OUTAGE_ROUTES))
    before = collector.log.count()
    return Runner(collector, checkers, store_within=within).run(
        [case], fault=fault, during=During.WRITES,
        held=lambda: collector.log.wait_for(reacted, react_within, after=before))
