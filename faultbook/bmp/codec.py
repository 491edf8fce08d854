"""Top-level BMP codec: whole-buffer decode, stream iteration and incremental TCP framing."""

from __future__ import annotations

from collections.abc import Iterator

from ._reader import Reader
from .bgp import SessionContext
from .bmp import (
    BMP_VERSION,
    COMMON_HEADER_LENGTH,
    ContextSource,
    Message,
    PeerHeader,
    decode_body,
    encode_message,
)
from .errors import DecodeError, LengthError, TruncatedError, ValueOutOfRangeError
from .negotiation import PeerSessions

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "StreamDecoder",
    "decode",
    "decode_at",
    "encode",
    "iter_messages",
    "message_length",
]

DEFAULT_MAX_LENGTH = 1 << 20
_CTX = "BMP common header"


def encode(msg: Message) -> bytes:
    """Encode one BMP message."""
    return encode_message(msg)


def message_length(data: bytes, pos: int = 0, max_length: int = DEFAULT_MAX_LENGTH) -> int | None:
    """Validate the common header at ``pos`` and return the message length, or None if under 6 octets."""
    if len(data) - pos < COMMON_HEADER_LENGTH:
        return None
    version = data[pos]
    if version != BMP_VERSION:
        raise ValueOutOfRangeError(_CTX, "version", pos, version, str(BMP_VERSION))
    length = int.from_bytes(data[pos + 1 : pos + 5], "big")
    if length < COMMON_HEADER_LENGTH:
        raise LengthError(_CTX, "length", pos + 1, length, f"at least {COMMON_HEADER_LENGTH}")
    if length > max_length:
        raise LengthError(_CTX, "length", pos + 1, length, f"at most {max_length}")
    return length


def _fixed(context: SessionContext) -> ContextSource:
    def source(peer: PeerHeader) -> SessionContext:
        return context

    return source


def decode_at(
    data: bytes,
    pos: int,
    length: int,
    strict_host_bits: bool = False,
    context: SessionContext | ContextSource | None = None,
) -> Message:
    """Decode the message of ``length`` octets at ``pos``; error offsets are relative to ``data``.

    ``context``: the session context of a Route Monitoring (a fixed one, or a function of the
    per-peer header such as a ``PeerSessions``); None derives it from the A flag alone.
    """
    r = Reader(data, _CTX, pos + COMMON_HEADER_LENGTH, pos + length)
    source = _fixed(context) if isinstance(context, SessionContext) else context
    return decode_body(r, data[pos + 5], strict_host_bits, source)


def decode(
    data: bytes,
    strict_host_bits: bool = False,
    context: SessionContext | ContextSource | None = None,
) -> Message:
    """Decode exactly one BMP message that fills all of ``data`` (``context`` as in decode_at)."""
    data = bytes(data)
    length = message_length(data, 0, max(len(data), COMMON_HEADER_LENGTH))
    if length is None:
        raise TruncatedError(_CTX, "header", 0, f"{len(data)} octets", f"{COMMON_HEADER_LENGTH}")
    if length != len(data):
        raise LengthError(_CTX, "length", 1, length, f"{len(data)} (the buffer size)")
    return decode_at(data, 0, length, strict_host_bits, context)


def iter_messages(
    stream: bytes, strict_host_bits: bool = False, sessions: PeerSessions | None = None
) -> Iterator[Message]:
    """Yield every message of a complete stream; a partial trailing message raises TruncatedError.

    Each Route Monitoring is decoded with the context its peer's Peer Up negotiated
    (``sessions``: a fresh ``PeerSessions`` by default, e.g. a ``DialectSessions`` instead).
    """
    data = bytes(stream)
    sessions = sessions if sessions is not None else PeerSessions()
    pos = 0
    while pos < len(data):
        length = message_length(data, pos, len(data) - pos + COMMON_HEADER_LENGTH)
        if length is None or pos + length > len(data):
            raise TruncatedError(
                _CTX,
                "message",
                pos,
                f"of {length if length is not None else 'unknown'} octets",
                f"at most {len(data) - pos} remaining",
            )
        msg = decode_at(data, pos, length, strict_host_bits, sessions)
        sessions.observe(msg)
        yield msg
        pos += length


class StreamDecoder:
    """Incremental decoder for a BMP TCP stream.

    ``feed`` returns the messages completed by a chunk. If a message body is malformed its octets
    are consumed and the error is raised (framing survives); after a bad common header the stream
    cannot be resynchronised and every later ``feed`` raises the same error. Route Monitoring is
    decoded with the context of its peer's Peer Up on this connection (``sessions``).
    """

    def __init__(
        self,
        max_length: int = DEFAULT_MAX_LENGTH,
        strict_host_bits: bool = False,
        sessions: PeerSessions | None = None,
    ) -> None:
        self.max_length = max_length
        self.strict_host_bits = strict_host_bits
        self._buf = bytearray()
        self._consumed = 0
        self._fatal: DecodeError | None = None
        self.sessions = sessions if sessions is not None else PeerSessions()

    @property
    def buffered(self) -> int:
        """Octets received but not yet part of a complete message."""
        return len(self._buf)

    @property
    def offset(self) -> int:
        """Stream offset of the next message."""
        return self._consumed

    def feed(self, chunk: bytes) -> list[Message]:
        """Append ``chunk`` and return the messages it completes."""
        if self._fatal is not None:
            raise self._fatal
        self._buf += chunk
        out: list[Message] = []
        while True:
            data = bytes(self._buf)
            try:
                length = message_length(data, 0, self.max_length)
            except DecodeError as e:
                self._fatal = type(e)(
                    e.context, e.field, e.offset + self._consumed, e.value, e.expected
                )
                raise self._fatal from e
            if length is None or length > len(data):
                return out
            del self._buf[:length]
            self._consumed += length
            msg = decode_at(data, 0, length, self.strict_host_bits, self.sessions)
            self.sessions.observe(msg)
            out.append(msg)
