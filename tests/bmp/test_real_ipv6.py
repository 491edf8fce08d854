"""The recorded IPv6 FRR 8.4 / GoBGP 3.10 sessions (tests/bmp/corpus/record_v6.py): IPv6
unicast and VPNv6 monitoring, Peer Downs without a NOTIFICATION, a Termination; every message
round-trips byte for byte, and what the speakers do off RFC 7854 is pinned to the bytes."""

from __future__ import annotations

from collections import Counter

import pytest

from faultbook.bmp.bgp import MpReachNlri, MpReachVpn, MpUnreachNlri, MpUnreachVpn
from faultbook.bmp.bmp import Message, PeerDown, PeerUp, RouteMonitoring, Termination
from faultbook.bmp.codec import encode, message_length

from .recorded import IPV6, decoded


@pytest.fixture(scope="module")
def sessions() -> list[tuple[str, list[Message], bytes]]:
    return [(*decoded(s), s) for _, s in sorted(IPV6.streams().items())]


def test_every_message_round_trips(sessions: list[tuple[str, list[Message], bytes]]) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for dialect, msgs, stream in sessions:
        pos = 0
        for m in msgs:
            n = message_length(stream, pos)
            assert n is not None and encode(m) == stream[pos : pos + n]
            counts[(dialect, type(m).__name__)] += 1
            pos += n
        assert pos == len(stream)
    assert [d for d, _, _ in sessions] == ["gobgp-3.10", "frr-8.4", "frr-8.4"]
    assert sum(counts.values()) == 40
    assert counts[("frr-8.4", "RouteMonitoring")] == 12
    assert counts[("gobgp-3.10", "Termination")] == 1


def _attrs(sessions: list[tuple[str, list[Message], bytes]]) -> list[object]:
    return [a for _, msgs, _ in sessions for m in msgs if isinstance(m, RouteMonitoring)
            for a in m.update.attributes]


def test_ipv6_unicast_and_vpnv6(sessions: list[tuple[str, list[Message], bytes]]) -> None:
    attrs = _attrs(sessions)
    reach = [a for a in attrs if isinstance(a, MpReachNlri) and a.afi == 2]
    assert {str(p) for a in reach for p in a.nlri} == {
        "2001:db8:10::/48", "2001:db8:11::/48", "2001:db8:20::/48"}
    vpn = [a for a in attrs if isinstance(a, MpReachVpn) and a.afi == 2]
    # label 200 with the bottom-of-stack bit from GoBGP; FRR 8.4 reports the label field as 0
    assert {(str(p), p.labels) for a in vpn for p in a.nlri} == {
        ("65022:1:2001:db8:30::/48", (0xC81,)), ("65022:1:2001:db8:30::/48", (0,))}
    assert any(isinstance(a, MpUnreachNlri) and a.afi == 2 for a in attrs)
    assert any(isinstance(a, MpUnreachVpn) and a.afi == 2 for a in attrs)


def test_peer_down_reasons_and_termination(
    sessions: list[tuple[str, list[Message], bytes]],
) -> None:
    """GoBGP: 4 when FRR is killed, Termination reason 4 (permanently closed) on ``bmp del``.
    FRR 8.4: 4 when GoBGP is killed, 3 on GoBGP's Cease 6/3, 2 (FSM event 0) otherwise."""
    reasons = {(d, m.reason) for d, msgs, _ in sessions for m in msgs if isinstance(m, PeerDown)}
    assert reasons == {("gobgp-3.10", 4), ("frr-8.4", 2), ("frr-8.4", 3), ("frr-8.4", 4)}
    terms = [m for _, msgs, _ in sessions for m in msgs if isinstance(m, Termination)]
    assert [(t.type, t.value) for m in terms for t in m.tlvs] == [(1, b"\x00\x04")]


def test_gobgp_deconfigured_peer_has_no_peer_down(
    sessions: list[tuple[str, list[Message], bytes]],
) -> None:
    """GoBGP 3.10 sends no Peer Down when ``gobgp neighbor del`` removes an established peer
    (its code maps that to reason 5 but the event never reaches BMP): the next message for the
    peer is a second Peer Up. RFC 7854 4.9: a Peer Down when a monitored session goes away."""
    _, msgs, _ = sessions[0]
    states = [type(m).__name__ for m in msgs if isinstance(m, PeerUp | PeerDown)]
    assert states == ["PeerUp", "PeerDown", "PeerUp", "PeerUp"]
