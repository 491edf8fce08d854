"""Typed exceptions raised by the BMP/BGP codec and the capture readers."""

from __future__ import annotations

__all__ = [
    "CaptureError",
    "DecodeError",
    "EncodeError",
    "LengthError",
    "MarkerError",
    "TruncatedError",
    "UnknownTypeError",
    "ValueOutOfRangeError",
]


class DecodeError(Exception):
    """Base class of every codec error; names the structure, field and byte offset.

    The message reads like ``BMP common header: version 4 at offset 0, expected 3``.
    """

    context: str
    field: str
    offset: int

    def __init__(
        self,
        context: str,
        field: str,
        offset: int,
        value: object = None,
        expected: str | None = None,
    ) -> None:
        self.context = context
        self.field = field
        self.offset = offset
        self.value = value
        self.expected = expected
        text = f"{context}: {field}"
        if value is not None:
            text += f" {value}"
        text += f" at offset {offset}"
        if expected is not None:
            text += f", expected {expected}"
        super().__init__(text)

    def __reduce__(
        self,
    ) -> tuple[type[DecodeError], tuple[str, str, int, object, str | None]]:
        return (type(self), (self.context, self.field, self.offset, self.value, self.expected))


class TruncatedError(DecodeError):
    """The input ended before a field or a declared length was complete."""


class LengthError(DecodeError):
    """A length field is inconsistent with the data or outside its allowed range."""


class ValueOutOfRangeError(DecodeError):
    """A field holds a value the protocol does not allow."""


class UnknownTypeError(ValueOutOfRangeError):
    """A message, parameter or TLV type code is not known to the codec."""


class MarkerError(DecodeError):
    """The BGP header marker is not sixteen 0xFF octets."""


class EncodeError(DecodeError):
    """A message object cannot be encoded (a field does not fit its wire format)."""


class CaptureError(DecodeError):
    """A pcap or pcapng file is malformed or uses an unsupported format."""
