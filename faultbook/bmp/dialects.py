"""How real BMP speakers deviate from the negotiated context, observed in real captures.

A ``DialectSessions`` is a ``PeerSessions`` that recognises the speaker from its Initiation
(sysDescr/sysName) and lets that speaker's ``Dialect`` adjust the context of each Route
Monitoring. ``Dialect`` itself is the RFC behaviour. Evidence: tests/bmp/corpus (README).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

from .bgp import SessionContext
from .bmp import Initiation, Message, PeerHeader, PeerUp
from .negotiation import PeerSessions

__all__ = ["DIALECTS", "Dialect", "DialectSessions", "Frr84", "Gobgp310"]


class Dialect:
    """RFC 7854/7911 behaviour: Route Monitoring follows what the Peer Up negotiated."""

    name: ClassVar[str] = "rfc"

    @classmethod
    def matches(cls, init: Initiation) -> bool:
        """Whether this Initiation comes from a speaker of this dialect."""
        return False

    def adjust(self, peer: PeerHeader, ctx: SessionContext, peer_up: PeerUp | None) -> SessionContext:
        """The context the speaker actually encodes with."""
        return ctx


def _tlv(init: Initiation, t: int) -> bytes:
    return b"".join(x.value for x in init.tlvs if x.type == t)


class Frr84(Dialect):
    """FRR 8.4 bgpd: no path identifiers in Route Monitoring even with ADD-PATH negotiated;
    2-octet AS_PATH/AGGREGATOR with the A flag clear for a peer whose session did not negotiate
    4-octet AS, and for its own routes (peer 0.0.0.0, AS 0, never announced by a Peer Up)."""

    name = "frr-8.4"

    @classmethod
    def matches(cls, init: Initiation) -> bool:
        return _tlv(init, 1).startswith(b"FRRouting 8.")

    def adjust(self, peer: PeerHeader, ctx: SessionContext, peer_up: PeerUp | None) -> SessionContext:
        if peer_up is None:
            two_octet = peer.asn == 0 and int(peer.address) == 0
        else:
            two_octet = None in (peer_up.sent_open.four_octet_as, peer_up.received_open.four_octet_as)
        return dataclasses.replace(
            ctx, add_path=frozenset(), four_octet_as=ctx.four_octet_as and not two_octet
        )


class Gobgp310(Dialect):
    """GoBGP 3.10: path identifiers only in pre-policy Adj-RIB-In monitoring, not in
    post-policy or Loc-RIB monitoring of the same peer."""

    name = "gobgp-3.10"

    @classmethod
    def matches(cls, init: Initiation) -> bool:
        return _tlv(init, 2) == b"GoBGP" and _tlv(init, 1).startswith(b"3.")

    def adjust(self, peer: PeerHeader, ctx: SessionContext, peer_up: PeerUp | None) -> SessionContext:
        if peer.post_policy or peer.loc_rib or peer.adj_rib_out:
            return dataclasses.replace(ctx, add_path=frozenset())
        return ctx


DIALECTS: tuple[type[Dialect], ...] = (Frr84, Gobgp310)


@dataclass
class DialectSessions(PeerSessions):
    """Peer sessions of one connection, adjusted by the speaker's dialect once it is known."""

    dialect: Dialect = dataclasses.field(default_factory=Dialect)

    def __call__(self, peer: PeerHeader) -> SessionContext:
        return self.dialect.adjust(peer, super().__call__(peer), self.peer_ups.get(peer.key))

    def observe(self, msg: Message) -> None:
        """Also pick the dialect from the Initiation."""
        if isinstance(msg, Initiation):
            self.dialect = next((d() for d in DIALECTS if d.matches(msg)), Dialect())
        super().observe(msg)
