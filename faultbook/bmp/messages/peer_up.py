"""Peer Up: the session's local end and both OPEN messages (RFC 7854 4.10)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._reader import Reader
from ..bgp import IPAddress, Open, encode_bgp
from ..errors import UnknownTypeError
from .header import Body, BodyOptions, MsgType
from .peer import PeerHeader
from .tlv import Tlv, decode_tlvs, encode_tlvs
from .wire import addr16, decode_addr16, decode_bgp_into, uint


@dataclass(frozen=True)
class PeerUp(Body):
    """Peer Up: local end of the session and both OPEN messages."""

    TYPE: ClassVar[MsgType] = MsgType.PEER_UP
    CONTEXT: ClassVar[str] = "BMP peer up"

    peer: PeerHeader
    local_address: IPAddress
    local_port: int
    remote_port: int
    sent_open: Open
    received_open: Open
    information: tuple[Tlv, ...] = ()

    def encode_body(self) -> bytes:
        ctx = self.CONTEXT
        return (
            self.peer.encode()
            + addr16(self.local_address, self.peer.ipv6, ctx, "local address")
            + uint(self.local_port, 2, ctx, "local port")
            + uint(self.remote_port, 2, ctx, "remote port")
            + encode_bgp(self.sent_open)
            + encode_bgp(self.received_open)
            + encode_tlvs(self.information, ctx)
        )

    @classmethod
    def decode_body(cls, r: Reader, options: BodyOptions) -> PeerUp:
        peer = PeerHeader.decode(r)
        local = decode_addr16(r, peer.ipv6, "local address")
        lport = r.u16("local port")
        rport = r.u16("remote port")
        opens: list[Open] = []
        for which in ("sent OPEN", "received OPEN"):
            opos = r.pos
            o = decode_bgp_into(r, True, options.strict_host_bits)
            if not isinstance(o, Open):
                raise UnknownTypeError(
                    r.context, f"{which} type", opos + 18, type(o).__name__, "OPEN"
                )
            opens.append(o)
        return cls(peer, local, lport, rport, opens[0], opens[1], decode_tlvs(r))
