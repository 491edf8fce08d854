"""Port squatting: a foreign listener on the port a service wants (plain, or SO_REUSEPORT)."""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass

from faultbook.faults.base import Fault, FaultSpec, FaultTarget
from faultbook.observe.evidence import Evidence
from faultbook.observe.timeline import Timeline


class PortSquat(Fault):
    """Listen on host:port before the service does; accepted connections are counted and held."""

    component = "squatter"

    def __init__(
        self, timeline: Timeline, port: int, host: str = "127.0.0.1", reuseport: bool = False
    ) -> None:
        super().__init__(timeline)
        self.host, self.port, self.reuseport = host, port, reuseport
        self.accepted = 0
        self._sock: socket.socket | None = None
        self._held: list[socket.socket] = []
        self._thread: threading.Thread | None = None

    @property
    def name(self) -> str:
        kind = "SO_REUSEPORT listener" if self.reuseport else "listener"
        return f"squat {self.host}:{self.port} ({kind})"

    def _inject(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if self.reuseport:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((self.host, self.port))
        sock.listen(64)
        self._sock = sock
        self._thread = threading.Thread(
            target=self._accept, daemon=True, name=f"faultbook-squat-{self.port}"
        )
        self._thread.start()

    def _accept(self) -> None:
        assert self._sock is not None
        while True:
            try:
                conn, peer = self._sock.accept()
            except OSError:
                return
            self.accepted += 1
            self._held.append(conn)
            self.timeline.mark(self.component, "squat.accept", f"accepted {peer[0]}:{peer[1]}")

    def _confirm(self) -> Evidence:
        held = False
        if self._sock is not None and self._sock.fileno() != -1:
            with contextlib.suppress(OSError):
                held = self._sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
        return Evidence(self.name, held or self.accepted > 0,
                        f"listening until the heal: {held}; connections accepted: {self.accepted}",
                        {"held": held, "accepted": self.accepted})

    def _heal(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
            self._sock.close()
        for conn in self._held:
            with contextlib.suppress(OSError):
                conn.close()
        if self._thread is not None:
            self._thread.join(timeout=2)


@dataclass(frozen=True)
class Squat(FaultSpec):
    """A foreign listener on the system's main port (plain, or SO_REUSEPORT)."""

    host: str = "127.0.0.1"
    reuseport: bool = False

    def build(self, target: FaultTarget) -> PortSquat:
        system = target.system
        return PortSquat(system.timeline, system.endpoint.port, self.host, self.reuseport)

    def describe(self) -> str:
        kind = "SO_REUSEPORT listener" if self.reuseport else "listener"
        return f"squat {self.host}:<main port> ({kind})"
