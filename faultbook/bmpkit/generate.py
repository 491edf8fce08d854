"""The generator: Hypothesis strategies yielding cases, stratified so every malformation family,
every stratum of the codec (message types, AFI/SAFI both ways, EVPN route types, attribute
kinds) and every segmentation appear in each run."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from ipaddress import IPv4Address

import hypothesis
from hypothesis import given, settings
from hypothesis import strategies as st

from faultbook.bmp.bgp import As4Path, AsPathSegment, Open, Prefix, Update
from faultbook.bmp.bmp import (
    PER_PEER_HEADER_LENGTH,
    Initiation,
    PeerHeader,
    PeerUp,
    RouteMonitoring,
    Tlv,
)
from faultbook.bmp.codec import decode, encode
from faultbook.bmp.errors import DecodeError
from faultbook.bmp.strategies import MALFORMATIONS, STRATA, Stratum, bmp_messages, sessions
from faultbook.bmpkit.cases import Case, announce
from faultbook.bmpkit.history import frame_stream
from faultbook.bmpkit.segment import PLANS


def label(text: str, payload: bytes) -> str:
    """A case label unique to its octets."""
    return f"{text} #{hashlib.sha1(payload).hexdigest()[:8]}"


PEER_BYTES = announce("10.0.0.0/24")[6 : 6 + PER_PEER_HEADER_LENGTH]
FAMILIES = sorted(MALFORMATIONS)


def adopt_peer(data: bytes) -> bytes:
    """Put the prelude's peer into every per-peer header, so a collector parses past it (a
    message the strict decoder accepted keeps its own peer when adopting would break it)."""
    out = bytearray(data)
    for off, frame in frame_stream(data)[0]:
        if frame[5] in (0, 1, 2) and len(frame) >= 6 + PER_PEER_HEADER_LENGTH:
            adopted = frame[:6] + PEER_BYTES + frame[6 + PER_PEER_HEADER_LENGTH :]
            if decodes(frame) and not decodes(adopted):
                continue
            out[off + 6 : off + 6 + PER_PEER_HEADER_LENGTH] = PEER_BYTES
    return bytes(out)


def decodes(frame: bytes) -> bool:
    """The strict decoder accepts ``frame``."""
    try:
        decode(frame)
    except DecodeError:
        return False
    return True


@st.composite
def malformation_cases(draw: st.DrawFn, family: str) -> Case:
    """One case of a malformation family, after the prelude, cut by a drawn segmentation."""
    m = draw(MALFORMATIONS[family]())
    plan = draw(st.sampled_from(PLANS))
    payload = adopt_peer(m.data)
    return Case(label(f"{family}: {m.label}", payload), family, payload, segmentation=plan)


@st.composite
def session_cases(draw: st.DrawFn) -> Case:
    """A whole router session (Initiation, peers up, routes, stats, peers down, Termination)."""
    msgs = draw(sessions())
    plan = draw(st.sampled_from(PLANS))
    payload = b"".join(encode(m) for m in msgs)
    return Case(label(f"session of {len(msgs)} messages", payload), "session", payload, prelude=False,
                segmentation=plan, marker=False)


STRATUM = "stratum:"


@st.composite
def message_cases(draw: st.DrawFn) -> Case:
    """One valid message of any type after the prelude (its peer adopted)."""
    msg = draw(bmp_messages())
    payload = adopt_peer(encode(msg))
    return Case(label(type(msg).__name__, payload), "message", payload,
                segmentation=draw(st.sampled_from(PLANS)))


@st.composite
def stratum_cases(draw: st.DrawFn, stratum: Stratum, kind: str) -> Case:
    """One valid message of a stratum of the codec after the prelude (its peer adopted)."""
    msg = draw(stratum.messages(False))
    payload = adopt_peer(encode(msg))
    return Case(label(stratum.name, payload), kind, payload,
                segmentation=draw(st.sampled_from(PLANS)))


#: a peer whose session negotiated 2-octet AS numbers (its OPENs carry no capability)
LEGACY_PEER = PeerHeader(0, 0, 0, IPv4Address("192.0.2.10"), 65010, IPv4Address("10.0.0.10"))
AS4_ON_LEGACY = "as4-path-on-2-octet-session"


@st.composite
def as4_on_legacy_cases(draw: st.DrawFn) -> Case:
    """A 2-octet AS session (Peer Up with OPENs without the 4-octet AS capability), then a Route
    Monitoring whose UPDATE carries AS4_PATH and no AS_PATH (RFC 6793 4.2.3; missing mandatory
    attributes, RFC 7606 treat-as-withdraw): a session state no single-message family reaches."""
    asns = tuple(draw(st.lists(st.integers(1, 2**32 - 1), min_size=1, max_size=8)))
    third = draw(st.integers(0, 255))
    opens = [Open(asn, 90, IPv4Address(bgp_id)) for asn, bgp_id in
             ((65001, "10.0.0.1"), (LEGACY_PEER.asn, str(LEGACY_PEER.bgp_id)))]
    up = PeerUp(LEGACY_PEER, IPv4Address("127.0.0.1"), 30180, 179, opens[0], opens[1])
    update = Update((), (As4Path((AsPathSegment(2, asns),)),),
                    (Prefix(IPv4Address(f"198.18.{third}.0"), 24),))
    payload = b"".join(encode(m) for m in (Initiation((Tlv(2, b"faultbook"),)), up,
                                           RouteMonitoring(LEGACY_PEER, update)))
    return Case(label("AS4_PATH without AS_PATH on a 2-octet AS session", payload), AS4_ON_LEGACY,
                payload, prelude=False, segmentation=draw(st.sampled_from(PLANS)))


class Kind:
    """A kind of seed: its name and strategy (one subclass per way of drawing)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def cases(self) -> st.SearchStrategy[Case]:
        """The strategy of this kind's seeds."""
        raise NotImplementedError

    @property
    def seed(self) -> int:
        """Its own seed for derandomized draws (the draws of one test body would otherwise
        start every kind from the same choices)."""
        return int.from_bytes(hashlib.sha256(self.name.encode()).digest()[:8], "big")


class MalformationKind(Kind):
    """One malformation family."""

    def cases(self) -> st.SearchStrategy[Case]:
        return malformation_cases(self.name)


class SessionKind(Kind):
    """Whole router sessions."""

    def cases(self) -> st.SearchStrategy[Case]:
        return session_cases()


class MessageKind(Kind):
    """Single valid messages of any type."""

    def cases(self) -> st.SearchStrategy[Case]:
        return message_cases()


class StratumKind(Kind):
    """One stratum of the codec's strata (a message type, an AFI/SAFI one way, an EVPN route
    type, an attribute kind)."""

    def __init__(self, stratum: Stratum) -> None:
        super().__init__(f"{STRATUM} {stratum.name}")
        self.stratum = stratum

    def cases(self) -> st.SearchStrategy[Case]:
        return stratum_cases(self.stratum, self.name)


class As4OnLegacyKind(Kind):
    """The 2-octet AS session whose UPDATE carries AS4_PATH alone."""

    def cases(self) -> st.SearchStrategy[Case]:
        return as4_on_legacy_cases()


#: every kind of seed: each malformation family, whole sessions, each stratum of the codec
ALL_KINDS: tuple[Kind, ...] = (*(MalformationKind(f) for f in FAMILIES), SessionKind("session"),
                               *(StratumKind(s) for s in STRATA))
_BY_NAME: dict[str, Kind] = {k.name: k for k in (*ALL_KINDS, As4OnLegacyKind(AS4_ON_LEGACY),
                                                  MessageKind("message"))}
KINDS = tuple(k.name for k in ALL_KINDS)
#: kinds a run may lead with, alone in their own batch, before the rounds of every kind (one
#: collector death there leaves every other case of the batch unjudged)
LEAD_KINDS = (AS4_ON_LEGACY,)


def kind_named(name: str) -> Kind:
    """The kind of seed of that name."""
    return _BY_NAME[name]


def seed_of(kind: str) -> st.SearchStrategy[Case]:
    """The strategy of one kind of seed."""
    return kind_named(kind).cases()


def stratified(each: Callable[[Case], object], per_kind: int | None = None,
               base: settings | None = None, kinds: tuple[str, ...] = KINDS) -> int:
    """Run ``each`` on seeds of every kind: one Hypothesis run per kind (its profile's examples,
    or ``base``'s, shared out, at least one per kind; derandomized draws from the kind's own
    seed), so no kind is left to a random draw; returns the seeds."""
    chosen = base or settings()
    count = per_kind or max(chosen.max_examples // len(KINDS), 1)
    drawn = 0

    def body(seed: Case) -> None:
        nonlocal drawn
        drawn += 1
        each(seed)

    for name in kinds:
        kind = kind_named(name)
        run = settings(chosen, max_examples=count)(given(kind.cases())(body))
        (hypothesis.seed(kind.seed)(run) if chosen.derandomize else run)()
    return drawn


def ci_seed(stratum: str) -> Case:
    """The CI draw's seed of one stratum of the codec (the ``ci`` profile's, derandomized): what
    a collector's strict expected failures pin a stratum's finding to (``faultbook.bmpkit.profiles``
    registers that profile)."""
    out: list[Case] = []
    stratified(out.append, base=settings.get_profile("ci"), kinds=(f"{STRATUM} {stratum}",))
    return out[0]


def variants(case: Case) -> list[Case]:
    """The case cut every way (twins for the segmentation checker): one connection each."""
    return [case, *(case.cut(p) for p in PLANS if repr(p) != repr(case.segmentation))]


@st.composite
def batches(draw: st.DrawFn, per_kind: int = 1) -> list[Case]:
    """A stratified batch: ``per_kind`` seeds of every kind, each with its segmentation twins
    (large: for a few batches; a fuzz run gathers ``seeds`` across examples instead)."""
    return [v for kind in KINDS for _ in range(per_kind) for v in variants(draw(seed_of(kind)))]
