"""Peer Down and its reasons (RFC 7854 4.9; reason 6 from RFC 9069)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import ClassVar

from .._reader import Reader
from ..bgp import Notification, encode_bgp
from ..errors import EncodeError, LengthError, UnknownTypeError, ValueOutOfRangeError
from .header import Body, BodyOptions, MsgType
from .peer import PeerHeader
from .wire import decode_bgp_into, no_trailing, uint


class PeerDownReason(IntEnum):
    """Peer Down reason codes."""

    LOCAL_NOTIFICATION = 1
    LOCAL_NO_NOTIFICATION = 2
    REMOTE_NOTIFICATION = 3
    REMOTE_NO_NOTIFICATION = 4
    PEER_DECONFIGURED = 5
    LOCAL_SYSTEM_CLOSED = 6


_WITH_NOTIFICATION = (PeerDownReason.LOCAL_NOTIFICATION, PeerDownReason.REMOTE_NOTIFICATION)


@dataclass(frozen=True)
class PeerDown(Body):
    """Peer Down: reason 1/3 carry a NOTIFICATION; 2 a 2-octet FSM event code; others raw data."""

    TYPE: ClassVar[MsgType] = MsgType.PEER_DOWN
    CONTEXT: ClassVar[str] = "BMP peer down"

    peer: PeerHeader
    reason: int
    notification: Notification | None = None
    data: bytes = b""

    def encode_body(self) -> bytes:
        ctx = self.CONTEXT
        if self.reason in _WITH_NOTIFICATION:
            if self.notification is None or self.data:
                raise EncodeError(
                    ctx, "notification", 0, None, f"a NOTIFICATION only for reason {self.reason}"
                )
            data = encode_bgp(self.notification)
        else:
            if self.notification is not None:
                raise EncodeError(ctx, "notification", 0, None, f"none for reason {self.reason}")
            if self.reason == PeerDownReason.LOCAL_NO_NOTIFICATION and len(self.data) != 2:
                raise EncodeError(ctx, "data length", 0, len(self.data), "2 (FSM event code)")
            data = self.data
        return self.peer.encode() + uint(self.reason, 1, ctx, "reason") + data

    @classmethod
    def decode_body(cls, r: Reader, options: BodyOptions) -> PeerDown:
        peer = PeerHeader.decode(r)
        rpos = r.pos
        reason = r.u8("reason")
        if not 1 <= reason <= 6:
            raise ValueOutOfRangeError(r.context, "reason", rpos, reason, "1..6")
        if reason in _WITH_NOTIFICATION:
            n = decode_bgp_into(r, True, options.strict_host_bits)
            if not isinstance(n, Notification):
                raise UnknownTypeError(
                    r.context, "BGP message type", rpos + 19, type(n).__name__, "NOTIFICATION"
                )
            no_trailing(r, "BGP message length")
            return cls(peer, reason, n)
        data = r.rest("data")
        if reason == PeerDownReason.LOCAL_NO_NOTIFICATION and len(data) != 2:
            raise LengthError(r.context, "FSM event code length", rpos + 1, len(data), "2")
        return cls(peer, reason, None, data)
