"""BMP v3 (RFC 7854) and BGP-4 codec with capture I/O and Hypothesis strategies.

Self-contained: imports nothing else from faultbook. ``strategies`` and ``session`` need hypothesis.
"""

from __future__ import annotations

from .bmp import (
    Initiation,
    Message,
    PeerDown,
    PeerHeader,
    PeerUp,
    RouteMirroring,
    RouteMonitoring,
    StatisticsReport,
    Termination,
    Tlv,
)
from .codec import StreamDecoder, decode, encode, iter_messages
from .errors import (
    DecodeError,
    EncodeError,
    LengthError,
    MarkerError,
    TruncatedError,
    UnknownTypeError,
    ValueOutOfRangeError,
)

__all__ = [
    "DecodeError",
    "EncodeError",
    "Initiation",
    "LengthError",
    "MarkerError",
    "Message",
    "PeerDown",
    "PeerHeader",
    "PeerUp",
    "RouteMirroring",
    "RouteMonitoring",
    "StatisticsReport",
    "StreamDecoder",
    "Termination",
    "Tlv",
    "TruncatedError",
    "UnknownTypeError",
    "ValueOutOfRangeError",
    "decode",
    "encode",
    "iter_messages",
]
