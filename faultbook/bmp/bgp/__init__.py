"""BGP-4 messages (RFC 4271) with MP-BGP (RFC 4760), 4-octet AS (RFC 6793), ADD-PATH (RFC 7911),
VPN (RFC 4364), EVPN (RFC 7432, RFC 9136) and the community, AIGP and PMSI attributes.

One module per family: ``prefix`` (NLRI prefixes), ``labeled`` (VPN NLRI), ``evpn``, ``attribute``
(base and registry), ``path`` (RFC 4271/4456/6793 attributes), ``communities``, ``tunnel`` (PMSI,
AIGP), ``mp`` (MP_REACH/UNREACH per family), ``open``, ``messages``; ``context`` holds what a
session negotiated. Everything public is re-exported here.
"""

from __future__ import annotations

from . import communities as _communities  # noqa: F401  (registers decoders)
from . import path as _path  # noqa: F401
from . import tunnel as _tunnel  # noqa: F401
from .attribute import (
    Attribute,
    UnknownAttribute,
    decode_attribute,
    encode_attribute,
    encode_attribute_value,
)
from .common import (
    AFI_EVPN,
    AFI_IPV4,
    AFI_IPV6,
    BGP_HEADER_LENGTH,
    BGP_MAX_LENGTH,
    MARKER,
    SAFI_EVPN,
    SAFI_LABELED_UNICAST,
    SAFI_MPLS_VPN,
    SAFI_MULTICAST,
    SAFI_UNICAST,
    AttrFlag,
    AttrType,
    BgpType,
    IPAddress,
)
from .communities import Communities, ExtendedCommunities, LargeCommunities
from .context import DEFAULT_CONTEXT, Family, SessionContext
from .evpn import EvpnInclusiveMulticast, EvpnIpPrefix, EvpnMacIp, EvpnRoute, EvpnUnknown
from .labeled import LABEL_BOTTOM, LABEL_WITHDRAW, VpnPrefix
from .messages import (
    BgpMessage,
    Keepalive,
    Notification,
    RouteRefresh,
    Update,
    bgp_length_at,
    decode_bgp,
    decode_bgp_at,
    encode_bgp,
)
from .mp import MpReachEvpn, MpReachNlri, MpReachVpn, MpUnreachEvpn, MpUnreachNlri, MpUnreachVpn
from .open import (
    AddPathCapability,
    AddPathDirection,
    AddPathEntry,
    CapabilitiesParameter,
    Capability,
    FourOctetAsCapability,
    MultiprotocolCapability,
    Open,
    OptionalParameter,
    UnknownCapability,
    UnknownParameter,
)
from .path import (
    Aggregator,
    As4Aggregator,
    As4Path,
    AsPath,
    AsPathSegment,
    AtomicAggregate,
    ClusterList,
    LocalPref,
    MultiExitDisc,
    NextHop,
    Origin,
    OriginatorId,
)
from .prefix import Prefix, decode_prefix, encode_prefix
from .tunnel import Aigp, AigpTlv, PmsiTunnel

#: any path attribute (every class derives from ``Attribute``)
PathAttribute = Attribute

__all__ = [
    "AFI_EVPN",
    "AFI_IPV4",
    "AFI_IPV6",
    "BGP_HEADER_LENGTH",
    "BGP_MAX_LENGTH",
    "DEFAULT_CONTEXT",
    "LABEL_BOTTOM",
    "LABEL_WITHDRAW",
    "MARKER",
    "SAFI_EVPN",
    "SAFI_LABELED_UNICAST",
    "SAFI_MPLS_VPN",
    "SAFI_MULTICAST",
    "SAFI_UNICAST",
    "AddPathCapability",
    "AddPathDirection",
    "AddPathEntry",
    "Aggregator",
    "Aigp",
    "AigpTlv",
    "As4Aggregator",
    "As4Path",
    "AsPath",
    "AsPathSegment",
    "AtomicAggregate",
    "AttrFlag",
    "AttrType",
    "Attribute",
    "BgpMessage",
    "BgpType",
    "CapabilitiesParameter",
    "Capability",
    "ClusterList",
    "Communities",
    "EvpnInclusiveMulticast",
    "EvpnIpPrefix",
    "EvpnMacIp",
    "EvpnRoute",
    "EvpnUnknown",
    "ExtendedCommunities",
    "Family",
    "FourOctetAsCapability",
    "IPAddress",
    "Keepalive",
    "LargeCommunities",
    "LocalPref",
    "MpReachEvpn",
    "MpReachNlri",
    "MpReachVpn",
    "MpUnreachEvpn",
    "MpUnreachNlri",
    "MpUnreachVpn",
    "MultiExitDisc",
    "MultiprotocolCapability",
    "NextHop",
    "Notification",
    "Open",
    "OptionalParameter",
    "Origin",
    "OriginatorId",
    "PathAttribute",
    "PmsiTunnel",
    "Prefix",
    "RouteRefresh",
    "SessionContext",
    "UnknownAttribute",
    "UnknownCapability",
    "UnknownParameter",
    "Update",
    "VpnPrefix",
    "bgp_length_at",
    "decode_attribute",
    "decode_bgp",
    "decode_bgp_at",
    "decode_prefix",
    "encode_attribute",
    "encode_attribute_value",
    "encode_bgp",
    "encode_prefix",
]
