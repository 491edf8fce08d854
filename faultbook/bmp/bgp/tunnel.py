"""PMSI_TUNNEL (RFC 6514, type 22) and AIGP (RFC 7311, type 26)."""

from __future__ import annotations

from dataclasses import dataclass

from .._reader import Reader
from ..errors import LengthError
from .attribute import Attribute, register
from .common import OPTIONAL, OPTIONAL_TRANSITIVE, AttrType, u
from .context import SessionContext

__all__ = ["Aigp", "AigpTlv", "PmsiTunnel"]


@dataclass(frozen=True)
class PmsiTunnel(Attribute):
    """PMSI_TUNNEL: tunnel flags, tunnel type, a raw 3-octet label field and the tunnel identifier."""

    tunnel_flags: int
    tunnel_type: int
    label: int
    tunnel_id: bytes
    flags: int = OPTIONAL_TRANSITIVE
    type_code = AttrType.PMSI_TUNNEL

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Flags, type, label, identifier."""
        c = "path attribute 22"
        return (
            u(self.tunnel_flags, 1, c, "flags") + u(self.tunnel_type, 1, c, "tunnel type")
            + u(self.label, 3, c, "label") + self.tunnel_id
        )

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> PmsiTunnel:
        """Read the value."""
        if v.remaining < 5:
            raise LengthError(v.context, "PMSI_TUNNEL length", start, v.remaining, "at least 5")
        tf, tt, label = v.u8("flags"), v.u8("tunnel type"), v.uint("label", 3)
        return cls(tf, tt, label, v.rest("tunnel identifier"), flags)


@dataclass(frozen=True)
class AigpTlv:
    """One AIGP TLV; type 1 carries the 8-octet accumulated metric."""

    type: int
    value: bytes


@dataclass(frozen=True)
class Aigp(Attribute):
    """AIGP: TLVs whose length field counts the 3-octet TLV header."""

    tlvs: tuple[AigpTlv, ...]
    flags: int = OPTIONAL
    type_code = AttrType.AIGP

    @property
    def metric(self) -> int | None:
        """The accumulated IGP metric of the first type-1 TLV, if any."""
        for t in self.tlvs:
            if t.type == 1 and len(t.value) == 8:
                return int.from_bytes(t.value, "big")
        return None

    def encode_value(self, ctx: SessionContext) -> bytes:
        """The TLVs."""
        c = "path attribute 26"
        return b"".join(
            u(t.type, 1, c, "TLV type") + u(len(t.value) + 3, 2, c, "TLV length") + t.value
            for t in self.tlvs
        )

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> Aigp:
        """Read the value."""
        tlvs: list[AigpTlv] = []
        while not v.at_end():
            pos = v.pos
            t = v.u8("AIGP TLV type")
            n = v.u16("AIGP TLV length")
            if n < 3:
                raise LengthError(v.context, "AIGP TLV length", pos + 1, n, "at least 3")
            tlvs.append(AigpTlv(t, v.sub("AIGP TLV length", n - 3).rest("AIGP TLV value")))
        return cls(tuple(tlvs), flags)


for _cls in (PmsiTunnel, Aigp):
    register(int(_cls.type_code), _cls.decode_value)
