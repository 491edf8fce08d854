"""Session context of a monitored peer from its Peer Up: what both OPENs negotiated.

RFC 7854 4.2 (the per-peer A flag alone sets the AS size of Route Monitoring: a speaker re-encodes
AS_PATH in 4-octet form unless it sets A, whatever the session negotiated), RFC 7911
(ADD-PATH per AFI/SAFI and direction), RFC 4760 (the AFI/SAFIs both sides announced), RFC 8671
(the O flag reverses the direction) and RFC 9069 (Loc-RIB: path identifiers when the sent OPEN
announces ADD-PATH for the family).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .bgp import AFI_IPV4, SAFI_UNICAST, Family, Open, SessionContext
from .bmp import Message, PeerDown, PeerHeader, PeerUp, default_context

__all__ = ["PeerSessions", "context_for", "negotiate"]

_IPV4_ONLY = frozenset({(AFI_IPV4, SAFI_UNICAST)})


def negotiate(sender: Open, receiver: Open, four_octet_as: bool = True) -> SessionContext:
    """Context of the UPDATEs ``sender`` sends to ``receiver`` on the BGP session itself
    (4-octet AS only if both OPENs carry capability 65)."""
    send = sender.add_path
    recv = receiver.add_path
    add_path = frozenset(
        f for f, v in send.items() if v & 2 and recv.get(f, 0) & 1
    )
    families = (sender.multiprotocol or _IPV4_ONLY) & (receiver.multiprotocol or _IPV4_ONLY)
    both_as4 = sender.four_octet_as is not None and receiver.four_octet_as is not None
    return SessionContext(four_octet_as and both_as4, add_path, families)


def context_for(peer: PeerHeader, peer_up: PeerUp | None) -> SessionContext:
    """Context of a Route Monitoring for ``peer`` given its Peer Up (None: unknown session)."""
    if peer_up is None:
        return default_context(peer)
    sent, received = peer_up.sent_open, peer_up.received_open
    if peer.loc_rib:
        fams: frozenset[Family] = frozenset(sent.add_path)
        base = negotiate(sent, sent)
        return SessionContext(True, fams, base.families)
    ctx = negotiate(sent, received) if peer.adj_rib_out else negotiate(received, sent)
    return dataclasses.replace(ctx, four_octet_as=not peer.legacy_as_path)


@dataclass
class PeerSessions:
    """Peer Ups seen on one BMP connection, by peer key; gives each Route Monitoring its context."""

    peer_ups: dict[tuple[int, int, object], PeerUp] = field(default_factory=dict)

    def __call__(self, peer: PeerHeader) -> SessionContext:
        return context_for(peer, self.peer_ups.get(peer.key))

    def observe(self, msg: Message) -> None:
        """Remember a Peer Up, forget the peer on Peer Down."""
        if isinstance(msg, PeerUp):
            self.peer_ups[msg.peer.key] = msg
        elif isinstance(msg, PeerDown):
            self.peer_ups.pop(msg.peer.key, None)
