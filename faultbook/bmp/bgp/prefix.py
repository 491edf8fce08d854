"""IP prefixes as carried in NLRI fields (RFC 4271 4.3), with ADD-PATH identifiers (RFC 7911)."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

from .._reader import Reader
from ..errors import EncodeError, ValueOutOfRangeError
from .common import AFI_IPV4, IPAddress, u

__all__ = [
    "Prefix",
    "address_from",
    "decode_prefix",
    "decode_prefixes",
    "encode_path_id",
    "encode_prefix",
    "encode_prefixes",
    "read_path_id",
]


@dataclass(frozen=True)
class Prefix:
    """An NLRI prefix; ``address`` keeps any host bits exactly as they were on the wire.

    ``path_id`` is the RFC 7911 path identifier when the session negotiated ADD-PATH, else None.
    """

    address: IPAddress
    length: int
    path_id: int | None = None

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


def encode_path_id(path_id: int | None, ctx: str) -> bytes:
    """The 4-octet path identifier, or nothing when there is none."""
    return b"" if path_id is None else u(path_id, 4, ctx, "path identifier")


def read_path_id(r: Reader, path_ids: bool, field: str) -> int | None:
    """Read a path identifier if the context says NLRI carry them."""
    return r.u32(f"{field} path identifier") if path_ids else None


def address_from(raw: bytes, ipv4: bool) -> IPAddress:
    """An address from up to 4 (IPv4) or 16 (IPv6) leading octets, zero-padded."""
    return IPv4Address(raw.ljust(4, b"\0")) if ipv4 else IPv6Address(raw.ljust(16, b"\0"))


def encode_prefix(prefix: Prefix) -> bytes:
    """Encode [path id,] a length octet and the minimal number of address octets."""
    ctx = "NLRI prefix"
    if not 0 <= prefix.length <= prefix.max_length:
        raise EncodeError(ctx, "length", 0, prefix.length, f"0..{prefix.max_length}")
    n = (prefix.length + 7) // 8
    packed = prefix.address.packed
    if any(packed[n:]):
        raise EncodeError(ctx, "address", 0, prefix.address, f"no bits set after octet {n}")
    return encode_path_id(prefix.path_id, ctx) + bytes([prefix.length]) + packed[:n]


def decode_prefix(
    r: Reader, afi: int, field: str, strict_host_bits: bool = False, path_ids: bool = False
) -> Prefix:
    """Read one prefix of the given address family from ``r``."""
    path_id = read_path_id(r, path_ids, field)
    start = r.pos
    length = r.u8(f"{field} length")
    max_len = 32 if afi == AFI_IPV4 else 128
    if length > max_len:
        raise ValueOutOfRangeError(r.context, f"{field} length", start, length, f"0..{max_len}")
    raw = r.take(f"{field} address", (length + 7) // 8)
    prefix = Prefix(address_from(raw, afi == AFI_IPV4), length, path_id)
    if strict_host_bits and prefix.host_bits_set:
        raise ValueOutOfRangeError(
            r.context, f"{field} host bits", start, str(prefix), "no bits set after the length"
        )
    return prefix


def decode_prefixes(
    r: Reader, afi: int, field: str, strict_host_bits: bool, path_ids: bool = False
) -> tuple[Prefix, ...]:
    """Read prefixes until ``r`` is exhausted."""
    out: list[Prefix] = []
    while not r.at_end():
        out.append(decode_prefix(r, afi, field, strict_host_bits, path_ids))
    return tuple(out)


def encode_prefixes(prefixes: tuple[Prefix, ...], afi: int, ctx: str) -> bytes:
    """Encode prefixes that must all be of the AFI's family."""
    out = bytearray()
    want = 4 if afi == AFI_IPV4 else 6
    for p in prefixes:
        if p.address.version != want:
            raise EncodeError(ctx, "prefix family", 0, p, f"IPv{want}")
        out += encode_prefix(p)
    return bytes(out)
