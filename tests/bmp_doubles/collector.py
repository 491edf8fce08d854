"""A deliberately broken BMP collector (a test double: never a target of the catalog).

It writes pmacct's msglog format and a log file, so the kit's readers work on it, and breaks in
exactly one way, chosen by ``--flaw``:

    none          correct
    lose          drops every second route under 10/8 silently   (accounting)
    lose-misnamed drops them, reporting each under another router (accounting: not its report)
    duplicate     stores every route twice                        (accounting)
    invent        stores 203.0.113.0/24 beside every route       (nothing invented)
    die           SIGSEGV on a route for 198.51.100.0/24         (liveness)
    split-header  drops a common header split across reads        (segmentation)
    flood         5,000 distinct log lines per closed session    (cost)
    error-close   logs ERROR for a normal close                  (log quality)
    deaf          ignores SIGTERM and SIGINT                     (graceful stop)
    buffered      keeps rows in memory until 1,000 are due; SIGTERM exits 0 without writing them
                                                                  (graceful stop: nothing lost)
    cpu-burn      spends 0.05 CPU s on every message             (cost: CPU per input)
    leak          keeps 2 MB for every message                   (cost: RSS slope)
    placeholder   logs an unformatted "%s" for every route       (log quality)
    silent        writes no log line at all                      (signatures)
    outage-drop   (with --dsn) drops the session records (Initiation, Peer Up) its database
                  refuses, with no line naming the router (routes wait and are written once it
                  is back); correct: keeps every row until the database is back
                                                                  (dependency outage)
    stamped       drops every Route Monitoring whose per-peer header carries a timestamp, as
                  real routers stamp them (the kit's synthetic sessions do not)
                                                                  (real senders)

Where it stores, and how it speaks, are chosen apart from the flaw: ``--dsn`` keeps rows in a
PostgreSQL table ``bmp_rows`` (a JSON body each) instead of the msglog file; ``--voice guide``
prints the PyBMP guide's log lines (``guide-portless``: its new-connection line without the
router's port) and serves its metric names on ``--metrics-port``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import threading
import time
from collections.abc import Mapping
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

import psycopg

from faultbook.bmp.bmp import (
    Initiation,
    PeerDown,
    PeerUp,
    RouteMonitoring,
    StatisticsReport,
    Termination,
)
from faultbook.bmp.codec import decode
from faultbook.bmp.errors import DecodeError
from faultbook.bmpkit.expect import routes_of

KINDS = {Initiation: "init", Termination: "term", PeerUp: "peer_up", PeerDown: "peer_down",
         StatisticsReport: "stats"}


#: the metric names the guide voice serves
METRICS = ("bmp_active_connections", "bmp_messages_received_total",
           "bmp_message_processing_rate", "database_queries_total", "database_pool_connections",
           "database_query_duration_seconds", "process_resident_memory_bytes",
           "bmp_connections_lost_total")


class Sink:
    """Where rows go: the msglog file, one JSON line each."""

    def __init__(self, msglog: Path) -> None:
        self.msglog = msglog.open("a", buffering=1)

    def put(self, lines: list[str]) -> None:
        self.msglog.write("".join(lines))


class DbSink(Sink):
    """Rows in PostgreSQL (``bmp_rows``); what the database refuses waits in ``pending`` and is
    written once it is back (``drop``: only routes wait, the session's other records refused are
    dropped)."""

    def __init__(self, dsn: str, voice: Voice, drop: bool) -> None:
        self.dsn = dsn
        self.voice = voice
        self.drop = drop
        self.conn: psycopg.Connection[tuple[object, ...]] | None = None
        self.pending: list[str] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._retry, daemon=True).start()

    def _insert(self, lines: list[str]) -> bool:
        try:
            if self.conn is None or self.conn.closed:
                self.conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=2)
            with self.conn.cursor() as cur:
                cur.executemany("INSERT INTO bmp_rows (body) VALUES (%s)", [(t,) for t in lines])
        except psycopg.Error as exc:
            self.conn = None
            self.voice.say("ERROR", f"database down: {type(exc).__name__}")
            return False
        return True

    def put(self, lines: list[str]) -> None:
        with self.lock:
            self.pending += lines
            if self._insert(self.pending):
                self.pending.clear()
            elif self.drop:
                self.pending = [t for t in self.pending if '"route_monitor"' in t]

    def _retry(self) -> None:
        while True:
            time.sleep(0.2)  # the double's own retry interval (it is the system, not a test)
            with self.lock:
                if self.pending and self._insert(self.pending):
                    self.pending.clear()


class Voice:
    """The double's log: ``LEVEL text`` lines (``silent``: none)."""

    def __init__(self, log: Path, silent: bool = False) -> None:
        self.log: IO[str] = log.open("a", buffering=1)
        self.silent = silent
        self.lock = threading.Lock()

    def line(self, level: str, text: str, logger: str) -> str:
        return f"{level} {text}"

    def say(self, level: str, text: str, logger: str = "src.bmp.server") -> None:
        if self.silent:
            return
        with self.lock:
            self.log.write(self.line(level, text, logger) + "\n")

    def started(self, port: int) -> None:
        """After it listens."""

    def accepted(self, router: str, port: int) -> None:
        """A router connected."""

    def invalid(self, router: str) -> None:
        self.say("INFO", f"[{router}] packet discarded: invalid common header")

    def malformed(self, router: str, exc: DecodeError) -> None:
        self.say("INFO", f"[{router}] packet discarded: {str(exc)[:80]}")

    def lost(self, router: str, port: int) -> None:
        self.say("INFO", f"[{router}] BMP session reset by the router")

    def closed(self, router: str, level: str) -> None:
        self.say(level, f"[{router}] BMP session closed")


class GuideVoice(Voice):
    """The PyBMP guide's lines: ``time - logger - LEVEL - text``."""

    def line(self, level: str, text: str, logger: str) -> str:
        now = datetime.now().strftime("%Y-%m-%d %H:%M:%S,%f")[:-3]
        return f"{now} - {logger} - {level.replace('WARN', 'WARNING')} - {text}"

    def started(self, port: int) -> None:
        self.say("INFO", "Starting BMP Collector...", "src.main")
        self.say("INFO", f"BMP server listening on 127.0.0.1:{port}")

    def accepted(self, router: str, port: int) -> None:
        self.say("INFO", f"New connection from {router}:{port}")

    def invalid(self, router: str) -> None:
        self.say("ERROR", f"Invalid BMP message format from {router}", "src.bmp.parser")

    def malformed(self, router: str, exc: DecodeError) -> None:
        self.say("ERROR", "Malformed BGP update in BMP message", "src.bmp.bgp_parser")

    def lost(self, router: str, port: int) -> None:
        self.say("ERROR", f"Connection lost from {router}:{port}: Connection reset by peer")

    def closed(self, router: str, level: str) -> None:
        self.say(level, f"BMP session with {router} closed")


class PortlessGuideVoice(GuideVoice):
    """The guide's lines, but a new connection is logged without the router's port."""

    def accepted(self, router: str, port: int) -> None:
        self.say("INFO", f"New connection from {router}")


VOICES: dict[str, type[Voice]] = {"plain": Voice, "guide": GuideVoice,
                                  "guide-portless": PortlessGuideVoice}


class Metrics(BaseHTTPRequestHandler):
    """/metrics: every name of METRICS, as Prometheus text."""

    def do_GET(self) -> None:
        body = "".join(f"{m} 0\n" for m in METRICS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


class Double:
    def __init__(self, flaw: str, sink: Sink, voice: Voice) -> None:
        self.flaw = flaw
        self.sink = sink
        self.voice = voice
        self.lock = threading.Lock()
        self.routes = 0
        self.buffer: list[str] = []
        self.hoard: list[bytes] = []

    def write(self, port: int, obj: Mapping[str, object]) -> None:
        with self.lock:
            line = json.dumps({"bmp_router_port": port, **obj}) + "\n"
            if self.flaw != "buffered":
                self.sink.put([line])
                return
            self.buffer.append(line)
            if len(self.buffer) >= 1000:
                self.sink.put(self.buffer)
                self.buffer = []

    def say(self, level: str, text: str) -> None:
        self.voice.say(level, text)

    def store(self, router: str, port: int, frame: bytes) -> None:
        try:
            msg = decode(frame)
        except DecodeError as exc:
            self.voice.malformed(router, exc)
            return
        if self.flaw == "cpu-burn":
            end = time.process_time() + 0.05
            while time.process_time() < end:
                pass
        if self.flaw == "leak":
            self.hoard.append(b"x" * (2 << 20))
        if isinstance(msg, RouteMonitoring):
            if self.flaw == "stamped" and msg.peer.timestamp_sec:
                return
            for r in routes_of(msg.update, str(msg.peer.address)):
                if self.flaw == "placeholder":
                    self.say("INFO", f"[{router}] route %s stored")
                if self.flaw == "die" and r.prefix == "198.51.100.0/24":
                    os.kill(os.getpid(), signal.SIGSEGV)
                self.routes += 1
                if self.flaw in ("lose", "lose-misnamed") and r.prefix.startswith("10.") and \
                        self.routes % 2 == 0:
                    if self.flaw == "lose-misnamed":
                        self.say("WARN", f"[127.0.0.1] route {r.prefix} discarded")
                    continue
                row = {"event_type": "log", "bmp_msg_type": "route_monitor", "ip_prefix": r.prefix,
                       "log_type": r.action, "peer_ip": r.peer, "bgp_nexthop": r.next_hop,
                       "origin": r.origin, "as_path": r.as_path}
                self.write(port, row)
                if self.flaw == "duplicate":
                    self.write(port, row)
                if self.flaw == "invent":
                    self.write(port, {**row, "ip_prefix": "203.0.113.0/24"})
        elif isinstance(msg, Initiation):
            names = [t.value.decode(errors="replace") for t in msg.tlvs if t.type == 2]
            self.write(port, {"event_type": "log", "bmp_msg_type": "init",
                              **({"bmp_init_info_sysname": names[0]} if names else {})})
        elif type(msg) in KINDS:
            self.write(port, {"event_type": "log", "bmp_msg_type": KINDS[type(msg)]})

    def serve(self, conn: socket.socket, peer: tuple[str, int]) -> None:
        router, port = peer[:2]
        self.voice.accepted(router, port)
        self.write(port, {"event_type": "log_init"})
        try:
            self.read(conn, router, port)
        except ConnectionResetError:
            self.voice.lost(router, port)
        conn.close()
        self.write(port, {"event_type": "log_close"})
        if self.flaw == "flood":
            for i in range(5000):
                self.say("INFO", f"session state {os.urandom(6).hex()} step {i}")
        self.voice.closed(router, "ERROR" if self.flaw == "error-close" else "INFO")

    def read(self, conn: socket.socket, router: str, port: int) -> None:
        """Frame and store until the router closes; an invalid common header ends the session."""
        buf = b""
        while data := conn.recv(65536):
            buf += data
            while len(buf) >= 6 and len(buf) >= (n := int.from_bytes(buf[1:5], "big")) >= 6:
                self.store(router, port, buf[:n])
                buf = buf[n:]
            if self.flaw == "split-header":
                if len(buf) < 6:
                    buf = b""  # a header split across reads is dropped; it reads on, out of step
                continue
            if len(buf) >= 6 and (buf[0] != 3 or int.from_bytes(buf[1:5], "big") < 6):
                self.voice.invalid(router)
                return


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--msglog", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--flaw", default="none")
    parser.add_argument("--dsn", help="keep rows in this PostgreSQL database (table bmp_rows)")
    parser.add_argument("--voice", choices=sorted(VOICES), default="plain")
    parser.add_argument("--metrics-port", type=int)
    args = parser.parse_args()
    voice = VOICES[args.voice](args.log, silent=args.flaw == "silent")
    sink = DbSink(args.dsn, voice, args.flaw == "outage-drop") if args.dsn else Sink(args.msglog)
    double = Double(args.flaw, sink, voice)
    if args.metrics_port:
        metrics = ThreadingHTTPServer(("127.0.0.1", args.metrics_port), Metrics)
        threading.Thread(target=metrics.serve_forever, daemon=True).start()
    if args.flaw == "deaf":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    else:
        signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server = socket.create_server(("127.0.0.1", args.port))
    voice.started(args.port)
    print(f"listening on 127.0.0.1:{args.port}", flush=True)
    while True:
        conn, peer = server.accept()  # the peer as accepted (a reset socket has no peer name)
        threading.Thread(target=double.serve, args=(conn, peer), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        os._exit(0)
