"""Hypothesis strategies for VPN and EVPN NLRI items."""

from __future__ import annotations

from hypothesis import strategies as st

from ..bgp import (
    AFI_IPV4,
    LABEL_BOTTOM,
    EvpnInclusiveMulticast,
    EvpnIpPrefix,
    EvpnMacIp,
    EvpnRoute,
    EvpnUnknown,
    IPAddress,
    VpnPrefix,
)
from .primitives import (
    ipv4_addresses,
    ipv4_prefixes,
    ipv6_addresses,
    ipv6_prefixes,
    u8,
    u24,
    u32,
    u64,
)

__all__ = ["evpn_routes", "label_stacks", "vpn_prefixes"]

_inner_label = u24.map(lambda x: x & ~LABEL_BOTTOM).filter(lambda x: x not in (0, 0x800000))


def label_stacks(max_labels: int = 2) -> st.SearchStrategy[tuple[int, ...]]:
    """Raw 3-octet label fields with the bottom-of-stack bit on the last one only."""
    return st.builds(
        lambda inner, last: (*inner, last | LABEL_BOTTOM),
        st.lists(_inner_label, max_size=max_labels - 1),
        u24,
    )


def vpn_prefixes(afi: int, routable: bool = False) -> st.SearchStrategy[VpnPrefix]:
    """VPNv4/VPNv6 NLRI with one or two labels (the length octet keeps VPNv6 to one)."""
    if afi == AFI_IPV4:
        return st.builds(VpnPrefix, u64, label_stacks(2), ipv4_prefixes(routable=routable))
    return st.builds(VpnPrefix, u64, label_stacks(1), ipv6_prefixes(routable=routable))


def _ip() -> st.SearchStrategy[IPAddress]:
    return st.one_of(ipv4_addresses, ipv6_addresses)


def _ip_prefix_route() -> st.SearchStrategy[EvpnIpPrefix]:
    v4 = st.tuples(ipv4_prefixes(), ipv4_addresses)
    v6 = st.tuples(ipv6_prefixes(), ipv6_addresses)
    return st.builds(
        lambda rd, esi, tag, pg, label: EvpnIpPrefix(rd, esi, tag, pg[0], pg[1], label),
        u64,
        st.binary(min_size=10, max_size=10),
        u32,
        st.one_of(v4, v6),
        u24,
    )


def evpn_route_kinds() -> list[tuple[str, st.SearchStrategy[EvpnRoute]]]:
    """EVPN route strategies by type: 2 (MAC/IP), 3 (inclusive multicast), 5 (IP prefix), others."""
    return [
        ("type 2", st.builds(
            EvpnMacIp,
            u64,
            st.binary(min_size=10, max_size=10),
            u32,
            st.binary(min_size=6, max_size=6),
            st.one_of(st.none(), _ip()),
            st.lists(u24, min_size=1, max_size=2).map(tuple),
        )),
        ("type 3", st.builds(EvpnInclusiveMulticast, u64, u32, _ip())),
        ("type 5", _ip_prefix_route()),
        ("other types", st.builds(
            EvpnUnknown, u8.filter(lambda t: t not in (2, 3, 5)), st.binary(max_size=40)
        )),
    ]


def evpn_routes() -> st.SearchStrategy[EvpnRoute]:
    """EVPN routes of types 2 (MAC/IP), 3 (inclusive multicast), 5 (IP prefix) and others raw."""
    return st.one_of([s for _, s in evpn_route_kinds()])
