"""The RFC 7606 outcome the codec computes for received UPDATEs."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

from hypothesis import given
from hypothesis import strategies as st

from faultbook.bmp.bgp import (
    Aggregator,
    AsPath,
    AsPathSegment,
    Communities,
    MpReachNlri,
    NextHop,
    Origin,
    Prefix,
    SessionContext,
    Update,
    encode_attribute,
    encode_bgp,
)
from faultbook.bmp.rfc7606 import Outcome, update_outcome
from faultbook.bmp.strategies import (
    MALFORMATIONS,
    SESSION_MALFORMATIONS,
    Malformation,
    bgp_updates,
    session_contexts,
)

from .budget import budget

P = Prefix(IPv4Address("10.1.0.0"), 16)
BASE = (Origin(0), AsPath((AsPathSegment(2, (65001,)),)), NextHop(IPv4Address("192.0.2.1")))
TWO_FAMILIES = SessionContext(families=frozenset({(1, 1), (2, 1)}))


def _raw_update(attrs: bytes, nlri: bytes = b"\x10\x0a\x01") -> bytes:
    body = b"\x00\x00" + len(attrs).to_bytes(2, "big") + attrs + nlri
    return b"\xff" * 16 + (19 + len(body)).to_bytes(2, "big") + b"\x02" + body


def _base() -> bytes:
    return b"".join(encode_attribute(a) for a in BASE)


def test_well_formed_is_stored_as_sent() -> None:
    assert update_outcome(encode_bgp(Update((), BASE, (P,)))).outcome is Outcome.STORED_AS_SENT


def test_bad_origin_is_treat_as_withdraw() -> None:
    v = update_outcome(_raw_update(b"\x40\x01\x01\x03" + _base()[4:]))
    assert (v.outcome, v.type_code) == (Outcome.TREAT_AS_WITHDRAW, 1)


def test_short_aggregator_is_attribute_discard() -> None:
    v = update_outcome(_raw_update(_base() + b"\xc0\x07\x05" + bytes(5)))
    assert (v.outcome, v.type_code) == (Outcome.ATTRIBUTE_DISCARD, 7)


def test_two_octet_aggregator_depends_on_the_context() -> None:
    raw = encode_bgp(Update((), (*BASE, Aggregator(65001, IPv4Address("10.0.0.1"))), (P,)), False)
    assert update_outcome(raw).outcome is Outcome.TREAT_AS_WITHDRAW  # AS_PATH misread as 4-octet
    two = SessionContext(four_octet_as=False)
    assert update_outcome(raw, two).outcome is Outcome.STORED_AS_SENT


def test_empty_communities_is_treat_as_withdraw() -> None:
    v = update_outcome(_raw_update(_base() + encode_attribute(Communities(()))))
    assert v.outcome is Outcome.TREAT_AS_WITHDRAW and "7.8" in v.reason


def test_missing_mandatory_is_treat_as_withdraw() -> None:
    v = update_outcome(encode_bgp(Update((), BASE[1:], (P,))))
    assert v.outcome is Outcome.TREAT_AS_WITHDRAW and "ORIGIN" in v.reason


def test_repeated_mp_reach_is_session_reset() -> None:
    mp = MpReachNlri(2, 1, (IPv6Address("2001:db8::1"),), ())
    v = update_outcome(encode_bgp(Update((), (*BASE, mp, mp), ())))
    assert v.outcome is Outcome.SESSION_RESET


def test_malformed_mp_reach_disables_the_family_or_resets() -> None:
    mp = encode_attribute(MpReachNlri(2, 1, (IPv6Address("2001:db8::1"),), ()))
    bad = mp[:-1] + b"\x81" + b"\x20"  # reserved octet, then a /129 prefix without octets
    bad = bad[:2] + bytes([len(bad) - 3]) + bad[3:]
    raw = _raw_update(_base() + bad, b"")
    assert update_outcome(raw, TWO_FAMILIES).outcome is Outcome.AFI_SAFI_DISABLE
    assert update_outcome(raw).outcome is Outcome.SESSION_RESET


def test_attribute_overrunning_the_area_is_treat_as_withdraw() -> None:
    attrs = _base()
    attrs = attrs[:-5] + b"\x09" + attrs[-4:]  # NEXT_HOP claims 9 octets
    assert update_outcome(_raw_update(attrs)).outcome is Outcome.TREAT_AS_WITHDRAW


def test_unexpected_path_ids_break_the_nlri() -> None:
    ctx = SessionContext(add_path=frozenset({(1, 1)}))
    raw = encode_bgp(Update((), BASE, (Prefix(IPv4Address("10.0.0.0"), 8, 0x20000000),)))
    assert update_outcome(raw, ctx).outcome is Outcome.STORED_AS_SENT
    assert update_outcome(raw).outcome is Outcome.SESSION_RESET


def test_header_errors_reset() -> None:
    raw = encode_bgp(Update((), BASE, (P,)))
    assert update_outcome(raw[:-1]).outcome is Outcome.SESSION_RESET
    assert update_outcome(b"\x00" + raw[1:]).outcome is Outcome.SESSION_RESET


@budget(0.75)
@given(session_contexts().flatmap(lambda c: st.tuples(st.just(c), bgp_updates(context=c))))
def test_valid_encodings_never_reset(case: tuple[SessionContext, Update]) -> None:
    ctx, upd = case
    v = update_outcome(encode_bgp(upd, context=ctx), ctx)
    assert v.outcome.severity <= Outcome.TREAT_AS_WITHDRAW.severity, v


UPDATE_CASES = ("attribute_length", "nlri_length", "prefix_too_long", "host_bits",
                "duplicated_attributes", "misordered_attributes", "attribute_flags",
                "malformed_attribute", "missing_mandatory", "capability_mismatch")


@budget(1.25)
@given(st.one_of([{**MALFORMATIONS, **SESSION_MALFORMATIONS}[k]() for k in UPDATE_CASES]))
def test_update_malformations_carry_their_outcome(m: Malformation) -> None:
    assert m.outcome is not None, m.label
    assert m.outcome.reason


def test_outcome_of_a_deliberate_case_is_not_well_formed() -> None:
    @budget(0.5)
    @given(MALFORMATIONS["malformed_attribute"]())
    def inner(m: Malformation) -> None:
        assert m.outcome is not None
        assert m.outcome.outcome in (Outcome.TREAT_AS_WITHDRAW, Outcome.ATTRIBUTE_DISCARD)

    inner()
