"""BMP version 3 messages (RFC 7854; peer type 3 and reason 6 from RFC 9069)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from ipaddress import IPv4Address, IPv6Address

from ._reader import Reader
from .bgp import (
    BgpMessage,
    IPAddress,
    Notification,
    Open,
    SessionContext,
    Update,
    decode_bgp_at,
    encode_bgp,
)
from .errors import EncodeError, LengthError, UnknownTypeError, ValueOutOfRangeError

__all__ = [
    "BMP_VERSION",
    "COMMON_HEADER_LENGTH",
    "PER_PEER_HEADER_LENGTH",
    "AfiSafiGauge",
    "ContextSource",
    "Counter",
    "Gauge",
    "Initiation",
    "Message",
    "MsgType",
    "PeerDown",
    "PeerDownReason",
    "PeerFlag",
    "PeerHeader",
    "PeerUp",
    "RouteMirroring",
    "RouteMonitoring",
    "Stat",
    "StatisticsReport",
    "Termination",
    "Tlv",
    "UnknownStat",
    "decode_body",
    "default_context",
    "encode_message",
]

BMP_VERSION = 3
COMMON_HEADER_LENGTH = 6
PER_PEER_HEADER_LENGTH = 42


class MsgType(IntEnum):
    """BMP message types."""

    ROUTE_MONITORING = 0
    STATISTICS_REPORT = 1
    PEER_DOWN = 2
    PEER_UP = 3
    INITIATION = 4
    TERMINATION = 5
    ROUTE_MIRRORING = 6


class PeerFlag(IntEnum):
    """Per-peer header flag bits."""

    V = 0x80  # IPv6 peer address
    L = 0x40  # post-policy Adj-RIB-In
    A = 0x20  # legacy 2-octet AS_PATH format
    O = 0x10  # Adj-RIB-Out (RFC 8671)  # noqa: E741
    F = 0x80  # Loc-RIB filtered (RFC 9069; peer type 3 only, in place of V)


LOC_RIB_PEER = 3


class PeerDownReason(IntEnum):
    """Peer Down reason codes."""

    LOCAL_NOTIFICATION = 1
    LOCAL_NO_NOTIFICATION = 2
    REMOTE_NOTIFICATION = 3
    REMOTE_NO_NOTIFICATION = 4
    PEER_DECONFIGURED = 5
    LOCAL_SYSTEM_CLOSED = 6


@dataclass(frozen=True)
class PeerHeader:
    """The 42-octet per-peer header."""

    peer_type: int
    flags: int
    distinguisher: int
    address: IPAddress
    asn: int
    bgp_id: IPv4Address
    timestamp_sec: int = 0
    timestamp_usec: int = 0

    @property
    def ipv6(self) -> bool:
        """V flag: the peer address is IPv6."""
        return bool(self.flags & PeerFlag.V)

    @property
    def post_policy(self) -> bool:
        """L flag: post-policy Adj-RIB-In."""
        return bool(self.flags & PeerFlag.L)

    @property
    def legacy_as_path(self) -> bool:
        """A flag: AS_PATH uses 2-octet AS numbers."""
        return bool(self.flags & PeerFlag.A)

    @property
    def adj_rib_out(self) -> bool:
        """O flag: the UPDATE is from the Adj-RIB-Out (RFC 8671); never for a Loc-RIB peer."""
        return self.peer_type != LOC_RIB_PEER and bool(self.flags & PeerFlag.O)

    @property
    def loc_rib(self) -> bool:
        """Peer type 3: the router's Loc-RIB (RFC 9069)."""
        return self.peer_type == LOC_RIB_PEER

    @property
    def key(self) -> tuple[int, int, IPAddress]:
        """(peer type, distinguisher, address): identifies a peer on a BMP session."""
        return (self.peer_type, self.distinguisher, self.address)


@dataclass(frozen=True)
class Tlv:
    """An information TLV (Initiation, Termination, Peer Up, Route Mirroring); value kept raw."""

    type: int
    value: bytes

    @property
    def text(self) -> str:
        """The value as UTF-8, undecodable octets replaced."""
        return self.value.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Counter:
    """A 32-bit counter statistic (types 0-6, 11-13)."""

    type: int
    value: int


@dataclass(frozen=True)
class Gauge:
    """A 64-bit gauge statistic (types 7, 8)."""

    type: int
    value: int


@dataclass(frozen=True)
class AfiSafiGauge:
    """A per-AFI/SAFI 64-bit gauge statistic (types 9, 10)."""

    type: int
    afi: int
    safi: int
    value: int


@dataclass(frozen=True)
class UnknownStat:
    """A statistic of another type (e.g. vendor or experimental), kept raw."""

    type: int
    value: bytes


Stat = Counter | Gauge | AfiSafiGauge | UnknownStat

COUNTER_TYPES = frozenset({0, 1, 2, 3, 4, 5, 6, 11, 12, 13})
# 14/15 Adj-RIB-Out (RFC 8671), 18 Loc-RIB (RFC 9069); 16/17/19 their per-AFI/SAFI forms
GAUGE_TYPES = frozenset({7, 8, 14, 15, 18})
AFI_SAFI_GAUGE_TYPES = frozenset({9, 10, 16, 17, 19})


@dataclass(frozen=True)
class RouteMonitoring:
    """Route Monitoring: a BGP UPDATE received from (or sent to) a peer.

    ``context`` is what the session negotiated (AS size, ADD-PATH): the decoder stores the one
    it used, and ``encode`` uses it (None: 4-octet AS unless the A flag, no path identifiers).
    It takes no part in equality.
    """

    peer: PeerHeader
    update: Update
    context: SessionContext | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class StatisticsReport:
    """Statistics Report: a list of statistics TLVs."""

    peer: PeerHeader
    stats: tuple[Stat, ...]


@dataclass(frozen=True)
class PeerDown:
    """Peer Down: reason 1/3 carry a NOTIFICATION; 2 a 2-octet FSM event code; others raw data."""

    peer: PeerHeader
    reason: int
    notification: Notification | None = None
    data: bytes = b""


@dataclass(frozen=True)
class PeerUp:
    """Peer Up: local end of the session and both OPEN messages."""

    peer: PeerHeader
    local_address: IPAddress
    local_port: int
    remote_port: int
    sent_open: Open
    received_open: Open
    information: tuple[Tlv, ...] = ()


@dataclass(frozen=True)
class Initiation:
    """Initiation: TLVs 0 string, 1 sysDescr, 2 sysName."""

    tlvs: tuple[Tlv, ...]


@dataclass(frozen=True)
class Termination:
    """Termination: TLVs 0 string, 1 reason (2 octets)."""

    tlvs: tuple[Tlv, ...]


@dataclass(frozen=True)
class RouteMirroring:
    """Route Mirroring: TLVs 0 BGP message, 1 information code (values kept raw)."""

    peer: PeerHeader
    tlvs: tuple[Tlv, ...]


Message = (
    RouteMonitoring
    | StatisticsReport
    | PeerDown
    | PeerUp
    | Initiation
    | Termination
    | RouteMirroring
)


# --------------------------------------------------------------------------- encoding


def _u(value: int, octets: int, context: str, field: str) -> bytes:
    if not 0 <= value < 1 << (8 * octets):
        raise EncodeError(context, field, 0, value, f"0..{(1 << (8 * octets)) - 1}")
    return value.to_bytes(octets, "big")


def _addr16(addr: IPAddress, ipv6: bool, ctx: str, field: str) -> bytes:
    if (addr.version == 6) != ipv6:
        raise EncodeError(ctx, field, 0, addr, "IPv6 exactly when the V flag is set")
    return addr.packed if ipv6 else bytes(12) + addr.packed


def _encode_peer(p: PeerHeader) -> bytes:
    ctx = "BMP per-peer header"
    return (
        _u(p.peer_type, 1, ctx, "peer type")
        + _u(p.flags, 1, ctx, "peer flags")
        + _u(p.distinguisher, 8, ctx, "peer distinguisher")
        + _addr16(p.address, p.ipv6, ctx, "peer address")
        + _u(p.asn, 4, ctx, "peer AS")
        + p.bgp_id.packed
        + _u(p.timestamp_sec, 4, ctx, "timestamp seconds")
        + _u(p.timestamp_usec, 4, ctx, "timestamp microseconds")
    )


def _encode_tlvs(tlvs: tuple[Tlv, ...], ctx: str) -> bytes:
    return b"".join(
        _u(t.type, 2, ctx, "TLV type") + _u(len(t.value), 2, ctx, "TLV length") + t.value
        for t in tlvs
    )


def _encode_stat(s: Stat) -> bytes:
    ctx = "BMP statistics report"
    match s:
        case Counter():
            if s.type not in COUNTER_TYPES:
                raise EncodeError(ctx, "stat type", 0, s.type, "a counter type")
            value = _u(s.value, 4, ctx, "counter")
        case Gauge():
            if s.type not in GAUGE_TYPES:
                raise EncodeError(ctx, "stat type", 0, s.type, "a gauge type")
            value = _u(s.value, 8, ctx, "gauge")
        case AfiSafiGauge():
            if s.type not in AFI_SAFI_GAUGE_TYPES:
                raise EncodeError(ctx, "stat type", 0, s.type, "a per-AFI/SAFI gauge type")
            value = (
                _u(s.afi, 2, ctx, "AFI") + _u(s.safi, 1, ctx, "SAFI") + _u(s.value, 8, ctx, "gauge")
            )
        case UnknownStat():
            if s.type in COUNTER_TYPES | GAUGE_TYPES | AFI_SAFI_GAUGE_TYPES:
                raise EncodeError(ctx, "stat type", 0, s.type, "a type without a typed class")
            value = s.value
    return _u(s.type, 2, ctx, "stat type") + _u(len(value), 2, ctx, "stat length") + value


def default_context(peer: PeerHeader) -> SessionContext:
    """The context of a Route Monitoring without a known Peer Up: the A flag picks the AS size."""
    return SessionContext.legacy(peer.loc_rib or not peer.legacy_as_path)


ContextSource = Callable[[PeerHeader], SessionContext]


def encode_body(msg: Message) -> tuple[MsgType, bytes]:
    """Encode the part of a message after the common header; returns (type, body)."""
    match msg:
        case RouteMonitoring():
            return MsgType.ROUTE_MONITORING, _encode_peer(msg.peer) + encode_bgp(
                msg.update, context=msg.context or default_context(msg.peer)
            )
        case StatisticsReport():
            return MsgType.STATISTICS_REPORT, (
                _encode_peer(msg.peer)
                + _u(len(msg.stats), 4, "BMP statistics report", "stats count")
                + b"".join(_encode_stat(s) for s in msg.stats)
            )
        case PeerDown():
            ctx = "BMP peer down"
            if msg.reason in (
                PeerDownReason.LOCAL_NOTIFICATION,
                PeerDownReason.REMOTE_NOTIFICATION,
            ):
                if msg.notification is None or msg.data:
                    raise EncodeError(
                        ctx, "notification", 0, None, f"a NOTIFICATION only for reason {msg.reason}"
                    )
                data = encode_bgp(msg.notification)
            else:
                if msg.notification is not None:
                    raise EncodeError(ctx, "notification", 0, None, f"none for reason {msg.reason}")
                if msg.reason == PeerDownReason.LOCAL_NO_NOTIFICATION and len(msg.data) != 2:
                    raise EncodeError(ctx, "data length", 0, len(msg.data), "2 (FSM event code)")
                data = msg.data
            return MsgType.PEER_DOWN, _encode_peer(msg.peer) + _u(
                msg.reason, 1, ctx, "reason"
            ) + data
        case PeerUp():
            ctx = "BMP peer up"
            return MsgType.PEER_UP, (
                _encode_peer(msg.peer)
                + _addr16(msg.local_address, msg.peer.ipv6, ctx, "local address")
                + _u(msg.local_port, 2, ctx, "local port")
                + _u(msg.remote_port, 2, ctx, "remote port")
                + encode_bgp(msg.sent_open)
                + encode_bgp(msg.received_open)
                + _encode_tlvs(msg.information, ctx)
            )
        case Initiation():
            return MsgType.INITIATION, _encode_tlvs(msg.tlvs, "BMP initiation")
        case Termination():
            return MsgType.TERMINATION, _encode_tlvs(msg.tlvs, "BMP termination")
        case RouteMirroring():
            return MsgType.ROUTE_MIRRORING, _encode_peer(msg.peer) + _encode_tlvs(
                msg.tlvs, "BMP route mirroring"
            )
    raise EncodeError("BMP message", "type", 0, type(msg).__name__, "a BMP message class")


def encode_message(msg: Message) -> bytes:
    """Encode a whole BMP message including its 6-octet common header."""
    mtype, body = encode_body(msg)
    length = COMMON_HEADER_LENGTH + len(body)
    return (
        bytes([BMP_VERSION]) + _u(length, 4, "BMP common header", "length") + bytes([mtype]) + body
    )


# --------------------------------------------------------------------------- decoding


def _decode_addr16(r: Reader, ipv6: bool, field: str) -> IPAddress:
    start = r.pos
    raw = r.take(field, 16)
    if ipv6:
        return IPv6Address(raw)
    if any(raw[:12]):
        raise ValueOutOfRangeError(
            r.context, f"{field} padding", start, raw[:12].hex(), "zero for an IPv4 address"
        )
    return IPv4Address(raw[12:])


def _decode_peer(r: Reader) -> PeerHeader:
    ctx, r.context = r.context, "BMP per-peer header"
    peer_type = r.u8("peer type")
    flags = r.u8("peer flags")
    dist = r.u64("peer distinguisher")
    addr = _decode_addr16(r, bool(flags & PeerFlag.V), "peer address")
    asn = r.u32("peer AS")
    bgp_id = IPv4Address(r.take("peer BGP ID", 4))
    sec = r.u32("timestamp seconds")
    usec = r.u32("timestamp microseconds")
    r.context = ctx
    return PeerHeader(peer_type, flags, dist, addr, asn, bgp_id, sec, usec)


def _decode_tlvs(r: Reader) -> tuple[Tlv, ...]:
    out: list[Tlv] = []
    while not r.at_end():
        t = r.u16("TLV type")
        n = r.u16("TLV length")
        out.append(Tlv(t, r.sub("TLV length", n).rest("TLV value")))
    return tuple(out)


def _decode_stat(r: Reader) -> Stat:
    start = r.pos
    t = r.u16("stat type")
    n = r.u16("stat length")
    v = r.sub("stat length", n)
    want = (
        4
        if t in COUNTER_TYPES
        else 8
        if t in GAUGE_TYPES
        else 11
        if t in AFI_SAFI_GAUGE_TYPES
        else None
    )
    if want is None:
        return UnknownStat(t, v.rest("stat value"))
    if n != want:
        raise LengthError(r.context, "stat length", start + 2, n, f"{want} for stat type {t}")
    if t in COUNTER_TYPES:
        return Counter(t, v.u32("counter"))
    if t in GAUGE_TYPES:
        return Gauge(t, v.u64("gauge"))
    afi = v.u16("AFI")
    safi = v.u8("SAFI")
    return AfiSafiGauge(t, afi, safi, v.u64("gauge"))


def _decode_bgp_into(
    r: Reader, four_byte_as: bool, strict_host_bits: bool, context: SessionContext | None = None
) -> BgpMessage:
    ctx, r.context = r.context, "BGP header"
    m = decode_bgp_at(r, four_byte_as, strict_host_bits, context)
    r.context = ctx
    return m


def decode_body(
    r: Reader, mtype: int, strict_host_bits: bool = False, contexts: ContextSource | None = None
) -> Message:
    """Decode the body of a BMP message of type ``mtype`` filling all of ``r``.

    ``contexts`` gives the session context of a Route Monitoring's peer (default: ``default_context``).
    """
    start = r.pos
    match mtype:
        case MsgType.ROUTE_MONITORING:
            r.context = "BMP route monitoring"
            peer = _decode_peer(r)
            bgp_start = r.pos
            sctx = (contexts or default_context)(peer)
            m = _decode_bgp_into(r, sctx.four_octet_as, strict_host_bits, sctx)
            if not isinstance(m, Update):
                raise UnknownTypeError(
                    r.context, "BGP message type", bgp_start + 18, type(m).__name__, "UPDATE"
                )
            _no_trailing(r, "BGP message length")
            return RouteMonitoring(peer, m, sctx)
        case MsgType.STATISTICS_REPORT:
            r.context = "BMP statistics report"
            peer = _decode_peer(r)
            cpos = r.pos
            count = r.u32("stats count")
            stats: list[Stat] = []
            while not r.at_end():
                stats.append(_decode_stat(r))
            if len(stats) != count:
                raise LengthError(
                    r.context, "stats count", cpos, count, f"{len(stats)} (TLVs present)"
                )
            return StatisticsReport(peer, tuple(stats))
        case MsgType.PEER_DOWN:
            r.context = "BMP peer down"
            peer = _decode_peer(r)
            rpos = r.pos
            reason = r.u8("reason")
            if not 1 <= reason <= 6:
                raise ValueOutOfRangeError(r.context, "reason", rpos, reason, "1..6")
            if reason in (PeerDownReason.LOCAL_NOTIFICATION, PeerDownReason.REMOTE_NOTIFICATION):
                n = _decode_bgp_into(r, True, strict_host_bits)
                if not isinstance(n, Notification):
                    raise UnknownTypeError(
                        r.context, "BGP message type", rpos + 19, type(n).__name__, "NOTIFICATION"
                    )
                _no_trailing(r, "BGP message length")
                return PeerDown(peer, reason, n)
            data = r.rest("data")
            if reason == PeerDownReason.LOCAL_NO_NOTIFICATION and len(data) != 2:
                raise LengthError(r.context, "FSM event code length", rpos + 1, len(data), "2")
            return PeerDown(peer, reason, None, data)
        case MsgType.PEER_UP:
            r.context = "BMP peer up"
            peer = _decode_peer(r)
            local = _decode_addr16(r, peer.ipv6, "local address")
            lport = r.u16("local port")
            rport = r.u16("remote port")
            opens: list[Open] = []
            for which in ("sent OPEN", "received OPEN"):
                opos = r.pos
                o = _decode_bgp_into(r, True, strict_host_bits)
                if not isinstance(o, Open):
                    raise UnknownTypeError(
                        r.context, f"{which} type", opos + 18, type(o).__name__, "OPEN"
                    )
                opens.append(o)
            return PeerUp(peer, local, lport, rport, opens[0], opens[1], _decode_tlvs(r))
        case MsgType.INITIATION:
            r.context = "BMP initiation"
            return Initiation(_decode_tlvs(r))
        case MsgType.TERMINATION:
            r.context = "BMP termination"
            return Termination(_decode_tlvs(r))
        case MsgType.ROUTE_MIRRORING:
            r.context = "BMP route mirroring"
            peer = _decode_peer(r)
            return RouteMirroring(peer, _decode_tlvs(r))
    raise UnknownTypeError("BMP common header", "type", start - 1, mtype, "0..6")


def _no_trailing(r: Reader, field: str) -> None:
    if not r.at_end():
        raise LengthError(
            r.context,
            field,
            r.pos,
            f"{r.remaining} octets left over",
            "the BMP length to end with it",
        )
