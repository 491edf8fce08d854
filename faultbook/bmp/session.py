"""Stateful Hypothesis model of a BMP router session, with an in-memory binding."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from .bgp import IPAddress, SessionContext
from .bmp import (
    Initiation,
    Message,
    PeerDown,
    PeerHeader,
    PeerUp,
    RouteMirroring,
    RouteMonitoring,
    StatisticsReport,
    Termination,
    default_context,
)
from .codec import StreamDecoder, encode
from .strategies import (
    capability_mismatched,
    initiations,
    peer_downs,
    peer_headers,
    peer_ups,
    route_monitorings,
    session_contexts,
    statistics_reports,
    terminations,
)

__all__ = ["InMemoryRouterSession", "PeerStateTracker", "RouterSession"]

PeerKey = tuple[int, int, IPAddress]


@dataclass
class PeerStateTracker:
    """Collector-side view of one BMP session: which peers are up, and protocol violations seen."""

    initiated: bool = False
    terminated: bool = False
    up: set[PeerKey] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def apply(self, msg: Message) -> None:
        """Update the state with one received message, recording any violation."""
        if self.terminated:
            self.problems.append(f"{type(msg).__name__} after Termination")
        if isinstance(msg, Initiation):
            if self.initiated:
                self.problems.append("second Initiation")
            self.initiated = True
            return
        if not self.initiated:
            self.problems.append(f"{type(msg).__name__} before Initiation")
        if isinstance(msg, Termination):
            self.terminated = True
        elif isinstance(msg, PeerUp):
            if msg.peer.key in self.up:
                self.problems.append(f"Peer Up for peer {msg.peer.address} already up")
            self.up.add(msg.peer.key)
        elif isinstance(msg, PeerDown):
            if msg.peer.key not in self.up:
                self.problems.append(f"Peer Down for peer {msg.peer.address} not up")
            self.up.discard(msg.peer.key)
        elif (
            isinstance(msg, (RouteMonitoring, StatisticsReport, RouteMirroring))
            and msg.peer.key not in self.up
        ):
            self.problems.append(f"{type(msg).__name__} for peer {msg.peer.address} not up")

    def reset(self) -> None:
        """Forget everything (the TCP session was closed)."""
        self.initiated = self.terminated = False
        self.up.clear()
        self.problems.clear()


class RouterSession(RuleBasedStateMachine):
    """A monitored router speaking BMP; subclasses bind ``send`` and ``reconnect`` to a collector.

    ``intentional_violations`` enables a rule that sends Route Monitoring for a peer that is down;
    ``capability_mismatches`` one that sends Route Monitoring encoded for another context than the
    peer's Peer Up negotiated (wrong AS size or ADD-PATH set). With ``negotiate_capabilities``
    every Peer Up negotiates a drawn context (ADD-PATH per AFI/SAFI, families; the A flag sets the
    AS size) and Route Monitoring follows it (``contexts``), so a collector must decode per
    connection (as ``StreamDecoder`` does); without it the context is the A flag's alone and
    Route Monitoring decodes frame by frame.
    """

    intentional_violations: bool = False
    capability_mismatches: bool = False
    negotiate_capabilities: bool = False

    def __init__(self) -> None:
        super().__init__()
        self.initiated = False
        self.terminated = False
        self.peers: dict[PeerKey, PeerHeader] = {}
        self.contexts: dict[PeerKey, SessionContext] = {}
        self.mismatches_sent = 0
        self.sent: list[Message] = []
        self.violations_sent = 0

    # hooks -----------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Deliver encoded BMP octets to the collector (must be overridden)."""
        raise NotImplementedError

    def reconnect(self) -> None:
        """Close the TCP session and open a new one (must be overridden)."""
        raise NotImplementedError

    # helpers ---------------------------------------------------------------------------
    def emit(self, msg: Message) -> None:
        """Record and send one message."""
        self.sent.append(msg)
        self.send(encode(msg))

    def _open(self) -> bool:
        return self.initiated and not self.terminated

    # rules -----------------------------------------------------------------------------
    @precondition(lambda self: not self.initiated)
    @rule(msg=initiations())
    def initiation(self, msg: Initiation) -> None:
        """Send Initiation first on a session."""
        self.initiated = True
        self.emit(msg)

    @precondition(lambda self: self._open() and len(self.peers) < 4)
    @rule(peer=peer_headers(loc_rib=True), ctx=session_contexts(), data=st.data())
    def peer_up(self, peer: PeerHeader, ctx: SessionContext, data: st.DataObject) -> None:
        """Bring a new peer up, negotiating ``ctx`` (the A flag sets the AS size, RFC 7854 4.2)."""
        if peer.key in self.peers:
            return
        ctx = dataclasses.replace(ctx, four_octet_as=peer.loc_rib or not peer.legacy_as_path)
        self.peers[peer.key] = peer
        if self.negotiate_capabilities:
            self.contexts[peer.key] = ctx
            self.emit(data.draw(peer_ups(peer, context=ctx)))
        else:
            self.contexts[peer.key] = default_context(peer)
            self.emit(data.draw(peer_ups(peer)))

    @precondition(lambda self: self._open() and bool(self.peers))
    @rule(data=st.data())
    def route_monitoring(self, data: st.DataObject) -> None:
        """Send Route Monitoring for a peer that is up."""
        peer = data.draw(st.sampled_from(sorted(self.peers.values(), key=repr)))
        self.emit(data.draw(route_monitorings(peer, context=self.contexts[peer.key])))

    @precondition(lambda self: self._open() and bool(self.peers) and self.capability_mismatches)
    @rule(data=st.data())
    def mismatched_route_monitoring(self, data: st.DataObject) -> None:
        """Intentionally send Route Monitoring encoded for a context the Peer Up did not negotiate."""
        peer = data.draw(st.sampled_from(sorted(self.peers.values(), key=repr)))
        self.mismatches_sent += 1
        self.emit(data.draw(capability_mismatched(peer, self.contexts[peer.key])))

    @precondition(lambda self: self._open() and bool(self.peers))
    @rule(data=st.data())
    def stats(self, data: st.DataObject) -> None:
        """Send a Statistics Report for a peer that is up."""
        peer = data.draw(st.sampled_from(sorted(self.peers.values(), key=repr)))
        self.emit(data.draw(statistics_reports(peer=peer)))

    @precondition(lambda self: self._open() and bool(self.peers))
    @rule(data=st.data())
    def peer_down(self, data: st.DataObject) -> None:
        """Take a peer down."""
        peer = data.draw(st.sampled_from(sorted(self.peers.values(), key=repr)))
        del self.peers[peer.key]
        del self.contexts[peer.key]
        self.emit(data.draw(peer_downs(peer)))

    @precondition(lambda self: self._open() and self.intentional_violations)
    @rule(peer=peer_headers(), data=st.data())
    def route_monitoring_for_down_peer(self, peer: PeerHeader, data: st.DataObject) -> None:
        """Intentionally send Route Monitoring for a peer that is not up."""
        if peer.key in self.peers:
            return
        self.violations_sent += 1
        self.emit(data.draw(route_monitorings(peer)))

    @precondition(lambda self: self._open())
    @rule(msg=terminations())
    def termination(self, msg: Termination) -> None:
        """End the session with Termination."""
        self.terminated = True
        self.emit(msg)

    @precondition(lambda self: self.initiated)
    @rule()
    def reconnect_rule(self) -> None:
        """Drop the TCP session and start again (all peers implicitly down)."""
        self.initiated = self.terminated = False
        self.peers.clear()
        self.contexts.clear()
        self.violations_sent = 0
        self.mismatches_sent = 0
        self.reconnect()


class InMemoryRouterSession(RouterSession):
    """Binds the session to a StreamDecoder fed in two-part chunks; checks round trip and peer state."""

    negotiate_capabilities = True

    def __init__(self) -> None:
        super().__init__()
        self.decoder = StreamDecoder()
        self.tracker = PeerStateTracker()
        self.received: list[Message] = []
        self.sent_this_connection: list[Message] = []

    def send(self, data: bytes) -> None:
        """Feed the octets in two chunks and track what the decoder yields."""
        self.sent_this_connection.append(self.sent[-1])
        cut = len(data) // 2
        for chunk in (data[:cut], data[cut:]):
            for msg in self.decoder.feed(chunk):
                self.received.append(msg)
                self.tracker.apply(msg)

    def reconnect(self) -> None:
        """Start a fresh decoder and tracker."""
        assert self.decoder.buffered == 0
        self.decoder = StreamDecoder()
        self.tracker.reset()
        self.received.clear()
        self.sent_this_connection.clear()

    @invariant()
    def round_trip(self) -> None:
        """Everything sent on this connection was decoded, equal and in order."""
        assert self.received == self.sent_this_connection

    @invariant()
    def peer_state_consistent(self) -> None:
        """The collector's view matches the router's and no violation was seen unintentionally."""
        assert self.tracker.up == set(self.peers)
        assert len(self.tracker.problems) == self.violations_sent, self.tracker.problems
