"""Hypothesis strategies for integers, addresses, prefixes and path identifiers."""

from __future__ import annotations

import dataclasses
from ipaddress import IPv4Address, IPv6Address
from typing import TypeVar

from hypothesis import strategies as st

from ..bgp import Prefix, SessionContext

__all__ = [
    "ipv4_addresses",
    "ipv4_prefixes",
    "ipv6_addresses",
    "ipv6_prefixes",
    "with_path_ids",
]

u8 = st.integers(0, 0xFF)
u16 = st.integers(0, 0xFFFF)
u24 = st.integers(0, 0xFFFFFF)
u32 = st.integers(0, 0xFFFFFFFF)
u64 = st.integers(0, (1 << 64) - 1)
text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40).map(str.encode)
ipv4_addresses = u32.map(IPv4Address)
ipv6_addresses = st.integers(0, (1 << 128) - 1).map(IPv6Address)

T = TypeVar("T")


def make_prefix(bits: int, length: int, value: int, host_bits: bool) -> Prefix:
    """A prefix of ``length`` from ``value``; host bits only inside the wire octets if asked."""
    keep = (length + 7) // 8 * 8 if host_bits else length
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
            make_prefix, st.just(32), st.integers(8, max_length), value, st.just(host_bits)
        )
    return st.builds(make_prefix, st.just(32), st.integers(0, max_length), u32, st.just(host_bits))


def ipv6_prefixes(host_bits: bool = False, routable: bool = False) -> st.SearchStrategy[Prefix]:
    """IPv6 prefixes; ``routable`` restricts to 2000::/3 with lengths 16-128."""
    if routable:
        value = st.builds(
            lambda a, b: a << 112 | b, st.integers(0x2000, 0x3FFF), st.integers(0, (1 << 112) - 1)
        )
        return st.builds(make_prefix, st.just(128), st.integers(16, 128), value, st.just(host_bits))
    return st.builds(
        make_prefix,
        st.just(128),
        st.integers(0, 128),
        st.integers(0, (1 << 128) - 1),
        st.just(host_bits),
    )


def with_path_ids(
    items: st.SearchStrategy[list[T]], ctx: SessionContext | None, afi: int, safi: int
) -> st.SearchStrategy[tuple[T, ...]]:
    """The items as a tuple, each given a path identifier when ``ctx`` negotiated ADD-PATH."""
    if ctx is None or not ctx.path_ids(afi, safi):
        return items.map(tuple)

    def add(xs: list[T], ids: list[int]) -> tuple[T, ...]:
        return tuple(
            dataclasses.replace(x, path_id=i)  # type: ignore[type-var]
            for x, i in zip(xs, ids, strict=False)
        )

    return items.flatmap(
        lambda xs: st.lists(u32, min_size=len(xs), max_size=len(xs)).map(lambda ids: add(xs, ids))
    )
