"""The routes a BMP byte stream carries, from the sender's side: every prefix inside each Route
Monitoring frame, whatever its inner length fields claim (a generous superset, for telling a
stored route that was never sent)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

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


def _updates(data: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(withdrawn routes, path attributes, NLRI) of each Route Monitoring frame's UPDATE, as far
    as its length fields reach."""
    for mtype, frame in frames(data):
        if mtype != _RM or len(frame) < _BGP + 23:
            continue
        body = frame[_BGP + 19 :]
        wlen = int.from_bytes(body[:2], "big")
        rest = body[2 + wlen :]
        if len(rest) < 2:
            yield body[2 : 2 + wlen], b"", b""
            continue
        alen = int.from_bytes(rest[:2], "big")
        yield body[2 : 2 + wlen], rest[2 : 2 + alen], rest[2 + alen :]


def frame_routes(data: bytes) -> set[str]:
    """Every prefix encoded inside a Route Monitoring frame of ``data`` (a generous superset)."""
    found: set[str] = set()
    for withdrawn, attrs, nlri in _updates(data):
        found.update(_prefixes(withdrawn, 32))
        found.update(_mp(attrs))
        found.update(_prefixes(nlri, 32))
    return found


def multiprotocol_routes(data: bytes) -> set[str]:
    """The prefixes of ``data`` carried inside MP_REACH_NLRI or MP_UNREACH_NLRI attributes."""
    return {p for _w, attrs, _n in _updates(data) for p in _mp(attrs)}
