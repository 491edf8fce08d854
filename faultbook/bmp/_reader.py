"""Bounds-checked big-endian reader used by the decoders (private)."""

from __future__ import annotations

from .errors import LengthError, TruncatedError


class Reader:
    """Reads fields from ``data[pos:end]``; offsets in errors are absolute in ``data``."""

    __slots__ = ("context", "data", "end", "pos")

    def __init__(self, data: bytes, context: str, pos: int = 0, end: int | None = None) -> None:
        self.data = data
        self.context = context
        self.pos = pos
        self.end = len(data) if end is None else end

    @property
    def remaining(self) -> int:
        """Number of unread octets before ``end``."""
        return self.end - self.pos

    def at_end(self) -> bool:
        """Whether every octet up to ``end`` has been read."""
        return self.pos >= self.end

    def need(self, field: str, n: int) -> None:
        """Raise TruncatedError unless ``n`` octets remain."""
        if n > self.end - self.pos:
            raise TruncatedError(
                self.context,
                field,
                self.pos,
                f"needs {n} octets",
                f"at most {self.end - self.pos} remaining",
            )

    def take(self, field: str, n: int) -> bytes:
        """Return the next ``n`` octets."""
        self.need(field, n)
        start = self.pos
        self.pos += n
        return bytes(self.data[start : self.pos])

    def u8(self, field: str) -> int:
        """Read an unsigned 8-bit integer."""
        self.need(field, 1)
        v = self.data[self.pos]
        self.pos += 1
        return v

    def uint(self, field: str, n: int) -> int:
        """Read an unsigned big-endian integer of ``n`` octets."""
        self.need(field, n)
        start = self.pos
        self.pos += n
        return int.from_bytes(self.data[start : self.pos], "big")

    def u16(self, field: str) -> int:
        """Read an unsigned 16-bit integer."""
        return self.uint(field, 2)

    def u32(self, field: str) -> int:
        """Read an unsigned 32-bit integer."""
        return self.uint(field, 4)

    def u64(self, field: str) -> int:
        """Read an unsigned 64-bit integer."""
        return self.uint(field, 8)

    def sub(self, field: str, n: int, context: str | None = None) -> Reader:
        """Return a reader over the next ``n`` octets (a declared length) and skip them."""
        if n > self.end - self.pos:
            raise LengthError(
                self.context,
                field,
                self.pos,
                f"declares {n} octets",
                f"at most {self.end - self.pos} remaining",
            )
        r = Reader(self.data, context or self.context, self.pos, self.pos + n)
        self.pos += n
        return r

    def rest(self, field: str) -> bytes:
        """Return every remaining octet."""
        return self.take(field, self.end - self.pos)
