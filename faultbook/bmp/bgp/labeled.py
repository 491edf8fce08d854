"""Labeled VPN prefixes (RFC 4364 / RFC 8277): MPLS labels, a route distinguisher and a prefix."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from .._reader import Reader
from ..errors import EncodeError, LengthError, ValueOutOfRangeError
from .common import AFI_IPV4, u
from .prefix import Prefix, address_from, encode_path_id, read_path_id

__all__ = [
    "LABEL_BOTTOM", "LABEL_WITHDRAW", "VpnPrefix", "decode_vpn_prefix", "format_rd", "read_labels",
]

LABEL_BOTTOM = 0x000001  # bottom-of-stack bit of a 3-octet label field
LABEL_WITHDRAW = 0x800000  # RFC 8277 2.4 "compatibility" value in withdrawals


def format_rd(rd: int) -> str:
    """A route distinguisher as RFC 4364 4.2 writes it: ``asn:n`` (types 0, 2), ``ip:n`` (1),
    else ``type:value``."""
    kind, value = rd >> 48, rd & 0xFFFFFFFFFFFF
    if kind == 0:
        return f"{value >> 32}:{value & 0xFFFFFFFF}"
    if kind == 1:
        return f"{IPv4Address(value >> 16)}:{value & 0xFFFF}"
    if kind == 2:
        return f"{value >> 16}:{value & 0xFFFF}"
    return f"{kind}:{value}"


def _last_label(raw: int) -> bool:
    return bool(raw & LABEL_BOTTOM) or raw in (LABEL_WITHDRAW, 0)


def read_labels(r: Reader, field: str, budget_bits: int) -> tuple[tuple[int, ...], int]:
    """Read 3-octet label fields up to the bottom of stack; returns (labels, bits left)."""
    labels: list[int] = []
    while True:
        if budget_bits < 24:
            raise LengthError(r.context, f"{field} length", r.pos, budget_bits, "room for a label")
        raw = r.uint(f"{field} label", 3)
        labels.append(raw)
        budget_bits -= 24
        if _last_label(raw):
            return tuple(labels), budget_bits


@dataclass(frozen=True)
class VpnPrefix:
    """A VPN-IPv4/IPv6 NLRI: label fields (20-bit label, 3 EXP bits, bottom bit, kept raw),
    an 8-octet route distinguisher and a prefix (``prefix.path_id`` unused; ``path_id`` holds it)."""

    rd: int
    labels: tuple[int, ...]
    prefix: Prefix
    path_id: int | None = None

    def __str__(self) -> str:
        return f"{format_rd(self.rd)}:{self.prefix}"

    def encode(self) -> bytes:
        """[path id,] length in bits, labels, RD and prefix octets."""
        ctx = "VPN NLRI"
        if not self.labels:
            raise EncodeError(ctx, "labels", 0, 0, "at least one label")
        for i, raw in enumerate(self.labels):
            if _last_label(raw) != (i == len(self.labels) - 1):
                raise EncodeError(ctx, "label", 0, hex(raw), "bottom of stack on the last only")
        p = self.prefix
        if not 0 <= p.length <= p.max_length:
            raise EncodeError(ctx, "prefix length", 0, p.length, f"0..{p.max_length}")
        n = (p.length + 7) // 8
        if any(p.address.packed[n:]):
            raise EncodeError(ctx, "address", 0, p.address, f"no bits set after octet {n}")
        bits = 24 * len(self.labels) + 64 + p.length
        return (
            encode_path_id(self.path_id, ctx)
            + u(bits, 1, ctx, "length")
            + b"".join(u(x, 3, ctx, "label") for x in self.labels)
            + u(self.rd, 8, ctx, "route distinguisher")
            + p.address.packed[:n]
        )


def decode_vpn_prefix(
    r: Reader, afi: int, field: str, strict_host_bits: bool, path_ids: bool
) -> VpnPrefix:
    """Read one labeled VPN prefix."""
    path_id = read_path_id(r, path_ids, field)
    start = r.pos
    bits = r.u8(f"{field} length")
    labels, bits = read_labels(r, field, bits)
    if bits < 64:
        raise LengthError(r.context, f"{field} length", start, bits + 24 * len(labels), "room for the RD")
    rd = r.u64(f"{field} route distinguisher")
    plen = bits - 64
    max_len = 32 if afi == AFI_IPV4 else 128
    if plen > max_len:
        raise ValueOutOfRangeError(r.context, f"{field} prefix length", start, plen, f"0..{max_len}")
    prefix = Prefix(address_from(r.take(f"{field} address", (plen + 7) // 8), afi == AFI_IPV4), plen)
    if strict_host_bits and prefix.host_bits_set:
        raise ValueOutOfRangeError(r.context, f"{field} host bits", start, str(prefix), "none")
    return VpnPrefix(rd, labels, prefix, path_id)
