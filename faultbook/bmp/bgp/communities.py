"""Community attributes: RFC 1997 communities, RFC 4360 extended, RFC 8092 large."""

from __future__ import annotations

from dataclasses import dataclass

from .._reader import Reader
from .attribute import Attribute, register
from .common import OPTIONAL_TRANSITIVE, AttrType, multiple_of, u
from .context import SessionContext

__all__ = ["Communities", "ExtendedCommunities", "LargeCommunities"]


@dataclass(frozen=True)
class Communities(Attribute):
    """COMMUNITIES (type 8, RFC 1997): 32-bit values."""

    values: tuple[int, ...]
    flags: int = OPTIONAL_TRANSITIVE
    type_code = AttrType.COMMUNITIES

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Four octets per community."""
        return b"".join(u(v, 4, "path attribute 8", "community") for v in self.values)

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> Communities:
        """Read the value."""
        n = multiple_of(v, "COMMUNITIES", start, 4)
        return cls(tuple(v.u32("community") for _ in range(n)), flags)


@dataclass(frozen=True)
class ExtendedCommunities(Attribute):
    """EXTENDED COMMUNITIES (type 16, RFC 4360): 64-bit values (type, subtype, value)."""

    values: tuple[int, ...]
    flags: int = OPTIONAL_TRANSITIVE
    type_code = AttrType.EXTENDED_COMMUNITIES

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Eight octets per community."""
        return b"".join(u(v, 8, "path attribute 16", "extended community") for v in self.values)

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> ExtendedCommunities:
        """Read the value."""
        n = multiple_of(v, "EXTENDED COMMUNITIES", start, 8)
        return cls(tuple(v.u64("extended community") for _ in range(n)), flags)


@dataclass(frozen=True)
class LargeCommunities(Attribute):
    """LARGE_COMMUNITY (type 32, RFC 8092): (global admin, local 1, local 2) triples."""

    values: tuple[tuple[int, int, int], ...]
    flags: int = OPTIONAL_TRANSITIVE
    type_code = AttrType.LARGE_COMMUNITY

    def encode_value(self, ctx: SessionContext) -> bytes:
        """Twelve octets per community."""
        return b"".join(u(x, 4, "path attribute 32", "large community") for v in self.values for x in v)

    @classmethod
    def decode_value(
        cls, v: Reader, flags: int, ctx: SessionContext, strict: bool, start: int
    ) -> LargeCommunities:
        """Read the value."""
        n = multiple_of(v, "LARGE_COMMUNITY", start, 12)
        return cls(
            tuple(
                (v.u32("global admin"), v.u32("local data 1"), v.u32("local data 2"))
                for _ in range(n)
            ),
            flags,
        )


for _cls in (Communities, ExtendedCommunities, LargeCommunities):
    register(int(_cls.type_code), _cls.decode_value)
