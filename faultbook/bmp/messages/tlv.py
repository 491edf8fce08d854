"""Information TLVs (Initiation, Termination, Peer Up, Route Mirroring; RFC 7854 4.4)."""

from __future__ import annotations

from dataclasses import dataclass

from .._reader import Reader
from .wire import uint


@dataclass(frozen=True)
class Tlv:
    """An information TLV (Initiation, Termination, Peer Up, Route Mirroring); value kept raw."""

    type: int
    value: bytes

    @property
    def text(self) -> str:
        """The value as UTF-8, undecodable octets replaced."""
        return self.value.decode("utf-8", errors="replace")


def encode_tlvs(tlvs: tuple[Tlv, ...], ctx: str) -> bytes:
    """TLVs back to back."""
    return b"".join(
        uint(t.type, 2, ctx, "TLV type") + uint(len(t.value), 2, ctx, "TLV length") + t.value
        for t in tlvs
    )


def decode_tlvs(r: Reader) -> tuple[Tlv, ...]:
    """Every TLV up to the end of ``r``."""
    out: list[Tlv] = []
    while not r.at_end():
        t = r.u16("TLV type")
        n = r.u16("TLV length")
        out.append(Tlv(t, r.sub("TLV length", n).rest("TLV value")))
    return tuple(out)
