"""tshark agrees with the codec, field by field, on generated router sessions of every family.

Sessions come from the session strategy (Initiation, negotiated Peer Ups, Route Monitoring in
each peer's context with every family, Stats, Peer Down, Termination), one TCP connection each,
one message per segment, so each tshark frame row is one message. Fields tshark 4.0 cannot be
trusted on are listed in BLIND_SPOTS with the reason; everything else must match exactly.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given

from faultbook.bmp.bgp import AFI_IPV4, SAFI_UNICAST, Aigp, PmsiTunnel, Update
from faultbook.bmp.bmp import (
    AFI_SAFI_GAUGE_TYPES,
    COUNTER_TYPES,
    GAUGE_TYPES,
    Initiation,
    Message,
    PeerDown,
    PeerUp,
    RouteMonitoring,
    StatisticsReport,
    Termination,
)
from faultbook.bmp.codec import encode
from faultbook.bmp.messages.peer import default_context
from faultbook.bmp.pcap import write_pcap_streams
from faultbook.bmp.strategies import sessions

from .budget import budget
from .tshark_fields import (
    PEER_FIELDS,
    UPDATE_FIELDS,
    Row,
    peer_fields,
    tshark_rows,
    update_fields,
)

TSHARK = shutil.which("tshark")
pytestmark = pytest.mark.skipif(TSHARK is None, reason="tshark is not installed")

FIELDS = ("tcp.stream", "bmp.type", *PEER_FIELDS, "bmp.peer.down.reason", "bmp.stats.count", "bmp.stats.type",
          "bmp.peer.up.port.local", "bmp.peer.up.port.remote", "bmp.init.type", "bmp.term.type",
          "bgp.type", "bgp.update.path_attribute.type_code", *UPDATE_FIELDS)

#: what tshark 4.0 reads differently from RFC 7854/4271, and why the codec is right
BLIND_SPOTS = {
    "bgp.nlri_prefix": "tshark dissects the NLRI of an UPDATE only after path attributes; "
                       "with none (already malformed: no mandatory attributes) it shows none",
    "bgp.evpn.nlri.rt": "tshark reads EVPN NLRI without path identifiers (ADD-PATH) and shows "
                        "0 for route types it does not know",
    "bgp.label_stack": "tshark reads VPN NLRI without path identifiers (ADD-PATH), and stops "
                       "at a VPNv6 route distinguisher of a type beyond RFC 4364's 0-2: such "
                       "labels, RDs and prefixes are not compared",
    "bgp.rd": "tshark 4.0 fills the RD and prefix fields of VPNv4 NLRI only; for VPNv6 they are "
              "in its text alone (the label stack is compared for both)",
    "UPDATE values after an opaque PMSI or a bare AIGP": "as for the attribute type codes below: "
                                                       "tshark loses its place in the UPDATE",
    "bmp.stats.count": "tshark stops a Stats Report at a stat type it does not know (vendor or "
                       "experimental types, e.g. FRR's 65531) and flags it malformed",
    "bgp.update.path_attribute.type_code": "tshark guesses ADD-PATH and AS size per "
                                           "conversation; under ADD-PATH on IPv4 unicast or a "
                                           "2-octet session anywhere on the connection its guess "
                                           "can misalign every later UPDATE; it throws on an "
                                           "AIGP attribute without TLVs; it parses a PMSI tunnel "
                                           "identifier by tunnel type (RSVP-TE, mLDP FEC, PIM) "
                                           "where the codec keeps it opaque, so only attributes "
                                           "up to PMSI are compared then",
    "bmp.term.type": "tshark 4.0 dissects only the first Termination TLV",
    "bmp.peer.ipv6.addr": "for a Loc-RIB peer tshark takes the F flag (RFC 9069) for V and shows "
                          "the zero address as IPv6",
}


#: UPDATE fields a CI-sized draw must compare with values (the rest are compared when drawn)
CORE_VALUES = frozenset({
    "bgp.withdrawn_prefix", "bgp.nlri_prefix", "bgp.prefix_length",
    "bgp.update.path_attribute.as_path_segment.as4", "bgp.update.path_attribute.next_hop",
    "bgp.update.path_attribute.community_as", "bgp.large_communities.ga",
    "bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_reach_nlri_ipv6_prefix", "bgp.label_stack",
    "bgp.evpn.nlri.rt",
})


def _sessions() -> list[list[Message]]:
    out: list[list[Message]] = []

    @budget(0.75, derandomize=True, database=None)
    @given(sessions())
    def run(s: list[Message]) -> None:
        out.append(s)

    run()
    return out


def _rows(path: Path) -> list[Row]:
    assert TSHARK is not None
    return tshark_rows(TSHARK, path, 11019, FIELDS)


def _known_stats(m: StatisticsReport) -> bool:
    return all(s.type in COUNTER_TYPES | GAUGE_TYPES | AFI_SAFI_GAUGE_TYPES for s in m.stats)


def _guessable(session: list[Message]) -> bool:
    """No UPDATE on the connection defeats tshark's per-conversation ADD-PATH and AS guesses."""
    for m in session:
        ctx = m.context if isinstance(m, RouteMonitoring) else None
        if ctx is not None and ((AFI_IPV4, SAFI_UNICAST) in ctx.add_path or not ctx.four_octet_as):
            return False
        if isinstance(m, RouteMonitoring) and m.peer.legacy_as_path:
            return False
    return True


#: fields compared as far as ours go (an opaque PMSI tunnel identifier ends the comparison)
PREFIX_FIELDS = frozenset({"bgp.update.path_attribute.type_code"})
OPAQUE_TUNNEL_IDS = frozenset({0, 6})  # no tunnel, ingress replication: tshark reads it raw


def _attribute_codes(update: Update) -> list[str] | None:
    """Our attribute type codes as far as tshark can follow them (see BLIND_SPOTS)."""
    codes: list[str] = []
    for a in update.attributes:
        if isinstance(a, Aigp) and not a.tlvs:
            return None
        codes.append(str(int(a.type_code)))
        if isinstance(a, PmsiTunnel) and a.tunnel_type not in OPAQUE_TUNNEL_IDS:
            break
    return codes


#: per family: the fields ours gives, each a function of the message (None: a blind spot here)
Expect = Callable[[Message], dict[str, list[str] | None]]


def _ours(m: Message, guessable: bool) -> dict[str, list[str] | None]:
    out: dict[str, list[str] | None] = {"bmp.type": [str(int(encode(m)[5]))], **peer_fields(m)}
    match m:
        case PeerDown():
            out["bmp.peer.down.reason"] = [str(m.reason)]
        case PeerUp():
            out["bmp.peer.up.port.local"] = [str(m.local_port)]
            out["bmp.peer.up.port.remote"] = [str(m.remote_port)]
        case StatisticsReport():
            out["bmp.stats.count"] = [str(len(m.stats))] if _known_stats(m) else None
            out["bmp.stats.type"] = [str(s.type) for s in m.stats] if _known_stats(m) else None
        case Initiation():
            out["bmp.init.type"] = [str(t.type) for t in m.tlvs]
        case Termination():
            out["bmp.term.type"] = [str(t.type) for t in m.tlvs[:1]]
        case RouteMonitoring():
            assert isinstance(m.update, Update)
            out["bgp.type"] = ["2"]
            out["bgp.update.path_attribute.type_code"] = (
                _attribute_codes(m.update) if guessable else None)
            values = update_fields(m.update, (m.context or default_context(m.peer)).four_octet_as)
            out |= {f: values.get(f, []) if guessable else None for f in UPDATE_FIELDS}
    return out


def test_tshark_reads_every_field_of_generated_sessions(tmp_path: Path) -> None:
    runs = _sessions()
    path = tmp_path / "sessions.pcap"
    write_pcap_streams(path, [[encode(m) for m in s] for s in runs], mss=60000)
    ours = [(m, _guessable(s)) for s in runs for m in s]
    theirs = _rows(path)
    assert len(theirs) == len(ours)
    mismatches = []
    compared: set[str] = set()
    values: Counter[str] = Counter()
    for i, ((m, guessable), row) in enumerate(zip(ours, theirs, strict=True)):
        expected = _ours(m, guessable)
        compared.update(expected.get("bgp.update.path_attribute.type_code") or ())
        for f, want in expected.items():
            got = row[f][: len(want)] if want is not None and f in PREFIX_FIELDS else row[f]
            values[f] += bool(want) and f in UPDATE_FIELDS
            if want is not None and got != want:
                mismatches.append(f"message {i} {type(m).__name__} {f}: ours {want}, tshark {row[f]}")
    assert not mismatches, "\n".join(mismatches[:20])
    assert "14" in compared, compared
    assert "bgp.nlri_prefix" in values, values
    kinds = {type(m).__name__ for m, _ in ours}
    assert kinds >= {"Initiation", "PeerUp", "RouteMonitoring", "StatisticsReport", "PeerDown",
                     "Termination"}, kinds
