"""decode(encode(m)) == m for generated messages and sessions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from faultbook.bmp.bgp import BgpMessage, Keepalive, RouteRefresh, decode_bgp, encode_bgp
from faultbook.bmp.bmp import Message
from faultbook.bmp.codec import StreamDecoder, decode, encode, iter_messages
from faultbook.bmp.strategies import bgp_updates, bmp_messages, notifications, opens, sessions

from .budget import budget


@budget(2.5)
@given(bmp_messages())
def test_bmp_round_trip(msg: Message) -> None:
    assert decode(encode(msg)) == msg


@budget(2.5)
@given(
    st.one_of(
        bgp_updates(True),
        opens(),
        notifications(),
        st.just(Keepalive()),
        st.builds(
            RouteRefresh, st.sampled_from([1, 2]), st.sampled_from([1, 2]), st.integers(0, 2)
        ),
    )
)
def test_bgp_round_trip(msg: BgpMessage) -> None:
    assert decode_bgp(encode_bgp(msg)) == msg


@budget(2)
@given(bgp_updates(False))
def test_bgp_round_trip_two_octet_as(msg: BgpMessage) -> None:
    assert decode_bgp(encode_bgp(msg, four_byte_as=False), four_byte_as=False) == msg


@budget(0.5)
@given(sessions(), st.lists(st.integers(1, 200), min_size=1, max_size=20))
def test_session_stream_framing(msgs: list[Message], cuts: list[int]) -> None:
    stream = b"".join(encode(m) for m in msgs)
    assert list(iter_messages(stream)) == msgs
    dec = StreamDecoder()
    got: list[Message] = []
    pos = 0
    i = 0
    while pos < len(stream):
        n = cuts[i % len(cuts)]
        got += dec.feed(stream[pos : pos + n])
        pos += n
        i += 1
    assert got == msgs
    assert dec.buffered == 0
