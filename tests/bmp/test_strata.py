"""A CI-sized stratified draw (two examples per stratum) carries every family: each message
type, each AFI/SAFI reachable and withdrawn, each path attribute kind and EVPN route type."""

from __future__ import annotations

import functools
import hashlib

from hypothesis import HealthCheck, given, seed, settings

from faultbook.bmp.bgp import (
    Aggregator,
    Aigp,
    As4Aggregator,
    As4Path,
    AsPath,
    AtomicAggregate,
    ClusterList,
    Communities,
    EvpnInclusiveMulticast,
    EvpnIpPrefix,
    EvpnMacIp,
    ExtendedCommunities,
    LargeCommunities,
    LocalPref,
    MpReachEvpn,
    MpReachNlri,
    MpReachVpn,
    MpUnreachEvpn,
    MpUnreachNlri,
    MpUnreachVpn,
    MultiExitDisc,
    NextHop,
    Origin,
    OriginatorId,
    PmsiTunnel,
    UnknownAttribute,
)
from faultbook.bmp.bmp import (
    Initiation,
    Message,
    PeerDown,
    PeerUp,
    RouteMirroring,
    RouteMonitoring,
    StatisticsReport,
    Termination,
)
from faultbook.bmp.strategies import FAMILIES, STRATA, Stratum

PER_STRATUM = settings(max_examples=2, derandomize=True, database=None, deadline=None,
                       suppress_health_check=list(HealthCheck))
REACH = (MpReachNlri, MpReachVpn, MpReachEvpn)
MP = (*REACH, MpUnreachNlri, MpUnreachVpn, MpUnreachEvpn)
ATTRIBUTES = {Origin, AsPath, NextHop, MultiExitDisc, LocalPref, AtomicAggregate, Aggregator,
              Communities, As4Path, LargeCommunities, UnknownAttribute, ExtendedCommunities,
              As4Aggregator, OriginatorId, ClusterList, Aigp, PmsiTunnel, *MP}
MESSAGES = {Initiation, Termination, PeerUp, PeerDown, StatisticsReport, RouteMirroring,
            RouteMonitoring}


@functools.cache
def drawn(stratum: Stratum, tshark_safe: bool) -> list[Message]:
    """The stratum's examples under PER_STRATUM, seeded by the stratum's name (derandomized
    draws of one test function would otherwise start every stratum from the same choices)."""
    out: list[Message] = []

    @seed(int.from_bytes(hashlib.sha256(stratum.name.encode()).digest()[:8], "big"))
    @PER_STRATUM
    @given(stratum.messages(tshark_safe))
    def run(m: Message) -> None:
        out.append(m)

    run()
    return out


def _mp(m: Message) -> set[tuple[int, int, bool]]:
    if not isinstance(m, RouteMonitoring):
        return set()
    return {(a.afi, a.safi, isinstance(a, REACH)) for a in m.update.attributes if isinstance(a, MP)}


def assert_every_family(tshark_safe: bool) -> None:
    """The strata's draws (``tshark_safe`` or not) carry every family."""
    by_stratum = {s.name: drawn(s, tshark_safe) for s in STRATA}
    msgs = [m for ms in by_stratum.values() for m in ms]
    assert {type(m) for m in msgs} == MESSAGES
    families = set().union(*(_mp(m) for m in msgs))
    assert families == {(afi, safi, reach) for afi, safi in FAMILIES for reach in (True, False)}
    attrs = [a for m in msgs if isinstance(m, RouteMonitoring) for a in m.update.attributes]
    assert {type(a) for a in attrs} >= ATTRIBUTES
    evpn = {type(r) for a in attrs if isinstance(a, MpReachEvpn | MpUnreachEvpn) for r in
            (a.nlri if isinstance(a, MpReachEvpn) else a.withdrawn)}
    assert evpn >= {EvpnMacIp, EvpnInclusiveMulticast, EvpnIpPrefix}
    for s in STRATA:  # each family stratum carries its family every time
        if s.family is not None:
            assert all(s.family in _mp(m) for m in by_stratum[s.name]), s.name


def test_every_family_in_a_ci_sized_draw() -> None:
    assert_every_family(tshark_safe=False)  # test_tshark_strata checks the tshark-safe draws
