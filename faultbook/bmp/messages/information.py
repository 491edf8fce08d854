"""Initiation and Termination: the session's opening and closing TLVs (RFC 7854 4.3, 4.5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._reader import Reader
from .header import Body, BodyOptions, MsgType
from .tlv import Tlv, decode_tlvs, encode_tlvs


@dataclass(frozen=True)
class Initiation(Body):
    """Initiation: TLVs 0 string, 1 sysDescr, 2 sysName."""

    TYPE: ClassVar[MsgType] = MsgType.INITIATION
    CONTEXT: ClassVar[str] = "BMP initiation"

    tlvs: tuple[Tlv, ...]

    def encode_body(self) -> bytes:
        return encode_tlvs(self.tlvs, self.CONTEXT)

    @classmethod
    def decode_body(cls, r: Reader, options: BodyOptions) -> Initiation:
        return cls(decode_tlvs(r))


@dataclass(frozen=True)
class Termination(Body):
    """Termination: TLVs 0 string, 1 reason (2 octets)."""

    TYPE: ClassVar[MsgType] = MsgType.TERMINATION
    CONTEXT: ClassVar[str] = "BMP termination"

    tlvs: tuple[Tlv, ...]

    def encode_body(self) -> bytes:
        return encode_tlvs(self.tlvs, self.CONTEXT)

    @classmethod
    def decode_body(cls, r: Reader, options: BodyOptions) -> Termination:
        return cls(decode_tlvs(r))
