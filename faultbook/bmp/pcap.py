"""Minimal pcap/pcapng reader (TCP reassembly per flow) and classic pcap writer."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address
from pathlib import Path
from typing import BinaryIO

from .errors import CaptureError

__all__ = [
    "Flow",
    "Packet",
    "TcpSegment",
    "read_packets",
    "read_tcp_streams",
    "streams_to_port",
    "tcp_segments",
    "write_pcap",
    "write_pcap_streams",
]

LINKTYPE_NULL = 0
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_LOOP = 108
LINKTYPE_LINUX_SLL = 113
LINKTYPE_IPV4 = 228
LINKTYPE_IPV6 = 229
LINKTYPE_LINUX_SLL2 = 276

_CTX = "capture"


@dataclass(frozen=True)
class Packet:
    """One captured frame: link type, timestamp in seconds and frame bytes."""

    linktype: int
    timestamp: float
    data: bytes


@dataclass(frozen=True, order=True)
class Flow:
    """One TCP direction: source and destination address and port."""

    src: str
    sport: int
    dst: str
    dport: int


@dataclass(frozen=True)
class TcpSegment:
    """A TCP segment of a flow with its sequence number, flags and payload."""

    flow: Flow
    seq: int
    flags: int
    payload: bytes
    timestamp: float


def _unpack(fmt: str, data: bytes, offset: int, what: str) -> tuple[int, ...]:
    size = struct.calcsize(fmt)
    if offset < 0 or offset + size > len(data):
        raise CaptureError(_CTX, what, offset, None, f"{size} octets")
    return struct.unpack_from(fmt, data, offset)


def _read_pcapng(data: bytes) -> Iterator[Packet]:
    pos = 0
    endian = "<"
    links: list[tuple[int, int]] = []  # (linktype, ticks per second)
    while pos < len(data):
        if pos + 12 > len(data):
            raise CaptureError(_CTX, "pcapng block header", pos, None, "12 octets")
        if data[pos : pos + 4] == b"\x0a\x0d\x0d\x0a":
            bom = data[pos + 8 : pos + 12]
            if bom == b"\x4d\x3c\x2b\x1a":
                endian = "<"
            elif bom == b"\x1a\x2b\x3c\x4d":
                endian = ">"
            else:
                raise CaptureError(_CTX, "pcapng byte-order magic", pos + 8, bom.hex())
            links = []
        btype, blen = _unpack(endian + "II", data, pos, "pcapng block header")
        if blen < 12 or blen % 4 or pos + blen > len(data):
            raise CaptureError(
                _CTX, "pcapng block length", pos + 4, blen, "a multiple of 4 within the file"
            )
        body = data[pos + 8 : pos + blen - 4]
        if btype == 1:  # interface description
            linktype = _unpack(endian + "H", body, 0, "IDB link type")[0]
            tsres = 6
            opos = 8
            while opos + 4 <= len(body):
                code, olen = _unpack(endian + "HH", body, opos, "IDB option")
                if code == 0:
                    break
                if code == 9 and olen >= 1:
                    tsres = body[opos + 4]
                opos += 4 + ((olen + 3) & ~3)
            tps = 2 ** (tsres & 0x7F) if tsres & 0x80 else 10**tsres
            links.append((linktype, tps))
        elif btype == 6:  # enhanced packet
            iface, hi, lo, caplen, _orig = _unpack(endian + "IIIII", body, 0, "EPB header")
            if iface >= len(links):
                raise CaptureError(_CTX, "EPB interface id", pos + 8, iface, f"< {len(links)}")
            if 20 + caplen > len(body):
                raise CaptureError(_CTX, "EPB captured length", pos + 20, caplen)
            linktype, tps = links[iface]
            yield Packet(linktype, ((hi << 32) | lo) / tps, bytes(body[20 : 20 + caplen]))
        elif btype == 3:  # simple packet
            if not links:
                raise CaptureError(_CTX, "SPB interface", pos, None, "an IDB first")
            orig = _unpack(endian + "I", body, 0, "SPB length")[0]
            yield Packet(links[0][0], 0.0, bytes(body[4 : 4 + orig]))
        pos += blen


def _read_classic(data: bytes) -> Iterator[Packet]:
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise CaptureError(_CTX, "pcap magic", 0, magic.hex(), "a pcap or pcapng file")
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = _unpack(endian + "I", data, 20, "pcap link type")[0] & 0x0FFFFFFF
    pos = 24
    while pos < len(data):
        sec, frac, caplen, _orig = _unpack(endian + "IIII", data, pos, "pcap record header")
        if pos + 16 + caplen > len(data):
            raise CaptureError(_CTX, "pcap captured length", pos + 8, caplen)
        ts = sec + frac / (1e9 if nano else 1e6)
        yield Packet(linktype, ts, bytes(data[pos + 16 : pos + 16 + caplen]))
        pos += 16 + caplen


def read_packets(source: str | Path | bytes) -> list[Packet]:
    """Read every frame of a pcapng or classic pcap file (path or file contents)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        return list(_read_pcapng(data))
    return list(_read_classic(data))


def _network_layer(p: Packet) -> tuple[int, bytes] | None:
    """Return (ethertype, network packet) or None if not IP."""
    d = p.data
    if p.linktype == LINKTYPE_ETHERNET:
        if len(d) < 14:
            return None
        etype = int.from_bytes(d[12:14], "big")
        off = 14
        while etype in (0x8100, 0x88A8) and len(d) >= off + 4:
            etype = int.from_bytes(d[off + 2 : off + 4], "big")
            off += 4
        return etype, d[off:]
    if p.linktype == LINKTYPE_LINUX_SLL:
        return (int.from_bytes(d[14:16], "big"), d[16:]) if len(d) >= 16 else None
    if p.linktype == LINKTYPE_LINUX_SLL2:
        return (int.from_bytes(d[0:2], "big"), d[20:]) if len(d) >= 20 else None
    if p.linktype in (LINKTYPE_NULL, LINKTYPE_LOOP):
        if len(d) < 4:
            return None
        fam = int.from_bytes(d[:4], "big" if p.linktype == LINKTYPE_LOOP else "little")
        if fam > 0xFFFF:  # NULL written on the other endianness
            fam = int.from_bytes(d[:4], "big")
        if fam == 2:
            return 0x0800, d[4:]
        if fam in (10, 24, 28, 30):
            return 0x86DD, d[4:]
        return None
    if p.linktype in (LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6):
        if not d:
            return None
        return (0x0800 if d[0] >> 4 == 4 else 0x86DD), d
    return None


def tcp_segments(packets: Iterable[Packet]) -> Iterator[TcpSegment]:
    """Yield the TCP segments of IPv4/IPv6 packets; other frames are skipped."""
    for p in packets:
        nl = _network_layer(p)
        if nl is None:
            continue
        etype, ip = nl
        if etype == 0x0800 and len(ip) >= 20 and ip[0] >> 4 == 4:
            ihl = (ip[0] & 0x0F) * 4
            total = int.from_bytes(ip[2:4], "big")
            if ip[9] != 6 or int.from_bytes(ip[6:8], "big") & 0x3FFF:
                continue  # not TCP, or a fragment
            src: IPv4Address | IPv6Address = IPv4Address(ip[12:16])
            dst: IPv4Address | IPv6Address = IPv4Address(ip[16:20])
            tcp = ip[ihl : min(total, len(ip))] if total >= ihl else b""
        elif etype == 0x86DD and len(ip) >= 40 and ip[0] >> 4 == 6:
            nxt = ip[6]
            plen = int.from_bytes(ip[4:6], "big")
            src, dst = IPv6Address(ip[8:24]), IPv6Address(ip[24:40])
            off = 40
            while nxt in (0, 43, 60) and len(ip) >= off + 8:
                nxt, off = ip[off], off + 8 + ip[off + 1] * 8
            if nxt != 6:
                continue
            tcp = ip[off : min(40 + plen, len(ip))]
        else:
            continue
        if len(tcp) < 20:
            continue
        sport, dport, seq = struct.unpack_from("!HHI", tcp, 0)
        doff = (tcp[12] >> 4) * 4
        if doff < 20 or doff > len(tcp):
            continue
        flow = Flow(str(src), sport, str(dst), dport)
        yield TcpSegment(flow, seq, tcp[13], bytes(tcp[doff:]), p.timestamp)


def read_tcp_streams(source: str | Path | bytes) -> dict[Flow, bytes]:
    """Reassemble each TCP direction's payload in sequence-number order.

    Retransmitted and overlapping data is taken once; reassembly stops at the first gap.
    """
    by_flow: dict[Flow, list[TcpSegment]] = {}
    for seg in tcp_segments(read_packets(source)):
        by_flow.setdefault(seg.flow, []).append(seg)
    out: dict[Flow, bytes] = {}
    for flow, segs in by_flow.items():
        syn = next((s for s in segs if s.flags & 0x02), None)
        isn = (
            (syn.seq + 1) & 0xFFFFFFFF
            if syn
            else min(s.seq for s in segs if s.payload)
            if any(s.payload for s in segs)
            else 0
        )
        pieces: list[tuple[int, bytes]] = []
        for s in segs:
            if not s.payload:
                continue
            rel = (s.seq - isn) & 0xFFFFFFFF
            if rel >= 0x80000000:  # before the start (wrapped)
                rel -= 1 << 32
            pieces.append((rel, s.payload))
        pieces.sort(key=lambda x: x[0])
        buf = bytearray()
        for rel, payload in pieces:
            if rel > len(buf):
                break  # gap
            end = rel + len(payload)
            if end > len(buf):
                buf += payload[len(buf) - rel :]
        out[flow] = bytes(buf)
    return out


def streams_to_port(source: str | Path | bytes, port: int) -> dict[Flow, bytes]:
    """The reassembled streams whose destination port is ``port`` (e.g. a BMP collector)."""
    return {f: d for f, d in sorted(read_tcp_streams(source).items()) if f.dport == port and d}


# --------------------------------------------------------------------------- writer


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s: int = sum(int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def _frame(
    src: IPv4Address,
    dst: IPv4Address,
    sport: int,
    dport: int,
    seq: int,
    ack: int,
    flags: int,
    payload: bytes,
    ip_id: int,
) -> bytes:
    tcp = (
        struct.pack(
            "!HHIIBBHHH",
            sport,
            dport,
            seq & 0xFFFFFFFF,
            ack & 0xFFFFFFFF,
            5 << 4,
            flags,
            65535,
            0,
            0,
        )
        + payload
    )
    pseudo = src.packed + dst.packed + struct.pack("!BBH", 0, 6, len(tcp))
    csum = _checksum(pseudo + tcp)
    tcp = tcp[:16] + struct.pack("!H", csum) + tcp[18:]
    ip = struct.pack(
        "!BBHHHBBH4s4s",
        0x45,
        0,
        20 + len(tcp),
        ip_id & 0xFFFF,
        0x4000,
        64,
        6,
        0,
        src.packed,
        dst.packed,
    )
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + tcp


def _stream_frames(
    s4: IPv4Address, d4: IPv4Address, sport: int, dport: int, payloads: Iterable[bytes], mss: int
) -> list[bytes]:
    frames: list[bytes] = []
    cseq, sseq = 1000, 5000
    ip_id = 1
    frames.append(_frame(s4, d4, sport, dport, cseq, 0, 0x02, b"", ip_id))
    frames.append(_frame(d4, s4, dport, sport, sseq, cseq + 1, 0x12, b"", ip_id))
    cseq += 1
    sseq += 1
    frames.append(_frame(s4, d4, sport, dport, cseq, sseq, 0x10, b"", ip_id + 1))
    for payload in payloads:
        for i in range(0, len(payload), mss):
            chunk = payload[i : i + mss]
            ip_id += 1
            frames.append(_frame(s4, d4, sport, dport, cseq, sseq, 0x18, chunk, ip_id))
            cseq += len(chunk)
            frames.append(_frame(d4, s4, dport, sport, sseq, cseq, 0x10, b"", ip_id))
    ip_id += 1
    frames.append(_frame(s4, d4, sport, dport, cseq, sseq, 0x11, b"", ip_id))
    frames.append(_frame(d4, s4, dport, sport, sseq, cseq + 1, 0x11, b"", ip_id))
    frames.append(_frame(s4, d4, sport, dport, cseq + 1, sseq + 1, 0x10, b"", ip_id + 1))
    return frames


def write_pcap_streams(
    target: str | Path | BinaryIO,
    streams: Iterable[Iterable[bytes]],
    dst_port: int = 11019,
    src_port: int = 40000,
    src: str = "192.0.2.1",
    dst: str = "192.0.2.2",
    mss: int = 1460,
) -> None:
    """Write a classic Ethernet pcap with one TCP connection per stream (source ports count up).

    Each connection has a handshake, each payload in its own segment(s) (split at ``mss``),
    an ACK from the collector per segment, and a FIN exchange.
    """
    s4, d4 = ip_address(src), ip_address(dst)
    if not isinstance(s4, IPv4Address) or not isinstance(d4, IPv4Address):
        raise CaptureError(_CTX, "address", 0, f"{src} {dst}", "IPv4 addresses")
    frames: list[bytes] = []
    for i, payloads in enumerate(streams):
        frames += _stream_frames(s4, d4, src_port + i, dst_port, payloads, mss)
    out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, LINKTYPE_ETHERNET))
    for i, f in enumerate(frames):
        out += (
            struct.pack("<IIII", 1_700_000_000 + i // 1000, (i % 1000) * 1000, len(f), len(f)) + f
        )
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(bytes(out))
    else:
        target.write(bytes(out))


def write_pcap(
    target: str | Path | BinaryIO,
    payloads: Iterable[bytes],
    dst_port: int = 11019,
    src_port: int = 40000,
    src: str = "192.0.2.1",
    dst: str = "192.0.2.2",
    mss: int = 1460,
) -> None:
    """Write a classic Ethernet pcap of one TCP connection carrying ``payloads`` to ``dst_port``."""
    write_pcap_streams(target, [payloads], dst_port, src_port, src, dst, mss)
