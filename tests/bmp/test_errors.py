"""Error messages name the structure, field and offset."""

from __future__ import annotations

import pickle
from ipaddress import IPv4Address

import pytest

from faultbook.bmp.bgp import Origin, Prefix, Update, decode_bgp, encode_bgp
from faultbook.bmp.bmp import Initiation, PeerHeader, RouteMonitoring, Tlv
from faultbook.bmp.codec import StreamDecoder, decode, encode
from faultbook.bmp.errors import (
    DecodeError,
    EncodeError,
    LengthError,
    MarkerError,
    TruncatedError,
    UnknownTypeError,
    ValueOutOfRangeError,
)

PEER = PeerHeader(0, 0, 0, IPv4Address("192.0.2.1"), 65001, IPv4Address("192.0.2.1"))
RM = encode(RouteMonitoring(PEER, Update((), (Origin(0),), (Prefix(IPv4Address("10.0.0.0"), 8),))))


def test_version_message() -> None:
    data = b"\x04" + RM[1:]
    with pytest.raises(ValueOutOfRangeError) as e:
        decode(data)
    assert str(e.value) == "BMP common header: version 4 at offset 0, expected 3"
    assert (e.value.field, e.value.offset) == ("version", 0)


@pytest.mark.parametrize(
    ("mutate", "exc", "field", "offset"),
    [
        (lambda d: d[:5] + b"\x09" + d[6:], UnknownTypeError, "type", 5),
        (lambda d: d[:1] + (3).to_bytes(4, "big") + d[5:], LengthError, "length", 1),
        (lambda d: d[:48] + b"\x00" + d[49:], MarkerError, "marker", 48),
        (lambda d: d[:74] + b"\x21" + d[75:], ValueOutOfRangeError, "ORIGIN", 74),
        (
            lambda d: d[:-2] + b"\x21" + d[-1:],
            ValueOutOfRangeError,
            "NLRI prefix length",
            len(RM) - 2,
        ),
    ],
)
def test_field_and_offset_named(
    mutate: object, exc: type[DecodeError], field: str, offset: int
) -> None:
    data = mutate(RM)  # type: ignore[operator]
    with pytest.raises(exc) as e:
        decode(data)
    assert e.value.field == field
    assert e.value.offset == offset
    assert field in str(e.value) and f"offset {offset}" in str(e.value)


def test_origin_offset_points_at_value() -> None:
    # ORIGIN attribute: flags at 71, type 72, length 73, value 74
    assert RM[71:75] == b"\x40\x01\x01\x00"


def test_truncated_and_stream_offsets() -> None:
    with pytest.raises(TruncatedError):
        decode(RM[:3])
    dec = StreamDecoder()
    assert len(dec.feed(RM)) == 1
    with pytest.raises(ValueOutOfRangeError) as e:
        dec.feed(b"\x07" + RM[1:])
    assert e.value.offset == len(RM)
    with pytest.raises(ValueOutOfRangeError):
        dec.feed(b"")


def test_bgp_errors_and_pickle() -> None:
    raw = encode_bgp(Update())
    with pytest.raises(LengthError) as e:
        decode_bgp(raw + b"\x00")
    assert e.value.offset == 16
    err = pickle.loads(pickle.dumps(e.value))
    assert str(err) == str(e.value) and err.field == "length"


def test_encode_errors() -> None:
    with pytest.raises(EncodeError):
        encode(Initiation((Tlv(70000, b""),)))
    with pytest.raises(EncodeError):
        encode_bgp(Update((), (), (Prefix(IPv4Address("10.0.0.1"), 8),)))
    assert issubclass(EncodeError, DecodeError)


def test_strict_host_bits() -> None:
    data = encode(RouteMonitoring(PEER, Update((), (), (Prefix(IPv4Address("10.1.0.0"), 12),))))
    msg = decode(data)
    assert isinstance(msg, RouteMonitoring) and msg.update.nlri[0].host_bits_set
    with pytest.raises(ValueOutOfRangeError) as e:
        decode(data, strict_host_bits=True)
    assert "host bits" in e.value.field
