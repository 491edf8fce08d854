"""A monitored router's side of a BMP session, over a real TCP socket on 127.0.0.1.

``valid_session`` builds the reference traffic every oracle uses: Initiation, Peer Up (both OPENs
with the 4-octet AS capability) and one Route Monitoring announcing a unique /24.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import select
import socket
import struct
import threading
from dataclasses import dataclass
from ipaddress import IPv4Address

from faultbook.bmp.bgp import (
    AsPath,
    AsPathSegment,
    CapabilitiesParameter,
    FourOctetAsCapability,
    MultiprotocolCapability,
    NextHop,
    Open,
    Origin,
    Prefix,
    Update,
)
from faultbook.bmp.bmp import Initiation, PeerHeader, PeerUp, RouteMonitoring, Tlv
from faultbook.bmp.codec import encode

PEER = PeerHeader(0, 0, 0, IPv4Address("192.0.2.9"), 65009, IPv4Address("10.0.0.9"))
_COUNTER = itertools.count(os.getpid() % 200)


def unique_prefix() -> str:
    """A /24 under 100.64.0.0/10 no other oracle of this process used."""
    n = next(_COUNTER) % (64 * 256)
    return f"100.{64 + n // 256}.{n % 256}.0/24"


def _open(asn: int, bgp_id: str) -> Open:
    caps = (MultiprotocolCapability(1, 1), FourOctetAsCapability(asn))
    return Open(asn if asn < 65536 else 23456, 90, IPv4Address(bgp_id), (CapabilitiesParameter(caps),))


def initiation(name: str = "faultbook") -> bytes:
    """An Initiation with sysDescr and sysName."""
    return encode(Initiation((Tlv(1, b"faultbook BMP oracle"), Tlv(2, name.encode()))))


def peer_up(peer: PeerHeader = PEER) -> bytes:
    """A Peer Up for ``peer`` whose OPENs carry the 4-octet AS capability."""
    return encode(PeerUp(peer, IPv4Address("127.0.0.1"), 30179, 179,
                         _open(65001, "10.0.0.1"), _open(peer.asn, str(peer.bgp_id))))


def announce(prefix: str, peer: PeerHeader = PEER) -> bytes:
    """A Route Monitoring announcing ``prefix`` from ``peer``."""
    addr, length = prefix.split("/")
    attrs = (Origin(0), AsPath((AsPathSegment(2, (peer.asn,)),)), NextHop(IPv4Address("192.0.2.9")))
    upd = Update((), attrs, (Prefix(IPv4Address(addr), int(length)),))
    return encode(RouteMonitoring(peer, upd))


def valid_session(prefix: str) -> bytes:
    """Initiation + Peer Up + one announcement of ``prefix``."""
    return initiation() + peer_up() + announce(prefix)


@dataclass
class ConnState:
    """What the collector did with a connection: ``open``, ``closed`` (FIN) or ``reset`` (RST)."""

    state: str
    detail: str = ""


class BmpConnection:
    """One router TCP connection to a collector."""

    def __init__(self, host: str, port: int, timeout: float = 5.0) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.local_port: int = self.sock.getsockname()[1]
        self.sent = 0
        self.send_error: str | None = None

    def send(self, data: bytes) -> bool:
        """Send everything; False (and ``send_error``) when the collector closed or reset."""
        try:
            self.sock.sendall(data)
        except OSError as exc:
            self.send_error = f"{type(exc).__name__}: {exc}"
            return False
        self.sent += len(data)
        return True

    def send_in_background(self, data: bytes) -> threading.Thread:
        """Send a large buffer from a thread (a collector may stop reading)."""
        thread = threading.Thread(target=self.send, args=(data,), daemon=True,
                                  name="faultbook-bmp-send")
        thread.start()
        return thread

    def state(self) -> ConnState:
        """Whether the collector closed the connection, without waiting."""
        try:
            ready, _, _ = select.select([self.sock], [], [], 0)
            if not ready:
                return ConnState("open")
            data = self.sock.recv(65536, socket.MSG_PEEK)
        except ConnectionResetError as exc:
            return ConnState("reset", str(exc))
        except OSError as exc:
            return ConnState("closed", str(exc))
        if self.send_error:
            return ConnState("reset", self.send_error)
        return ConnState("closed" if not data else "open", "" if not data else f"{len(data)} octets")

    def close(self) -> None:
        """A clean close (FIN)."""
        with contextlib.suppress(OSError):
            self.sock.close()

    def reset(self) -> None:
        """Abort with a real RST (SO_LINGER 0)."""
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close()

    def __enter__(self) -> BmpConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: the per-peer header of PEER, as hex (for tools that build Route Monitoring themselves)
PEER_HEADER_HEX = announce("10.0.0.0/24")[6:48].hex()
