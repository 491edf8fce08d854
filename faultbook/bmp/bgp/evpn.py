"""EVPN NLRI (RFC 7432 route types 2 and 3, RFC 9136 route type 5; others kept raw)."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address
from typing import ClassVar

from .._reader import Reader
from ..errors import EncodeError, LengthError, ValueOutOfRangeError
from .common import IPAddress, u
from .prefix import Prefix, encode_path_id, read_path_id

__all__ = [
    "EvpnInclusiveMulticast",
    "EvpnIpPrefix",
    "EvpnMacIp",
    "EvpnRoute",
    "EvpnUnknown",
    "decode_evpn_route",
]

_CTX = "EVPN NLRI"


def _ip_by_bits(r: Reader, bits: int, field: str, start: int) -> IPAddress | None:
    if bits == 0:
        return None
    if bits == 32:
        return IPv4Address(r.take(field, 4))
    if bits == 128:
        return IPv6Address(r.take(field, 16))
    raise ValueOutOfRangeError(r.context, f"{field} length", start, bits, "0, 32 or 128")


def _ip_field(ip: IPAddress | None) -> bytes:
    if ip is None:
        return b"\0"
    return bytes([ip.max_prefixlen]) + ip.packed


def _esi(esi: bytes) -> bytes:
    if len(esi) != 10:
        raise EncodeError(_CTX, "ESI", 0, esi.hex(), "10 octets")
    return esi


@dataclass(frozen=True)
class EvpnMacIp:
    """Route type 2, MAC/IP Advertisement: one or two raw 3-octet label fields."""

    rd: int
    esi: bytes
    ethernet_tag: int
    mac: bytes
    ip: IPAddress | None
    labels: tuple[int, ...]
    path_id: int | None = None
    route_type: ClassVar[int] = 2

    def value(self) -> bytes:
        """The route value after type and length."""
        if len(self.mac) != 6:
            raise EncodeError(_CTX, "MAC", 0, self.mac.hex(), "6 octets")
        if not 1 <= len(self.labels) <= 2:
            raise EncodeError(_CTX, "labels", 0, len(self.labels), "1 or 2")
        return (
            u(self.rd, 8, _CTX, "RD") + _esi(self.esi) + u(self.ethernet_tag, 4, _CTX, "tag")
            + b"\x30" + self.mac + _ip_field(self.ip)
            + b"".join(u(x, 3, _CTX, "label") for x in self.labels)
        )

    @classmethod
    def read(cls, r: Reader, start: int, path_id: int | None) -> EvpnMacIp:
        """Decode the value filling ``r``."""
        rd, esi, tag = r.u64("RD"), r.take("ESI", 10), r.u32("Ethernet tag")
        mpos = r.pos
        mac_bits = r.u8("MAC length")
        if mac_bits != 48:
            raise ValueOutOfRangeError(r.context, "MAC length", mpos, mac_bits, "48")
        mac = r.take("MAC", 6)
        ip = _ip_by_bits(r, r.u8("IP address length"), "IP address", r.pos - 1)
        if r.remaining not in (3, 6):
            raise LengthError(r.context, "route length", start, r.remaining, "3 or 6 label octets left")
        labels = tuple(r.uint("MPLS label", 3) for _ in range(r.remaining // 3))
        return cls(rd, esi, tag, mac, ip, labels, path_id)


@dataclass(frozen=True)
class EvpnInclusiveMulticast:
    """Route type 3, Inclusive Multicast Ethernet Tag."""

    rd: int
    ethernet_tag: int
    ip: IPAddress
    path_id: int | None = None
    route_type: ClassVar[int] = 3

    def value(self) -> bytes:
        """The route value after type and length."""
        return u(self.rd, 8, _CTX, "RD") + u(self.ethernet_tag, 4, _CTX, "tag") + _ip_field(self.ip)

    @classmethod
    def read(cls, r: Reader, start: int, path_id: int | None) -> EvpnInclusiveMulticast:
        """Decode the value filling ``r``."""
        rd, tag = r.u64("RD"), r.u32("Ethernet tag")
        ip = _ip_by_bits(r, r.u8("IP address length"), "originating router IP", r.pos - 1)
        if ip is None:
            raise ValueOutOfRangeError(r.context, "IP address length", r.pos - 1, 0, "32 or 128")
        return cls(rd, tag, ip, path_id)


@dataclass(frozen=True)
class EvpnIpPrefix:
    """Route type 5, IP Prefix (RFC 9136): 34 octets for IPv4, 58 for IPv6."""

    rd: int
    esi: bytes
    ethernet_tag: int
    prefix: Prefix
    gateway: IPAddress
    label: int
    path_id: int | None = None
    route_type: ClassVar[int] = 5

    def value(self) -> bytes:
        """The route value after type and length."""
        if self.gateway.version != self.prefix.address.version:
            raise EncodeError(_CTX, "gateway", 0, self.gateway, "the prefix's family")
        return (
            u(self.rd, 8, _CTX, "RD") + _esi(self.esi) + u(self.ethernet_tag, 4, _CTX, "tag")
            + u(self.prefix.length, 1, _CTX, "prefix length") + self.prefix.address.packed
            + self.gateway.packed + u(self.label, 3, _CTX, "label")
        )

    @classmethod
    def read(cls, r: Reader, start: int, path_id: int | None) -> EvpnIpPrefix:
        """Decode the value filling ``r``."""
        if r.remaining not in (34, 58):
            raise LengthError(r.context, "route length", start, r.remaining, "34 or 58")
        size = 4 if r.remaining == 34 else 16
        rd, esi, tag = r.u64("RD"), r.take("ESI", 10), r.u32("Ethernet tag")
        ppos = r.pos
        plen = r.u8("IP prefix length")
        if plen > size * 8:
            raise ValueOutOfRangeError(r.context, "IP prefix length", ppos, plen, f"0..{size * 8}")
        kind = IPv4Address if size == 4 else IPv6Address
        addr = kind(r.take("IP prefix", size))
        gw = kind(r.take("gateway IP", size))
        return cls(rd, esi, tag, Prefix(addr, plen), gw, r.uint("MPLS label", 3), path_id)


@dataclass(frozen=True)
class EvpnUnknown:
    """Any other route type (1, 4, ...), value kept raw."""

    route_type: int
    raw: bytes
    path_id: int | None = None

    def value(self) -> bytes:
        """The route value after type and length."""
        return self.raw


EvpnRoute = EvpnMacIp | EvpnInclusiveMulticast | EvpnIpPrefix | EvpnUnknown
_TYPED: dict[int, type[EvpnMacIp] | type[EvpnInclusiveMulticast] | type[EvpnIpPrefix]] = {
    c.route_type: c for c in (EvpnMacIp, EvpnInclusiveMulticast, EvpnIpPrefix)
}


def encode_evpn_route(route: EvpnRoute) -> bytes:
    """[path id,] route type, length and value."""
    value = route.value()
    return (
        encode_path_id(route.path_id, _CTX)
        + u(route.route_type, 1, _CTX, "route type")
        + u(len(value), 1, _CTX, "length")
        + value
    )


def decode_evpn_route(
    r: Reader, afi: int, field: str, strict_host_bits: bool, path_ids: bool
) -> EvpnRoute:
    """Read one EVPN route."""
    path_id = read_path_id(r, path_ids, field)
    start = r.pos
    rtype = r.u8(f"{field} route type")
    v = r.sub(f"{field} length", r.u8(f"{field} length"))
    kind = _TYPED.get(rtype)
    if kind is None:
        return EvpnUnknown(rtype, v.rest("route value"), path_id)
    route = kind.read(v, start + 1, path_id)
    if not v.at_end():
        raise LengthError(r.context, f"{field} length", start + 1, v.end - start - 2, "the route's size")
    return route
