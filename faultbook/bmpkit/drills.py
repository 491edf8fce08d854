"""Drills with real moving parts around a collector: the suite's TCP proxy resetting established
sessions, and real routers (FRR bgpd, GoBGP) as senders. They act and record; the checkers judge
what they recorded."""

from __future__ import annotations

import time

from faultbook.bmpkit.batch import During, Runner
from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.checkers import BATCH_CHECKERS
from faultbook.bmpkit.checkers.senders import SendersRecord
from faultbook.bmpkit.checkers.signatures import LogSignatures
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.senders import SYSNAMES, gobgp_add_route, start_senders
from faultbook.checks.fault_effect import FaultTookEffect
from faultbook.checks.verdict import Verdict
from faultbook.faults.tcpproxy import ProxyMode, TcpProxy
from faultbook.observe.signature import Signature
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
