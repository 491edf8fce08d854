"""Route Monitoring: a BGP UPDATE decoded in its peer's session context (RFC 7854 4.6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from .._reader import Reader
from ..bgp import SessionContext, Update, encode_bgp
from ..errors import UnknownTypeError
from .header import Body, BodyOptions, MsgType
from .peer import PeerHeader, default_context
from .wire import decode_bgp_into, no_trailing


@dataclass(frozen=True)
class RouteMonitoring(Body):
    """Route Monitoring: a BGP UPDATE received from (or sent to) a peer.

    ``context`` is what the session negotiated (AS size, ADD-PATH): the decoder stores the one
    it used, and ``encode`` uses it (None: 4-octet AS unless the A flag, no path identifiers).
    It takes no part in equality.
    """

    TYPE: ClassVar[MsgType] = MsgType.ROUTE_MONITORING
    CONTEXT: ClassVar[str] = "BMP route monitoring"

    peer: PeerHeader
    update: Update
    context: SessionContext | None = field(default=None, compare=False, repr=False)

    def encode_body(self) -> bytes:
        return self.peer.encode() + encode_bgp(
            self.update, context=self.context or default_context(self.peer)
        )

    @classmethod
    def decode_body(cls, r: Reader, options: BodyOptions) -> RouteMonitoring:
        peer = PeerHeader.decode(r)
        bgp_start = r.pos
        sctx = options.contexts(peer)
        m = decode_bgp_into(r, sctx.four_octet_as, options.strict_host_bits, sctx)
        if not isinstance(m, Update):
            raise UnknownTypeError(
                r.context, "BGP message type", bgp_start + 18, type(m).__name__, "UPDATE"
            )
        no_trailing(r, "BGP message length")
        return cls(peer, m, sctx)
