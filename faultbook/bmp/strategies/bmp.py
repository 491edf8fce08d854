"""Hypothesis strategies for BMP messages and whole router sessions."""

from __future__ import annotations

import dataclasses
from ipaddress import IPv4Address, IPv6Address

from hypothesis import strategies as st

from ..bgp import IPAddress, SessionContext, encode_bgp
from ..bmp import (
    LOC_RIB_PEER,
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
    default_context,
)
from ..negotiation import context_for
from .bgp import bgp_updates, negotiating_opens, notifications, opens, session_contexts
from .primitives import ipv4_addresses, ipv6_addresses, text, u8, u16, u32, u64

__all__ = [
    "FRR_EXPERIMENTAL_STAT",
    "bmp_messages",
    "initiations",
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
TABLE_NAME_TLV = 3  # RFC 9069 Peer Up information TLV


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
    if peer_type == LOC_RIB_PEER:  # F flag in place of V; address zero-filled (RFC 9069 4.1)
        return PeerHeader(
            peer_type, PeerFlag.F if v else 0, dist, IPv6Address(0) if v else IPv4Address(0),
            asn, bgp_id, sec, usec,
        )
    flags = (flags & (PeerFlag.L | PeerFlag.A | PeerFlag.O)) | (PeerFlag.V if v else 0)
    return PeerHeader(
        peer_type, flags, dist if peer_type else 0, a6 if v else a4, asn, bgp_id, sec, usec
    )


def peer_headers(
    legacy_as_path: bool | None = None, loc_rib: bool = False
) -> st.SearchStrategy[PeerHeader]:
    """Per-peer headers of types 0-2 (and 3, Loc-RIB, if ``loc_rib``) with any V/L/A/O flags.

    V matches the address family; the A flag is random unless ``legacy_as_path`` fixes it.
    """
    flags = (
        u8
        if legacy_as_path is None
        else u8.map(lambda f: (f | PeerFlag.A) if legacy_as_path else (f & ~PeerFlag.A))
    )
    return st.builds(
        _peer,
        st.integers(0, 3 if loc_rib else 2),
        st.booleans(),
        flags,
        u64,
        ipv4_addresses,
        ipv6_addresses,
        u32,
        ipv4_addresses,
        u32,
        st.integers(0, 999_999),
    )


@st.composite
def route_monitorings(
    draw: st.DrawFn,
    peer: PeerHeader | None = None,
    routable: bool = False,
    context: SessionContext | None = None,
    families: bool = True,
) -> RouteMonitoring:
    """Route Monitoring whose UPDATE fits ``context`` (default: the A flag's AS size)."""
    p = peer if peer is not None else draw(peer_headers(False if routable else None))
    ctx = context if context is not None else default_context(p)
    return RouteMonitoring(p, draw(bgp_updates(routable=routable, context=ctx, families=families)), ctx)


def _stats(unknown: bool) -> st.SearchStrategy[Stat]:
    parts: list[st.SearchStrategy[Stat]] = [
        st.builds(Counter, st.sampled_from([0, 1, 2, 3, 4, 5, 6, 11, 12, 13]), u32),
        st.builds(Gauge, st.sampled_from([7, 8, 14, 15, 18]), u64),
        st.builds(
            AfiSafiGauge,
            st.sampled_from([9, 10, 16, 17, 19]),
            st.sampled_from([1, 2]),
            st.sampled_from([1, 2]),
            u64,
        ),
    ]
    if unknown:
        parts.append(
            st.builds(
                UnknownStat, st.just(FRR_EXPERIMENTAL_STAT), st.binary(min_size=4, max_size=4)
            )
        )
        parts.append(st.builds(UnknownStat, st.integers(32768, 65530), st.binary(max_size=12)))
    return st.one_of(parts)


def statistics_reports(
    unknown_stats: bool = True, peer: PeerHeader | None = None
) -> st.SearchStrategy[StatisticsReport]:
    """Statistics Reports; ``unknown_stats`` adds FRR's 65531 and other vendor types."""
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
    context: SessionContext | None = None,
) -> PeerUp:
    """Peer Up with a local address of the peer's family, both OPENs and (if ``info``) string TLVs.

    With ``context`` the OPENs negotiate exactly it for the peer's RIB (``context_for`` agrees
    when the context's AS size is the one the A flag sets);
    a Loc-RIB peer also gets a table name TLV.
    """
    p = peer if peer is not None else draw(peer_headers())
    local: IPAddress = draw(ipv6_addresses) if p.ipv6 else draw(ipv4_addresses)
    tlvs = tuple(Tlv(0, t) for t in draw(st.lists(text, max_size=2 if info else 0)))
    if context is None:
        sent, received = draw(opens(unknown_parameters)), draw(opens(unknown_parameters))
    elif p.loc_rib:
        sent, _ = draw(negotiating_opens(context))
        received = sent
        tlvs += (Tlv(TABLE_NAME_TLV, draw(text.filter(bool))),)
    else:
        speaker, listener = draw(negotiating_opens(context))
        sent, received = (speaker, listener) if p.adj_rib_out else (listener, speaker)
    return PeerUp(p, local, draw(u16), draw(u16), sent, received, tlvs)


def initiations() -> st.SearchStrategy[Initiation]:
    """Initiation with sysDescr and sysName (and optional strings)."""
    return st.builds(
        lambda d, n, s: Initiation((Tlv(1, d), Tlv(2, n), *(Tlv(0, x) for x in s))),
        text,
        text,
        st.lists(text, max_size=2),
    )


def terminations() -> st.SearchStrategy[Termination]:
    """Termination with a reason TLV (0-4) and optional strings."""
    return st.builds(
        lambda r, s: Termination((*(Tlv(0, x) for x in s), Tlv(1, r.to_bytes(2, "big")))),
        st.integers(0, 4),
        st.lists(text, max_size=2),
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
    families: bool = True,
) -> st.SearchStrategy[Message]:
    """Any valid BMP message (each Route Monitoring with the context its A flag implies).

    The flags narrow the output for tshark 4.0: it flags FRR's stat type 65531, misreads
    Route Mirroring TLVs and Peer Up information TLVs as BGP, and guesses Add-Path on odd prefixes;
    ``routable`` also keeps Route Monitoring peers at A=0 (tshark guesses the AS size itself).
    ``families`` adds VPN, EVPN and the newer attributes.
    """
    parts: list[st.SearchStrategy[Message]] = [
        route_monitorings(routable=routable, families=families),
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
        families=False,
    )


@st.composite
def peer_sessions(
    draw: st.DrawFn, peer: PeerHeader, families: bool = True
) -> tuple[SessionContext, list[Message]]:
    """One peer's negotiated context and its Peer Up, Route Monitorings, Stats, maybe Peer Down."""
    ctx = draw(session_contexts())
    ctx = dataclasses.replace(ctx, four_octet_as=peer.loc_rib or not peer.legacy_as_path)
    up = draw(peer_ups(peer, context=ctx))
    assert context_for(peer, up) == ctx, (ctx, up)
    out: list[Message] = [up]
    for _ in range(draw(st.integers(0, 4))):
        out.append(draw(route_monitorings(peer, context=ctx, families=families)))
    if draw(st.booleans()):
        out.append(draw(statistics_reports(peer=peer)))
    if draw(st.booleans()):
        out.append(draw(peer_downs(peer)))
    return ctx, out


@st.composite
def sessions(draw: st.DrawFn, max_peers: int = 3, families: bool = True) -> list[Message]:
    """A router session: Initiation, per peer a negotiated Peer Up, Route Monitoring consistent
    with it, Stats, maybe Peer Down; then Termination."""
    out: list[Message] = [draw(initiations())]
    peers = draw(
        st.lists(
            peer_headers(loc_rib=True), min_size=1, max_size=max_peers, unique_by=lambda p: p.key
        )
    )
    for p in peers:
        out += draw(peer_sessions(p, families))[1]
    out.append(draw(terminations()))
    return out
