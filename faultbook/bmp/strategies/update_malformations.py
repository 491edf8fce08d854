"""Labelled malformations of UPDATE content, each with its RFC 7606 outcome, and session cases
whose Route Monitoring is consistent (or deliberately inconsistent) with the Peer Up."""

from __future__ import annotations

import dataclasses
from ipaddress import IPv4Address

from hypothesis import strategies as st

from ..bgp import (
    AFI_IPV6,
    As4Path,
    AttrFlag,
    Communities,
    ExtendedCommunities,
    LargeCommunities,
    MpReachNlri,
    PathAttribute,
    Prefix,
    SessionContext,
    Update,
    encode_attribute,
    encode_prefix,
)
from ..bmp import PeerHeader, RouteMonitoring, encode_message
from ..codec import iter_messages
from ..errors import DecodeError
from .bgp import session_contexts
from .bmp import peer_headers, peer_ups, route_monitorings
from .malformations import (
    RM_BGP,
    Malformation,
    base_attrs,
    rm_bytes,
    rm_case,
    set_bytes,
    v4_peer,
)
from .primitives import ipv4_prefixes, ipv6_addresses, ipv6_prefixes, u32

__all__ = [
    "attribute_flags",
    "attribute_length",
    "capability_mismatch",
    "capability_mismatched",
    "duplicated_attributes",
    "families",
    "host_bits",
    "malformed_attribute",
    "misordered_attributes",
    "missing_mandatory",
    "nlri_length",
    "prefix_too_long",
]
@st.composite
def attribute_length(draw: st.DrawFn) -> Malformation:
    """A path attribute length wrong for its fixed-size type, or running past the attribute area."""
    attrs = draw(base_attrs())
    upd = Update((), tuple(attrs), (draw(ipv4_prefixes()),))
    data = rm_bytes(upd, draw(v4_peer()))
    attr_start = RM_BGP + 19 + 2 + 2
    area = sum(len(encode_attribute(a)) for a in attrs)
    if draw(st.booleans()):  # ORIGIN (first attribute) with length != 1
        n = draw(st.integers(0, 255).filter(lambda x: x != 1))
        label = f"ORIGIN length {n}"
        data = set_bytes(data, attr_start + 2, bytes([n]))
    else:  # NEXT_HOP (last attribute) overruns the attribute area
        pos = attr_start + area - 7 + 2
        n = draw(st.integers(5 + 3, 255))
        label = f"NEXT_HOP length {n} past the attribute area"
        data = set_bytes(data, pos, bytes([n]))
    return rm_case(
        label, data, "treat as withdraw or reset per RFC 7606 (attribute length error)"
    )


@st.composite
def nlri_length(draw: st.DrawFn) -> Malformation:
    """Withdrawn-routes, total-attribute or NLRI prefix lengths that overrun the UPDATE."""
    peer = draw(v4_peer())
    kind = draw(
        st.sampled_from(["withdrawn length", "attribute area length", "NLRI prefix overrun"])
    )
    if kind == "NLRI prefix overrun":
        last = draw(ipv4_prefixes(max_length=24))
        upd = Update((), tuple(draw(base_attrs())), (last,))
        data = rm_bytes(upd, peer)
        have = (last.length + 7) // 8
        n = draw(st.integers(have * 8 + 1, min(32, have * 8 + 8)))
        data = set_bytes(data, len(data) - have - 1, bytes([n]))
        label = f"last NLRI prefix length {n} with {have} octets"
    else:
        upd = Update(
            tuple(draw(st.lists(ipv4_prefixes(), max_size=3))), tuple(draw(base_attrs())), ()
        )
        data = rm_bytes(upd, peer)
        wlen = int.from_bytes(data[RM_BGP + 19 : RM_BGP + 21], "big")
        room = len(data) - RM_BGP - 23
        if kind == "withdrawn length":
            n = draw(st.integers(room + 3, 0xFFFF))
            data = set_bytes(data, RM_BGP + 19, n.to_bytes(2, "big"))
        else:
            n = draw(st.integers(room - wlen + 1, 0xFFFF))
            data = set_bytes(data, RM_BGP + 21 + wlen, n.to_bytes(2, "big"))
        label = f"{kind} {n} overruns the UPDATE"
    return rm_case(label, data, "treat as withdraw or session reset (RFC 7606 5.3/4271 6.3)")


@st.composite
def prefix_too_long(draw: st.DrawFn) -> Malformation:
    """IPv4 NLRI prefix length over 32 or IPv6 MP_REACH prefix length over 128."""
    peer = draw(v4_peer())
    if draw(st.booleans()):
        last = draw(ipv4_prefixes())
        upd = Update((), tuple(draw(base_attrs())), (last,))
        data = rm_bytes(upd, peer)
        n = draw(st.integers(33, 255))
        data = set_bytes(data, len(data) - len(encode_prefix(last)), bytes([n]))
        label = f"IPv4 NLRI prefix length {n}"
    else:
        p = draw(ipv6_prefixes())
        mp = MpReachNlri(AFI_IPV6, 1, (draw(ipv6_addresses),), (p,))
        upd = Update((), (*draw(base_attrs())[:2], mp), ())
        data = rm_bytes(upd, peer)
        n = draw(st.integers(129, 255))
        data = set_bytes(data, len(data) - len(encode_prefix(p)), bytes([n]))
        label = f"IPv6 MP_REACH prefix length {n}"
    return rm_case(
        label, data, "treat as withdraw or session reset (RFC 7606 5.3: invalid prefix length)"
    )


@st.composite
def host_bits(draw: st.DrawFn) -> Malformation:
    """A prefix with bits set after its length (legal on the wire)."""
    length = draw(st.integers(1, 31).filter(lambda x: x % 8))
    wire = (length + 7) // 8 * 8
    wire_mask = ((1 << wire) - 1) << (32 - wire)
    p = Prefix(IPv4Address((draw(u32) & wire_mask) | (1 << (32 - wire))), length)
    upd = Update((), tuple(draw(base_attrs())), (p,))
    return rm_case(
        f"host bits in {p}",
        rm_bytes(upd, draw(v4_peer())),
        "accept; record or mask the host bits (RFC 4271 does not forbid them)",
        False,
    )


@st.composite
def duplicated_attributes(draw: st.DrawFn) -> Malformation:
    """The same attribute type twice in one UPDATE."""
    attrs = draw(base_attrs())
    i = draw(st.integers(0, len(attrs) - 1))
    attrs.insert(i + 1, attrs[i])
    upd = Update((), tuple(attrs), (draw(ipv4_prefixes()),))
    return rm_case(
        f"duplicated attribute type {int(attrs[i].type_code)}",
        rm_bytes(upd, draw(v4_peer())),
        "discard all but the first instance (RFC 7606 3g; MP_(UN)REACH twice: reset)",
        False,
    )


@st.composite
def misordered_attributes(draw: st.DrawFn) -> Malformation:
    """Path attributes in descending type order."""
    attrs = list(reversed(draw(base_attrs())))
    upd = Update((), tuple(attrs), (draw(ipv4_prefixes()),))
    return rm_case(
        "attributes in descending type order",
        rm_bytes(upd, draw(v4_peer())),
        "accept: receivers must handle attributes out of order (RFC 4271 5)",
        False,
    )




def _update_with(attrs: list[PathAttribute], nlri: Prefix) -> Update:
    return Update((), tuple(attrs), (nlri,))


@st.composite
def attribute_flags(draw: st.DrawFn) -> Malformation:
    """A known attribute whose Optional/Transitive flags contradict its type (RFC 7606 3 c)."""
    attrs = draw(base_attrs())
    i = draw(st.integers(0, len(attrs) - 1))
    attrs[i] = dataclasses.replace(attrs[i], flags=attrs[i].flags ^ AttrFlag.OPTIONAL)
    upd = _update_with(attrs, draw(ipv4_prefixes()))
    return rm_case(
        f"attribute {int(attrs[i].type_code)} with flags {attrs[i].flags:#04x}",
        rm_bytes(upd, draw(v4_peer())),
        "handle as that attribute's malformation (RFC 7606 3 c): usually treat-as-withdraw",
        False,
    )


def _bad_lengths() -> st.SearchStrategy[tuple[PathAttribute, int]]:
    """(attribute, wrong value length) for the community, AS4 and list attributes."""
    return st.one_of(
        st.tuples(st.just(Communities((1,))), st.sampled_from([0, 3, 5])),
        st.tuples(st.just(ExtendedCommunities((1,))), st.sampled_from([0, 7, 9])),
        st.tuples(st.just(LargeCommunities(((1, 2, 3),))), st.sampled_from([0, 11, 13])),
        st.tuples(st.just(As4Path(())), st.sampled_from([1, 3])),
    )


@st.composite
def malformed_attribute(draw: st.DrawFn) -> Malformation:
    """A community, extended/large community or AS4_PATH whose value has a wrong length."""
    attr, n = draw(_bad_lengths())
    value = draw(st.binary(min_size=n, max_size=n))
    raw = bytes([attr.flags, int(attr.type_code), n]) + value
    good = b"".join(encode_attribute(a) for a in draw(base_attrs()))
    upd = Update((), (), (draw(ipv4_prefixes()),))
    data = rm_bytes(upd, draw(v4_peer()))
    body = (0).to_bytes(2, "big") + (len(good) + len(raw)).to_bytes(2, "big") + good + raw
    nlri = data[RM_BGP + 23 :]
    bgp = data[RM_BGP : RM_BGP + 16] + (19 + len(body) + len(nlri)).to_bytes(2, "big") + b"\x02"
    bgp += body + nlri
    rm = b"\x03" + (RM_BGP + len(bgp)).to_bytes(4, "big") + b"\x00" + data[6:RM_BGP] + bgp
    return rm_case(
        f"{type(attr).__name__} value of {n} octets",
        rm,
        "treat-as-withdraw (communities) or discard the attribute (AS4_PATH), RFC 7606 7",
        n > 0,  # an empty list decodes; RFC 7606 still calls it malformed
    )


@st.composite
def missing_mandatory(draw: st.DrawFn) -> Malformation:
    """NLRI without one of ORIGIN, AS_PATH, NEXT_HOP (RFC 7606 3 d: treat-as-withdraw)."""
    attrs = draw(base_attrs())
    gone = attrs.pop(draw(st.integers(0, len(attrs) - 1)))
    upd = _update_with(attrs, draw(ipv4_prefixes(routable=True)))
    return rm_case(
        f"NLRI without {type(gone).__name__}",
        rm_bytes(upd, draw(v4_peer())),
        "treat-as-withdraw (RFC 7606 3 d)",
        False,
    )


def _mismatch(ctx: SessionContext, kind: str) -> SessionContext:
    if kind == "AS size":
        return dataclasses.replace(ctx, four_octet_as=not ctx.four_octet_as)
    return dataclasses.replace(ctx, add_path=ctx.families - ctx.add_path)


@st.composite
def capability_mismatched(
    draw: st.DrawFn, peer: PeerHeader, ctx: SessionContext
) -> RouteMonitoring:
    """Route Monitoring for ``peer`` encoded with a context differing from the negotiated ``ctx``
    (the AS size, or ADD-PATH on exactly the negotiated families that had none)."""
    kind = draw(st.sampled_from(["AS size", "ADD-PATH"]))
    return draw(route_monitorings(peer, context=_mismatch(ctx, kind)))


@st.composite
def capability_mismatch(draw: st.DrawFn) -> Malformation:
    """A Peer Up negotiating one context, then Route Monitoring encoded for another.

    The wrong AS size or ADD-PATH set makes the UPDATE unreadable (or misread) under what was
    negotiated; the outcome is computed under the negotiated context.
    """
    peer = draw(peer_headers(legacy_as_path=False))
    ctx = draw(session_contexts().map(lambda c: dataclasses.replace(c, four_octet_as=True)))
    # the A flag is clear, so the Peer Up's OPENs both carry 4-octet AS
    kind = draw(st.sampled_from(["AS size", "ADD-PATH"]))
    wrong = _mismatch(ctx, kind)
    up = draw(peer_ups(peer, context=ctx))
    rm = draw(route_monitorings(peer, context=wrong))
    try:
        list(iter_messages(encode_message(up) + encode_message(rm)))
        rejected = False
    except DecodeError:
        rejected = True
    return rm_case(
        f"{kind} of the Route Monitoring differs from the Peer Up",
        encode_message(rm),
        "decode the UPDATE with what the Peer Up negotiated; store nothing misread",
        rejected,
        ctx,
        prefix=encode_message(up),
    )


@st.composite
def families(draw: st.DrawFn) -> Malformation:
    """Valid: Route Monitorings of every family (VPN, EVPN, communities, AIGP, PMSI, ...) for one
    peer with the A flag clear, each readable on its own (no ADD-PATH, no Peer Up needed)."""
    peer = draw(v4_peer())
    msgs = draw(st.lists(route_monitorings(peer), min_size=1, max_size=6))
    data = b"".join(encode_message(m) for m in msgs)
    return Malformation(f"{len(msgs)} Route Monitorings of every family", data,
                        "store every route as sent", False)
