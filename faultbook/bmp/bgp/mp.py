"""MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760), one class pair per NLRI family.

IPv4/IPv6 unicast and multicast carry ``Prefix``; VPNv4/VPNv6 (SAFI 128) carry ``VpnPrefix``;
EVPN (AFI 25, SAFI 70) carries EVPN routes. Other families decode as ``UnknownAttribute``.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address
from typing import Any, ClassVar, Generic, TypeVar

from .._reader import Reader
from ..errors import EncodeError, LengthError, ValueOutOfRangeError
from .attribute import Attribute, UnknownAttribute, register
from .common import (
    AFI_EVPN,
    AFI_IPV4,
    AFI_IPV6,
    OPTIONAL,
    SAFI_EVPN,
    SAFI_MPLS_VPN,
    SAFI_MULTICAST,
    SAFI_UNICAST,
    AttrType,
    IPAddress,
    u,
)
from .context import Family, SessionContext
from .evpn import EvpnRoute, decode_evpn_route, encode_evpn_route
from .labeled import VpnPrefix, decode_vpn_prefix
from .prefix import Prefix, decode_prefix, encode_prefix

__all__ = [
    "MpReachEvpn",
    "MpReachNlri",
    "MpReachVpn",
    "MpUnreachEvpn",
    "MpUnreachNlri",
    "MpUnreachVpn",
]

N = TypeVar("N")


class _Nlri(Generic[N]):
    """Hooks of one NLRI family: which AFI/SAFIs, how items and next hops are coded."""

    families: ClassVar[frozenset[Family]]
    next_hop_rd: ClassVar[bool] = False  # next hops preceded by a zero 8-octet RD (RFC 4364)

    @staticmethod
    def encode_item(item: N, afi: int, ctx: str) -> bytes:
        """One NLRI item (with its path identifier, if any)."""
        raise NotImplementedError

    @staticmethod
    def read_item(r: Reader, afi: int, field: str, strict: bool, path_ids: bool) -> N:
        """Read one NLRI item."""
        raise NotImplementedError

    @classmethod
    def read_items(
        cls, r: Reader, afi: int, safi: int, field: str, strict: bool, ctx: SessionContext
    ) -> tuple[N, ...]:
        """Read items until ``r`` is exhausted."""
        out: list[N] = []
        path_ids = ctx.path_ids(afi, safi)
        while not r.at_end():
            out.append(cls.read_item(r, afi, field, strict, path_ids))
        return tuple(out)


class _IpNlri(_Nlri[Prefix]):
    families = frozenset(
        (a, s) for a in (AFI_IPV4, AFI_IPV6) for s in (SAFI_UNICAST, SAFI_MULTICAST)
    )

    @staticmethod
    def encode_item(item: Prefix, afi: int, ctx: str) -> bytes:
        want = 4 if afi == AFI_IPV4 else 6
        if item.address.version != want:
            raise EncodeError(ctx, "prefix family", 0, item, f"IPv{want}")
        return encode_prefix(item)

    @staticmethod
    def read_item(r: Reader, afi: int, field: str, strict: bool, path_ids: bool) -> Prefix:
        return decode_prefix(r, afi, field, strict, path_ids)


class _VpnNlri(_Nlri[VpnPrefix]):
    families = frozenset({(AFI_IPV4, SAFI_MPLS_VPN), (AFI_IPV6, SAFI_MPLS_VPN)})
    next_hop_rd = True

    @staticmethod
    def encode_item(item: VpnPrefix, afi: int, ctx: str) -> bytes:
        return item.encode()

    @staticmethod
    def read_item(r: Reader, afi: int, field: str, strict: bool, path_ids: bool) -> VpnPrefix:
        return decode_vpn_prefix(r, afi, field, strict, path_ids)


class _EvpnNlri(_Nlri[EvpnRoute]):
    families = frozenset({(AFI_EVPN, SAFI_EVPN)})

    @staticmethod
    def encode_item(item: EvpnRoute, afi: int, ctx: str) -> bytes:
        return encode_evpn_route(item)

    @staticmethod
    def read_item(r: Reader, afi: int, field: str, strict: bool, path_ids: bool) -> EvpnRoute:
        return decode_evpn_route(r, afi, field, strict, path_ids)


def _encode_next_hops(hops: tuple[IPAddress, ...], rd: bool, ctx: str) -> bytes:
    nh = b"".join((bytes(8) if rd else b"") + a.packed for a in hops)
    allowed = (12, 24, 48) if rd else (4, 16, 32)
    if len(nh) not in allowed:
        raise EncodeError(ctx, "next hop length", 0, len(nh), " or ".join(map(str, allowed)))
    return bytes([len(nh)]) + nh


def _read_next_hops(v: Reader, rd: bool, field: str) -> tuple[IPAddress, ...]:
    start = v.pos
    nh_len = v.u8(f"{field} next hop length")
    allowed = (12, 24, 48) if rd else (4, 16, 32)
    if nh_len not in allowed:
        raise LengthError(
            v.context, f"{field} next hop length", start, nh_len, " or ".join(map(str, allowed))
        )
    n = v.sub(f"{field} next hop length", nh_len)
    hops: list[IPAddress] = []
    size = nh_len // (2 if nh_len in (32, 48) else 1) - (8 if rd else 0)
    while not n.at_end():
        if rd:
            rpos = n.pos
            if n.u64(f"{field} next hop RD"):
                raise ValueOutOfRangeError(n.context, f"{field} next hop RD", rpos, None, "zero")
        raw = n.take(f"{field} next hop", size)
        hops.append(IPv4Address(raw) if size == 4 else IPv6Address(raw))
    return tuple(hops)


@dataclass(frozen=True)
class _MpReach(Attribute, Generic[N]):
    """MP_REACH_NLRI; ``next_hops`` holds one address, or two IPv6 (global, link-local)."""

    afi: int
    safi: int
    next_hops: tuple[IPAddress, ...]
    nlri: tuple[N, ...]
    reserved: int = 0
    flags: int = OPTIONAL
    type_code = AttrType.MP_REACH_NLRI
    coding: ClassVar[type[_Nlri[Any]]]

    @classmethod
    def read(
        cls, v: Reader, afi: int, safi: int, flags: int, ctx: SessionContext, strict: bool
    ) -> Attribute:
        """Read next hops, reserved octet and NLRI after AFI and SAFI."""
        hops = _read_next_hops(v, cls.coding.next_hop_rd, "MP_REACH_NLRI")
        reserved = v.u8("MP_REACH_NLRI reserved")
        items = cls.coding.read_items(v, afi, safi, "MP_REACH_NLRI prefix", strict, ctx)
        return cls(afi, safi, hops, items, reserved, flags)

    def encode_value(self, ctx: SessionContext) -> bytes:
        """AFI, SAFI, next hops, reserved octet, NLRI."""
        c = "path attribute 14"
        return (
            u(self.afi, 2, c, "AFI") + u(self.safi, 1, c, "SAFI")
            + _encode_next_hops(self.next_hops, self.coding.next_hop_rd, c)
            + u(self.reserved, 1, c, "reserved")
            + b"".join(self.coding.encode_item(p, self.afi, c) for p in self.nlri)
        )


@dataclass(frozen=True)
class _MpUnreach(Attribute, Generic[N]):
    """MP_UNREACH_NLRI."""

    afi: int
    safi: int
    withdrawn: tuple[N, ...]
    flags: int = OPTIONAL
    type_code = AttrType.MP_UNREACH_NLRI
    coding: ClassVar[type[_Nlri[Any]]]

    @classmethod
    def read(
        cls, v: Reader, afi: int, safi: int, flags: int, ctx: SessionContext, strict: bool
    ) -> Attribute:
        """Read the withdrawn NLRI after AFI and SAFI."""
        items = cls.coding.read_items(v, afi, safi, "MP_UNREACH_NLRI prefix", strict, ctx)
        return cls(afi, safi, items, flags)

    def encode_value(self, ctx: SessionContext) -> bytes:
        """AFI, SAFI, withdrawn NLRI."""
        c = "path attribute 15"
        return (
            u(self.afi, 2, c, "AFI") + u(self.safi, 1, c, "SAFI")
            + b"".join(self.coding.encode_item(p, self.afi, c) for p in self.withdrawn)
        )


@dataclass(frozen=True)
class MpReachNlri(_MpReach[Prefix]):
    """MP_REACH_NLRI (type 14) for IPv4/IPv6 unicast or multicast."""

    coding = _IpNlri


@dataclass(frozen=True)
class MpUnreachNlri(_MpUnreach[Prefix]):
    """MP_UNREACH_NLRI (type 15) for IPv4/IPv6 unicast or multicast."""

    coding = _IpNlri


@dataclass(frozen=True)
class MpReachVpn(_MpReach[VpnPrefix]):
    """MP_REACH_NLRI for VPNv4/VPNv6 (SAFI 128); next hops are sent with a zero RD."""

    coding = _VpnNlri


@dataclass(frozen=True)
class MpUnreachVpn(_MpUnreach[VpnPrefix]):
    """MP_UNREACH_NLRI for VPNv4/VPNv6 (SAFI 128)."""

    coding = _VpnNlri


@dataclass(frozen=True)
class MpReachEvpn(_MpReach[EvpnRoute]):
    """MP_REACH_NLRI for EVPN (AFI 25, SAFI 70)."""

    coding = _EvpnNlri


@dataclass(frozen=True)
class MpUnreachEvpn(_MpUnreach[EvpnRoute]):
    """MP_UNREACH_NLRI for EVPN (AFI 25, SAFI 70)."""

    coding = _EvpnNlri


_REACH = {f: c for c in (MpReachNlri, MpReachVpn, MpReachEvpn) for f in c.coding.families}
_UNREACH = {f: c for c in (MpUnreachNlri, MpUnreachVpn, MpUnreachEvpn) for f in c.coding.families}


def _decode_reach(v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int) -> Attribute:
    raw = bytes(v.data[v.pos : v.end])
    afi = v.u16("MP_REACH_NLRI AFI")
    safi = v.u8("MP_REACH_NLRI SAFI")
    cls = _REACH.get((afi, safi))
    if cls is None:
        return UnknownAttribute(flags, AttrType.MP_REACH_NLRI, raw)
    return cls.read(v, afi, safi, flags, ctx, strict)


def _decode_unreach(
    v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
) -> Attribute:
    raw = bytes(v.data[v.pos : v.end])
    afi = v.u16("MP_UNREACH_NLRI AFI")
    safi = v.u8("MP_UNREACH_NLRI SAFI")
    cls = _UNREACH.get((afi, safi))
    if cls is None:
        return UnknownAttribute(flags, AttrType.MP_UNREACH_NLRI, raw)
    return cls.read(v, afi, safi, flags, ctx, strict)


register(AttrType.MP_REACH_NLRI, _decode_reach)
register(AttrType.MP_UNREACH_NLRI, _decode_unreach)
