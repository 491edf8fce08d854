"""Path attribute base class, the decoder registry and the raw fallback (RFC 4271 4.3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from .._reader import Reader
from ..errors import EncodeError
from .common import AttrFlag, check_uint
from .context import DEFAULT_CONTEXT, SessionContext

__all__ = [
    "Attribute",
    "UnknownAttribute",
    "decode_attribute",
    "encode_attribute",
    "encode_attribute_value",
    "register",
]


class Attribute:
    """A path attribute: ``flags``, ``type_code`` and a value each subclass encodes.

    Subclasses are frozen dataclasses; ``decode_value`` reads the value filling its reader.
    """

    __slots__ = ()
    if TYPE_CHECKING:
        flags: int
        type_code: int
        __dataclass_fields__: ClassVar[dict[str, Any]]

    def encode_value(self, ctx: SessionContext) -> bytes:
        """The value octets (without flags, type and length)."""
        raise NotImplementedError


Decoder = Callable[[Reader, int, SessionContext, bool, int], Attribute]
_DECODERS: dict[int, Decoder] = {}


def register(type_code: int, decoder: Decoder) -> None:
    """Make ``decoder(value reader, flags, context, strict host bits, offset)`` read ``type_code``."""
    _DECODERS[type_code] = decoder


@dataclass(frozen=True)
class UnknownAttribute(Attribute):
    """Any other attribute (or an unsupported MP family), kept as flags, type and raw value."""

    flags: int
    type_code: int
    value: bytes

    def encode_value(self, ctx: SessionContext) -> bytes:
        """The raw value."""
        return self.value


def encode_attribute_value(
    attr: Attribute, four_byte_as: bool = True, context: SessionContext | None = None
) -> bytes:
    """Encode the value part of a path attribute (without flags, type and length)."""
    return attr.encode_value(context or SessionContext.legacy(four_byte_as))


def encode_attribute(
    attr: Attribute, four_byte_as: bool = True, context: SessionContext | None = None
) -> bytes:
    """Encode flags, type, length and value; sets the extended-length flag if the value needs it."""
    ctx = f"path attribute {int(attr.type_code)}"
    value = encode_attribute_value(attr, four_byte_as, context)
    flags = check_uint(attr.flags, 1, ctx, "flags")
    if len(value) > 255:
        flags |= AttrFlag.EXTENDED_LENGTH
    if len(value) > 0xFFFF:
        raise EncodeError(ctx, "length", 0, len(value), "at most 65535")
    head = bytes([flags, check_uint(int(attr.type_code), 1, ctx, "type")])
    if flags & AttrFlag.EXTENDED_LENGTH:
        return head + len(value).to_bytes(2, "big") + value
    return head + bytes([len(value)]) + value


def decode_attribute(
    r: Reader, ctx: SessionContext = DEFAULT_CONTEXT, strict_host_bits: bool = False
) -> Attribute:
    """Read one path attribute (flags, type, length, value) at ``r.pos``."""
    start = r.pos
    flags = r.u8("attribute flags")
    type_code = r.u8("attribute type")
    extended = bool(flags & AttrFlag.EXTENDED_LENGTH)
    length = r.u16("attribute length") if extended else r.u8("attribute length")
    v = r.sub("attribute length", length, f"BGP UPDATE path attribute {type_code}")
    decoder = _DECODERS.get(type_code)
    if decoder is None:
        return UnknownAttribute(flags, type_code, v.rest("attribute value"))
    return decoder(v, flags, ctx, strict_host_bits, start + 2)
