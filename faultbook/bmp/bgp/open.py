"""BGP OPEN (RFC 4271 4.2) with capabilities (RFC 5492): multiprotocol, 4-octet AS, ADD-PATH."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from ipaddress import IPv4Address

from .._reader import Reader
from ..errors import LengthError, ValueOutOfRangeError
from .common import exact, u

__all__ = [
    "AddPathCapability",
    "AddPathDirection",
    "AddPathEntry",
    "CapabilitiesParameter",
    "Capability",
    "FourOctetAsCapability",
    "MultiprotocolCapability",
    "Open",
    "OptionalParameter",
    "UnknownCapability",
    "UnknownParameter",
    "decode_open",
    "encode_open",
]


@dataclass(frozen=True)
class MultiprotocolCapability:
    """Capability 1 (RFC 4760): AFI/SAFI the speaker supports."""

    afi: int
    safi: int
    reserved: int = 0
    code = 1

    def body(self) -> bytes:
        """AFI, reserved, SAFI."""
        c = "BGP OPEN capability"
        return u(self.afi, 2, c, "AFI") + u(self.reserved, 1, c, "reserved") + u(self.safi, 1, c, "SAFI")


@dataclass(frozen=True)
class FourOctetAsCapability:
    """Capability 65 (RFC 6793): the speaker's 4-octet AS number."""

    asn: int
    code = 65

    def body(self) -> bytes:
        """The AS number."""
        return u(self.asn, 4, "BGP OPEN capability", "AS number")


class AddPathDirection(IntEnum):
    """ADD-PATH Send/Receive field (RFC 7911 4)."""

    RECEIVE = 1
    SEND = 2
    BOTH = 3


@dataclass(frozen=True)
class AddPathEntry:
    """One AFI/SAFI of the ADD-PATH capability and its Send/Receive value (1, 2 or 3)."""

    afi: int
    safi: int
    send_receive: int

    @property
    def receives(self) -> bool:
        """The speaker can receive multiple paths."""
        return bool(self.send_receive & AddPathDirection.RECEIVE)

    @property
    def sends(self) -> bool:
        """The speaker can send multiple paths."""
        return bool(self.send_receive & AddPathDirection.SEND)


@dataclass(frozen=True)
class AddPathCapability:
    """Capability 69 (RFC 7911)."""

    entries: tuple[AddPathEntry, ...]
    code = 69

    def body(self) -> bytes:
        """Four octets per entry."""
        c = "BGP OPEN ADD-PATH capability"
        return b"".join(
            u(e.afi, 2, c, "AFI") + u(e.safi, 1, c, "SAFI") + u(e.send_receive, 1, c, "send/receive")
            for e in self.entries
        )


@dataclass(frozen=True)
class UnknownCapability:
    """Any other capability, kept raw."""

    code: int
    value: bytes

    def body(self) -> bytes:
        """The raw value."""
        return self.value


Capability = MultiprotocolCapability | FourOctetAsCapability | AddPathCapability | UnknownCapability


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

    @property
    def multiprotocol(self) -> frozenset[tuple[int, int]]:
        """AFI/SAFIs of the multiprotocol capabilities."""
        return frozenset(
            (c.afi, c.safi) for c in self.capabilities if isinstance(c, MultiprotocolCapability)
        )

    @property
    def add_path(self) -> dict[tuple[int, int], int]:
        """ADD-PATH Send/Receive value per AFI/SAFI (the last entry for a family wins)."""
        return {
            (e.afi, e.safi): e.send_receive
            for c in self.capabilities
            if isinstance(c, AddPathCapability)
            for e in c.entries
        }


def _encode_capability(c: Capability) -> bytes:
    ctx = "BGP OPEN capability"
    value = c.body()
    return u(c.code, 1, ctx, "code") + u(len(value), 1, ctx, "length") + value


def encode_open(m: Open) -> bytes:
    """The OPEN body (after the BGP header)."""
    ctx = "BGP OPEN"
    params = bytearray()
    for p in m.parameters:
        if isinstance(p, CapabilitiesParameter):
            value = b"".join(_encode_capability(c) for c in p.capabilities)
        else:
            value = p.value
        params += u(p.type, 1, ctx, "parameter type") + u(len(value), 1, ctx, "parameter length") + value
    return (
        u(m.version, 1, ctx, "version")
        + u(m.my_as, 2, ctx, "my AS")
        + u(m.hold_time, 2, ctx, "hold time")
        + m.bgp_id.packed
        + u(len(params), 1, ctx, "optional parameters length")
        + params
    )


def _decode_capability(r: Reader) -> Capability:
    start = r.pos
    code = r.u8("capability code")
    length = r.u8("capability length")
    v = r.sub("capability length", length)
    if code == 1:
        exact(v, "multiprotocol capability", start + 1, 4)
        afi = v.u16("AFI")
        reserved = v.u8("reserved")
        return MultiprotocolCapability(afi, v.u8("SAFI"), reserved)
    if code == 65:
        exact(v, "4-octet AS capability", start + 1, 4)
        return FourOctetAsCapability(v.u32("AS number"))
    if code == 69:
        if v.remaining % 4:
            raise LengthError(r.context, "ADD-PATH capability length", start + 1, length, "a multiple of 4")
        entries: list[AddPathEntry] = []
        while not v.at_end():
            afi, safi = v.u16("ADD-PATH AFI"), v.u8("ADD-PATH SAFI")
            spos = v.pos
            sr = v.u8("ADD-PATH send/receive")
            if not 1 <= sr <= 3:
                raise ValueOutOfRangeError(r.context, "ADD-PATH send/receive", spos, sr, "1..3")
            entries.append(AddPathEntry(afi, safi, sr))
        return AddPathCapability(tuple(entries))
    return UnknownCapability(code, v.rest("capability value"))


def decode_open(r: Reader) -> Open:
    """Read an OPEN body filling ``r``."""
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
