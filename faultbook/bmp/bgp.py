"""BGP-4 messages (RFC 4271) with MP-BGP (RFC 4760), 4-octet AS (RFC 6793) and large communities."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

from ._reader import Reader
from .errors import (
    EncodeError,
    LengthError,
    MarkerError,
    UnknownTypeError,
    ValueOutOfRangeError,
)

__all__ = [
    "AFI_IPV4",
    "AFI_IPV6",
    "BGP_HEADER_LENGTH",
    "BGP_MAX_LENGTH",
    "MARKER",
    "SAFI_MULTICAST",
    "SAFI_UNICAST",
    "Aggregator",
    "As4Path",
    "AsPath",
    "AsPathSegment",
    "AtomicAggregate",
    "AttrFlag",
    "AttrType",
    "BgpMessage",
    "BgpType",
    "CapabilitiesParameter",
    "Capability",
    "Communities",
    "FourOctetAsCapability",
    "IPAddress",
    "Keepalive",
    "LargeCommunities",
    "LocalPref",
    "MpReachNlri",
    "MpUnreachNlri",
    "MultiExitDisc",
    "MultiprotocolCapability",
    "NextHop",
    "Notification",
    "Open",
    "OptionalParameter",
    "Origin",
    "PathAttribute",
    "Prefix",
    "RouteRefresh",
    "UnknownAttribute",
    "UnknownCapability",
    "UnknownParameter",
    "Update",
    "bgp_length_at",
    "decode_bgp",
    "decode_bgp_at",
    "decode_prefix",
    "encode_attribute",
    "encode_attribute_value",
    "encode_bgp",
    "encode_prefix",
]

MARKER = b"\xff" * 16
BGP_HEADER_LENGTH = 19
BGP_MAX_LENGTH = 4096
AFI_IPV4 = 1
AFI_IPV6 = 2
SAFI_UNICAST = 1
SAFI_MULTICAST = 2

IPAddress = IPv4Address | IPv6Address


class BgpType(IntEnum):
    """BGP message type codes."""

    OPEN = 1
    UPDATE = 2
    NOTIFICATION = 3
    KEEPALIVE = 4
    ROUTE_REFRESH = 5


class AttrFlag(IntEnum):
    """Path attribute flag bits."""

    OPTIONAL = 0x80
    TRANSITIVE = 0x40
    PARTIAL = 0x20
    EXTENDED_LENGTH = 0x10


class AttrType(IntEnum):
    """Path attribute type codes handled by this module."""

    ORIGIN = 1
    AS_PATH = 2
    NEXT_HOP = 3
    MULTI_EXIT_DISC = 4
    LOCAL_PREF = 5
    ATOMIC_AGGREGATE = 6
    AGGREGATOR = 7
    COMMUNITIES = 8
    MP_REACH_NLRI = 14
    MP_UNREACH_NLRI = 15
    AS4_PATH = 17
    LARGE_COMMUNITY = 32


_WK = int(AttrFlag.TRANSITIVE)
_OPT_TRANS = int(AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE)
_OPT = int(AttrFlag.OPTIONAL)


def _check_uint(value: int, octets: int, context: str, field: str) -> int:
    if not 0 <= value < 1 << (8 * octets):
        raise EncodeError(context, field, 0, value, f"0..{(1 << (8 * octets)) - 1}")
    return value


def _u(value: int, octets: int, context: str, field: str) -> bytes:
    return _check_uint(value, octets, context, field).to_bytes(octets, "big")


# --------------------------------------------------------------------------- prefixes


@dataclass(frozen=True)
class Prefix:
    """An NLRI prefix; ``address`` keeps any host bits exactly as they were on the wire."""

    address: IPAddress
    length: int

    @property
    def max_length(self) -> int:
        """32 for IPv4, 128 for IPv6."""
        return self.address.max_prefixlen

    @property
    def network(self) -> IPv4Network | IPv6Network:
        """The network with host bits cleared."""
        return ip_network(f"{self.address}/{self.length}", strict=False)

    @property
    def host_bits_set(self) -> bool:
        """Whether any bit after ``length`` is set in ``address``."""
        return int(self.address) != int(self.network.network_address)

    def __str__(self) -> str:
        return f"{self.address}/{self.length}"


def encode_prefix(prefix: Prefix) -> bytes:
    """Encode a prefix as a length octet and the minimal number of address octets."""
    ctx = "NLRI prefix"
    if not 0 <= prefix.length <= prefix.max_length:
        raise EncodeError(ctx, "length", 0, prefix.length, f"0..{prefix.max_length}")
    n = (prefix.length + 7) // 8
    packed = prefix.address.packed
    if any(packed[n:]):
        raise EncodeError(ctx, "address", 0, prefix.address, f"no bits set after octet {n}")
    return bytes([prefix.length]) + packed[:n]


def decode_prefix(r: Reader, afi: int, field: str, strict_host_bits: bool = False) -> Prefix:
    """Read one prefix of the given address family from ``r``."""
    start = r.pos
    length = r.u8(f"{field} length")
    max_len = 32 if afi == AFI_IPV4 else 128
    if length > max_len:
        raise ValueOutOfRangeError(r.context, f"{field} length", start, length, f"0..{max_len}")
    raw = r.take(f"{field} address", (length + 7) // 8)
    full = raw + bytes(max_len // 8 - len(raw))
    address: IPAddress = IPv4Address(full) if afi == AFI_IPV4 else IPv6Address(full)
    prefix = Prefix(address, length)
    if strict_host_bits and prefix.host_bits_set:
        raise ValueOutOfRangeError(
            r.context, f"{field} host bits", start, str(prefix), "no bits set after the length"
        )
    return prefix


def _decode_prefixes(r: Reader, afi: int, field: str, strict_host_bits: bool) -> tuple[Prefix, ...]:
    out: list[Prefix] = []
    while not r.at_end():
        out.append(decode_prefix(r, afi, field, strict_host_bits))
    return tuple(out)


# --------------------------------------------------------------------------- path attributes


@dataclass(frozen=True)
class AsPathSegment:
    """One AS_PATH segment: type 1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET."""

    type: int
    asns: tuple[int, ...]


@dataclass(frozen=True)
class Origin:
    """ORIGIN (type 1): 0 IGP, 1 EGP, 2 INCOMPLETE."""

    value: int
    flags: int = _WK
    type_code = AttrType.ORIGIN


@dataclass(frozen=True)
class AsPath:
    """AS_PATH (type 2); 2- or 4-octet AS numbers depending on the decoding context."""

    segments: tuple[AsPathSegment, ...]
    flags: int = _WK
    type_code = AttrType.AS_PATH


@dataclass(frozen=True)
class NextHop:
    """NEXT_HOP (type 3)."""

    address: IPv4Address
    flags: int = _WK
    type_code = AttrType.NEXT_HOP


@dataclass(frozen=True)
class MultiExitDisc:
    """MULTI_EXIT_DISC (type 4)."""

    value: int
    flags: int = _OPT
    type_code = AttrType.MULTI_EXIT_DISC


@dataclass(frozen=True)
class LocalPref:
    """LOCAL_PREF (type 5)."""

    value: int
    flags: int = _WK
    type_code = AttrType.LOCAL_PREF


@dataclass(frozen=True)
class AtomicAggregate:
    """ATOMIC_AGGREGATE (type 6), no value."""

    flags: int = _WK
    type_code = AttrType.ATOMIC_AGGREGATE


@dataclass(frozen=True)
class Aggregator:
    """AGGREGATOR (type 7): 6 octets with 2-octet AS, 8 octets with 4-octet AS."""

    asn: int
    address: IPv4Address
    flags: int = _OPT_TRANS
    type_code = AttrType.AGGREGATOR


@dataclass(frozen=True)
class Communities:
    """COMMUNITIES (type 8, RFC 1997): 32-bit values."""

    values: tuple[int, ...]
    flags: int = _OPT_TRANS
    type_code = AttrType.COMMUNITIES


@dataclass(frozen=True)
class MpReachNlri:
    """MP_REACH_NLRI (type 14) for IPv4/IPv6 unicast or multicast.

    ``next_hops`` holds one address, or two IPv6 addresses (global, link-local).
    """

    afi: int
    safi: int
    next_hops: tuple[IPAddress, ...]
    nlri: tuple[Prefix, ...]
    reserved: int = 0
    flags: int = _OPT
    type_code = AttrType.MP_REACH_NLRI


@dataclass(frozen=True)
class MpUnreachNlri:
    """MP_UNREACH_NLRI (type 15) for IPv4/IPv6 unicast or multicast."""

    afi: int
    safi: int
    withdrawn: tuple[Prefix, ...]
    flags: int = _OPT
    type_code = AttrType.MP_UNREACH_NLRI


@dataclass(frozen=True)
class As4Path:
    """AS4_PATH (type 17): always 4-octet AS numbers."""

    segments: tuple[AsPathSegment, ...]
    flags: int = _OPT_TRANS
    type_code = AttrType.AS4_PATH


@dataclass(frozen=True)
class LargeCommunities:
    """LARGE_COMMUNITY (type 32, RFC 8092): (global admin, local 1, local 2) triples."""

    values: tuple[tuple[int, int, int], ...]
    flags: int = _OPT_TRANS
    type_code = AttrType.LARGE_COMMUNITY


@dataclass(frozen=True)
class UnknownAttribute:
    """Any other attribute (or an unsupported MP family), kept as flags, type and raw value."""

    flags: int
    type_code: int
    value: bytes


PathAttribute = (
    Origin
    | AsPath
    | NextHop
    | MultiExitDisc
    | LocalPref
    | AtomicAggregate
    | Aggregator
    | Communities
    | MpReachNlri
    | MpUnreachNlri
    | As4Path
    | LargeCommunities
    | UnknownAttribute
)

_SUPPORTED_SAFI = (SAFI_UNICAST, SAFI_MULTICAST)
_SUPPORTED_AFI = (AFI_IPV4, AFI_IPV6)


def _encode_segments(segments: tuple[AsPathSegment, ...], size: int, ctx: str) -> bytes:
    out = bytearray()
    for seg in segments:
        out += _u(seg.type, 1, ctx, "segment type")
        out += _u(len(seg.asns), 1, ctx, "segment length")
        for asn in seg.asns:
            out += _u(asn, size, ctx, "AS number")
    return bytes(out)


def _encode_prefixes(prefixes: tuple[Prefix, ...], afi: int, ctx: str) -> bytes:
    out = bytearray()
    want = 4 if afi == AFI_IPV4 else 6
    for p in prefixes:
        if p.address.version != want:
            raise EncodeError(ctx, "prefix family", 0, p, f"IPv{want}")
        out += encode_prefix(p)
    return bytes(out)


def encode_attribute_value(attr: PathAttribute, four_byte_as: bool = True) -> bytes:
    """Encode the value part of a path attribute (without flags, type and length)."""
    ctx = f"path attribute {int(attr.type_code)}"
    match attr:
        case Origin(value=v):
            return _u(v, 1, ctx, "ORIGIN")
        case AsPath(segments=segs):
            return _encode_segments(segs, 4 if four_byte_as else 2, ctx)
        case As4Path(segments=segs):
            return _encode_segments(segs, 4, ctx)
        case NextHop(address=a):
            return a.packed
        case MultiExitDisc(value=v) | LocalPref(value=v):
            return _u(v, 4, ctx, "value")
        case AtomicAggregate():
            return b""
        case Aggregator(asn=asn, address=a):
            return _u(asn, 4 if four_byte_as else 2, ctx, "AS number") + a.packed
        case Communities(values=vals):
            return b"".join(_u(v, 4, ctx, "community") for v in vals)
        case LargeCommunities(values=vals):
            return b"".join(_u(x, 4, ctx, "large community") for v in vals for x in v)
        case MpReachNlri():
            nh = b"".join(a.packed for a in attr.next_hops)
            if len(nh) not in (4, 16, 32):
                raise EncodeError(ctx, "next hop length", 0, len(nh), "4, 16 or 32")
            return (
                _u(attr.afi, 2, ctx, "AFI")
                + _u(attr.safi, 1, ctx, "SAFI")
                + bytes([len(nh)])
                + nh
                + _u(attr.reserved, 1, ctx, "reserved")
                + _encode_prefixes(attr.nlri, attr.afi, ctx)
            )
        case MpUnreachNlri():
            return (
                _u(attr.afi, 2, ctx, "AFI")
                + _u(attr.safi, 1, ctx, "SAFI")
                + _encode_prefixes(attr.withdrawn, attr.afi, ctx)
            )
        case UnknownAttribute(value=v):
            return v
    raise EncodeError(ctx, "attribute", 0, type(attr).__name__, "a path attribute")


def encode_attribute(attr: PathAttribute, four_byte_as: bool = True) -> bytes:
    """Encode flags, type, length and value; sets the extended-length flag if the value needs it."""
    ctx = f"path attribute {int(attr.type_code)}"
    value = encode_attribute_value(attr, four_byte_as)
    flags = _check_uint(attr.flags, 1, ctx, "flags")
    if len(value) > 255:
        flags |= AttrFlag.EXTENDED_LENGTH
    if len(value) > 0xFFFF:
        raise EncodeError(ctx, "length", 0, len(value), "at most 65535")
    head = bytes([flags, _check_uint(int(attr.type_code), 1, ctx, "type")])
    if flags & AttrFlag.EXTENDED_LENGTH:
        return head + len(value).to_bytes(2, "big") + value
    return head + bytes([len(value)]) + value


def _decode_segments(r: Reader, size: int, field: str) -> tuple[AsPathSegment, ...]:
    segs: list[AsPathSegment] = []
    while not r.at_end():
        start = r.pos
        seg_type = r.u8(f"{field} segment type")
        if not 1 <= seg_type <= 4:
            raise ValueOutOfRangeError(r.context, f"{field} segment type", start, seg_type, "1..4")
        count = r.u8(f"{field} segment length")
        if count * size > r.remaining:
            raise LengthError(
                r.context,
                f"{field} segment length",
                start + 1,
                count,
                f"at most {r.remaining // size} AS numbers of {size} octets",
            )
        segs.append(
            AsPathSegment(seg_type, tuple(r.uint(f"{field} AS", size) for _ in range(count)))
        )
    return tuple(segs)


def _exact(r: Reader, field: str, start: int, want: int) -> None:
    if r.remaining != want:
        raise LengthError(r.context, f"{field} length", start, r.remaining, str(want))


def _decode_attribute(r: Reader, four_byte_as: bool, strict_host_bits: bool) -> PathAttribute:
    start = r.pos
    flags = r.u8("attribute flags")
    type_code = r.u8("attribute type")
    extended = bool(flags & AttrFlag.EXTENDED_LENGTH)
    length = r.u16("attribute length") if extended else r.u8("attribute length")
    v = r.sub("attribute length", length, f"BGP UPDATE path attribute {type_code}")
    lstart = start + 2
    match type_code:
        case AttrType.ORIGIN:
            _exact(v, "ORIGIN", lstart, 1)
            origin = v.u8("ORIGIN")
            if origin > 2:
                raise ValueOutOfRangeError(v.context, "ORIGIN", lstart + 1, origin, "0..2")
            return Origin(origin, flags)
        case AttrType.AS_PATH:
            return AsPath(_decode_segments(v, 4 if four_byte_as else 2, "AS_PATH"), flags)
        case AttrType.AS4_PATH:
            return As4Path(_decode_segments(v, 4, "AS4_PATH"), flags)
        case AttrType.NEXT_HOP:
            _exact(v, "NEXT_HOP", lstart, 4)
            return NextHop(IPv4Address(v.take("NEXT_HOP", 4)), flags)
        case AttrType.MULTI_EXIT_DISC:
            _exact(v, "MULTI_EXIT_DISC", lstart, 4)
            return MultiExitDisc(v.u32("MULTI_EXIT_DISC"), flags)
        case AttrType.LOCAL_PREF:
            _exact(v, "LOCAL_PREF", lstart, 4)
            return LocalPref(v.u32("LOCAL_PREF"), flags)
        case AttrType.ATOMIC_AGGREGATE:
            _exact(v, "ATOMIC_AGGREGATE", lstart, 0)
            return AtomicAggregate(flags)
        case AttrType.AGGREGATOR:
            size = 4 if four_byte_as else 2
            _exact(v, "AGGREGATOR", lstart, size + 4)
            asn = v.uint("AGGREGATOR AS", size)
            return Aggregator(asn, IPv4Address(v.take("AGGREGATOR address", 4)), flags)
        case AttrType.COMMUNITIES:
            if v.remaining % 4:
                raise LengthError(
                    v.context, "COMMUNITIES length", lstart, v.remaining, "a multiple of 4"
                )
            return Communities(tuple(v.u32("community") for _ in range(v.remaining // 4)), flags)
        case AttrType.LARGE_COMMUNITY:
            if v.remaining % 12:
                raise LengthError(
                    v.context, "LARGE_COMMUNITY length", lstart, v.remaining, "a multiple of 12"
                )
            return LargeCommunities(
                tuple(
                    (v.u32("global admin"), v.u32("local data 1"), v.u32("local data 2"))
                    for _ in range(v.remaining // 12)
                ),
                flags,
            )
        case AttrType.MP_REACH_NLRI:
            raw = bytes(v.data[v.pos : v.end])
            afi = v.u16("MP_REACH_NLRI AFI")
            safi = v.u8("MP_REACH_NLRI SAFI")
            if afi not in _SUPPORTED_AFI or safi not in _SUPPORTED_SAFI:
                return UnknownAttribute(flags, type_code, raw)
            nh_start = v.pos
            nh_len = v.u8("MP_REACH_NLRI next hop length")
            nh = v.take("MP_REACH_NLRI next hop", nh_len)
            hops: tuple[IPAddress, ...]
            if nh_len == 4:
                hops = (IPv4Address(nh),)
            elif nh_len == 16:
                hops = (IPv6Address(nh),)
            elif nh_len == 32:
                hops = (IPv6Address(nh[:16]), IPv6Address(nh[16:]))
            else:
                raise LengthError(
                    v.context, "MP_REACH_NLRI next hop length", nh_start, nh_len, "4, 16 or 32"
                )
            reserved = v.u8("MP_REACH_NLRI reserved")
            nlri = _decode_prefixes(v, afi, "MP_REACH_NLRI prefix", strict_host_bits)
            return MpReachNlri(afi, safi, hops, nlri, reserved, flags)
        case AttrType.MP_UNREACH_NLRI:
            raw = bytes(v.data[v.pos : v.end])
            afi = v.u16("MP_UNREACH_NLRI AFI")
            safi = v.u8("MP_UNREACH_NLRI SAFI")
            if afi not in _SUPPORTED_AFI or safi not in _SUPPORTED_SAFI:
                return UnknownAttribute(flags, type_code, raw)
            wd = _decode_prefixes(v, afi, "MP_UNREACH_NLRI prefix", strict_host_bits)
            return MpUnreachNlri(afi, safi, wd, flags)
    return UnknownAttribute(flags, type_code, v.rest("attribute value"))


# --------------------------------------------------------------------------- OPEN


@dataclass(frozen=True)
class MultiprotocolCapability:
    """Capability 1 (RFC 4760): AFI/SAFI the speaker supports."""

    afi: int
    safi: int
    reserved: int = 0
    code = 1


@dataclass(frozen=True)
class FourOctetAsCapability:
    """Capability 65 (RFC 6793): the speaker's 4-octet AS number."""

    asn: int
    code = 65


@dataclass(frozen=True)
class UnknownCapability:
    """Any other capability, kept raw."""

    code: int
    value: bytes


Capability = MultiprotocolCapability | FourOctetAsCapability | UnknownCapability


@dataclass(frozen=True)
class CapabilitiesParameter:
    """Optional parameter 2 (RFC 5492): one or more capabilities."""

    capabilities: tuple[Capability, ...]
    type = 2


@dataclass(frozen=True)
class UnknownParameter:
    """Any other optional parameter, kept raw."""

    type: int
    value: bytes


OptionalParameter = CapabilitiesParameter | UnknownParameter


@dataclass(frozen=True)
class Open:
    """BGP OPEN message."""

    my_as: int
    hold_time: int
    bgp_id: IPv4Address
    parameters: tuple[OptionalParameter, ...] = ()
    version: int = 4

    @property
    def capabilities(self) -> tuple[Capability, ...]:
        """All capabilities of all capability parameters, in order."""
        return tuple(
            c
            for p in self.parameters
            if isinstance(p, CapabilitiesParameter)
            for c in p.capabilities
        )

    @property
    def four_octet_as(self) -> int | None:
        """The AS number of the 4-octet AS capability, if present."""
        for c in self.capabilities:
            if isinstance(c, FourOctetAsCapability):
                return c.asn
        return None


def _encode_capability(c: Capability) -> bytes:
    ctx = "BGP OPEN capability"
    match c:
        case MultiprotocolCapability():
            value = (
                _u(c.afi, 2, ctx, "AFI")
                + _u(c.reserved, 1, ctx, "reserved")
                + _u(c.safi, 1, ctx, "SAFI")
            )
        case FourOctetAsCapability():
            value = _u(c.asn, 4, ctx, "AS number")
        case UnknownCapability():
            value = c.value
    return _u(c.code, 1, ctx, "code") + _u(len(value), 1, ctx, "length") + value


def _encode_open(m: Open) -> bytes:
    ctx = "BGP OPEN"
    params = bytearray()
    for p in m.parameters:
        if isinstance(p, CapabilitiesParameter):
            value = b"".join(_encode_capability(c) for c in p.capabilities)
        else:
            value = p.value
        params += (
            _u(p.type, 1, ctx, "parameter type")
            + _u(len(value), 1, ctx, "parameter length")
            + value
        )
    return (
        _u(m.version, 1, ctx, "version")
        + _u(m.my_as, 2, ctx, "my AS")
        + _u(m.hold_time, 2, ctx, "hold time")
        + m.bgp_id.packed
        + _u(len(params), 1, ctx, "optional parameters length")
        + params
    )


def _decode_capability(r: Reader) -> Capability:
    start = r.pos
    code = r.u8("capability code")
    length = r.u8("capability length")
    v = r.sub("capability length", length)
    if code == 1:
        _exact(v, "multiprotocol capability", start + 1, 4)
        afi = v.u16("AFI")
        reserved = v.u8("reserved")
        return MultiprotocolCapability(afi, v.u8("SAFI"), reserved)
    if code == 65:
        _exact(v, "4-octet AS capability", start + 1, 4)
        return FourOctetAsCapability(v.u32("AS number"))
    return UnknownCapability(code, v.rest("capability value"))


def _decode_open(r: Reader) -> Open:
    start = r.pos
    version = r.u8("version")
    if version != 4:
        raise ValueOutOfRangeError(r.context, "version", start, version, "4")
    my_as = r.u16("my AS")
    hold = r.u16("hold time")
    bgp_id = IPv4Address(r.take("BGP identifier", 4))
    plen = r.u8("optional parameters length")
    pr = r.sub("optional parameters length", plen)
    if not r.at_end():
        raise LengthError(
            r.context, "optional parameters length", start + 9, plen, f"{plen + r.remaining}"
        )
    params: list[OptionalParameter] = []
    while not pr.at_end():
        ptype = pr.u8("parameter type")
        length = pr.u8("parameter length")
        v = pr.sub("parameter length", length)
        if ptype == 2:
            caps: list[Capability] = []
            while not v.at_end():
                caps.append(_decode_capability(v))
            params.append(CapabilitiesParameter(tuple(caps)))
        else:
            params.append(UnknownParameter(ptype, v.rest("parameter value")))
    return Open(my_as, hold, bgp_id, tuple(params), version)


# --------------------------------------------------------------------------- other messages


@dataclass(frozen=True)
class Update:
    """BGP UPDATE: IPv4 withdrawn routes, path attributes (order and duplicates kept), IPv4 NLRI."""

    withdrawn: tuple[Prefix, ...] = ()
    attributes: tuple[PathAttribute, ...] = ()
    nlri: tuple[Prefix, ...] = ()

    def attribute(self, type_code: int) -> PathAttribute | None:
        """The first attribute with this type code, if any."""
        for a in self.attributes:
            if a.type_code == type_code:
                return a
        return None


@dataclass(frozen=True)
class Notification:
    """BGP NOTIFICATION: error code, subcode and data."""

    code: int
    subcode: int
    data: bytes = b""


@dataclass(frozen=True)
class Keepalive:
    """BGP KEEPALIVE (header only)."""


@dataclass(frozen=True)
class RouteRefresh:
    """BGP ROUTE-REFRESH (RFC 2918; ``subtype`` is the RFC 7313 field, reserved before)."""

    afi: int
    safi: int
    subtype: int = 0


BgpMessage = Open | Update | Notification | Keepalive | RouteRefresh


def encode_bgp(msg: BgpMessage, four_byte_as: bool = True) -> bytes:
    """Encode a BGP message with its 19-octet header; raises EncodeError above 4096 octets."""
    ctx = "BGP message"
    match msg:
        case Open():
            mtype, body = BgpType.OPEN, _encode_open(msg)
        case Update():
            wd = _encode_prefixes(msg.withdrawn, AFI_IPV4, "BGP UPDATE withdrawn")
            attrs = b"".join(encode_attribute(a, four_byte_as) for a in msg.attributes)
            body = (
                _u(len(wd), 2, ctx, "withdrawn routes length")
                + wd
                + _u(len(attrs), 2, ctx, "total path attribute length")
                + attrs
                + _encode_prefixes(msg.nlri, AFI_IPV4, "BGP UPDATE NLRI")
            )
            mtype = BgpType.UPDATE
        case Notification():
            mtype = BgpType.NOTIFICATION
            body = (
                _u(msg.code, 1, ctx, "error code")
                + _u(msg.subcode, 1, ctx, "error subcode")
                + msg.data
            )
        case Keepalive():
            mtype, body = BgpType.KEEPALIVE, b""
        case RouteRefresh():
            mtype = BgpType.ROUTE_REFRESH
            body = (
                _u(msg.afi, 2, ctx, "AFI")
                + _u(msg.subtype, 1, ctx, "subtype")
                + _u(msg.safi, 1, ctx, "SAFI")
            )
        case _:
            raise EncodeError(ctx, "message", 0, type(msg).__name__, "a BGP message")
    length = BGP_HEADER_LENGTH + len(body)
    if length > BGP_MAX_LENGTH:
        raise EncodeError(ctx, "length", 16, length, f"at most {BGP_MAX_LENGTH}")
    return MARKER + length.to_bytes(2, "big") + bytes([mtype]) + body


def bgp_length_at(r: Reader) -> int:
    """Check the BGP header at ``r.pos`` (marker, length range) and return its length field."""
    start = r.pos
    marker = r.take("marker", 16)
    if marker != MARKER:
        raise MarkerError(r.context, "marker", start, marker.hex(), "16 octets of 0xFF")
    length = r.u16("length")
    if not BGP_HEADER_LENGTH <= length <= BGP_MAX_LENGTH:
        raise LengthError(
            r.context, "length", start + 16, length, f"{BGP_HEADER_LENGTH}..{BGP_MAX_LENGTH}"
        )
    r.pos = start
    return length


def decode_bgp_at(
    r: Reader,
    four_byte_as: bool = True,
    strict_host_bits: bool = False,
) -> BgpMessage:
    """Decode one BGP message at ``r.pos``; it may be followed by more data in ``r``."""
    start = r.pos
    length = bgp_length_at(r)
    m = r.sub("length", length)
    m.pos += 18
    mtype = m.u8("type")
    body = Reader(m.data, m.context, m.pos, m.end)
    match mtype:
        case BgpType.OPEN:
            body.context = "BGP OPEN"
            return _decode_open(body)
        case BgpType.UPDATE:
            body.context = "BGP UPDATE"
            wlen = body.u16("withdrawn routes length")
            wd = _decode_prefixes(
                body.sub("withdrawn routes length", wlen),
                AFI_IPV4,
                "withdrawn prefix",
                strict_host_bits,
            )
            alen = body.u16("total path attribute length")
            ar = body.sub("total path attribute length", alen)
            attrs: list[PathAttribute] = []
            while not ar.at_end():
                attrs.append(_decode_attribute(ar, four_byte_as, strict_host_bits))
            nlri = _decode_prefixes(body, AFI_IPV4, "NLRI prefix", strict_host_bits)
            return Update(wd, tuple(attrs), nlri)
        case BgpType.NOTIFICATION:
            body.context = "BGP NOTIFICATION"
            code = body.u8("error code")
            return Notification(code, body.u8("error subcode"), body.rest("data"))
        case BgpType.KEEPALIVE:
            if not body.at_end():
                raise LengthError(
                    "BGP KEEPALIVE", "length", start + 16, length, str(BGP_HEADER_LENGTH)
                )
            return Keepalive()
        case BgpType.ROUTE_REFRESH:
            body.context = "BGP ROUTE-REFRESH"
            _exact(body, "message", start + 16, 4)
            afi = body.u16("AFI")
            sub = body.u8("subtype")
            return RouteRefresh(afi, body.u8("SAFI"), sub)
    raise UnknownTypeError(r.context, "type", start + 18, mtype, "1..5")


def decode_bgp(
    data: bytes,
    four_byte_as: bool = True,
    strict_host_bits: bool = False,
) -> BgpMessage:
    """Decode exactly one BGP message occupying all of ``data``."""
    r = Reader(data, "BGP header")
    length = bgp_length_at(r)
    if length != len(data):
        raise LengthError("BGP header", "length", 16, length, f"{len(data)} (the buffer size)")
    return decode_bgp_at(r, four_byte_as, strict_host_bits)
