"""What a BMP byte stream contains, from the sender's side: the routes inside each message's
frame (whatever its inner length fields claim) and the records a collector should store for it."""

from __future__ import annotations

import ipaddress
from collections import Counter
from dataclasses import dataclass, field

from faultbook.bmp.bgp import MpReachNlri, MpUnreachNlri, Prefix, Update
from faultbook.bmp.bmp import (
    Initiation,
    Message,
    PeerDown,
    PeerUp,
    RouteMonitoring,
    StatisticsReport,
    Termination,
)
from faultbook.bmp.codec import decode_at
from faultbook.bmp.errors import DecodeError

_RM, _BGP = 0, 48  # Route Monitoring type; offset of its BGP message in the frame


def frames(data: bytes) -> list[tuple[int, bytes]]:
    """(type, frame) of each message by its common-header length; stops at an unframeable header."""
    out = []
    pos = 0
    while len(data) - pos >= 6:
        length = int.from_bytes(data[pos + 1 : pos + 5], "big")
        if data[pos] not in (3, 4) or length < 6:
            break
        out.append((data[pos + 5], data[pos : pos + length]))
        pos += length
    return out


def _prefixes(buf: bytes, afi_bits: int) -> list[str]:
    out, pos = [], 0
    while pos < len(buf):
        plen = buf[pos]
        size = (plen + 7) // 8
        if plen > afi_bits or pos + 1 + size > len(buf):
            break
        raw = buf[pos + 1 : pos + 1 + size].ljust(afi_bits // 8, b"\0")
        addr = ipaddress.ip_address(raw)
        out.append(f"{addr}/{plen}")
        pos += 1 + size
    return out


def _mp(attrs: bytes) -> list[str]:
    out, pos = [], 0
    while pos + 3 <= len(attrs):
        flags, code = attrs[pos], attrs[pos + 1]
        hdr = 4 if flags & 0x10 else 3
        if pos + hdr > len(attrs):
            break
        alen = int.from_bytes(attrs[pos + 2 : pos + hdr], "big")
        value = attrs[pos + hdr : pos + hdr + alen]
        if code in (14, 15) and len(value) >= 3:
            bits = 128 if int.from_bytes(value[:2], "big") == 2 else 32
            if code == 14 and len(value) >= 4:
                start = 4 + value[3] + 1
                out += _prefixes(value[start:], bits)
            elif code == 15:
                out += _prefixes(value[3:], bits)
        pos += hdr + alen
    return out


def frame_routes(data: bytes) -> set[str]:
    """Every prefix encoded inside a Route Monitoring frame of ``data`` (a generous superset)."""
    found: set[str] = set()
    for mtype, frame in frames(data):
        if mtype != _RM or len(frame) < _BGP + 23:
            continue
        body = frame[_BGP + 19 :]
        wlen = int.from_bytes(body[:2], "big")
        found.update(_prefixes(body[2 : 2 + wlen], 32))
        rest = body[2 + wlen :]
        if len(rest) < 2:
            continue
        alen = int.from_bytes(rest[:2], "big")
        found.update(_mp(rest[2 : 2 + alen]))
        found.update(_prefixes(rest[2 + alen :], 32))
    return found


def _str(p: Prefix) -> str:
    return f"{p.address}/{p.length}"


def update_routes(update: Update) -> set[tuple[str, str]]:
    """(update|withdraw, prefix) of every route an UPDATE carries."""
    out = {("withdraw", _str(p)) for p in update.withdrawn}
    out |= {("update", _str(p)) for p in update.nlri}
    for attr in update.attributes:
        if isinstance(attr, MpReachNlri):
            out |= {("update", _str(p)) for p in attr.nlri}
        elif isinstance(attr, MpUnreachNlri):
            out |= {("withdraw", _str(p)) for p in attr.withdrawn}
    return out


@dataclass
class Expected:
    """What a compliant collector stores for the valid messages of one connection."""

    counts: Counter[str] = field(default_factory=Counter)
    routes: set[tuple[str, str]] = field(default_factory=set)
    messages: int = 0

    def add(self, msg: Message) -> None:
        """Account for one valid message."""
        self.messages += 1
        kind = {Initiation: "init", Termination: "term", PeerUp: "peer_up",
                PeerDown: "peer_down"}.get(type(msg))
        if kind:
            self.counts[kind] += 1
        elif isinstance(msg, RouteMonitoring):
            self.routes |= update_routes(msg.update)
        elif isinstance(msg, StatisticsReport):
            self.counts["stats"] += len(msg.stats)


def valid_messages(data: bytes) -> list[Message]:
    """The messages of ``data`` this package's strict decoder accepts, frame by frame."""
    out = []
    for _, frame in frames(data):
        try:
            out.append(decode_at(frame, 0, len(frame)))
        except DecodeError:
            continue
    return out


def expected_for(messages: list[Message]) -> Expected:
    """The records these valid messages should produce (none after a Termination, which ends the
    session: RFC 7854 4.5)."""
    exp = Expected()
    for msg in messages:
        exp.add(msg)
        if isinstance(msg, Termination):
            break
    return exp
