"""The BMP common header and the base of every message family (RFC 7854 4.1)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar, Self

from .._reader import Reader
from ..bgp import SessionContext

if TYPE_CHECKING:
    from .peer import PeerHeader

BMP_VERSION = 3
COMMON_HEADER_LENGTH = 6
PER_PEER_HEADER_LENGTH = 42


class MsgType(IntEnum):
    """BMP message types."""

    ROUTE_MONITORING = 0
    STATISTICS_REPORT = 1
    PEER_DOWN = 2
    PEER_UP = 3
    INITIATION = 4
    TERMINATION = 5
    ROUTE_MIRRORING = 6


ContextSource = Callable[["PeerHeader"], SessionContext]


@dataclass(frozen=True)
class BodyOptions:
    """How a body is decoded: host-bit strictness and the session context of each peer."""

    strict_host_bits: bool
    contexts: ContextSource


class Body(ABC):
    """A BMP message family: its type code, its error context, and its body codec."""

    TYPE: ClassVar[MsgType]
    CONTEXT: ClassVar[str]

    @abstractmethod
    def encode_body(self) -> bytes:
        """The octets after the common header."""

    @classmethod
    @abstractmethod
    def decode_body(cls, r: Reader, options: BodyOptions) -> Self:
        """Decode a body filling all of ``r`` (``r.context`` is already ``CONTEXT``)."""
