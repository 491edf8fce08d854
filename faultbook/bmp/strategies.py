"""Hypothesis strategies: valid BMP/BGP messages and sessions, and labelled malformations."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address

from hypothesis import strategies as st

from .bgp import (
    AFI_IPV4,
    AFI_IPV6,
    MARKER,
    Aggregator,
    As4Path,
    AsPath,
    AsPathSegment,
    AtomicAggregate,
    AttrFlag,
    CapabilitiesParameter,
    Capability,
    Communities,
    FourOctetAsCapability,
    IPAddress,
    LargeCommunities,
    LocalPref,
    MpReachNlri,
    MpUnreachNlri,
    MultiExitDisc,
    MultiprotocolCapability,
    NextHop,
    Notification,
    Open,
    OptionalParameter,
    Origin,
    PathAttribute,
    Prefix,
    UnknownAttribute,
    UnknownCapability,
    UnknownParameter,
    Update,
    encode_attribute,
    encode_attribute_value,
    encode_bgp,
    encode_prefix,
)
from .bmp import (
    AfiSafiGauge,
    Counter,
    Gauge,
    Initiation,
    Message,
    PeerDown,
    PeerFlag,
    PeerHeader,
    PeerUp,
    RouteMirroring,
    RouteMonitoring,
    Stat,
    StatisticsReport,
    Termination,
    Tlv,
    UnknownStat,
    encode_message,
)

__all__ = [
    "MALFORMATIONS",
    "Malformation",
    "any_malformation",
    "bgp_updates",
    "bmp_messages",
    "initiations",
    "ipv4_prefixes",
    "ipv6_prefixes",
    "opens",
    "path_attributes",
    "peer_downs",
    "peer_headers",
    "peer_ups",
    "route_mirrorings",
    "route_monitorings",
    "sessions",
    "statistics_reports",
    "terminations",
    "tshark_safe_messages",
]

FRR_EXPERIMENTAL_STAT = 65531
_u8 = st.integers(0, 0xFF)
_u16 = st.integers(0, 0xFFFF)
_u32 = st.integers(0, 0xFFFFFFFF)
_u64 = st.integers(0, (1 << 64) - 1)
_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40).map(str.encode)
ipv4_addresses = _u32.map(IPv4Address)
ipv6_addresses = st.integers(0, (1 << 128) - 1).map(IPv6Address)


# --------------------------------------------------------------------------- BGP


def _prefix(bits: int, length: int, value: int, host_bits: bool) -> Prefix:
    keep = (length + 7) // 8 * 8 if host_bits else length  # host bits only inside wire octets
    mask = ((1 << keep) - 1) << (bits - keep) if keep else 0
    v = value & mask
    return Prefix(IPv4Address(v) if bits == 32 else IPv6Address(v), length)


def ipv4_prefixes(
    host_bits: bool = False, max_length: int = 32, routable: bool = False
) -> st.SearchStrategy[Prefix]:
    """IPv4 prefixes; host bits inside the last wire octet only if ``host_bits``.

    ``routable`` restricts to /8 or longer with a first octet of 1-223 (as real routes look).
    """
    if routable:
        value = st.builds(
            lambda a, b: a << 24 | b, st.integers(1, 223), st.integers(0, (1 << 24) - 1)
        )
        return st.builds(
            _prefix, st.just(32), st.integers(8, max_length), value, st.just(host_bits)
        )
    return st.builds(_prefix, st.just(32), st.integers(0, max_length), _u32, st.just(host_bits))


def ipv6_prefixes(host_bits: bool = False, routable: bool = False) -> st.SearchStrategy[Prefix]:
    """IPv6 prefixes; ``routable`` restricts to 2000::/3 with lengths 16-128."""
    if routable:
        value = st.builds(
            lambda a, b: a << 112 | b, st.integers(0x2000, 0x3FFF), st.integers(0, (1 << 112) - 1)
        )
        return st.builds(_prefix, st.just(128), st.integers(16, 128), value, st.just(host_bits))
    return st.builds(
        _prefix,
        st.just(128),
        st.integers(0, 128),
        st.integers(0, (1 << 128) - 1),
        st.just(host_bits),
    )


def _with_ext(attr: PathAttribute, four_byte_as: bool, ext: bool) -> PathAttribute:
    flags = attr.flags & ~AttrFlag.EXTENDED_LENGTH & 0xFF
    if ext or len(encode_attribute_value(attr, four_byte_as)) > 255:
        flags |= AttrFlag.EXTENDED_LENGTH
    return dataclasses.replace(attr, flags=flags)


def _segments(
    four_byte_as: bool, max_segments: int = 3
) -> st.SearchStrategy[tuple[AsPathSegment, ...]]:
    asn = st.integers(1, 0xFFFFFFFF if four_byte_as else 0xFFFF)
    seg = st.builds(
        AsPathSegment, st.integers(1, 4), st.lists(asn, min_size=1, max_size=8).map(tuple)
    )
    return st.lists(seg, max_size=max_segments).map(tuple)


# Attribute type codes unassigned by IANA, so independent decoders treat them as opaque.
_UNKNOWN_ATTR_TYPES = st.integers(41, 127).filter(lambda t: t not in (128,))


def _mp_reach(afi: int, routable: bool) -> st.SearchStrategy[MpReachNlri]:
    if afi == AFI_IPV4:
        hops: st.SearchStrategy[tuple[IPAddress, ...]] = st.tuples(ipv4_addresses)
        pfx = ipv4_prefixes(routable=routable)
    else:
        link_local = st.integers(0, (1 << 64) - 1).map(lambda x: IPv6Address(0xFE80 << 112 | x))
        hops = st.one_of(st.tuples(ipv6_addresses), st.tuples(ipv6_addresses, link_local))
        pfx = ipv6_prefixes(routable=routable)
    return st.builds(
        MpReachNlri,
        st.just(afi),
        st.sampled_from([1, 2]),
        hops,
        st.lists(pfx, max_size=6).map(tuple),
    )


def _mp_unreach(afi: int, routable: bool) -> st.SearchStrategy[MpUnreachNlri]:
    pfx = ipv4_prefixes(routable=routable) if afi == AFI_IPV4 else ipv6_prefixes(routable=routable)
    return st.builds(
        MpUnreachNlri, st.just(afi), st.sampled_from([1, 2]), st.lists(pfx, max_size=6).map(tuple)
    )


def path_attributes(
    four_byte_as: bool = True, routable: bool = False
) -> st.SearchStrategy[PathAttribute]:
    """Any supported path attribute, valid for the AS size; optional extended-length flag."""
    asn = st.integers(0, 0xFFFFFFFF if four_byte_as else 0xFFFF)
    base: st.SearchStrategy[PathAttribute] = st.one_of(
        st.builds(Origin, st.integers(0, 2)),
        st.builds(AsPath, _segments(four_byte_as)),
        st.builds(NextHop, ipv4_addresses),
        st.builds(MultiExitDisc, _u32),
        st.builds(LocalPref, _u32),
        st.just(AtomicAggregate()),
        st.builds(Aggregator, asn, ipv4_addresses),
        st.builds(Communities, st.lists(_u32, max_size=8).map(tuple)),
        _mp_reach(AFI_IPV4, routable),
        _mp_reach(AFI_IPV6, routable),
        _mp_unreach(AFI_IPV4, routable),
        _mp_unreach(AFI_IPV6, routable),
        st.builds(As4Path, _segments(True)),
        st.builds(LargeCommunities, st.lists(st.tuples(_u32, _u32, _u32), max_size=4).map(tuple)),
        st.builds(
            UnknownAttribute,
            st.sampled_from([0xC0, 0x80, 0xE0]),
            _UNKNOWN_ATTR_TYPES,
            st.binary(max_size=300),
        ),
    )
    return st.builds(_with_ext, base, st.just(four_byte_as), st.booleans())


def _unique_types(attrs: list[PathAttribute]) -> tuple[PathAttribute, ...]:
    seen: set[int] = set()
    out: list[PathAttribute] = []
    for a in attrs:
        if int(a.type_code) not in seen:
            seen.add(int(a.type_code))
            out.append(a)
    return tuple(sorted(out, key=lambda a: int(a.type_code)))


def bgp_updates(four_byte_as: bool = True, routable: bool = False) -> st.SearchStrategy[Update]:
    """Valid UPDATEs: distinct attribute types in ascending order, masked prefixes.

    ``routable`` limits prefixes to realistic ones; tshark's Add-Path heuristic misreads runs of
    zero-address prefixes such as 0.0.0.0/15, 0.0.0.0/0 as path identifiers.
    """
    pfx = ipv4_prefixes(routable=routable)
    return st.builds(
        Update,
        st.lists(pfx, max_size=5).map(tuple),
        st.lists(path_attributes(four_byte_as, routable), max_size=7).map(_unique_types),
        st.lists(pfx, max_size=5).map(tuple),
    )


_UNKNOWN_CAPS = st.integers(90, 127)


def _capabilities() -> st.SearchStrategy[Capability]:
    return st.one_of(
        st.builds(MultiprotocolCapability, st.sampled_from([1, 2]), st.sampled_from([1, 2])),
        st.builds(FourOctetAsCapability, _u32),
        st.builds(UnknownCapability, _UNKNOWN_CAPS, st.binary(max_size=8)),
    )


def opens(unknown_parameters: bool = True) -> st.SearchStrategy[Open]:
    """Valid OPEN messages with capability parameters (grouped or one per parameter).

    ``unknown_parameters`` adds optional parameters of unassigned types (tshark flags those).
    """
    param: st.SearchStrategy[OptionalParameter] = st.builds(
        CapabilitiesParameter, st.lists(_capabilities(), min_size=1, max_size=4).map(tuple)
    )
    if unknown_parameters:
        param = st.one_of(
            param, st.builds(UnknownParameter, st.integers(3, 254), st.binary(max_size=6))
        )
    return st.builds(
        Open,
        _u16,
        st.one_of(st.just(0), st.integers(3, 0xFFFF)),
        ipv4_addresses,
        st.lists(param, max_size=4).map(tuple),
    )


def notifications() -> st.SearchStrategy[Notification]:
    """NOTIFICATIONs with RFC 4271 error codes 1-5 and opaque data.

    Unsupported Capability (2/7) gets no data: its data is a capability list, not opaque.
    """
    return st.builds(
        lambda c, s, d: Notification(c, s, b"" if (c, s) == (2, 7) else d),
        st.integers(1, 5),
        st.integers(0, 11),
        st.binary(max_size=16),
    )


# --------------------------------------------------------------------------- BMP


def _peer(
    peer_type: int,
    v: bool,
    flags: int,
    dist: int,
    a4: IPv4Address,
    a6: IPv6Address,
    asn: int,
    bgp_id: IPv4Address,
    sec: int,
    usec: int,
) -> PeerHeader:
    flags = (flags & (PeerFlag.L | PeerFlag.A)) | (PeerFlag.V if v else 0)
    return PeerHeader(
        peer_type, flags, dist if peer_type else 0, a6 if v else a4, asn, bgp_id, sec, usec
    )


def peer_headers(legacy_as_path: bool | None = None) -> st.SearchStrategy[PeerHeader]:
    """Per-peer headers of types 0-2 with any V/L flags; V matches the address family.

    The A flag is random unless ``legacy_as_path`` fixes it.
    """
    flags = (
        _u8
        if legacy_as_path is None
        else _u8.map(lambda f: (f | PeerFlag.A) if legacy_as_path else (f & ~PeerFlag.A))
    )
    return st.builds(
        _peer,
        st.integers(0, 2),
        st.booleans(),
        flags,
        _u64,
        ipv4_addresses,
        ipv6_addresses,
        _u32,
        ipv4_addresses,
        _u32,
        st.integers(0, 999_999),
    )


@st.composite
def route_monitorings(
    draw: st.DrawFn, peer: PeerHeader | None = None, routable: bool = False
) -> RouteMonitoring:
    """Route Monitoring whose UPDATE uses the AS size the peer's A flag selects."""
    p = peer if peer is not None else draw(peer_headers(False if routable else None))
    return RouteMonitoring(p, draw(bgp_updates(not p.legacy_as_path, routable)))


def _stats(unknown: bool) -> st.SearchStrategy[Stat]:
    parts: list[st.SearchStrategy[Stat]] = [
        st.builds(Counter, st.sampled_from([0, 1, 2, 3, 4, 5, 6, 11, 12, 13]), _u32),
        st.builds(Gauge, st.sampled_from([7, 8]), _u64),
        st.builds(
            AfiSafiGauge,
            st.sampled_from([9, 10]),
            st.sampled_from([1, 2]),
            st.sampled_from([1, 2]),
            _u64,
        ),
    ]
    if unknown:
        parts.append(
            st.builds(
                UnknownStat, st.just(FRR_EXPERIMENTAL_STAT), st.binary(min_size=4, max_size=4)
            )
        )
    return st.one_of(parts)


def statistics_reports(
    unknown_stats: bool = True, peer: PeerHeader | None = None
) -> st.SearchStrategy[StatisticsReport]:
    """Statistics Reports; ``unknown_stats`` adds FRR's experimental type 65531."""
    return st.builds(
        StatisticsReport,
        st.just(peer) if peer is not None else peer_headers(),
        st.lists(_stats(unknown_stats), max_size=8).map(tuple),
    )


@st.composite
def peer_downs(draw: st.DrawFn, peer: PeerHeader | None = None) -> PeerDown:
    """Peer Down with reasons 1-5 and matching data."""
    p = peer if peer is not None else draw(peer_headers())
    reason = draw(st.integers(1, 5))
    if reason in (1, 3):
        return PeerDown(p, reason, draw(notifications()))
    if reason == 2:
        return PeerDown(p, reason, None, draw(st.binary(min_size=2, max_size=2)))
    return PeerDown(p, reason)


@st.composite
def peer_ups(
    draw: st.DrawFn,
    peer: PeerHeader | None = None,
    info: bool = True,
    unknown_parameters: bool = True,
) -> PeerUp:
    """Peer Up with a local address of the peer's family, both OPENs and (if ``info``) string TLVs."""
    p = peer if peer is not None else draw(peer_headers())
    local: IPAddress = draw(ipv6_addresses) if p.ipv6 else draw(ipv4_addresses)
    tlvs = tuple(Tlv(0, t) for t in draw(st.lists(_text, max_size=2 if info else 0)))
    return PeerUp(
        p,
        local,
        draw(_u16),
        draw(_u16),
        draw(opens(unknown_parameters)),
        draw(opens(unknown_parameters)),
        tlvs,
    )


def initiations() -> st.SearchStrategy[Initiation]:
    """Initiation with sysDescr and sysName (and optional strings)."""
    return st.builds(
        lambda d, n, s: Initiation((Tlv(1, d), Tlv(2, n), *(Tlv(0, x) for x in s))),
        _text,
        _text,
        st.lists(_text, max_size=2),
    )


def terminations() -> st.SearchStrategy[Termination]:
    """Termination with a reason TLV (0-4) and optional strings."""
    return st.builds(
        lambda r, s: Termination((*(Tlv(0, x) for x in s), Tlv(1, r.to_bytes(2, "big")))),
        st.integers(0, 4),
        st.lists(_text, max_size=2),
    )


@st.composite
def route_mirrorings(draw: st.DrawFn) -> RouteMirroring:
    """Route Mirroring carrying a BGP UPDATE TLV and an information TLV."""
    p = draw(peer_headers())
    upd = encode_bgp(draw(bgp_updates(not p.legacy_as_path)), not p.legacy_as_path)
    return RouteMirroring(p, (Tlv(0, upd), Tlv(1, draw(st.integers(0, 1)).to_bytes(2, "big"))))


def bmp_messages(
    unknown_stats: bool = True,
    mirroring: bool = True,
    routable: bool = False,
    peer_up_info: bool = True,
    unknown_parameters: bool = True,
) -> st.SearchStrategy[Message]:
    """Any valid BMP message.

    The flags narrow the output for tshark 4.0: it flags FRR's stat type 65531, misreads
    Route Mirroring TLVs and Peer Up information TLVs as BGP, and guesses Add-Path on odd prefixes;
    ``routable`` also keeps Route Monitoring peers at A=0 (tshark guesses the AS size itself).
    """
    parts: list[st.SearchStrategy[Message]] = [
        route_monitorings(routable=routable),
        statistics_reports(unknown_stats),
        peer_downs(),
        peer_ups(info=peer_up_info, unknown_parameters=unknown_parameters),
        initiations(),
        terminations(),
    ]
    if mirroring:
        parts.append(route_mirrorings())
    return st.one_of(parts)


def tshark_safe_messages() -> st.SearchStrategy[Message]:
    """Valid messages avoiding what tshark 4.0 misdissects (see ``bmp_messages``)."""
    return bmp_messages(
        unknown_stats=False,
        mirroring=False,
        routable=True,
        peer_up_info=False,
        unknown_parameters=False,
    )


@st.composite
def sessions(draw: st.DrawFn, max_peers: int = 3) -> list[Message]:
    """A router session: Initiation, per peer Peer Up / Route Monitoring / Stats / Peer Down, Termination."""
    out: list[Message] = [draw(initiations())]
    peers = draw(
        st.lists(peer_headers(), min_size=1, max_size=max_peers, unique_by=lambda p: p.key)
    )
    for p in peers:
        out.append(draw(peer_ups(p)))
        for _ in range(draw(st.integers(0, 4))):
            out.append(draw(route_monitorings(p)))
        if draw(st.booleans()):
            out.append(draw(statistics_reports(peer=p)))
        if draw(st.booleans()):
            out.append(draw(peer_downs(p)))
    out.append(draw(terminations()))
    return out


# --------------------------------------------------------------------------- malformations


@dataclass(frozen=True)
class Malformation:
    """Bytes of one mutated stream, what was changed and what a compliant collector should do.

    ``strict_reject`` tells whether this package's strict decoder raises DecodeError on it.
    """

    label: str
    data: bytes
    expect: str
    strict_reject: bool = True


_RM_BGP = 6 + 42  # offset of the BGP message inside a Route Monitoring message


def _set(data: bytes, pos: int, value: bytes) -> bytes:
    return data[:pos] + value + data[pos + len(value) :]


def _rm(update: Update, peer: PeerHeader) -> bytes:
    return encode_message(RouteMonitoring(peer, update))


def _v4_peer() -> st.SearchStrategy[PeerHeader]:
    return peer_headers().map(lambda p: dataclasses.replace(p, flags=p.flags & ~PeerFlag.A))


@st.composite
def bad_version(draw: st.DrawFn) -> Malformation:
    """Common header version other than 3."""
    data = encode_message(draw(bmp_messages()))
    v = draw(st.integers(0, 255).filter(lambda x: x != 3))
    return Malformation(
        f"bad version {v}",
        _set(data, 0, bytes([v])),
        "close the session: only BMP version 3 is defined (RFC 7854 4.1)",
    )


@st.composite
def bmp_length(
    draw: st.DrawFn, kinds: tuple[str, ...] = ("short", "long", "zero", "huge")
) -> Malformation:
    """BMP common-header length short, long, zero or huge (one Route Monitoring message)."""
    data = _rm(draw(bgp_updates()), draw(_v4_peer()))
    kind = draw(st.sampled_from(kinds))
    n = len(data)
    length = {
        "short": draw(st.integers(6, n - 1)),
        "long": draw(st.integers(n + 1, n + 4096)),
        "zero": 0,
        "huge": draw(st.integers(1 << 24, 0xFFFFFFFF)),
    }[kind]
    return Malformation(
        f"BMP length {kind} ({length} for {n})",
        _set(data, 1, length.to_bytes(4, "big")),
        "treat the stream as unframeable: drop the BMP session, do not crash or hang",
    )


@st.composite
def truncation(draw: st.DrawFn) -> Malformation:
    """A message cut short (the stream ends inside it)."""
    data = encode_message(draw(bmp_messages()))
    cut = draw(st.integers(1, len(data) - 1))
    return Malformation(
        f"truncated at {cut} of {len(data)}",
        data[:cut],
        "wait for more data; when the TCP session closes, discard the partial message",
    )


@st.composite
def unknown_type(draw: st.DrawFn) -> Malformation:
    """Unknown BMP message type, or a BGP type other than UPDATE inside Route Monitoring."""
    if draw(st.booleans()):
        data = encode_message(draw(bmp_messages()))
        t = draw(st.integers(7, 255))
        return Malformation(
            f"unknown BMP type {t}",
            _set(data, 5, bytes([t])),
            "skip the message by its common-header length and keep the session",
        )
    data = _rm(draw(bgp_updates()), draw(_v4_peer()))
    t = draw(st.integers(0, 255).filter(lambda x: x != 2))
    return Malformation(
        f"BGP type {t} in Route Monitoring",
        _set(data, _RM_BGP + 18, bytes([t])),
        "discard the message: Route Monitoring must carry an UPDATE (RFC 7854 4.6)",
    )


@st.composite
def bad_marker(draw: st.DrawFn) -> Malformation:
    """BGP marker with a byte other than 0xFF."""
    data = _rm(draw(bgp_updates()), draw(_v4_peer()))
    i = draw(st.integers(0, 15))
    b = draw(st.integers(0, 254))
    return Malformation(
        f"BGP marker byte {i} = {b:#x}",
        _set(data, _RM_BGP + i, bytes([b])),
        "discard the message (Connection Not Synchronized, RFC 4271 6.1)",
    )


@st.composite
def bgp_length_mismatch(draw: st.DrawFn) -> Malformation:
    """BGP header length differs from the octets the BMP message carries."""
    data = _rm(draw(bgp_updates()), draw(_v4_peer()))
    real = len(data) - _RM_BGP
    new = draw(st.integers(19, 4096).filter(lambda x: x != real))
    return Malformation(
        f"BGP length {new} for {real}",
        _set(data, _RM_BGP + 16, new.to_bytes(2, "big")),
        "discard the message (Bad Message Length, RFC 4271 6.1); keep the BMP session",
    )


def _base_attrs() -> st.SearchStrategy[list[PathAttribute]]:
    return st.tuples(
        st.builds(Origin, st.integers(0, 2)),
        st.builds(AsPath, _segments(True)),
        st.builds(NextHop, ipv4_addresses),
    ).map(list)


@st.composite
def attribute_length(draw: st.DrawFn) -> Malformation:
    """A path attribute length wrong for its fixed-size type, or running past the attribute area."""
    attrs = draw(_base_attrs())
    upd = Update((), tuple(attrs), (draw(ipv4_prefixes()),))
    data = _rm(upd, draw(_v4_peer()))
    attr_start = _RM_BGP + 19 + 2 + 2
    area = sum(len(encode_attribute(a)) for a in attrs)
    if draw(st.booleans()):  # ORIGIN (first attribute) with length != 1
        n = draw(st.integers(0, 255).filter(lambda x: x != 1))
        label = f"ORIGIN length {n}"
        data = _set(data, attr_start + 2, bytes([n]))
    else:  # NEXT_HOP (last attribute) overruns the attribute area
        pos = attr_start + area - 7 + 2
        n = draw(st.integers(5 + 3, 255))
        label = f"NEXT_HOP length {n} past the attribute area"
        data = _set(data, pos, bytes([n]))
    return Malformation(
        label, data, "treat as withdraw or reset per RFC 7606 (attribute length error)"
    )


@st.composite
def nlri_length(draw: st.DrawFn) -> Malformation:
    """Withdrawn-routes, total-attribute or NLRI prefix lengths that overrun the UPDATE."""
    peer = draw(_v4_peer())
    kind = draw(
        st.sampled_from(["withdrawn length", "attribute area length", "NLRI prefix overrun"])
    )
    if kind == "NLRI prefix overrun":
        last = draw(ipv4_prefixes(max_length=24))
        upd = Update((), tuple(draw(_base_attrs())), (last,))
        data = _rm(upd, peer)
        have = (last.length + 7) // 8
        n = draw(st.integers(have * 8 + 1, min(32, have * 8 + 8)))
        data = _set(data, len(data) - have - 1, bytes([n]))
        label = f"last NLRI prefix length {n} with {have} octets"
    else:
        upd = Update(
            tuple(draw(st.lists(ipv4_prefixes(), max_size=3))), tuple(draw(_base_attrs())), ()
        )
        data = _rm(upd, peer)
        wlen = int.from_bytes(data[_RM_BGP + 19 : _RM_BGP + 21], "big")
        room = len(data) - _RM_BGP - 23
        if kind == "withdrawn length":
            n = draw(st.integers(room + 3, 0xFFFF))
            data = _set(data, _RM_BGP + 19, n.to_bytes(2, "big"))
        else:
            n = draw(st.integers(room - wlen + 1, 0xFFFF))
            data = _set(data, _RM_BGP + 21 + wlen, n.to_bytes(2, "big"))
        label = f"{kind} {n} overruns the UPDATE"
    return Malformation(label, data, "treat as withdraw or session reset (RFC 7606 5.3/4271 6.3)")


@st.composite
def prefix_too_long(draw: st.DrawFn) -> Malformation:
    """IPv4 NLRI prefix length over 32 or IPv6 MP_REACH prefix length over 128."""
    peer = draw(_v4_peer())
    if draw(st.booleans()):
        last = draw(ipv4_prefixes())
        upd = Update((), tuple(draw(_base_attrs())), (last,))
        data = _rm(upd, peer)
        n = draw(st.integers(33, 255))
        data = _set(data, len(data) - len(encode_prefix(last)), bytes([n]))
        label = f"IPv4 NLRI prefix length {n}"
    else:
        p = draw(ipv6_prefixes())
        mp = MpReachNlri(AFI_IPV6, 1, (draw(ipv6_addresses),), (p,))
        upd = Update((), (*draw(_base_attrs())[:2], mp), ())
        data = _rm(upd, peer)
        n = draw(st.integers(129, 255))
        data = _set(data, len(data) - len(encode_prefix(p)), bytes([n]))
        label = f"IPv6 MP_REACH prefix length {n}"
    return Malformation(
        label, data, "treat as withdraw or session reset (RFC 7606 5.3: invalid prefix length)"
    )


@st.composite
def host_bits(draw: st.DrawFn) -> Malformation:
    """A prefix with bits set after its length (legal on the wire)."""
    length = draw(st.integers(1, 31).filter(lambda x: x % 8))
    wire = (length + 7) // 8 * 8
    wire_mask = ((1 << wire) - 1) << (32 - wire)
    p = Prefix(IPv4Address((draw(_u32) & wire_mask) | (1 << (32 - wire))), length)
    upd = Update((), tuple(draw(_base_attrs())), (p,))
    return Malformation(
        f"host bits in {p}",
        _rm(upd, draw(_v4_peer())),
        "accept; record or mask the host bits (RFC 4271 does not forbid them)",
        False,
    )


@st.composite
def duplicated_attributes(draw: st.DrawFn) -> Malformation:
    """The same attribute type twice in one UPDATE."""
    attrs = draw(_base_attrs())
    i = draw(st.integers(0, len(attrs) - 1))
    attrs.insert(i + 1, attrs[i])
    upd = Update((), tuple(attrs), (draw(ipv4_prefixes()),))
    return Malformation(
        f"duplicated attribute type {int(attrs[i].type_code)}",
        _rm(upd, draw(_v4_peer())),
        "discard all but the first instance (RFC 7606 3g; MP_(UN)REACH twice: reset)",
        False,
    )


@st.composite
def misordered_attributes(draw: st.DrawFn) -> Malformation:
    """Path attributes in descending type order."""
    attrs = list(reversed(draw(_base_attrs())))
    upd = Update((), tuple(attrs), (draw(ipv4_prefixes()),))
    return Malformation(
        "attributes in descending type order",
        _rm(upd, draw(_v4_peer())),
        "accept: receivers must handle attributes out of order (RFC 4271 5)",
        False,
    )


@st.composite
def oversize(draw: st.DrawFn) -> Malformation:
    """A BGP UPDATE over 4096 octets with consistent length fields."""
    count = draw(st.integers(1030, 1300))
    body_attrs = b"".join(encode_attribute(a) for a in draw(_base_attrs()))
    nlri = b"".join(bytes([24]) + (0x0A0000 + i).to_bytes(3, "big") for i in range(count))
    body = (0).to_bytes(2, "big") + len(body_attrs).to_bytes(2, "big") + body_attrs + nlri
    bgp = MARKER + (19 + len(body)).to_bytes(2, "big") + b"\x02" + body
    peer = encode_message(RouteMonitoring(draw(_v4_peer()), Update()))[6:_RM_BGP]
    data = b"\x03" + (6 + 42 + len(bgp)).to_bytes(4, "big") + b"\x00" + peer + bgp
    return Malformation(
        f"BGP UPDATE of {len(bgp)} octets",
        data,
        "discard (Bad Message Length > 4096 without RFC 8654 extended messages)",
    )


@st.composite
def burst(draw: st.DrawFn) -> Malformation:
    """Many valid messages back to back in one write (never a Termination: it ends a session)."""
    n = draw(st.integers(50, 300))
    msg = encode_message(draw(bmp_messages().filter(lambda m: not isinstance(m, Termination))))
    return Malformation(f"burst of {n} messages", msg * n, "accept every message in order", False)


MALFORMATIONS: dict[str, Callable[[], st.SearchStrategy[Malformation]]] = {
    "bad_version": bad_version,
    "bmp_length": bmp_length,
    "truncation": truncation,
    "unknown_type": unknown_type,
    "bad_marker": bad_marker,
    "bgp_length_mismatch": bgp_length_mismatch,
    "attribute_length": attribute_length,
    "nlri_length": nlri_length,
    "prefix_too_long": prefix_too_long,
    "host_bits": host_bits,
    "duplicated_attributes": duplicated_attributes,
    "misordered_attributes": misordered_attributes,
    "oversize": oversize,
    "burst": burst,
}


def any_malformation() -> st.SearchStrategy[Malformation]:
    """One of every named malformation strategy."""
    return st.one_of([f() for f in MALFORMATIONS.values()])
