"""Hypothesis strategies: valid BMP/BGP messages and sessions, and labelled malformations.

One module per family: ``primitives`` (numbers, addresses, prefixes, path identifiers), ``nlri``
(VPN and EVPN items), ``attributes``, ``bgp`` (UPDATE, OPEN, session contexts), ``bmp``
(messages and sessions), ``strata`` (one stratum per message type, AFI/SAFI and
attribute kind), ``malformations`` (framing) and ``update_malformations`` (UPDATE
content and capability mismatches, with RFC 7606 outcomes). Everything public is re-exported.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from .attributes import (
    as_path_segments,
    attribute_kinds,
    family_attributes,
    mp_attributes,
    path_attributes,
    unique_types,
)
from .bgp import (
    FAMILIES,
    bgp_updates,
    negotiating_opens,
    notifications,
    opens,
    session_contexts,
)
from .bmp import (
    FRR_EXPERIMENTAL_STAT,
    bmp_messages,
    initiations,
    peer_downs,
    peer_headers,
    peer_sessions,
    peer_ups,
    route_mirrorings,
    route_monitorings,
    sessions,
    statistics_reports,
    terminations,
    tshark_safe_messages,
)
from .determinism import pin_constants
from .malformations import (
    Malformation,
    bad_marker,
    bad_version,
    bgp_length_mismatch,
    bmp_length,
    burst,
    oversize,
    truncation,
    unknown_type,
)
from .nlri import evpn_routes, label_stacks, vpn_prefixes
from .primitives import ipv4_addresses, ipv4_prefixes, ipv6_addresses, ipv6_prefixes
from .strata import STRATA, Stratum, strata
from .update_malformations import (
    attribute_flags,
    attribute_length,
    capability_mismatch,
    capability_mismatched,
    duplicated_attributes,
    families,
    host_bits,
    malformed_attribute,
    misordered_attributes,
    missing_mandatory,
    nlri_length,
    prefix_too_long,
)

pin_constants()

__all__ = [
    "FAMILIES",
    "FRR_EXPERIMENTAL_STAT",
    "MALFORMATIONS",
    "SESSION_MALFORMATIONS",
    "STRATA",
    "Malformation",
    "Stratum",
    "any_malformation",
    "as_path_segments",
    "attribute_flags",
    "attribute_kinds",
    "attribute_length",
    "bad_marker",
    "bad_version",
    "bgp_length_mismatch",
    "bgp_updates",
    "bmp_length",
    "bmp_messages",
    "burst",
    "capability_mismatch",
    "capability_mismatched",
    "duplicated_attributes",
    "evpn_routes",
    "families",
    "family_attributes",
    "host_bits",
    "initiations",
    "ipv4_addresses",
    "ipv4_prefixes",
    "ipv6_addresses",
    "ipv6_prefixes",
    "label_stacks",
    "malformed_attribute",
    "misordered_attributes",
    "missing_mandatory",
    "mp_attributes",
    "negotiating_opens",
    "nlri_length",
    "notifications",
    "opens",
    "oversize",
    "path_attributes",
    "peer_downs",
    "peer_headers",
    "peer_sessions",
    "peer_ups",
    "prefix_too_long",
    "route_mirrorings",
    "route_monitorings",
    "session_contexts",
    "sessions",
    "statistics_reports",
    "strata",
    "terminations",
    "truncation",
    "tshark_safe_messages",
    "unique_types",
    "unknown_type",
    "vpn_prefixes",
]

MALFORMATIONS: dict[str, Callable[[], st.SearchStrategy[Malformation]]] = {
    "bad_version": bad_version,
    "bmp_length": bmp_length,
    "truncation": truncation,
    "unknown_type": unknown_type,
    "bad_marker": bad_marker,
    "bgp_length_mismatch": bgp_length_mismatch,
    "attribute_length": attribute_length,
    "nlri_length": nlri_length,
    "prefix_too_long": prefix_too_long,
    "host_bits": host_bits,
    "duplicated_attributes": duplicated_attributes,
    "misordered_attributes": misordered_attributes,
    "oversize": oversize,
    "burst": burst,
    "attribute_flags": attribute_flags,
    "malformed_attribute": malformed_attribute,
    "missing_mandatory": missing_mandatory,
    "families": families,
}

#: cases whose meaning needs per-connection decoding (a Peer Up, then Route Monitoring that the
#: Peer Up's negotiation governs): for runners whose checkers decode with ``StreamDecoder``
SESSION_MALFORMATIONS: dict[str, Callable[[], st.SearchStrategy[Malformation]]] = {
    "capability_mismatch": capability_mismatch,
}


def any_malformation() -> st.SearchStrategy[Malformation]:
    """One of every named malformation strategy (both tables)."""
    return st.one_of([f() for f in (*MALFORMATIONS.values(), *SESSION_MALFORMATIONS.values())])
