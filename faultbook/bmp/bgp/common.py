"""Constants, type codes and field helpers shared by the BGP modules."""

from __future__ import annotations

from enum import IntEnum
from ipaddress import IPv4Address, IPv6Address

from .._reader import Reader
from ..errors import EncodeError, LengthError

__all__ = [
    "AFI_EVPN",
    "AFI_IPV4",
    "AFI_IPV6",
    "BGP_HEADER_LENGTH",
    "BGP_MAX_LENGTH",
    "MARKER",
    "SAFI_EVPN",
    "SAFI_LABELED_UNICAST",
    "SAFI_MPLS_VPN",
    "SAFI_MULTICAST",
    "SAFI_UNICAST",
    "AttrFlag",
    "AttrType",
    "BgpType",
    "IPAddress",
]

MARKER = b"\xff" * 16
BGP_HEADER_LENGTH = 19
BGP_MAX_LENGTH = 4096
AFI_IPV4 = 1
AFI_IPV6 = 2
AFI_EVPN = 25
SAFI_UNICAST = 1
SAFI_MULTICAST = 2
SAFI_LABELED_UNICAST = 4
SAFI_EVPN = 70
SAFI_MPLS_VPN = 128

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
    """Path attribute type codes handled by this package."""

    ORIGIN = 1
    AS_PATH = 2
    NEXT_HOP = 3
    MULTI_EXIT_DISC = 4
    LOCAL_PREF = 5
    ATOMIC_AGGREGATE = 6
    AGGREGATOR = 7
    COMMUNITIES = 8
    ORIGINATOR_ID = 9
    CLUSTER_LIST = 10
    MP_REACH_NLRI = 14
    MP_UNREACH_NLRI = 15
    EXTENDED_COMMUNITIES = 16
    AS4_PATH = 17
    AS4_AGGREGATOR = 18
    PMSI_TUNNEL = 22
    AIGP = 26
    LARGE_COMMUNITY = 32


WELL_KNOWN = int(AttrFlag.TRANSITIVE)
OPTIONAL_TRANSITIVE = int(AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE)
OPTIONAL = int(AttrFlag.OPTIONAL)


def check_uint(value: int, octets: int, context: str, field: str) -> int:
    """Return ``value`` if it fits ``octets`` unsigned octets, else raise EncodeError."""
    if not 0 <= value < 1 << (8 * octets):
        raise EncodeError(context, field, 0, value, f"0..{(1 << (8 * octets)) - 1}")
    return value


def u(value: int, octets: int, context: str, field: str) -> bytes:
    """``value`` as ``octets`` big-endian octets (EncodeError if it does not fit)."""
    return check_uint(value, octets, context, field).to_bytes(octets, "big")


def exact(r: Reader, field: str, start: int, want: int) -> None:
    """Raise LengthError unless exactly ``want`` octets remain in ``r``."""
    if r.remaining != want:
        raise LengthError(r.context, f"{field} length", start, r.remaining, str(want))


def multiple_of(r: Reader, field: str, start: int, size: int) -> int:
    """Raise LengthError unless the remaining octets are a multiple of ``size``; return the count."""
    if r.remaining % size:
        raise LengthError(r.context, f"{field} length", start, r.remaining, f"a multiple of {size}")
    return r.remaining // size
