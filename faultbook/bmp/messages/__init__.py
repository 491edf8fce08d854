"""BMP v3 messages, one module per family (RFC 7854; Loc-RIB peers from RFC 9069)."""

from __future__ import annotations

from .body import FAMILIES, Message, decode_body, encode_body, encode_message
from .header import (
    BMP_VERSION,
    COMMON_HEADER_LENGTH,
    PER_PEER_HEADER_LENGTH,
    Body,
    BodyOptions,
    ContextSource,
    MsgType,
)
from .information import Initiation, Termination
from .mirroring import RouteMirroring
from .monitoring import RouteMonitoring
from .peer import LOC_RIB_PEER, PeerFlag, PeerHeader, default_context
from .peer_down import PeerDown, PeerDownReason
from .peer_up import PeerUp
from .stats import (
    AFI_SAFI_GAUGE_TYPES,
    COUNTER_TYPES,
    GAUGE_TYPES,
    AfiSafiGauge,
    Counter,
    Gauge,
    Stat,
    StatisticsReport,
    UnknownStat,
)
from .tlv import Tlv

__all__ = [
    "AFI_SAFI_GAUGE_TYPES",
    "BMP_VERSION",
    "COMMON_HEADER_LENGTH",
    "COUNTER_TYPES",
    "FAMILIES",
    "GAUGE_TYPES",
    "LOC_RIB_PEER",
    "PER_PEER_HEADER_LENGTH",
    "AfiSafiGauge",
    "Body",
    "BodyOptions",
    "ContextSource",
    "Counter",
    "Gauge",
    "Initiation",
    "Message",
    "MsgType",
    "PeerDown",
    "PeerDownReason",
    "PeerFlag",
    "PeerHeader",
    "PeerUp",
    "RouteMirroring",
    "RouteMonitoring",
    "Stat",
    "StatisticsReport",
    "Termination",
    "Tlv",
    "UnknownStat",
    "decode_body",
    "default_context",
    "encode_body",
    "encode_message",
]
