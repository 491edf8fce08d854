"""Port allocation that two runs, or xdist workers, never collide on.

A port is taken only when it binds on 127.0.0.1 and a lock file for it can be created
exclusively in the shared state dir; the lock names its owner, so stale locks of dead runs are
reclaimed. Ports are released at teardown.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
from pathlib import Path

import psutil

from faultbook.errors import FaultbookError, PortInUseError
from faultbook.ownership import Owner, me


def can_bind(port: int, host: str = "127.0.0.1") -> bool:
    """True when nothing listens on host:port (0.0.0.0 listeners count too)."""
    for addr in (host, "0.0.0.0"):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((addr, port))
            except OSError:
                return False
    return True


def holder(port: int) -> str:
    """A description of who listens on ``port``: 'pid 123 (nc)' or 'an unknown process'."""
    with contextlib.suppress(psutil.AccessDenied):
        for conn in psutil.net_connections("tcp"):
            if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN:
                if conn.pid is None:
                    return "an unknown process"
                try:
                    return f"pid {conn.pid} ({psutil.Process(conn.pid).name()})"
                except psutil.NoSuchProcess:
                    return f"pid {conn.pid}"
    return "an unknown process"


def listening_ports() -> dict[int, int | None]:
    """Every TCP port in LISTEN state on this host, with the listening pid if known."""
    out: dict[int, int | None] = {}
    with contextlib.suppress(psutil.AccessDenied):
        for conn in psutil.net_connections("tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr:
                out[conn.laddr.port] = conn.pid
    return out


class PortAllocator:
    """Hands out free ports from a range, locked against other runs in ``lock_dir``."""

    def __init__(self, lock_dir: Path, port_range: tuple[int, int]) -> None:
        self.lock_dir = lock_dir
        self.low, self.high = port_range
        lock_dir.mkdir(parents=True, exist_ok=True)
        self.held: set[int] = set()

    def _lock(self, port: int) -> bool:
        path = self.lock_dir / str(port)
        for _ in range(2):
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = (
                    Owner.parse(path.read_text(errors="replace").strip()) if path.exists() else None
                )
                if owner is not None and owner.alive():
                    return False
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()  # a dead run's lock
                continue
            with os.fdopen(fd, "w") as fh:
                fh.write(me().token)
            return True
        return False

    def allocate(self) -> int:
        """A free, locked port."""
        candidates = list(range(self.low, self.high))
        random.shuffle(candidates)
        for port in candidates[:2000]:
            if port in self.held or not can_bind(port):
                continue
            if self._lock(port):
                if can_bind(port):
                    self.held.add(port)
                    return port
                self._unlock(port)
        raise FaultbookError(
            f"no free port in {self.low}-{self.high}: widen FAULTBOOK_PORT_RANGE or free some ports"
        )

    def claim(self, port: int) -> int:
        """Take a specific port; PortInUseError names the stranger holding it."""
        if port in self.held:
            return port
        if not can_bind(port):
            raise PortInUseError(port, holder(port))
        if not self._lock(port):
            raise PortInUseError(port, "another faultbook run")
        self.held.add(port)
        return port

    def _unlock(self, port: int) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.lock_dir.joinpath(str(port)).unlink()

    def release(self, port: int) -> None:
        """Give a port back."""
        self.held.discard(port)
        self._unlock(port)

    def release_all(self) -> None:
        """Give every held port back."""
        for port in list(self.held):
            self.release(port)
