"""Per family: decode(encode(m)) == m with the session context drawn too; arbitrary bytes under any
context raise only the codec's typed errors."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from faultbook.bmp._reader import Reader
from faultbook.bmp.bgp import (
    AFI_EVPN,
    AFI_IPV4,
    AFI_IPV6,
    SAFI_EVPN,
    SAFI_MPLS_VPN,
    Attribute,
    Open,
    SessionContext,
    Update,
    decode_attribute,
    decode_bgp,
    encode_attribute,
    encode_bgp,
)
from faultbook.bmp.bmp import Message, PeerUp
from faultbook.bmp.codec import decode, encode, iter_messages
from faultbook.bmp.errors import DecodeError
from faultbook.bmp.negotiation import context_for
from faultbook.bmp.strategies import (
    bgp_updates,
    opens,
    path_attributes,
    peer_headers,
    peer_sessions,
    session_contexts,
)
from faultbook.bmp.strategies.attributes import evpn_attributes, mp_attributes, vpn_attributes

from .budget import budget

FAMILY_ATTRS: dict[str, Callable[[SessionContext], st.SearchStrategy[Attribute]]] = {
    "ip": lambda c: st.one_of(mp_attributes(AFI_IPV4, False, c), mp_attributes(AFI_IPV6, False, c)),
    "vpn": lambda c: st.one_of(vpn_attributes(AFI_IPV4, False, c), vpn_attributes(AFI_IPV6, False, c)),
    "evpn": evpn_attributes,
    "any": lambda c: path_attributes(context=c),
}


def _round_trip_attr(attr: Attribute, ctx: SessionContext) -> None:
    raw = encode_attribute(attr, context=ctx)
    assert decode_attribute(Reader(raw, "test"), ctx) == attr


@budget(2)
@given(st.sampled_from(sorted(FAMILY_ATTRS)), session_contexts(), st.data())
def test_attribute_families_round_trip(family: str, ctx: SessionContext, data: st.DataObject) -> None:
    ctx = SessionContext(ctx.four_octet_as, ctx.add_path | {(AFI_IPV4, SAFI_MPLS_VPN),
                         (AFI_EVPN, SAFI_EVPN)} if data.draw(st.booleans()) else ctx.add_path,
                         ctx.families)
    _round_trip_attr(data.draw(FAMILY_ATTRS[family](ctx)), ctx)


@budget(0.75)
@given(session_contexts().flatmap(lambda c: st.tuples(st.just(c), bgp_updates(context=c))))
def test_update_round_trip_with_context(case: tuple[SessionContext, Update]) -> None:
    ctx, upd = case
    assert decode_bgp(encode_bgp(upd, context=ctx), context=ctx) == upd


@budget(2.5)
@given(opens())
def test_open_round_trip_with_add_path(o: Open) -> None:
    assert decode_bgp(encode_bgp(o)) == o


@budget(0.5)
@given(peer_headers(loc_rib=True).flatmap(peer_sessions))
def test_negotiated_peer_sessions_round_trip(case: tuple[SessionContext, list[Message]]) -> None:
    ctx, msgs = case
    stream = b"".join(encode(m) for m in msgs)
    got = list(iter_messages(stream))
    assert got == msgs
    up = msgs[0]
    assert isinstance(up, PeerUp)
    assert context_for(up.peer, up) == ctx
    for m in msgs[1:]:
        assert decode(encode(m), context=ctx) == m


@budget(2.5)
@given(st.binary(max_size=200), session_contexts())
def test_arbitrary_bytes_under_any_context(body: bytes, ctx: SessionContext) -> None:
    bgp = b"\xff" * 16 + (23 + len(body)).to_bytes(2, "big") + b"\x02" + b"\x00\x00" + body
    peer = bytes(42)
    bmp = b"\x03" + (6 + 42 + len(bgp)).to_bytes(4, "big") + b"\x00" + peer + bgp
    for fn in (lambda: decode_bgp(bgp[:4096], context=ctx), lambda: decode(bmp, context=ctx)):
        try:
            fn()
        except DecodeError as e:
            assert e.field and 0 <= e.offset <= len(bmp)


@budget(2)
@given(st.binary(max_size=120), session_contexts(), st.integers(0, 255))
def test_arbitrary_attribute_values(value: bytes, ctx: SessionContext, type_code: int) -> None:
    raw = bytes([0xD0, type_code]) + len(value).to_bytes(2, "big") + value
    try:
        attr = decode_attribute(Reader(raw, "test"), ctx)
    except DecodeError as e:
        assert e.field and 0 <= e.offset <= len(raw)
    else:
        assert encode_attribute(attr, context=ctx) == raw
