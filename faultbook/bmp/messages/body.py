"""Every BMP message family by type code: whole-message encoding and body decoding."""

from __future__ import annotations

from .._reader import Reader
from ..errors import EncodeError, UnknownTypeError
from .header import BMP_VERSION, COMMON_HEADER_LENGTH, Body, BodyOptions, ContextSource, MsgType
from .information import Initiation, Termination
from .mirroring import RouteMirroring
from .monitoring import RouteMonitoring
from .peer import default_context
from .peer_down import PeerDown
from .peer_up import PeerUp
from .stats import StatisticsReport
from .wire import uint

Message = (
    RouteMonitoring
    | StatisticsReport
    | PeerDown
    | PeerUp
    | Initiation
    | Termination
    | RouteMirroring
)

FAMILIES: dict[int, type[Message]] = {
    cls.TYPE: cls
    for cls in (
        RouteMonitoring,
        StatisticsReport,
        PeerDown,
        PeerUp,
        Initiation,
        Termination,
        RouteMirroring,
    )
}


def encode_body(msg: Message) -> tuple[MsgType, bytes]:
    """Encode the part of a message after the common header; returns (type, body)."""
    if not isinstance(msg, Body):
        raise EncodeError("BMP message", "type", 0, type(msg).__name__, "a BMP message class")
    return msg.TYPE, msg.encode_body()


def encode_message(msg: Message) -> bytes:
    """Encode a whole BMP message including its 6-octet common header."""
    mtype, body = encode_body(msg)
    length = COMMON_HEADER_LENGTH + len(body)
    return (
        bytes([BMP_VERSION])
        + uint(length, 4, "BMP common header", "length")
        + bytes([mtype])
        + body
    )


def decode_body(
    r: Reader, mtype: int, strict_host_bits: bool = False, contexts: ContextSource | None = None
) -> Message:
    """Decode the body of a BMP message of type ``mtype`` filling all of ``r``.

    ``contexts`` gives the session context of a Route Monitoring's peer (default: ``default_context``).
    """
    family = FAMILIES.get(mtype)
    if family is None:
        raise UnknownTypeError("BMP common header", "type", r.pos - 1, mtype, "0..6")
    r.context = family.CONTEXT
    return family.decode_body(r, BodyOptions(strict_host_bits, contexts or default_context))
