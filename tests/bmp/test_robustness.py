"""The decoder raises only DecodeError subclasses, on any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faultbook.bmp.bgp import decode_bgp
from faultbook.bmp.codec import StreamDecoder, decode, iter_messages
from faultbook.bmp.errors import DecodeError
from faultbook.bmp.strategies import MALFORMATIONS, SESSION_MALFORMATIONS, Malformation

from .budget import budget


def _decode_all(data: bytes, strict_host_bits: bool = False) -> None:
    for fn in (
        lambda: decode(data, strict_host_bits),
        lambda: list(iter_messages(data, strict_host_bits)),
        lambda: StreamDecoder(strict_host_bits=strict_host_bits).feed(data),
        lambda: decode_bgp(data),
        lambda: decode_bgp(data, four_byte_as=False, strict_host_bits=True),
        lambda: decode_bgp(data[48:]),
    ):
        try:
            fn()
        except DecodeError as e:
            assert isinstance(e.field, str) and e.field
            assert isinstance(e.offset, int) and 0 <= e.offset <= len(data)


@budget(6)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    _decode_all(data)


@budget(6)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_behind_valid_header(body: bytes) -> None:
    for mtype in range(7):
        data = b"\x03" + (6 + len(body)).to_bytes(4, "big") + bytes([mtype]) + body
        _decode_all(data)


@budget(2.5)
@given(st.data())
def test_mutated_corpus(corpus_streams: dict[str, bytes], data: st.DataObject) -> None:
    stream = data.draw(st.sampled_from(sorted(corpus_streams.values())))
    buf = bytearray(stream)
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "set", "delete", "insert", "truncate"]))
        i = data.draw(st.integers(0, len(buf) - 1))
        if kind == "flip":
            buf[i] ^= 1 << data.draw(st.integers(0, 7))
        elif kind == "set":
            buf[i] = data.draw(st.integers(0, 255))
        elif kind == "delete":
            del buf[i : i + data.draw(st.integers(1, 8))]
        elif kind == "insert":
            buf[i:i] = data.draw(st.binary(min_size=1, max_size=8))
        else:
            del buf[i:]
        if not buf:
            buf = bytearray(b"\x03")
    _decode_all(bytes(buf), strict_host_bits=data.draw(st.booleans()))


EVERY_MALFORMATION = {**MALFORMATIONS, **SESSION_MALFORMATIONS}


@pytest.mark.parametrize("kind", sorted(EVERY_MALFORMATION))
def test_malformations(kind: str) -> None:
    """Every class of malformation (both tables), each with the profile's budget."""

    @budget(0.25)
    @given(EVERY_MALFORMATION[kind]())
    def check(m: Malformation) -> None:
        _check_malformation(m)

    check()


def _check_malformation(m: Malformation) -> None:
    _decode_all(m.data)
    rejected = False
    try:
        list(iter_messages(m.data))
    except DecodeError:
        rejected = True
    assert rejected == m.strict_reject, m.label


def test_every_malformation_class_is_named() -> None:
    assert set(MALFORMATIONS) >= {
        "bad_version",
        "bmp_length",
        "truncation",
        "unknown_type",
        "bad_marker",
        "bgp_length_mismatch",
        "attribute_length",
        "nlri_length",
        "prefix_too_long",
        "host_bits",
        "duplicated_attributes",
        "misordered_attributes",
        "oversize",
        "burst",
    }
