"""Stratified strategies: one stratum per message type, per AFI/SAFI (reachable and withdrawn)
and per path attribute kind, so a draw of one example per stratum carries every family.

A Route Monitoring stratum draws an ordinary UPDATE for a drawn peer and negotiated context, then
puts its stratum's attribute in (replacing one of the same type). ``tshark_safe`` keeps the
context within what tshark 4.0 guesses right (4-octet AS, no ADD-PATH, A flag clear, realistic
prefixes), for agreement tests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from ..bgp import AFI_EVPN, SAFI_EVPN, EvpnRoute, PathAttribute, SessionContext
from ..bmp import Message, RouteMonitoring
from .attributes import attribute_kinds, family_attributes, unique_types
from .bgp import FAMILIES, bgp_updates, session_contexts
from .bmp import (
    initiations,
    peer_downs,
    peer_headers,
    peer_ups,
    route_mirrorings,
    route_monitorings,
    statistics_reports,
    terminations,
)
from .nlri import evpn_route_kinds

__all__ = ["STRATA", "Stratum", "strata"]

AttributeFor = Callable[[SessionContext, bool], st.SearchStrategy[PathAttribute]]


@dataclass(frozen=True)
class Stratum:
    """A named slice of the message space; ``messages(tshark_safe)`` draws from it."""

    name: str
    messages: Callable[[bool], st.SearchStrategy[Message]]
    #: the (AFI, SAFI, reachable) every example carries, for a family stratum
    family: tuple[int, int, bool] | None = None


@st.composite
def _monitoring_with(draw: st.DrawFn, attribute: AttributeFor, tshark_safe: bool,
                     family: tuple[int, int] | None = None) -> RouteMonitoring:
    """A Route Monitoring whose UPDATE carries what ``attribute`` draws for its context."""
    if tshark_safe:
        peer = draw(peer_headers(legacy_as_path=False))
        ctx = SessionContext(True, frozenset(), frozenset(FAMILIES))
    else:
        peer = draw(peer_headers(loc_rib=True))
        ctx = draw(session_contexts())
        ctx = dataclasses.replace(
            ctx, four_octet_as=peer.loc_rib or not peer.legacy_as_path,
            families=ctx.families | ({family} if family else set()))
    base = draw(bgp_updates(routable=tshark_safe, context=ctx))
    forced = draw(attribute(ctx, tshark_safe).filter(_carries_something))
    update = dataclasses.replace(base, attributes=unique_types([forced, *base.attributes]))
    return RouteMonitoring(peer, update, ctx)


def _carries_something(a: PathAttribute) -> bool:
    """No empty sequence in the attribute (communities, segments, prefixes, TLVs...)."""
    return all(len(v) > 0 for v in vars(a).values() if isinstance(v, tuple))


def _family(family: tuple[int, int], reach: bool,
            evpn: tuple[str, st.SearchStrategy[EvpnRoute]] | None = None) -> Stratum:
    def attribute(ctx: SessionContext, safe: bool) -> st.SearchStrategy[PathAttribute]:
        return family_attributes(family, reach, ctx, routable=safe,
                                 evpn=evpn[1] if evpn is not None else None)

    name = (f"Route Monitoring {'MP_REACH' if reach else 'MP_UNREACH'} {family[0]}/{family[1]}"
            + (f" {evpn[0]}" if evpn is not None else ""))
    return Stratum(name, lambda safe: _monitoring_with(attribute, safe, family), (*family, reach))


def _families() -> list[Stratum]:
    out: list[Stratum] = []
    for f in FAMILIES:
        for reach in (True, False):
            kinds = evpn_route_kinds() if f == (AFI_EVPN, SAFI_EVPN) else [None]
            out += [_family(f, reach, k) for k in kinds]
    return out


def _attribute(index: int, name: str) -> Stratum:
    def attribute(ctx: SessionContext, safe: bool) -> st.SearchStrategy[PathAttribute]:
        return attribute_kinds(ctx, routable=safe)[index][1]

    return Stratum(f"Route Monitoring {name}", lambda safe: _monitoring_with(attribute, safe))


def _messages() -> list[Stratum]:
    return [
        Stratum("Initiation", lambda safe: initiations()),
        Stratum("Termination", lambda safe: terminations()),
        Stratum("Peer Up", lambda safe: peer_ups(info=not safe, unknown_parameters=not safe)),
        Stratum("Peer Down", lambda safe: peer_downs()),
        Stratum("Statistics Report", lambda safe: statistics_reports(not safe)),
        Stratum("Route Mirroring", lambda safe: route_mirrorings()),
        Stratum("Route Monitoring", lambda safe: route_monitorings(routable=safe)),
    ]


def strata() -> tuple[Stratum, ...]:
    """Every message type, every AFI/SAFI both ways (EVPN by route type), every attribute kind."""
    kinds = attribute_kinds(SessionContext())
    return (
        *_messages(),
        *_families(),
        *(_attribute(i, name) for i, (name, _) in enumerate(kinds) if not name.startswith("MP ")),
    )


STRATA = strata()
