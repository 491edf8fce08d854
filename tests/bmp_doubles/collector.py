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
from pathlib import Path

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


class Double:
    def __init__(self, flaw: str, msglog: Path, log: Path) -> None:
        self.flaw = flaw
        self.msglog = msglog.open("a", buffering=1)
        self.log = log.open("a", buffering=1)
        self.lock = threading.Lock()
        self.routes = 0
        self.buffer: list[str] = []
        self.hoard: list[bytes] = []

    def write(self, port: int, obj: Mapping[str, object]) -> None:
        with self.lock:
            line = json.dumps({"bmp_router_port": port, **obj}) + "\n"
            if self.flaw != "buffered":
                self.msglog.write(line)
                return
            self.buffer.append(line)
            if len(self.buffer) >= 1000:
                self.msglog.write("".join(self.buffer))
                self.buffer.clear()

    def say(self, level: str, text: str) -> None:
        if self.flaw == "silent":
            return
        with self.lock:
            self.log.write(f"{level} {text}\n")

    def store(self, router: str, port: int, frame: bytes) -> None:
        try:
            msg = decode(frame)
        except DecodeError as exc:
            self.say("INFO", f"[{router}] packet discarded: {str(exc)[:80]}")
            return
        if self.flaw == "cpu-burn":
            end = time.process_time() + 0.05
            while time.process_time() < end:
                pass
        if self.flaw == "leak":
            self.hoard.append(b"x" * (2 << 20))
        if isinstance(msg, RouteMonitoring):
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
        elif type(msg) in KINDS:
            self.write(port, {"event_type": "log", "bmp_msg_type": KINDS[type(msg)]})

    def serve(self, conn: socket.socket) -> None:
        router, port = conn.getpeername()[:2]
        self.write(port, {"event_type": "log_init"})
        buf = b""
        while data := conn.recv(65536):
            buf += data
            while len(buf) >= 6 and len(buf) >= (n := int.from_bytes(buf[1:5], "big")) >= 6:
                self.store(router, port, buf[:n])
                buf = buf[n:]
            if self.flaw == "split-header" and len(buf) < 6:
                buf = b""  # a header split across reads is dropped
        conn.close()
        self.write(port, {"event_type": "log_close"})
        if self.flaw == "flood":
            for i in range(5000):
                self.say("INFO", f"session state {os.urandom(6).hex()} step {i}")
        level = "ERROR" if self.flaw == "error-close" else "INFO"
        self.say(level, f"[{router}] BMP session closed")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--msglog", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--flaw", default="none")
    args = parser.parse_args()
    double = Double(args.flaw, args.msglog, args.log)
    if args.flaw == "deaf":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    else:
        signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server = socket.create_server(("127.0.0.1", args.port))
    print(f"listening on 127.0.0.1:{args.port}", flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=double.serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        os._exit(0)
