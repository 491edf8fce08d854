"""A collector under test as the batch runner drives it: its service, store reader and log.

Only the runner acts on it (start, restart, stop); checkers read the history it leaves.
"""

from __future__ import annotations

import contextlib
import re
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

from faultbook.bmpkit.checkers.setup import SetupRecord
from faultbook.bmpkit.sockdiag import listen_queues
from faultbook.bmpkit.store import StoreReader
from faultbook.observe.resources import tree
from faultbook.runtime.base import Service

#: how often a wait re-reads a log file
POLL = 0.02


@dataclass
class Cost:
    """Cumulative counters of the collector's process tree at one instant."""

    cpu_seconds: float
    rss: int
    log_lines: int
    alive: bool


class LogSource:
    """The collector's log file, counted and read by octet offsets (every line, floods too)."""

    def __init__(self, path: Path | None, cap: int = 64 << 20) -> None:
        self.path = path
        self.cap = cap
        self._offset = self._size()

    def _size(self) -> int:
        with contextlib.suppress(OSError):
            return self.path.stat().st_size if self.path else 0
        return 0

    def mark(self) -> None:
        """Start a new window at the file's end."""
        self._offset = self._size()

    def lines(self) -> list[str]:
        """Complete lines since the last mark (at most ``cap`` octets are read)."""
        size = self._size()
        if self.path is None or size <= self._offset:
            return []
        with self.path.open("rb") as fh:
            fh.seek(self._offset)
            data = fh.read(min(size - self._offset, self.cap))
        return data[: data.rfind(b"\n") + 1].decode("utf-8", "replace").splitlines()

    def wait_for(self, pattern: re.Pattern[str], within: float, after: int = 0) -> str | None:
        """Block until a line after the first ``after`` lines of the window matches ``pattern``,
        re-reading the file every POLL s; None after ``within`` s."""
        deadline = time.monotonic() + within
        while True:
            hit = next((t for t in self.lines()[after:] if pattern.search(t)), None)
            if hit is not None or time.monotonic() >= deadline:
                return hit
            time.sleep(POLL)

    def count(self) -> int:
        """Lines since the last mark, counted without keeping them."""
        size = self._size()
        if self.path is None or size <= self._offset:
            return 0
        n = 0
        with self.path.open("rb") as fh:
            fh.seek(self._offset)
            left = size - self._offset
            while left > 0 and (chunk := fh.read(min(left, 1 << 20))):
                n += chunk.count(b"\n")
                left -= len(chunk)
        return n


def listen_queue(port: int) -> int:
    """Connections waiting in the accept queue of the IPv4 socket listening on ``port``
    (sock_diag; /proc/net/tcp, state 0A, rx_queue, where netlink is refused)."""
    with contextlib.suppress(OSError):
        return listen_queues().get(port, 0)
    return _proc_listen_queue(port)


def _proc_listen_queue(port: int) -> int:
    want = f":{port:04X}"
    with contextlib.suppress(OSError), open("/proc/net/tcp") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) > 4 and parts[3] == "0A" and parts[1].endswith(want):
                return int(parts[4].split(":")[1], 16)
    return 0


@dataclass
class Collector:
    """A running collector: ``service`` (a faultbook service), ``reader`` and ``log``."""

    name: str
    service: Service
    reader: StoreReader
    log: LogSource
    #: the signal of a graceful stop as its documentation names it
    stop_signal: int = signal.SIGTERM
    #: re-create the reader after a restart (a collector may start a new file)
    renew: Callable[[], StoreReader] | None = None
    #: what applying its shipped set-up did (a collector with a database schema)
    setup: SetupRecord | None = None

    @property
    def host(self) -> str:
        return self.service.endpoint.host

    @property
    def port(self) -> int:
        return self.service.endpoint.port

    def cost(self) -> Cost:
        """CPU seconds and RSS of its process tree now, and its log lines since the mark."""
        cpu = 0.0
        rss = 0
        for proc in tree(self.service.pid):
            with contextlib.suppress(psutil.Error):
                t = proc.cpu_times()
                cpu += t.user + t.system
                rss += proc.memory_info().rss
        return Cost(round(cpu, 3), rss, self.log.count(), self.service.is_running())

    def close_wait(self) -> int:
        """Its sockets on the BMP port the router closed but it did not (CLOSE-WAIT)."""
        n = 0
        for proc in self.service.processes():
            with contextlib.suppress(psutil.Error):
                for c in proc.net_connections("tcp"):
                    if c.status == psutil.CONN_CLOSE_WAIT and c.laddr and c.laddr.port == self.port:
                        n += 1
        return n

    def wait_accepted(self, source_port: int, within: float = 1.0) -> bool:
        """Block until its listening socket's accept queue is empty (it accepted the connection
        from ``source_port``), re-checking every 0.5 ms; False after ``within`` s."""
        deadline = time.monotonic() + within
        while listen_queue(self.port):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.0005)
        return True

    def death(self) -> str | None:
        """How its process ended, when it is gone (``signal SIGSEGV``, ``exit 1``)."""
        if self.service.is_running():
            return None
        outcome = self.service.last_outcome
        return outcome.label if outcome else "gone"

    def fresh(self) -> None:
        """Make sure it runs (restarted after a death or a flood), with its windows re-marked."""
        if self.service.is_running():
            self.service.kill(signal.SIGKILL, group=True)
            self.service.wait_exit(10.0)
        self.service.start()
        if self.renew is not None:
            self.reader = self.renew()
        self.reader.mark()
        self.log.mark()
