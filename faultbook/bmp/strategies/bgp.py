"""Hypothesis strategies for BGP messages and for session contexts and the OPENs negotiating them."""

from __future__ import annotations

import functools
from ipaddress import IPv4Address

from hypothesis import strategies as st

from ..bgp import (
    AFI_EVPN,
    AFI_IPV4,
    AFI_IPV6,
    SAFI_EVPN,
    SAFI_MPLS_VPN,
    SAFI_MULTICAST,
    SAFI_UNICAST,
    AddPathCapability,
    AddPathEntry,
    CapabilitiesParameter,
    Capability,
    Family,
    FourOctetAsCapability,
    MultiprotocolCapability,
    Notification,
    Open,
    OptionalParameter,
    SessionContext,
    UnknownCapability,
    UnknownParameter,
    Update,
)
from .attributes import path_attributes, unique_types
from .primitives import ipv4_addresses, ipv4_prefixes, u16, u32, with_path_ids

__all__ = [
    "FAMILIES",
    "bgp_updates",
    "negotiating_opens",
    "notifications",
    "opens",
    "session_contexts",
]

#: every AFI/SAFI the codec decodes
FAMILIES: tuple[Family, ...] = (
    (AFI_IPV4, SAFI_UNICAST),
    (AFI_IPV4, SAFI_MULTICAST),
    (AFI_IPV6, SAFI_UNICAST),
    (AFI_IPV6, SAFI_MULTICAST),
    (AFI_IPV4, SAFI_MPLS_VPN),
    (AFI_IPV6, SAFI_MPLS_VPN),
    (AFI_EVPN, SAFI_EVPN),
)


def session_contexts() -> st.SearchStrategy[SessionContext]:
    """Contexts: 2- or 4-octet AS, ADD-PATH on any subset of the negotiated families."""
    fams = st.sets(st.sampled_from(FAMILIES), min_size=1).map(frozenset)
    return fams.flatmap(
        lambda f: st.builds(
            SessionContext,
            st.booleans(),
            st.sets(st.sampled_from(sorted(f))).map(frozenset),
            st.just(f),
        )
    )


@functools.lru_cache(maxsize=512)
def bgp_updates(
    four_byte_as: bool = True,
    routable: bool = False,
    context: SessionContext | None = None,
    families: bool = True,
) -> st.SearchStrategy[Update]:
    """Valid UPDATEs for the session context: distinct attribute types in ascending order.

    ``routable`` limits prefixes to realistic ones; tshark's Add-Path heuristic misreads runs of
    zero-address prefixes such as 0.0.0.0/15, 0.0.0.0/0 as path identifiers. ``families`` as in
    ``path_attributes``.
    """
    ctx = context if context is not None else SessionContext.legacy(four_byte_as)
    pfx = st.lists(ipv4_prefixes(routable=routable), max_size=5)
    return st.builds(
        Update,
        with_path_ids(pfx, ctx, AFI_IPV4, SAFI_UNICAST),
        st.lists(path_attributes(routable=routable, context=ctx, families=families), max_size=7)
        .map(unique_types),
        with_path_ids(pfx, ctx, AFI_IPV4, SAFI_UNICAST),
    )


_UNKNOWN_CAPS = st.integers(90, 127)


def _capabilities() -> st.SearchStrategy[Capability]:
    entry = st.builds(
        lambda f, sr: AddPathEntry(f[0], f[1], sr), st.sampled_from(FAMILIES), st.integers(1, 3)
    )
    return st.one_of(
        st.builds(MultiprotocolCapability, st.sampled_from([1, 2]), st.sampled_from([1, 2])),
        st.builds(FourOctetAsCapability, u32),
        st.builds(AddPathCapability, st.lists(entry, min_size=1, max_size=3).map(tuple)),
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
        u16,
        st.one_of(st.just(0), st.integers(3, 0xFFFF)),
        ipv4_addresses,
        st.lists(param, max_size=4).map(tuple),
    )


def _open_for(ctx: SessionContext, send: bool, as4: bool) -> st.SearchStrategy[Open]:
    fixed: list[Capability] = [MultiprotocolCapability(a, s) for a, s in sorted(ctx.families)]
    if ctx.add_path:
        direction = 2 if send else 1
        entries = tuple(AddPathEntry(a, s, direction) for a, s in sorted(ctx.add_path))
        fixed.append(AddPathCapability(entries))

    def build(asn: int, hold: int, bgp_id: IPv4Address, asn4: int) -> Open:
        caps = (*fixed, FourOctetAsCapability(asn4)) if as4 else tuple(fixed)
        return Open(asn, hold, bgp_id, (CapabilitiesParameter(caps),))

    return st.builds(build, u16, st.integers(3, 0xFFFF), ipv4_addresses, u32)


def negotiating_opens(ctx: SessionContext) -> st.SearchStrategy[tuple[Open, Open]]:
    """(sender's OPEN, receiver's OPEN) whose negotiation gives exactly ``ctx``.

    When ``ctx`` is 2-octet AS, one side (drawn) lacks the 4-octet AS capability.
    """
    as4 = st.just((True, True)) if ctx.four_octet_as else st.sampled_from(
        [(False, True), (True, False), (False, False)]
    )
    return as4.flatmap(lambda a: st.tuples(_open_for(ctx, True, a[0]), _open_for(ctx, False, a[1])))


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
