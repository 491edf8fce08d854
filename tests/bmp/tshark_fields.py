"""The values tshark 4.0 should show for a decoded BGP UPDATE, field by field.

One function per attribute kind (``attribute_fields`` dispatches on the class): each returns the
tshark field names with the values, in wire order, that the codec decoded. Rows from tshark are
read with ``occurrence=a``, so a field holds every occurrence in its frame.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterable
from functools import singledispatch
from ipaddress import IPv6Address, ip_address
from pathlib import Path

from faultbook.bmp.bgp import (
    Aggregator,
    Aigp,
    As4Aggregator,
    As4Path,
    AsPath,
    Attribute,
    Communities,
    EvpnRoute,
    EvpnUnknown,
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
    Prefix,
    Update,
)
from faultbook.bmp.bgp.labeled import LABEL_BOTTOM, VpnPrefix, format_rd
from faultbook.bmp.bmp import Message, PeerHeader, RouteMonitoring
from faultbook.bmp.codec import encode
from faultbook.bmp.messages.peer import default_context

Fields = dict[str, list[str] | None]  # None: a blind spot of tshark's for this message
Row = dict[str, list[str]]
_PA = "bgp.update.path_attribute."

#: BGP UPDATE fields whose values are compared (beside the BMP header fields of each test)
UPDATE_FIELDS = (
    "bgp.withdrawn_prefix", "bgp.nlri_prefix", "bgp.prefix_length",
    _PA + "origin", _PA + "as_path_segment.type", _PA + "as_path_segment.as4",
    _PA + "as_path_segment.as2",
    _PA + "next_hop", _PA + "multi_exit_disc", _PA + "local_pref", _PA + "originator_id",
    _PA + "aggregator_as", _PA + "aggregator_origin",
    _PA + "community_as", _PA + "community_value", _PA + "community_wellknown",
    "bgp.large_communities.ga", "bgp.large_communities.ldp1", "bgp.large_communities.ldp2",
    _PA + "mp_reach_nlri.afi", _PA + "mp_reach_nlri.safi",
    _PA + "mp_reach_nlri.next_hop.ipv4", _PA + "mp_reach_nlri.next_hop.ipv6",
    "bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_reach_nlri_ipv6_prefix",
    _PA + "mp_unreach_nlri.afi", _PA + "mp_unreach_nlri.safi",
    "bgp.mp_unreach_nlri_ipv4_prefix", "bgp.mp_unreach_nlri_ipv6_prefix",
    "bgp.evpn.nlri.rt", "bgp.rd", "bgp.label_stack",
)


PEER_FIELDS = ("bmp.peer.type", "bmp.peer.asn", "bmp.peer.id", "bmp.peer.timestamp.sec",
               "bmp.peer.flags", "bmp.peer.ip.addr", "bmp.peer.ipv6.addr")


def peer_fields(m: object) -> dict[str, list[str] | None]:
    """The per-peer header fields of ``m`` as tshark names them (none without a peer header)."""
    p = getattr(m, "peer", None)
    if not isinstance(p, PeerHeader):
        return {}
    if p.loc_rib:  # the address is zero (RFC 9069 4.1); tshark reads the F flag as V
        where = {"bmp.peer.ipv6.addr": ["::"]} if p.ipv6 else {"bmp.peer.ip.addr": ["0.0.0.0"]}
    else:
        where = {"bmp.peer.ipv6.addr" if p.ipv6 else "bmp.peer.ip.addr": [str(p.address)]}
    return {"bmp.peer.type": [str(p.peer_type)], "bmp.peer.asn": [str(p.asn)],
            "bmp.peer.id": [str(p.bgp_id)], "bmp.peer.timestamp.sec": [str(p.timestamp_sec)],
            "bmp.peer.flags": [f"0x{p.flags:02x}"], **where}


def _merge(into: Fields, more: Fields) -> Fields:
    for k, v in more.items():
        have = into.setdefault(k, [])
        into[k] = None if have is None or v is None else have + v
    return into


def _prefixes(field: str, prefixes: Iterable[Prefix]) -> Fields:
    ps = list(prefixes)
    return {field: [str(p.address) for p in ps], "bgp.prefix_length": [str(p.length) for p in ps]}


@singledispatch
def attribute_fields(a: Attribute) -> Fields:
    """The tshark fields of one attribute (none for kinds not compared)."""
    return {}


@attribute_fields.register
def _(a: Origin) -> Fields:
    return {_PA + "origin": [str(a.value)]}


@attribute_fields.register(AsPath)
@attribute_fields.register(As4Path)
def _(a: AsPath | As4Path) -> Fields:
    return {_PA + "as_path_segment.type": [str(s.type) for s in a.segments],
            _PA + "as_path_segment.as4": [str(n) for s in a.segments for n in s.asns]}


@attribute_fields.register
def _(a: NextHop) -> Fields:
    return {_PA + "next_hop": [str(a.address)]}


@attribute_fields.register
def _(a: MultiExitDisc) -> Fields:
    return {_PA + "multi_exit_disc": [str(a.value)]}


@attribute_fields.register
def _(a: LocalPref) -> Fields:
    return {_PA + "local_pref": [str(a.value)]}


@attribute_fields.register
def _(a: OriginatorId) -> Fields:
    return {_PA + "originator_id": [str(a.address)]}


@attribute_fields.register(Aggregator)
@attribute_fields.register(As4Aggregator)
def _(a: Aggregator | As4Aggregator) -> Fields:
    return {_PA + "aggregator_as": [str(a.asn)], _PA + "aggregator_origin": [str(a.address)]}


@attribute_fields.register
def _(a: Communities) -> Fields:
    """tshark files the RFC 1997 reserved ranges (AS 0 and 0xFFFF) as well-known communities."""
    known = [v for v in a.values if v >> 16 in (0, 0xFFFF)]
    rest = [v for v in a.values if v >> 16 not in (0, 0xFFFF)]
    return {_PA + "community_wellknown": [f"0x{v:08x}" for v in known],
            _PA + "community_as": [str(v >> 16) for v in rest],
            _PA + "community_value": [str(v & 0xFFFF) for v in rest]}


@attribute_fields.register
def _(a: LargeCommunities) -> Fields:
    return {f"bgp.large_communities.{k}": [str(v[i]) for v in a.values]
            for i, k in enumerate(("ga", "ldp1", "ldp2"))}


def _next_hops(hops: Iterable[object]) -> Fields:
    out: Fields = {}
    for h in hops:
        kind = "ipv6" if isinstance(h, IPv6Address) else "ipv4"
        _merge(out, {_PA + f"mp_reach_nlri.next_hop.{kind}": [str(h)]})
    return out


@attribute_fields.register
def _(a: MpReachNlri) -> Fields:
    family: Fields = {_PA + "mp_reach_nlri.afi": [str(a.afi)], _PA + "mp_reach_nlri.safi": [str(a.safi)]}
    field = f"bgp.mp_reach_nlri_ipv{4 if a.afi == 1 else 6}_prefix"
    return _merge(_merge(family, _next_hops(a.next_hops[:1])), _prefixes(field, a.nlri))


@attribute_fields.register
def _(a: MpUnreachNlri) -> Fields:
    family: Fields = {_PA + "mp_unreach_nlri.afi": [str(a.afi)], _PA + "mp_unreach_nlri.safi": [str(a.safi)]}
    field = f"bgp.mp_unreach_nlri_ipv{4 if a.afi == 1 else 6}_prefix"
    return _merge(family, _prefixes(field, a.withdrawn))


def _label_stack(labels: tuple[int, ...]) -> str:
    """tshark's text for a label stack: each label value, the last one marked."""
    *rest, last = labels
    mark = "bottom" if last & LABEL_BOTTOM else "withdrawn"
    return ",".join([*(str(x >> 4) for x in rest), f"{last >> 4} ({mark})"])


def _rd_text(rd: int) -> str:
    """tshark's text for a route distinguisher: RFC 4364 types 0-2, else the type it lacks."""
    return format_rd(rd) if rd >> 48 <= 2 else f"Unknown (0x{rd >> 48:04x}) RD type"


def _vpn(afi: int, prefixes: Iterable[VpnPrefix], reach: bool) -> Fields:
    """VPN prefixes: tshark 4.0 gives the RD and prefix fields of VPNv4 only (BLIND_SPOTS)."""
    ps = list(prefixes)
    unknown_v6_rd = afi == 2 and any(p.rd >> 48 > 2 for p in ps)  # tshark stops at it
    if unknown_v6_rd or any(p.path_id is not None for p in ps):  # and reads no path ids
        return dict.fromkeys(("bgp.label_stack", "bgp.rd", "bgp.prefix_length",
                              f"bgp.mp_{'' if reach else 'un'}reach_nlri_ipv4_prefix"))
    out: Fields = {"bgp.label_stack": [_label_stack(p.labels) for p in ps]}
    if afi == 1:
        field = f"bgp.mp_{'' if reach else 'un'}reach_nlri_ipv4_prefix"
        out |= {"bgp.rd": [_rd_text(p.rd) for p in ps], field: [str(p.prefix.address) for p in ps],
                "bgp.prefix_length": [str(24 * len(p.labels) + 64 + p.prefix.length) for p in ps]}
    return out


@attribute_fields.register
def _(a: MpReachVpn) -> Fields:
    family: Fields = {_PA + "mp_reach_nlri.afi": [str(a.afi)], _PA + "mp_reach_nlri.safi": [str(a.safi)]}
    return _merge(_merge(family, _next_hops(a.next_hops[:1])), _vpn(a.afi, a.nlri, True))


@attribute_fields.register
def _(a: MpUnreachVpn) -> Fields:
    family: Fields = {_PA + "mp_unreach_nlri.afi": [str(a.afi)], _PA + "mp_unreach_nlri.safi": [str(a.safi)]}
    return _merge(family, _vpn(a.afi, a.withdrawn, False))


def _evpn_types(routes: Iterable[EvpnRoute]) -> Fields:
    rs = list(routes)
    if any(r.path_id is not None or isinstance(r, EvpnUnknown) for r in rs):
        return {"bgp.evpn.nlri.rt": None}
    return {"bgp.evpn.nlri.rt": [str(r.route_type) for r in rs]}


@attribute_fields.register
def _(a: MpReachEvpn) -> Fields:
    family: Fields = {_PA + "mp_reach_nlri.afi": [str(a.afi)], _PA + "mp_reach_nlri.safi": [str(a.safi)]}
    return _merge(_merge(family, _next_hops(a.next_hops[:1])), _evpn_types(a.nlri))


@attribute_fields.register
def _(a: MpUnreachEvpn) -> Fields:
    return {_PA + "mp_unreach_nlri.afi": [str(a.afi)],
            _PA + "mp_unreach_nlri.safi": [str(a.safi)],
            **_evpn_types(a.withdrawn)}


#: PMSI tunnel types whose identifier tshark 4.0 leaves raw, as the codec does
OPAQUE_TUNNEL_IDS = frozenset({0, 6})


def followable(u: Update) -> bool:
    """tshark 4.0 keeps its place in ``u``: it throws on an AIGP without TLVs and parses a
    PMSI tunnel identifier by type (RSVP-TE, mLDP, PIM), losing the attributes after it."""
    return not any((isinstance(a, Aigp) and not a.tlvs)
                   or (isinstance(a, PmsiTunnel) and a.tunnel_type not in OPAQUE_TUNNEL_IDS)
                   for a in u.attributes)


def update_fields(u: Update, four_octet_as: bool = True) -> Fields:
    """Every compared field of ``u`` in wire order (withdrawn, attributes, NLRI); AS_PATH
    numbers under ``as2`` when the session (or the A flag) makes them 2-octet. tshark 4.0
    dissects NLRI only after path attributes: with none, the NLRI fields stay empty."""
    if not followable(u):
        return dict.fromkeys(UPDATE_FIELDS)
    out = _prefixes("bgp.withdrawn_prefix", u.withdrawn)
    for a in u.attributes:
        fields = attribute_fields(a)
        if isinstance(a, AsPath) and not four_octet_as:
            fields[_PA + "as_path_segment.as2"] = fields.pop(_PA + "as_path_segment.as4")
        _merge(out, fields)
    return _merge(out, _prefixes("bgp.nlri_prefix", u.nlri if u.attributes else ()))


def canonical(field: str, value: str) -> str:
    """Addresses as Python prints them (tshark writes ::1.149.196.115 for ::195:c473)."""
    if field.endswith((".addr", "_prefix", ".ipv6", ".ipv4", "next_hop", "_origin", "_id")):
        try:
            return str(ip_address(value))
        except ValueError:
            return value
    return value


def tshark_rows(tshark: str, path: Path, port: int, fields: Iterable[str]) -> list[Row]:
    """One row per BMP frame of ``path`` (collector ``port``), each field's occurrences."""
    names = list(fields)
    args = [tshark, "-r", str(path), "-d", f"tcp.port=={port},bmp", "-Y", "bmp", "-T", "fields",
            "-E", "occurrence=a", "-E", "aggregator=|"]
    for f in names:
        args += ["-e", f]
    run = subprocess.run(args, capture_output=True, text=True, timeout=120, check=True)
    return [{f: [canonical(f, v) for v in col.split("|") if v]
             for f, col in zip(names, line.split("\t"), strict=True)}
            for line in run.stdout.splitlines()]


#: the fields ``message_fields`` fills, for ``tshark_rows``
MESSAGE_FIELDS = ("bmp.type", *PEER_FIELDS, *UPDATE_FIELDS)


def message_fields(m: Message) -> Fields:
    """The BMP type, per-peer header and (Route Monitoring) UPDATE fields of ``m``."""
    out: Fields = {"bmp.type": [str(encode(m)[5])], **peer_fields(m)}
    if isinstance(m, RouteMonitoring):
        out |= update_fields(m.update, (m.context or default_context(m.peer)).four_octet_as)
    return out


def disagreements(msgs: Iterable[Message], rows: Iterable[Row]) -> tuple[list[str], Counter[str]]:
    """Where tshark's rows differ from ``message_fields``, and how many values each field had."""
    compared: Counter[str] = Counter()
    out: list[str] = []
    for i, (m, row) in enumerate(zip(msgs, rows, strict=True)):
        for f, want in message_fields(m).items():
            if want is None:
                continue
            compared[f] += len(want)
            if row[f] != want:
                out.append(f"message {i} {type(m).__name__} {f}: ours {want}, tshark {row[f]}")
    return out, compared
