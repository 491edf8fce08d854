"""Path attributes of RFC 4271 and RFC 4456, and the AS4_* attributes of RFC 6793."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from .._reader import Reader
from ..errors import LengthError, ValueOutOfRangeError
from .attribute import Attribute, register
from .common import OPTIONAL, OPTIONAL_TRANSITIVE, WELL_KNOWN, AttrType, exact, multiple_of, u
from .context import SessionContext

__all__ = [
    "Aggregator",
    "As4Aggregator",
    "As4Path",
    "AsPath",
    "AsPathSegment",
    "AtomicAggregate",
    "ClusterList",
    "LocalPref",
    "MultiExitDisc",
    "NextHop",
    "Origin",
    "OriginatorId",
]


@dataclass(frozen=True)
class AsPathSegment:
    """One AS_PATH segment: type 1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET."""

    type: int
    asns: tuple[int, ...]


def encode_segments(segments: tuple[AsPathSegment, ...], size: int, ctx: str) -> bytes:
    """Segments with ``size``-octet AS numbers."""
    out = bytearray()
    for seg in segments:
        out += u(seg.type, 1, ctx, "segment type")
        out += u(len(seg.asns), 1, ctx, "segment length")
        for asn in seg.asns:
            out += u(asn, size, ctx, "AS number")
    return bytes(out)


def decode_segments(r: Reader, size: int, field: str) -> tuple[AsPathSegment, ...]:
    """Segments until ``r`` is exhausted."""
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


@dataclass(frozen=True)
class Origin(Attribute):
    """ORIGIN (type 1): 0 IGP, 1 EGP, 2 INCOMPLETE."""

    value: int
    flags: int = WELL_KNOWN
    type_code = AttrType.ORIGIN

    def encode_value(self, ctx: SessionContext) -> bytes:
        """One octet."""
        return u(self.value, 1, "path attribute 1", "ORIGIN")

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> Origin:
        """Read the value."""
        exact(v, "ORIGIN", start, 1)
        origin = v.u8("ORIGIN")
        if origin > 2:
            raise ValueOutOfRangeError(v.context, "ORIGIN", start + 1, origin, "0..2")
        return cls(origin, flags)


@dataclass(frozen=True)
class AsPath(Attribute):
    """AS_PATH (type 2); 2- or 4-octet AS numbers depending on the session context."""

    segments: tuple[AsPathSegment, ...]
    flags: int = WELL_KNOWN
    type_code = AttrType.AS_PATH

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Segments with the session's AS size."""
        return encode_segments(self.segments, 4 if ctx.four_octet_as else 2, "path attribute 2")

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> AsPath:
        """Read the value."""
        return cls(decode_segments(v, 4 if ctx.four_octet_as else 2, "AS_PATH"), flags)


@dataclass(frozen=True)
class As4Path(Attribute):
    """AS4_PATH (type 17): always 4-octet AS numbers."""

    segments: tuple[AsPathSegment, ...]
    flags: int = OPTIONAL_TRANSITIVE
    type_code = AttrType.AS4_PATH

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Segments with 4-octet AS numbers."""
        return encode_segments(self.segments, 4, "path attribute 17")

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> As4Path:
        """Read the value."""
        return cls(decode_segments(v, 4, "AS4_PATH"), flags)


class _AddressAttribute(Attribute):
    """An attribute whose value is one IPv4 address (hook: the subclass's ``address`` field)."""

    __slots__ = ()
    address: IPv4Address

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Four octets."""
        return self.address.packed

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> Attribute:
        """Read the value."""
        name = AttrType(cls.type_code).name
        exact(v, name, start, 4)
        return cls(IPv4Address(v.take(name, 4)), flags)  # type: ignore[call-arg]


@dataclass(frozen=True)
class NextHop(_AddressAttribute):
    """NEXT_HOP (type 3)."""

    address: IPv4Address
    flags: int = WELL_KNOWN
    type_code = AttrType.NEXT_HOP


class _U32Attribute(Attribute):
    """An attribute whose value is one 32-bit number (hook: the subclass's ``value`` field)."""

    __slots__ = ()
    value: int

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Four octets."""
        return u(self.value, 4, f"path attribute {int(self.type_code)}", "value")

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> Attribute:
        """Read the value."""
        name = AttrType(cls.type_code).name
        exact(v, name, start, 4)
        return cls(v.u32(name), flags)  # type: ignore[call-arg]


@dataclass(frozen=True)
class MultiExitDisc(_U32Attribute):
    """MULTI_EXIT_DISC (type 4)."""

    value: int
    flags: int = OPTIONAL
    type_code = AttrType.MULTI_EXIT_DISC


@dataclass(frozen=True)
class LocalPref(_U32Attribute):
    """LOCAL_PREF (type 5)."""

    value: int
    flags: int = WELL_KNOWN
    type_code = AttrType.LOCAL_PREF


@dataclass(frozen=True)
class OriginatorId(_AddressAttribute):
    """ORIGINATOR_ID (type 9, RFC 4456)."""

    address: IPv4Address
    flags: int = OPTIONAL
    type_code = AttrType.ORIGINATOR_ID


@dataclass(frozen=True)
class ClusterList(Attribute):
    """CLUSTER_LIST (type 10, RFC 4456): cluster IDs."""

    clusters: tuple[IPv4Address, ...]
    flags: int = OPTIONAL
    type_code = AttrType.CLUSTER_LIST

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Four octets per cluster ID."""
        return b"".join(c.packed for c in self.clusters)

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> ClusterList:
        """Read the value."""
        n = multiple_of(v, "CLUSTER_LIST", start, 4)
        return cls(tuple(IPv4Address(v.take("cluster ID", 4)) for _ in range(n)), flags)


@dataclass(frozen=True)
class AtomicAggregate(Attribute):
    """ATOMIC_AGGREGATE (type 6), no value."""

    flags: int = WELL_KNOWN
    type_code = AttrType.ATOMIC_AGGREGATE

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Empty."""
        return b""

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> AtomicAggregate:
        """Read the (empty) value."""
        exact(v, "ATOMIC_AGGREGATE", start, 0)
        return cls(flags)


@dataclass(frozen=True)
class Aggregator(Attribute):
    """AGGREGATOR (type 7): 6 octets with 2-octet AS, 8 octets with 4-octet AS."""

    asn: int
    address: IPv4Address
    flags: int = OPTIONAL_TRANSITIVE
    type_code = AttrType.AGGREGATOR

    def encode_value(self, ctx: SessionContext) -> bytes:
        """AS number of the session's size and the address."""
        size = 4 if ctx.four_octet_as else 2
        return u(self.asn, size, "path attribute 7", "AS number") + self.address.packed

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> Aggregator:
        """Read the value."""
        size = 4 if ctx.four_octet_as else 2
        exact(v, "AGGREGATOR", start, size + 4)
        asn = v.uint("AGGREGATOR AS", size)
        return cls(asn, IPv4Address(v.take("AGGREGATOR address", 4)), flags)


@dataclass(frozen=True)
class As4Aggregator(Attribute):
    """AS4_AGGREGATOR (type 18, RFC 6793): always 8 octets."""

    asn: int
    address: IPv4Address
    flags: int = OPTIONAL_TRANSITIVE
    type_code = AttrType.AS4_AGGREGATOR

    def encode_value(self, ctx: SessionContext) -> bytes:
        """4-octet AS number and the address."""
        return u(self.asn, 4, "path attribute 18", "AS number") + self.address.packed

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> As4Aggregator:
        """Read the value."""
        exact(v, "AS4_AGGREGATOR", start, 8)
        asn = v.u32("AS4_AGGREGATOR AS")
        return cls(asn, IPv4Address(v.take("AS4_AGGREGATOR address", 4)), flags)


for _cls in (
    Origin, AsPath, As4Path, NextHop, MultiExitDisc, LocalPref, OriginatorId, ClusterList,
    AtomicAggregate, Aggregator, As4Aggregator,
):
    register(int(_cls.type_code), _cls.decode_value)
