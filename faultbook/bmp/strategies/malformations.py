"""Labelled malformations of BMP framing and BGP headers (one strategy per kind)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from hypothesis import strategies as st

from ..bgp import (
    MARKER,
    AsPath,
    NextHop,
    Origin,
    PathAttribute,
    SessionContext,
    Update,
    encode_attribute,
)
from ..bmp import PeerFlag, PeerHeader, RouteMonitoring, Termination, encode_message
from ..rfc7606 import Verdict, update_outcome
from .attributes import as_path_segments
from .bgp import bgp_updates
from .bmp import bmp_messages, peer_headers
from .primitives import ipv4_addresses

__all__ = [
    "RM_BGP",
    "Malformation",
    "bad_marker",
    "bad_version",
    "bgp_length_mismatch",
    "bmp_length",
    "burst",
    "oversize",
    "truncation",
    "unknown_type",
]


@dataclass(frozen=True)
class Malformation:
    """Bytes of one mutated stream, what was changed and what a compliant collector should do.

    ``strict_reject`` tells whether this package's strict decoder raises DecodeError on it.
    ``outcome`` is the RFC 7606 verdict for the last Route Monitoring's UPDATE under the session
    context it was sent in (None when the case is not about an UPDATE's content).
    """

    label: str
    data: bytes
    expect: str
    strict_reject: bool = True
    outcome: Verdict | None = None


RM_BGP = 6 + 42  # offset of the BGP message inside a Route Monitoring message


def set_bytes(data: bytes, pos: int, value: bytes) -> bytes:
    """``data`` with ``value`` written at ``pos``."""
    return data[:pos] + value + data[pos + len(value) :]


def rm_bytes(update: Update, peer: PeerHeader) -> bytes:
    """An encoded Route Monitoring (default context of the peer)."""
    return encode_message(RouteMonitoring(peer, update))


def v4_peer() -> st.SearchStrategy[PeerHeader]:
    """Peers with the A flag clear (4-octet AS numbers)."""
    return peer_headers().map(lambda p: dataclasses.replace(p, flags=p.flags & ~PeerFlag.A))


def rm_case(
    label: str, rm: bytes, expect: str, strict_reject: bool = True,
    context: SessionContext | None = None, prefix: bytes = b"",
) -> Malformation:
    """A Route Monitoring case with the RFC 7606 outcome of its UPDATE under ``context``."""
    verdict = update_outcome(rm[RM_BGP:], context or SessionContext())
    return Malformation(label, prefix + rm, expect, strict_reject, verdict)


def base_attrs() -> st.SearchStrategy[list[PathAttribute]]:
    """ORIGIN, AS_PATH, NEXT_HOP (4-octet AS)."""
    return st.tuples(
        st.builds(Origin, st.integers(0, 2)),
        st.builds(AsPath, as_path_segments(True)),
        st.builds(NextHop, ipv4_addresses),
    ).map(list)
@st.composite
def bad_version(draw: st.DrawFn) -> Malformation:
    """Common header version other than 3."""
    data = encode_message(draw(bmp_messages()))
    v = draw(st.integers(0, 255).filter(lambda x: x != 3))
    return Malformation(
        f"bad version {v}",
        set_bytes(data, 0, bytes([v])),
        "close the session: only BMP version 3 is defined (RFC 7854 4.1)",
    )


@st.composite
def bmp_length(
    draw: st.DrawFn, kinds: tuple[str, ...] = ("short", "long", "zero", "huge")
) -> Malformation:
    """BMP common-header length short, long, zero or huge (one Route Monitoring message)."""
    data = rm_bytes(draw(bgp_updates()), draw(v4_peer()))
    kind = draw(st.sampled_from(kinds))
    n = len(data)
    length = {
        "short": draw(st.integers(6, n - 1)),
        "long": draw(st.integers(n + 1, n + 4096)),
        "zero": 0,
        "huge": draw(st.integers(1 << 24, 0xFFFFFFFF)),
    }[kind]
    return Malformation(
        f"BMP length {kind} ({length} for {n})",
        set_bytes(data, 1, length.to_bytes(4, "big")),
        "treat the stream as unframeable: drop the BMP session, do not crash or hang",
    )


@st.composite
def truncation(draw: st.DrawFn) -> Malformation:
    """A message cut short (the stream ends inside it)."""
    data = encode_message(draw(bmp_messages()))
    cut = draw(st.integers(1, len(data) - 1))
    return Malformation(
        f"truncated at {cut} of {len(data)}",
        data[:cut],
        "wait for more data; when the TCP session closes, discard the partial message",
    )


@st.composite
def unknown_type(draw: st.DrawFn) -> Malformation:
    """Unknown BMP message type, or a BGP type other than UPDATE inside Route Monitoring."""
    if draw(st.booleans()):
        data = encode_message(draw(bmp_messages()))
        t = draw(st.integers(7, 255))
        return Malformation(
            f"unknown BMP type {t}",
            set_bytes(data, 5, bytes([t])),
            "skip the message by its common-header length and keep the session",
        )
    data = rm_bytes(draw(bgp_updates()), draw(v4_peer()))
    t = draw(st.integers(0, 255).filter(lambda x: x != 2))
    return Malformation(
        f"BGP type {t} in Route Monitoring",
        set_bytes(data, RM_BGP + 18, bytes([t])),
        "discard the message: Route Monitoring must carry an UPDATE (RFC 7854 4.6)",
    )


@st.composite
def bad_marker(draw: st.DrawFn) -> Malformation:
    """BGP marker with a byte other than 0xFF."""
    data = rm_bytes(draw(bgp_updates()), draw(v4_peer()))
    i = draw(st.integers(0, 15))
    b = draw(st.integers(0, 254))
    return Malformation(
        f"BGP marker byte {i} = {b:#x}",
        set_bytes(data, RM_BGP + i, bytes([b])),
        "discard the message (Connection Not Synchronized, RFC 4271 6.1)",
    )


@st.composite
def bgp_length_mismatch(draw: st.DrawFn) -> Malformation:
    """BGP header length differs from the octets the BMP message carries."""
    data = rm_bytes(draw(bgp_updates()), draw(v4_peer()))
    real = len(data) - RM_BGP
    new = draw(st.integers(19, 4096).filter(lambda x: x != real))
    return Malformation(
        f"BGP length {new} for {real}",
        set_bytes(data, RM_BGP + 16, new.to_bytes(2, "big")),
        "discard the message (Bad Message Length, RFC 4271 6.1); keep the BMP session",
    )


@st.composite
def oversize(draw: st.DrawFn) -> Malformation:
    """A BGP UPDATE over 4096 octets with consistent length fields."""
    count = draw(st.integers(1030, 1300))
    body_attrs = b"".join(encode_attribute(a) for a in draw(base_attrs()))
    nlri = b"".join(bytes([24]) + (0x0A0000 + i).to_bytes(3, "big") for i in range(count))
    body = (0).to_bytes(2, "big") + len(body_attrs).to_bytes(2, "big") + body_attrs + nlri
    bgp = MARKER + (19 + len(body)).to_bytes(2, "big") + b"\x02" + body
    peer = encode_message(RouteMonitoring(draw(v4_peer()), Update()))[6:RM_BGP]
    data = b"\x03" + (6 + 42 + len(bgp)).to_bytes(4, "big") + b"\x00" + peer + bgp
    return Malformation(
        f"BGP UPDATE of {len(bgp)} octets",
        data,
        "discard (Bad Message Length > 4096 without RFC 8654 extended messages)",
    )


@st.composite
def burst(draw: st.DrawFn) -> Malformation:
    """Many valid messages back to back in one write (never a Termination: it ends a session)."""
    n = draw(st.integers(50, 300))
    msg = encode_message(draw(bmp_messages().filter(lambda m: not isinstance(m, Termination))))
    return Malformation(f"burst of {n} messages", msg * n, "accept every message in order", False)


