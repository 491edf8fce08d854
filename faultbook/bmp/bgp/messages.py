"""BGP messages (RFC 4271 4): header framing, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH."""

from __future__ import annotations

from dataclasses import dataclass

from .._reader import Reader
from ..errors import EncodeError, LengthError, MarkerError, UnknownTypeError
from .attribute import Attribute, decode_attribute, encode_attribute
from .common import (
    AFI_IPV4,
    BGP_HEADER_LENGTH,
    BGP_MAX_LENGTH,
    MARKER,
    SAFI_UNICAST,
    BgpType,
    exact,
    u,
)
from .context import SessionContext
from .open import Open, decode_open, encode_open
from .prefix import Prefix, decode_prefixes, encode_prefixes

__all__ = [
    "BgpMessage",
    "Keepalive",
    "Notification",
    "RouteRefresh",
    "Update",
    "bgp_length_at",
    "decode_bgp",
    "decode_bgp_at",
    "encode_bgp",
]


@dataclass(frozen=True)
class Update:
    """BGP UPDATE: IPv4 withdrawn routes, path attributes (order and duplicates kept), IPv4 NLRI."""

    withdrawn: tuple[Prefix, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    nlri: tuple[Prefix, ...] = ()

    def attribute(self, type_code: int) -> Attribute | None:
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


def _ctx(four_byte_as: bool, context: SessionContext | None) -> SessionContext:
    return context if context is not None else SessionContext.legacy(four_byte_as)


def _encode_update(msg: Update, ctx: SessionContext) -> bytes:
    c = "BGP message"
    wd = encode_prefixes(msg.withdrawn, AFI_IPV4, "BGP UPDATE withdrawn")
    attrs = b"".join(encode_attribute(a, context=ctx) for a in msg.attributes)
    return (
        u(len(wd), 2, c, "withdrawn routes length") + wd
        + u(len(attrs), 2, c, "total path attribute length") + attrs
        + encode_prefixes(msg.nlri, AFI_IPV4, "BGP UPDATE NLRI")
    )


def encode_bgp(
    msg: BgpMessage, four_byte_as: bool = True, context: SessionContext | None = None
) -> bytes:
    """Encode a BGP message with its 19-octet header; raises EncodeError above 4096 octets.

    ``context`` (or the older ``four_byte_as``) sets the AS number size of AS_PATH/AGGREGATOR.
    Path identifiers are written wherever a prefix has one.
    """
    ctx = "BGP message"
    match msg:
        case Open():
            mtype, body = BgpType.OPEN, encode_open(msg)
        case Update():
            mtype, body = BgpType.UPDATE, _encode_update(msg, _ctx(four_byte_as, context))
        case Notification():
            mtype = BgpType.NOTIFICATION
            body = u(msg.code, 1, ctx, "error code") + u(msg.subcode, 1, ctx, "error subcode") + msg.data
        case Keepalive():
            mtype, body = BgpType.KEEPALIVE, b""
        case RouteRefresh():
            mtype = BgpType.ROUTE_REFRESH
            body = u(msg.afi, 2, ctx, "AFI") + u(msg.subtype, 1, ctx, "subtype") + u(msg.safi, 1, ctx, "SAFI")
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


def _decode_update(body: Reader, ctx: SessionContext, strict: bool) -> Update:
    body.context = "BGP UPDATE"
    path_ids = ctx.path_ids(AFI_IPV4, SAFI_UNICAST)
    wlen = body.u16("withdrawn routes length")
    wd = decode_prefixes(
        body.sub("withdrawn routes length", wlen), AFI_IPV4, "withdrawn prefix", strict, path_ids
    )
    alen = body.u16("total path attribute length")
    ar = body.sub("total path attribute length", alen)
    attrs: list[Attribute] = []
    while not ar.at_end():
        attrs.append(decode_attribute(ar, ctx, strict))
    nlri = decode_prefixes(body, AFI_IPV4, "NLRI prefix", strict, path_ids)
    return Update(wd, tuple(attrs), nlri)


def decode_bgp_at(
    r: Reader,
    four_byte_as: bool = True,
    strict_host_bits: bool = False,
    context: SessionContext | None = None,
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
            return decode_open(body)
        case BgpType.UPDATE:
            return _decode_update(body, _ctx(four_byte_as, context), strict_host_bits)
        case BgpType.NOTIFICATION:
            body.context = "BGP NOTIFICATION"
            code = body.u8("error code")
            return Notification(code, body.u8("error subcode"), body.rest("data"))
        case BgpType.KEEPALIVE:
            if not body.at_end():
                raise LengthError("BGP KEEPALIVE", "length", start + 16, length, str(BGP_HEADER_LENGTH))
            return Keepalive()
        case BgpType.ROUTE_REFRESH:
            body.context = "BGP ROUTE-REFRESH"
            exact(body, "message", start + 16, 4)
            afi = body.u16("AFI")
            sub = body.u8("subtype")
            return RouteRefresh(afi, body.u8("SAFI"), sub)
    raise UnknownTypeError(r.context, "type", start + 18, mtype, "1..5")


def decode_bgp(
    data: bytes,
    four_byte_as: bool = True,
    strict_host_bits: bool = False,
    context: SessionContext | None = None,
) -> BgpMessage:
    """Decode exactly one BGP message occupying all of ``data``."""
    r = Reader(data, "BGP header")
    length = bgp_length_at(r)
    if length != len(data):
        raise LengthError("BGP header", "length", 16, length, f"{len(data)} (the buffer size)")
    return decode_bgp_at(r, four_byte_as, strict_host_bits, context)
