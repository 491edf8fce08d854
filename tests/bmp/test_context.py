"""Route Monitoring decoded with the context the Peer Up negotiated (AS size, ADD-PATH, RIB)."""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest

from faultbook.bmp.bgp import (
    AddPathCapability,
    AddPathEntry,
    Aggregator,
    As4Aggregator,
    As4Path,
    AsPath,
    AsPathSegment,
    CapabilitiesParameter,
    FourOctetAsCapability,
    MultiprotocolCapability,
    NextHop,
    Open,
    Origin,
    Prefix,
    SessionContext,
    Update,
)
from faultbook.bmp.bmp import PeerDown, PeerFlag, PeerHeader, PeerUp, RouteMonitoring
from faultbook.bmp.codec import StreamDecoder, decode, encode, iter_messages
from faultbook.bmp.errors import DecodeError
from faultbook.bmp.negotiation import context_for, negotiate

PEER = PeerHeader(0, 0, 0, IPv4Address("192.0.2.7"), 65007, IPv4Address("10.0.0.7"))
AS4 = FourOctetAsCapability(65001)
V4U = MultiprotocolCapability(1, 1)


def _open(*caps: object) -> Open:
    return Open(65001, 90, IPv4Address("10.0.0.1"), (CapabilitiesParameter(tuple(caps)),))  # type: ignore[arg-type]


def _up(sent: Open, received: Open, peer: PeerHeader = PEER) -> PeerUp:
    return PeerUp(peer, IPv4Address("127.0.0.1"), 179, 40000, sent, received)


def _update(path_id: int | None = None) -> Update:
    return Update(
        (),
        (
            Origin(0),
            AsPath((AsPathSegment(2, (65002, 23456)), AsPathSegment(1, (1, 2)))),
            NextHop(IPv4Address("192.0.2.2")),
            Aggregator(65002, IPv4Address("10.0.0.2")),
            As4Path((AsPathSegment(2, (65002, 4200000000)),)),
            As4Aggregator(4200000000, IPv4Address("10.0.0.2")),
        ),
        (Prefix(IPv4Address("10.20.1.0"), 24, path_id),),
    )


LEGACY = PeerHeader(0, PeerFlag.A, 0, PEER.address, PEER.asn, PEER.bgp_id)


def test_two_octet_session_aggregator_decodes_with_the_a_flag() -> None:
    up = _up(_open(AS4), _open(), LEGACY)  # the peer did not announce 4-octet AS
    ctx = context_for(LEGACY, up)
    assert ctx == SessionContext(four_octet_as=False)
    rm = RouteMonitoring(LEGACY, _update(), ctx)
    stream = encode(up) + encode(rm)
    assert list(iter_messages(stream)) == [up, rm]
    assert StreamDecoder().feed(stream) == [up, rm]
    assert decode(encode(rm), context=ctx) == rm
    with pytest.raises(DecodeError) as e:  # a wrong context: a typed error, never a crash
        decode(encode(rm), context=SessionContext())
    assert e.value.field and e.value.offset > 48


def test_a_flag_clear_means_four_octet_even_on_a_two_octet_session() -> None:
    up = _up(_open(AS4), _open())  # RFC 7854 4.2: the speaker re-encodes in 4-octet form
    assert context_for(PEER, up).four_octet_as


def test_a_flag_selects_two_octet_as_without_peer_up() -> None:
    peer = PeerHeader(0, PeerFlag.A, 0, IPv4Address("192.0.2.7"), 65007, IPv4Address("10.0.0.7"))
    rm = RouteMonitoring(peer, _update())
    assert decode(encode(rm)) == rm
    assert context_for(peer, _up(_open(AS4), _open(AS4))).four_octet_as is False


def test_add_path_negotiated_per_direction() -> None:
    router = _open(AS4, V4U, AddPathCapability((AddPathEntry(1, 1, 1),)))  # receive
    peer = _open(AS4, V4U, AddPathCapability((AddPathEntry(1, 1, 2),)))  # send
    up = _up(router, peer)
    ctx = context_for(PEER, up)
    assert ctx.path_ids(1, 1)
    rm = RouteMonitoring(PEER, _update(path_id=7), ctx)
    assert list(iter_messages(encode(up) + encode(rm))) == [up, rm]
    out_peer = PeerHeader(0, PeerFlag.O, 0, PEER.address, PEER.asn, PEER.bgp_id)
    assert not context_for(out_peer, up).path_ids(1, 1)  # Adj-RIB-Out: router sends, no ADD-PATH
    assert negotiate(router, peer) == SessionContext(True, frozenset(), frozenset({(1, 1)}))


def test_missing_add_path_context_is_a_typed_error_or_a_different_route() -> None:
    ctx = SessionContext(add_path=frozenset({(1, 1)}))
    rm = RouteMonitoring(PEER, Update((Prefix(IPv4Address("10.0.0.0"), 8, 1),)), ctx)
    try:
        got = decode(encode(rm))
    except DecodeError as e:
        assert "withdrawn" in e.field
    else:
        assert got != rm


def test_peer_down_forgets_the_context() -> None:
    up = _up(_open(AS4, AddPathCapability((AddPathEntry(1, 1, 3),))),
             _open(AS4, AddPathCapability((AddPathEntry(1, 1, 3),))))
    dec = StreamDecoder()
    dec.feed(encode(up))
    assert dec.sessions(PEER).path_ids(1, 1)
    dec.feed(encode(PeerDown(PEER, 4)))
    assert not dec.sessions(PEER).path_ids(1, 1)


def test_loc_rib_uses_the_sent_open_add_path() -> None:
    loc = PeerHeader(3, 0, 5, IPv4Address(0), 65001, IPv4Address("10.0.0.1"))
    sent = _open(AS4, AddPathCapability((AddPathEntry(2, 1, 2),)))
    ctx = context_for(loc, _up(sent, sent, loc))
    assert ctx.four_octet_as and ctx.path_ids(2, 1)
