"""The recorded FRR 8.4 / GoBGP 3.10 sessions (tests/bmp/corpus, README there): every message
decodes with the speaker's dialect and re-encodes byte for byte; what the speakers do off the
RFCs is pinned to the recorded bytes."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter

import pytest

from faultbook.bmp._reader import Reader
from faultbook.bmp.bgp import (
    Aigp,
    EvpnInclusiveMulticast,
    EvpnIpPrefix,
    EvpnMacIp,
    ExtendedCommunities,
    LargeCommunities,
    MpReachEvpn,
    MpReachVpn,
    PmsiTunnel,
    SessionContext,
    Update,
    bgp_length_at,
    decode_bgp_at,
)
from faultbook.bmp.bmp import (
    PeerDown,
    RouteMirroring,
    RouteMonitoring,
    StatisticsReport,
)
from faultbook.bmp.codec import decode_at, encode, iter_messages, message_length
from faultbook.bmp.dialects import DialectSessions
from faultbook.bmp.errors import DecodeError
from faultbook.bmp.negotiation import PeerSessions
from faultbook.bmp.pcap import read_tcp_streams, streams_to_port
from faultbook.bmp.rfc7606 import Outcome, update_outcome

from .recorded import IPV4
from .recorded import decoded as _decoded

CAPTURE, BMP_PORT = IPV4.path, IPV4.bmp_port
GOBGP_B_PORT = 59361  # the port of GoBGP B in this recording (README)


@pytest.fixture(scope="module")
def streams() -> dict[str, bytes]:
    return {f"{port}": d for port, d in IPV4.streams().items()}


def test_every_message_round_trips_with_its_dialect(streams: dict[str, bytes]) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for stream in streams.values():
        sessions = DialectSessions()
        pos = 0
        for msg in iter_messages(stream, sessions=sessions):
            length = message_length(stream, pos)
            assert length is not None
            assert encode(msg) == stream[pos : pos + length]
            counts[(sessions.dialect.name, type(msg).__name__)] += 1
            pos += length
        assert pos == len(stream)
    assert counts[("frr-8.4", "RouteMirroring")] == 27
    assert counts[("gobgp-3.10", "RouteMonitoring")] == 47
    assert sum(counts.values()) == 223


def _route_monitorings(streams: dict[str, bytes]) -> list[RouteMonitoring]:
    return [m for s in streams.values() for m in _decoded(s)[1] if isinstance(m, RouteMonitoring)]


def test_the_capture_carries_every_family(streams: dict[str, bytes]) -> None:
    rms = _route_monitorings(streams)
    attrs = [a for m in rms for a in m.update.attributes]
    kinds = {type(a) for a in attrs}
    assert {MpReachVpn, MpReachEvpn, PmsiTunnel, Aigp, LargeCommunities, ExtendedCommunities} <= kinds
    evpn = {type(r) for a in attrs if isinstance(a, MpReachEvpn) for r in a.nlri}
    assert evpn == {EvpnMacIp, EvpnInclusiveMulticast, EvpnIpPrefix}
    assert any(p.path_id is not None for m in rms for p in m.update.nlri)  # ADD-PATH
    assert any(m.peer.loc_rib for m in rms) and any(m.peer.post_policy for m in rms)
    assert any(m.peer.legacy_as_path for m in rms)  # GoBGP sets A on the 2-octet session
    reasons = {m.reason for s in streams.values() for m in _decoded(s)[1] if isinstance(m, PeerDown)}
    assert reasons == {1, 2, 3}
    assert any(isinstance(m, RouteMirroring) for s in streams.values() for m in _decoded(s)[1])


def _rfc_errors(stream: bytes) -> list[DecodeError]:
    errors: list[DecodeError] = []
    sessions, pos = PeerSessions(), 0
    while pos < len(stream):
        n = message_length(stream, pos)
        assert n is not None
        try:
            sessions.observe(decode_at(stream, pos, n, False, sessions))
        except DecodeError as e:
            errors.append(e)
        pos += n
    return errors


def test_frr_and_gobgp_depart_from_the_negotiated_context(streams: dict[str, bytes]) -> None:
    """Read by the RFCs alone, FRR's 2-octet AS_PATH/AGGREGATOR with A clear and both speakers'
    missing path identifiers are unreadable: typed errors naming the field, never a crash."""
    by_dialect: Counter[str] = Counter()
    fields: set[str] = set()
    for stream in streams.values():
        errs = _rfc_errors(stream)
        by_dialect[_decoded(stream)[0]] += len(errs)
        fields |= {e.field.split()[0] for e in errs}
    assert by_dialect["frr-8.4"] > 0 and by_dialect["gobgp-3.10"] > 0
    assert {"AGGREGATOR", "AS_PATH", "NLRI", "withdrawn"} <= fields


def _bgp_updates(data: bytes) -> list[tuple[bytes, Update]]:
    out: list[tuple[bytes, Update]] = []
    r = Reader(data, "BGP")
    while r.remaining >= 19:
        n = bgp_length_at(r)
        raw = data[r.pos : r.pos + n]
        if raw[18] == 2:
            try:
                out.append((raw, decode_bgp_at(Reader(raw, "BGP"), False)))  # type: ignore[arg-type]
            except DecodeError:
                out.append((raw, Update()))
        r.pos += n
    return out


def test_frr_resets_a_two_octet_session_on_a_valid_aggregator() -> None:
    """GoBGP 3.10 -> FRR 8.4 (FRR sent no capabilities, so 2-octet AS): a 6-octet AGGREGATOR,
    well-formed. FRR read it as 4-octet and answered NOTIFICATION 3/5 (session reset); even
    read as 4-octet, RFC 7606 gives treat-as-withdraw (7.2, 7.7), never a session reset."""
    flows = read_tcp_streams(CAPTURE)
    raws = [raw for f, d in flows.items() if f.sport == GOBGP_B_PORT
            for raw, _ in _bgp_updates(d) if b"\xc0\x07\x06" in raw]
    assert raws
    two = SessionContext(four_octet_as=False)
    assert {update_outcome(r, two).outcome for r in raws} == {Outcome.STORED_AS_SENT}
    assert {update_outcome(r).outcome for r in raws} == {Outcome.TREAT_AS_WITHDRAW}
    notes = [m.notification for s in streams_to_port(CAPTURE, BMP_PORT).values()
             for m in _decoded(s)[1] if isinstance(m, PeerDown) and m.notification is not None]
    assert any((n.code, n.subcode) == (3, 5) for n in notes)


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is not installed")
def test_tshark_agrees_on_every_message(streams: dict[str, bytes]) -> None:
    """Same message types in the same numbers; tshark's only complaints are FRR's Stats Reports
    (experimental stat type 65531, a known tshark 4.0 misreading)."""
    run = subprocess.run(
        ["tshark", "-r", str(CAPTURE), "-d", f"tcp.port=={BMP_PORT},bmp", "-Y", "bmp",
         "-T", "fields", "-e", "bmp.type", "-e", "_ws.malformed"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    theirs: Counter[int] = Counter()
    malformed = 0
    for line in run.stdout.splitlines():
        types, _, bad = line.partition("\t")
        theirs.update(int(t) for t in types.split(","))
        malformed += bool(bad)
    ours: Counter[int] = Counter()
    frr_stats = 0
    for stream in streams.values():
        dialect, msgs = _decoded(stream)
        ours.update(int(encode(m)[5]) for m in msgs)
        frr_stats += sum(isinstance(m, StatisticsReport) for m in msgs) if dialect == "frr-8.4" else 0
    assert theirs == ours
    assert malformed == frr_stats
