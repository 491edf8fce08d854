"""Hypothesis strategies for path attributes of every supported family."""

from __future__ import annotations

import dataclasses
import functools
from ipaddress import IPv6Address

from hypothesis import strategies as st

from ..bgp import (
    AFI_EVPN,
    AFI_IPV4,
    AFI_IPV6,
    SAFI_EVPN,
    SAFI_MPLS_VPN,
    Aggregator,
    Aigp,
    AigpTlv,
    As4Aggregator,
    As4Path,
    AsPath,
    AsPathSegment,
    AtomicAggregate,
    AttrFlag,
    ClusterList,
    Communities,
    EvpnRoute,
    ExtendedCommunities,
    IPAddress,
    LargeCommunities,
    LocalPref,
    MpReachEvpn,
    MpReachNlri,
    MpReachVpn,
    MpUnreachEvpn,
    MpUnreachNlri,
    MpUnreachVpn,
    MultiExitDisc,
    NextHop,
    Origin,
    OriginatorId,
    PathAttribute,
    PmsiTunnel,
    SessionContext,
    UnknownAttribute,
    encode_attribute_value,
)
from .nlri import evpn_routes, vpn_prefixes
from .primitives import (
    ipv4_addresses,
    ipv4_prefixes,
    ipv6_addresses,
    ipv6_prefixes,
    u8,
    u24,
    u32,
    u64,
    with_path_ids,
)

__all__ = [
    "as_path_segments", "attribute_kinds", "family_attributes", "mp_attributes", "path_attributes",
    "unique_types",
]

# Attribute type codes unassigned by IANA, so independent decoders treat them as opaque.
UNKNOWN_ATTR_TYPES = st.integers(41, 127)


def with_ext(attr: PathAttribute, ctx: SessionContext, ext: bool) -> PathAttribute:
    """The attribute with the extended-length flag when asked for or needed."""
    flags = attr.flags & ~AttrFlag.EXTENDED_LENGTH & 0xFF
    if ext or len(encode_attribute_value(attr, context=ctx)) > 255:
        flags |= AttrFlag.EXTENDED_LENGTH
    return dataclasses.replace(attr, flags=flags)


def as_path_segments(
    four_byte_as: bool, max_segments: int = 3, routable: bool = False
) -> st.SearchStrategy[tuple[AsPathSegment, ...]]:
    """AS_SET, AS_SEQUENCE and confederation segments of the given AS size.

    ``routable`` keeps out 4-octet AS numbers whose first octet is 1-4: tshark 4.0's AS-size
    heuristic reads those as segment headers ("ASN length uncalculated by heuristic").
    """
    asn = st.integers(1, 0xFFFFFFFF if four_byte_as else 0xFFFF)
    if routable and four_byte_as:
        asn = asn.filter(lambda a: not 1 <= a >> 24 <= 4)
    seg = st.builds(
        AsPathSegment, st.integers(1, 4), st.lists(asn, min_size=1, max_size=8).map(tuple)
    )
    return st.lists(seg, max_size=max_segments).map(tuple)


def _ip_hops(afi: int) -> st.SearchStrategy[tuple[IPAddress, ...]]:
    if afi == AFI_IPV4:
        return st.tuples(ipv4_addresses)
    link_local = st.integers(0, (1 << 64) - 1).map(lambda x: IPv6Address(0xFE80 << 112 | x))
    return st.one_of(st.tuples(ipv6_addresses), st.tuples(ipv6_addresses, link_local))


def mp_attributes(
    afi: int, routable: bool = False, ctx: SessionContext | None = None
) -> st.SearchStrategy[PathAttribute]:
    """MP_REACH_NLRI and MP_UNREACH_NLRI of IPv4/IPv6 unicast and multicast for ``afi``."""
    pfx = ipv4_prefixes(routable=routable) if afi == AFI_IPV4 else ipv6_prefixes(routable=routable)
    return st.sampled_from([1, 2]).flatmap(
        lambda safi: st.one_of(
            st.builds(
                MpReachNlri, st.just(afi), st.just(safi), _ip_hops(afi),
                with_path_ids(st.lists(pfx, max_size=6), ctx, afi, safi),
            ),
            st.builds(
                MpUnreachNlri, st.just(afi), st.just(safi),
                with_path_ids(st.lists(pfx, max_size=6), ctx, afi, safi),
            ),
        )
    )


def vpn_attributes(
    afi: int, routable: bool = False, ctx: SessionContext | None = None
) -> st.SearchStrategy[PathAttribute]:
    """VPNv4/VPNv6 MP_REACH_NLRI and MP_UNREACH_NLRI."""
    items = with_path_ids(st.lists(vpn_prefixes(afi, routable), max_size=4), ctx, afi, SAFI_MPLS_VPN)
    return st.one_of(
        st.builds(MpReachVpn, st.just(afi), st.just(SAFI_MPLS_VPN), _ip_hops(afi), items),
        st.builds(MpUnreachVpn, st.just(afi), st.just(SAFI_MPLS_VPN), items),
    )


def evpn_attributes(ctx: SessionContext | None = None) -> st.SearchStrategy[PathAttribute]:
    """EVPN MP_REACH_NLRI and MP_UNREACH_NLRI."""
    items = with_path_ids(st.lists(evpn_routes(), max_size=4), ctx, AFI_EVPN, SAFI_EVPN)
    hops = st.one_of(st.tuples(ipv4_addresses), st.tuples(ipv6_addresses))
    return st.one_of(
        st.builds(MpReachEvpn, st.just(AFI_EVPN), st.just(SAFI_EVPN), hops, items),
        st.builds(MpUnreachEvpn, st.just(AFI_EVPN), st.just(SAFI_EVPN), items),
    )


@functools.lru_cache(maxsize=512)
def attribute_kinds(
    context: SessionContext, routable: bool = False, families: bool = True
) -> tuple[tuple[str, st.SearchStrategy[PathAttribute]], ...]:
    """Every path attribute kind valid for ``context``, named (MP ones by family), in one order.

    ``families`` adds VPN, EVPN, AIGP, PMSI and the other attributes beyond RFC 4271 unicast.
    """
    ctx = context
    asn = st.integers(0, 0xFFFFFFFF if ctx.four_octet_as else 0xFFFF)
    kinds: list[tuple[str, st.SearchStrategy[PathAttribute]]] = [
        ("ORIGIN", st.builds(Origin, st.integers(0, 2))),
        ("AS_PATH", st.builds(AsPath, as_path_segments(ctx.four_octet_as, routable=routable))),
        ("NEXT_HOP", st.builds(NextHop, ipv4_addresses)),
        ("MULTI_EXIT_DISC", st.builds(MultiExitDisc, u32)),
        ("LOCAL_PREF", st.builds(LocalPref, u32)),
        ("ATOMIC_AGGREGATE", st.just(AtomicAggregate())),
        ("AGGREGATOR", st.builds(Aggregator, asn, ipv4_addresses)),
        ("COMMUNITIES", st.builds(Communities, st.lists(u32, max_size=8).map(tuple))),
        ("MP IPv4", mp_attributes(AFI_IPV4, routable, ctx)),
        ("MP IPv6", mp_attributes(AFI_IPV6, routable, ctx)),
        ("AS4_PATH", st.builds(As4Path, as_path_segments(True, routable=routable))),
        ("LARGE_COMMUNITY",
         st.builds(LargeCommunities, st.lists(st.tuples(u32, u32, u32), max_size=4).map(tuple))),
        ("unknown", st.builds(UnknownAttribute, st.sampled_from([0xC0, 0x80, 0xE0]),
                              UNKNOWN_ATTR_TYPES, st.binary(max_size=300))),
    ]
    if families:
        kinds += [
            ("EXTENDED_COMMUNITIES",
             st.builds(ExtendedCommunities, st.lists(u64, max_size=6).map(tuple))),
            ("AS4_AGGREGATOR", st.builds(As4Aggregator, u32, ipv4_addresses)),
            ("ORIGINATOR_ID", st.builds(OriginatorId, ipv4_addresses)),
            ("CLUSTER_LIST", st.builds(ClusterList, st.lists(ipv4_addresses, max_size=4).map(tuple))),
            ("AIGP", st.builds(Aigp, st.lists(st.builds(AigpTlv, u8, st.binary(max_size=12)),
                                              max_size=3).map(tuple))),
            ("AIGP metric", st.builds(Aigp, u64.map(lambda m: (AigpTlv(1, m.to_bytes(8, "big")),)))),
            ("PMSI_TUNNEL", st.builds(PmsiTunnel, u8, st.integers(0, 7), u24, st.binary(max_size=16))),
            ("MP VPNv4", vpn_attributes(AFI_IPV4, routable, ctx)),
            ("MP VPNv6", vpn_attributes(AFI_IPV6, routable, ctx)),
            ("MP EVPN", evpn_attributes(ctx)),
        ]
    return tuple(kinds)


def path_attributes(
    four_byte_as: bool = True,
    routable: bool = False,
    context: SessionContext | None = None,
    families: bool = True,
) -> st.SearchStrategy[PathAttribute]:
    """Any supported path attribute, valid for the session context; optional extended length.

    ``families`` adds VPN, EVPN, AIGP, PMSI and the other attributes beyond RFC 4271 unicast.
    """
    ctx = context if context is not None else SessionContext.legacy(four_byte_as)
    parts = [s for _, s in attribute_kinds(ctx, routable, families)]
    return st.builds(with_ext, st.one_of(parts), st.just(ctx), st.booleans())


@functools.lru_cache(maxsize=512)
def family_attributes(
    family: tuple[int, int], reach: bool, ctx: SessionContext, routable: bool = False,
    evpn: st.SearchStrategy[EvpnRoute] | None = None,
) -> st.SearchStrategy[PathAttribute]:
    """MP_REACH_NLRI (``reach``) or MP_UNREACH_NLRI of exactly one AFI/SAFI (EVPN routes from
    ``evpn``, at least one, if given)."""
    afi, safi = family
    if afi == AFI_EVPN:
        routes = (st.lists(evpn, min_size=1, max_size=4) if evpn is not None
                  else st.lists(evpn_routes(), max_size=4))
        evpn_items = with_path_ids(routes, ctx, afi, safi)
        hops = st.one_of(st.tuples(ipv4_addresses), st.tuples(ipv6_addresses))
        return (st.builds(MpReachEvpn, st.just(afi), st.just(safi), hops, evpn_items) if reach
                else st.builds(MpUnreachEvpn, st.just(afi), st.just(safi), evpn_items))
    if safi == SAFI_MPLS_VPN:
        vpn = with_path_ids(st.lists(vpn_prefixes(afi, routable), max_size=4), ctx, afi, safi)
        return (st.builds(MpReachVpn, st.just(afi), st.just(safi), _ip_hops(afi), vpn) if reach
                else st.builds(MpUnreachVpn, st.just(afi), st.just(safi), vpn))
    pfx = ipv4_prefixes(routable=routable) if afi == AFI_IPV4 else ipv6_prefixes(routable=routable)
    items = with_path_ids(st.lists(pfx, max_size=6), ctx, afi, safi)
    return (st.builds(MpReachNlri, st.just(afi), st.just(safi), _ip_hops(afi), items) if reach
            else st.builds(MpUnreachNlri, st.just(afi), st.just(safi), items))


def unique_types(attrs: list[PathAttribute]) -> tuple[PathAttribute, ...]:
    """Attributes with distinct type codes, in ascending order (the first of each type kept)."""
    seen: set[int] = set()
    out: list[PathAttribute] = []
    for a in attrs:
        if int(a.type_code) not in seen:
            seen.add(int(a.type_code))
            out.append(a)
    return tuple(sorted(out, key=lambda a: int(a.type_code)))
