"""Route Mirroring: verbatim BGP messages and information codes (RFC 7854 4.7)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._reader import Reader
from .header import Body, BodyOptions, MsgType
from .peer import PeerHeader
from .tlv import Tlv, decode_tlvs, encode_tlvs


@dataclass(frozen=True)
class RouteMirroring(Body):
    """Route Mirroring: TLVs 0 BGP message, 1 information code (values kept raw)."""

    TYPE: ClassVar[MsgType] = MsgType.ROUTE_MIRRORING
    CONTEXT: ClassVar[str] = "BMP route mirroring"

    peer: PeerHeader
    tlvs: tuple[Tlv, ...]

    def encode_body(self) -> bytes:
        return self.peer.encode() + encode_tlvs(self.tlvs, self.CONTEXT)

    @classmethod
    def decode_body(cls, r: Reader, options: BodyOptions) -> RouteMirroring:
        return cls(PeerHeader.decode(r), decode_tlvs(r))
