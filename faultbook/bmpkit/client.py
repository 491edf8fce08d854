"""The client: writes a batch of cases to a collector over concurrent connections and records
every write in the history. It judges nothing."""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import time
from collections.abc import Callable, Sequence

from faultbook.bmpkit.cases import PRELUDE, Case, announce
from faultbook.bmpkit.history import Connection, History, Write

#: pause between rounds of writes, so a collector reads a cut stream in several reads (traffic
#: shape, not synchronisation: nothing waits on it)
PACE = 0.0002
#: bound of one write (a collector may stop reading)
WRITE_WITHIN = 5.0
CANARY = "canary"


def collector_state(sock: socket.socket) -> str:
    """Whether the collector closed or reset the connection, without waiting."""
    try:
        ready, _, _ = select.select([sock], [], [], 0)
        if not ready:
            return "open"
        data = sock.recv(65536, socket.MSG_PEEK)
    except ConnectionResetError:
        return "reset"
    except OSError:
        return "closed"
    return "open" if data else "closed"


class Live:
    """A connection being written."""

    def __init__(self, conn: Connection, chunks: list[bytes], sock: socket.socket | None) -> None:
        self.conn = conn
        self.chunks = chunks
        self.sock = sock
        self.offset = 0


def source_address(slot: int, canary: bool = False) -> str:
    """A loopback source address of its own for batch slot ``slot`` (127.64/10 for cases,
    127.128/10 for canaries): the collector's log lines name it."""
    n = slot % (64 << 16)
    return f"127.{(128 if canary else 64) + (n >> 16)}.{(n >> 8) & 255}.{n & 255}"


def _connect(host: str, port: int, source: str) -> socket.socket | None:
    try:
        sock = socket.create_connection((host, port), timeout=WRITE_WITHIN,
                                        source_address=(source, 0) if source else None)
    except OSError:
        return None
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _end(sock: socket.socket, how: str) -> None:
    with contextlib.suppress(OSError):
        if how == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


class Client:
    """Writes cases to ``host:port``; every connection and write lands in ``history``."""

    def __init__(self, host: str, port: int, history: History,
                 accepted: Callable[[int], object] | None = None) -> None:
        self.host = host
        self.port = port
        self.history = history
        #: blocks until the collector accepted the connection from a source port (a collector
        #: with a short listen backlog drops the next SYN otherwise: a 1 s retransmission)
        self.accepted = accepted

    def _open(self, label: str, stream: bytes, chunks: list[bytes], slot: int,
              canary: bool = False) -> Live:
        source = source_address(slot, canary) if self.host.startswith("127.") else ""
        conn = Connection(len(self.history.connections), label, stream=stream, canary=canary,
                          opened=time.monotonic(), source=source)
        sock = _connect(self.host, self.port, source)
        if sock is None:
            conn.collector_state = "refused"
        else:
            conn.port = sock.getsockname()[1]
        conn.frame()  # framed while the collector accepts
        if sock is not None and self.accepted is not None:
            self.accepted(conn.port)
        self.history.connections.append(conn)
        return Live(conn, chunks, sock)

    def _write(self, live: Live, chunk: bytes) -> None:
        ok = True
        if live.sock is None:
            ok = False
        else:
            try:
                live.sock.sendall(chunk)
            except OSError:
                ok = False
        self.history.writes.append(Write(live.conn.ident, time.monotonic(), live.offset,
                                         len(chunk), ok))
        live.offset += len(chunk)

    def write(self, cases: Sequence[Case], first_slot: int = 0) -> list[Live]:
        """Open one connection per case and interleave their writes round-robin (concurrent
        sessions as the collector sees them); the connections stay open."""
        lives = []
        for i, case in enumerate(cases):
            stream = case.stream(first_slot + i)
            lives.append(self._open(case.label, stream, case.segmentation.chunks(stream),
                                    first_slot + i))
        rounds = max((len(lv.chunks) for lv in lives), default=0)
        for r in range(rounds):
            if r:
                time.sleep(PACE)
            for live in lives:
                if r < len(live.chunks):
                    self._write(live, live.chunks[r])
        return lives

    def end(self, lives: Sequence[Live], cases: Sequence[Case]) -> None:
        """Note what the collector did with each connection, then end it as its case says."""
        for live, case in zip(lives, cases, strict=True):
            if live.sock is not None:
                live.conn.collector_state = collector_state(live.sock)
                live.conn.end = case.end
                _end(live.sock, case.end)
            live.conn.closed = time.monotonic()

    def canary(self, prefix: str, slot: int = 0) -> Connection:
        """A fresh valid session announcing ``prefix``, closed at once (it closes a batch)."""
        stream = PRELUDE + announce(prefix)
        live = self._open(CANARY, stream, [stream], slot, canary=True)
        self._write(live, stream)
        if live.sock is not None:
            _end(live.sock, "close")
        live.conn.closed = time.monotonic()
        return live.conn
