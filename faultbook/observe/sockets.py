"""Who listens on a TCP port: the pids, and how many sockets (SO_REUSEPORT can make it several)."""

from __future__ import annotations

import contextlib

import psutil


def _listeners(port: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(psutil.AccessDenied):
        for conn in psutil.net_connections("tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
                found.append(conn.pid if conn.pid is not None else -1)
    return found


def port_holders(port: int) -> set[int]:
    """Pids listening on TCP ``port`` (any address)."""
    return set(_listeners(port))


def listener_count(port: int) -> int:
    """How many listening sockets are bound to ``port``."""
    return len(_listeners(port))
