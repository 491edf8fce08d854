"""Field helpers shared by the BMP message families (private)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

from .._reader import Reader
from ..bgp import BgpMessage, IPAddress, SessionContext, decode_bgp_at
from ..errors import EncodeError, LengthError, ValueOutOfRangeError


def uint(value: int, octets: int, context: str, field: str) -> bytes:
    """``value`` as an unsigned big-endian integer of ``octets`` octets, or EncodeError."""
    if not 0 <= value < 1 << (8 * octets):
        raise EncodeError(context, field, 0, value, f"0..{(1 << (8 * octets)) - 1}")
    return value.to_bytes(octets, "big")


def addr16(addr: IPAddress, ipv6: bool, ctx: str, field: str) -> bytes:
    """A 16-octet address field: IPv6, or IPv4 after 12 zero octets."""
    if (addr.version == 6) != ipv6:
        raise EncodeError(ctx, field, 0, addr, "IPv6 exactly when the V flag is set")
    return addr.packed if ipv6 else bytes(12) + addr.packed


def decode_addr16(r: Reader, ipv6: bool, field: str) -> IPAddress:
    """Read a 16-octet address field; IPv4 padding must be zero."""
    start = r.pos
    raw = r.take(field, 16)
    if ipv6:
        return IPv6Address(raw)
    if any(raw[:12]):
        raise ValueOutOfRangeError(
            r.context, f"{field} padding", start, raw[:12].hex(), "zero for an IPv4 address"
        )
    return IPv4Address(raw[12:])


def decode_bgp_into(
    r: Reader, four_byte_as: bool, strict_host_bits: bool, context: SessionContext | None = None
) -> BgpMessage:
    """Decode an embedded BGP message, naming the BGP header in errors."""
    ctx, r.context = r.context, "BGP header"
    m = decode_bgp_at(r, four_byte_as, strict_host_bits, context)
    r.context = ctx
    return m


def no_trailing(r: Reader, field: str) -> None:
    """Raise LengthError if octets are left after the embedded message."""
    if not r.at_end():
        raise LengthError(
            r.context,
            field,
            r.pos,
            f"{r.remaining} octets left over",
            "the BMP length to end with it",
        )
