"""What must become of each BMP message a router sends: the expected outcome.

The seam is ``expect``: today it asks this package's strict decoder (a message it rejects is not
storable, RFC 7606's finer outcomes come with the codec's expected-outcome function).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from faultbook.bmp.bgp import (
    As4Path,
    AsPath,
    Communities,
    LocalPref,
    MpReachNlri,
    MpUnreachNlri,
    MultiExitDisc,
    NextHop,
    Origin,
    Update,
)
from faultbook.bmp.bgp import SessionContext as BgpContext
from faultbook.bmp.bmp import (
    Initiation,
    Message,
    PeerDown,
    PeerUp,
    RouteMonitoring,
    StatisticsReport,
    Termination,
)
from faultbook.bmp.codec import decode_at
from faultbook.bmp.errors import DecodeError
from faultbook.bmp.rfc7606 import Outcome as Rfc7606Outcome
from faultbook.bmp.rfc7606 import update_outcome
from faultbook.bmpkit.frameroutes import frame_routes

ORIGINS = {0: "i", 1: "e", 2: "?"}


@dataclass(frozen=True)
class Route:
    """One route as sent: the content a collector must keep (None: not carried)."""

    prefix: str
    action: str
    peer: str
    next_hop: str | None = None
    origin: str | None = None
    as_path: str | None = None
    communities: frozenset[str] | None = None
    med: int | None = None
    local_pref: int | None = None

    def differs(self, stored: Route, kept: frozenset[str]) -> dict[str, tuple[object, object]]:
        """The fields the store keeps whose stored value is not what was sent."""
        out = {}
        for name in sorted(kept):
            want, got = getattr(self, name), getattr(stored, name)
            if want is not None and want != got:
                out[name] = (want, got)
        return out


def _as_path(attr: AsPath) -> str | None:
    if any(seg.type != 2 for seg in attr.segments):
        return None  # sets and confederations: renderings differ between collectors
    return " ".join(str(a) for seg in attr.segments for a in seg.asns)


def routes_of(update: Update, peer: str) -> list[Route]:
    """Every route an UPDATE carries, with its attributes."""
    base = Route("", "update", peer)
    has_as4 = any(isinstance(a, As4Path) for a in update.attributes)
    for a in update.attributes:
        if isinstance(a, Origin):
            base = replace(base, origin=ORIGINS.get(a.value))
        elif isinstance(a, AsPath) and not has_as4:
            base = replace(base, as_path=_as_path(a))
        elif isinstance(a, Communities) and a.values:  # an empty one carries no community
            base = replace(base, communities=frozenset(f"{v >> 16}:{v & 0xFFFF}" for v in a.values))
        elif isinstance(a, MultiExitDisc):
            base = replace(base, med=a.value)
        elif isinstance(a, LocalPref):
            base = replace(base, local_pref=a.value)
        elif isinstance(a, NextHop):
            base = replace(base, next_hop=str(a.address))
    out = [Route(str(p), "withdraw", peer) for p in update.withdrawn]
    if any(isinstance(a, MpReachNlri) for a in update.attributes):
        base = replace(base, next_hop=None)  # two next hops: which one a collector keeps varies
    out += [replace(base, prefix=str(p)) for p in update.nlri]
    for a in update.attributes:
        if isinstance(a, MpReachNlri):
            hop = str(a.next_hops[0]) if a.next_hops else None
            out += [replace(base, prefix=str(p), next_hop=hop) for p in a.nlri]
        elif isinstance(a, MpUnreachNlri):
            out += [Route(str(p), "withdraw", peer) for p in a.withdrawn]
    return out


class Expectation:
    """What a compliant collector does with one message (one class per kind)."""

    name = "outcome"
    #: the collector must store these routes (exactly once each)
    required = True
    #: routes from this message may be stored at all
    storable = True

    def __init__(self, message: Message | None = None, reason: str = "") -> None:
        self.message = message
        self.reason = reason

    def routes(self) -> list[Route]:
        """The routes this message carries (as sent)."""
        msg = self.message
        if isinstance(msg, RouteMonitoring):
            return routes_of(msg.update, str(msg.peer.address))
        return []

    def record_kind(self) -> str | None:
        """The non-route record a store keeps for it (init, term, peer_up, peer_down, stats)."""
        return _KINDS.get(type(self.message))

    def records(self) -> int:
        """How many rows of ``record_kind`` it makes (a store keeps one per statistic)."""
        msg = self.message
        return len(msg.stats) if isinstance(msg, StatisticsReport) else 1

    def __repr__(self) -> str:
        return f"{self.name}({self.reason})" if self.reason else self.name


class StoredAsSent(Expectation):
    """Valid, in session: stored exactly once with the content that was sent."""

    name = "stored as sent"


class MayStore(Expectation):
    """Valid but outside a session where it means something (before Initiation, for a peer that
    is not up, after a Termination, or behind an unframeable header): storing it as sent or not
    storing it are both allowed."""

    name = "may be stored"
    required = False


class NotStorable(Expectation):
    """Rejected by the strict decoder, and RFC 7606 allows no keeping: nothing from it is stored."""

    name = "not storable"
    required = False
    storable = False


_KINDS: dict[type, str] = {Initiation: "init", Termination: "term", PeerUp: "peer_up",
                           PeerDown: "peer_down", StatisticsReport: "stats"}


@dataclass
class SessionContext:
    """What a connection has established so far (RFC 7854 4.1: Initiation first; 4.10: peers)."""

    initiated: bool = False
    terminated: bool = False
    peers: set[object] = field(default_factory=set)

    def state(self, msg: Message | None) -> str:
        """The session state a message arrives in (for coverage)."""
        if not self.initiated:
            return "before Initiation"
        if self.terminated:
            return "after Termination"
        peer = getattr(msg, "peer", None)
        if peer is None:
            return "in session"
        return "peer up" if peer.key in self.peers else "peer not up"

    def outcome(self, msg: Message) -> Expectation:
        """The outcome of a valid ``msg`` here, and the context after it."""
        in_session = self.initiated and not self.terminated
        if isinstance(msg, Initiation):
            fresh = not self.initiated
            self.initiated = True
            return StoredAsSent(msg) if fresh else MayStore(msg, "second Initiation")
        if not in_session:
            return MayStore(msg, "outside a session")
        if isinstance(msg, Termination):
            self.terminated = True
            return StoredAsSent(msg)
        if isinstance(msg, PeerUp):
            if msg.peer.key in self.peers:
                return MayStore(msg, "peer already up")
            self.peers.add(msg.peer.key)
            return StoredAsSent(msg)
        peer = getattr(msg, "peer", None)
        if peer is not None and peer.key not in self.peers:
            return MayStore(msg, "peer not up")
        if isinstance(msg, PeerDown):
            self.peers.discard(msg.peer.key)
        return StoredAsSent(msg)


class TreatAsWithdraw(Expectation):
    """RFC 7606 treat-as-withdraw: its routes may only be stored as withdrawn."""

    name = "treat-as-withdraw"
    required = False

    def routes(self) -> list[Route]:
        return [replace(r, action="withdraw", next_hop=None, origin=None, as_path=None,
                        communities=None, med=None, local_pref=None) for r in super().routes()]


class AttributeDiscarded(MayStore):
    """RFC 7606 attribute-discard: its routes may be stored (without the attribute), also when the
    strict decoder rejects it (then every prefix framed in it may be)."""

    name = "attribute discarded"

    def __init__(self, message: Message | None, reason: str, framed: list[str]) -> None:
        super().__init__(message, reason)
        self.framed = framed

    def routes(self) -> list[Route]:
        if self.message is not None:
            return super().routes()
        return [Route(p, "update", "") for p in self.framed]


def framed_prefixes(frame: bytes) -> list[str]:
    """Every prefix encoded inside a frame, whatever its length fields claim."""
    return sorted(frame_routes(frame))


_BGP = 48  # the BGP message's offset in a Route Monitoring frame
_LEGACY_AS = 0x20  # per-peer header A flag: 2-octet AS_PATH


def rfc7606(frame: bytes) -> Rfc7606Outcome:
    """RFC 7606's outcome for a Route Monitoring frame's UPDATE (stored-as-sent otherwise)."""
    if len(frame) < _BGP + 19 or frame[5] != 0:
        return Rfc7606Outcome.STORED_AS_SENT
    context = BgpContext(four_octet_as=not frame[7] & _LEGACY_AS)
    return update_outcome(frame[_BGP:], context).outcome


def expect(frame: bytes, ctx: SessionContext) -> tuple[Expectation, str]:
    """The outcome of one framed message in its session, and the session state it arrived in:
    the strict decoder and RFC 7606's outcome for its UPDATE together."""
    rule = rfc7606(frame)
    try:
        msg = decode_at(frame, 0, len(frame))
    except DecodeError as exc:
        if rule is Rfc7606Outcome.ATTRIBUTE_DISCARD:
            return AttributeDiscarded(None, str(exc)[:160], framed_prefixes(frame)), ctx.state(None)
        return NotStorable(None, str(exc)[:160]), ctx.state(None)
    state = ctx.state(msg)
    outcome = ctx.outcome(msg)
    if not isinstance(outcome, StoredAsSent) or rule is Rfc7606Outcome.STORED_AS_SENT:
        return outcome, state
    if rule is Rfc7606Outcome.ATTRIBUTE_DISCARD:
        return AttributeDiscarded(msg, rule.value, []), state
    if rule is Rfc7606Outcome.TREAT_AS_WITHDRAW:
        return TreatAsWithdraw(msg, rule.value), state
    return NotStorable(msg, rule.value), state
