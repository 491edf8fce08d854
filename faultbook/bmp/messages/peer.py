"""The 42-octet per-peer header (RFC 7854 4.2; Loc-RIB peers from RFC 9069)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from ipaddress import IPv4Address

from .._reader import Reader
from ..bgp import IPAddress, SessionContext
from .wire import addr16, decode_addr16, uint


class PeerFlag(IntEnum):
    """Per-peer header flag bits."""

    V = 0x80  # IPv6 peer address
    L = 0x40  # post-policy Adj-RIB-In
    A = 0x20  # legacy 2-octet AS_PATH format
    O = 0x10  # Adj-RIB-Out (RFC 8671)  # noqa: E741
    F = 0x80  # Loc-RIB filtered (RFC 9069; peer type 3 only, in place of V)


LOC_RIB_PEER = 3


@dataclass(frozen=True)
class PeerHeader:
    """The 42-octet per-peer header."""

    peer_type: int
    flags: int
    distinguisher: int
    address: IPAddress
    asn: int
    bgp_id: IPv4Address
    timestamp_sec: int = 0
    timestamp_usec: int = 0

    @property
    def ipv6(self) -> bool:
        """V flag: the peer address is IPv6."""
        return bool(self.flags & PeerFlag.V)

    @property
    def post_policy(self) -> bool:
        """L flag: post-policy Adj-RIB-In."""
        return bool(self.flags & PeerFlag.L)

    @property
    def legacy_as_path(self) -> bool:
        """A flag: AS_PATH uses 2-octet AS numbers."""
        return bool(self.flags & PeerFlag.A)

    @property
    def adj_rib_out(self) -> bool:
        """O flag: the UPDATE is from the Adj-RIB-Out (RFC 8671); never for a Loc-RIB peer."""
        return self.peer_type != LOC_RIB_PEER and bool(self.flags & PeerFlag.O)

    @property
    def loc_rib(self) -> bool:
        """Peer type 3: the router's Loc-RIB (RFC 9069)."""
        return self.peer_type == LOC_RIB_PEER

    @property
    def key(self) -> tuple[int, int, IPAddress]:
        """(peer type, distinguisher, address): identifies a peer on a BMP session."""
        return (self.peer_type, self.distinguisher, self.address)

    def encode(self) -> bytes:
        """The header's 42 octets."""
        ctx = "BMP per-peer header"
        return (
            uint(self.peer_type, 1, ctx, "peer type")
            + uint(self.flags, 1, ctx, "peer flags")
            + uint(self.distinguisher, 8, ctx, "peer distinguisher")
            + addr16(self.address, self.ipv6, ctx, "peer address")
            + uint(self.asn, 4, ctx, "peer AS")
            + self.bgp_id.packed
            + uint(self.timestamp_sec, 4, ctx, "timestamp seconds")
            + uint(self.timestamp_usec, 4, ctx, "timestamp microseconds")
        )

    @classmethod
    def decode(cls, r: Reader) -> PeerHeader:
        """Read the header at ``r``."""
        ctx, r.context = r.context, "BMP per-peer header"
        peer_type = r.u8("peer type")
        flags = r.u8("peer flags")
        dist = r.u64("peer distinguisher")
        addr = decode_addr16(r, bool(flags & PeerFlag.V), "peer address")
        asn = r.u32("peer AS")
        bgp_id = IPv4Address(r.take("peer BGP ID", 4))
        sec = r.u32("timestamp seconds")
        usec = r.u32("timestamp microseconds")
        r.context = ctx
        return cls(peer_type, flags, dist, addr, asn, bgp_id, sec, usec)


def default_context(peer: PeerHeader) -> SessionContext:
    """The context of a Route Monitoring without a known Peer Up: the A flag picks the AS size."""
    return SessionContext.legacy(peer.loc_rib or not peer.legacy_as_path)
