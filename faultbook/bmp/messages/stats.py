"""Statistics Report and its typed statistics (RFC 7854 4.8; RFC 8671, RFC 9069 gauges)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._reader import Reader
from ..errors import EncodeError, LengthError
from .header import Body, BodyOptions, MsgType
from .peer import PeerHeader
from .wire import uint

_CTX = "BMP statistics report"


@dataclass(frozen=True)
class Counter:
    """A 32-bit counter statistic (types 0-6, 11-13)."""

    type: int
    value: int


@dataclass(frozen=True)
class Gauge:
    """A 64-bit gauge statistic (types 7, 8)."""

    type: int
    value: int


@dataclass(frozen=True)
class AfiSafiGauge:
    """A per-AFI/SAFI 64-bit gauge statistic (types 9, 10)."""

    type: int
    afi: int
    safi: int
    value: int


@dataclass(frozen=True)
class UnknownStat:
    """A statistic of another type (e.g. vendor or experimental), kept raw."""

    type: int
    value: bytes


Stat = Counter | Gauge | AfiSafiGauge | UnknownStat

COUNTER_TYPES = frozenset({0, 1, 2, 3, 4, 5, 6, 11, 12, 13})
# 14/15 Adj-RIB-Out (RFC 8671), 18 Loc-RIB (RFC 9069); 16/17/19 their per-AFI/SAFI forms
GAUGE_TYPES = frozenset({7, 8, 14, 15, 18})
AFI_SAFI_GAUGE_TYPES = frozenset({9, 10, 16, 17, 19})


def encode_stat(s: Stat) -> bytes:
    """One statistics TLV."""
    match s:
        case Counter():
            if s.type not in COUNTER_TYPES:
                raise EncodeError(_CTX, "stat type", 0, s.type, "a counter type")
            value = uint(s.value, 4, _CTX, "counter")
        case Gauge():
            if s.type not in GAUGE_TYPES:
                raise EncodeError(_CTX, "stat type", 0, s.type, "a gauge type")
            value = uint(s.value, 8, _CTX, "gauge")
        case AfiSafiGauge():
            if s.type not in AFI_SAFI_GAUGE_TYPES:
                raise EncodeError(_CTX, "stat type", 0, s.type, "a per-AFI/SAFI gauge type")
            value = (
                uint(s.afi, 2, _CTX, "AFI")
                + uint(s.safi, 1, _CTX, "SAFI")
                + uint(s.value, 8, _CTX, "gauge")
            )
        case UnknownStat():
            if s.type in COUNTER_TYPES | GAUGE_TYPES | AFI_SAFI_GAUGE_TYPES:
                raise EncodeError(_CTX, "stat type", 0, s.type, "a type without a typed class")
            value = s.value
    return uint(s.type, 2, _CTX, "stat type") + uint(len(value), 2, _CTX, "stat length") + value


def decode_stat(r: Reader) -> Stat:
    """One statistics TLV; a known type must have its RFC length."""
    start = r.pos
    t = r.u16("stat type")
    n = r.u16("stat length")
    v = r.sub("stat length", n)
    want = (
        4
        if t in COUNTER_TYPES
        else 8
        if t in GAUGE_TYPES
        else 11
        if t in AFI_SAFI_GAUGE_TYPES
        else None
    )
    if want is None:
        return UnknownStat(t, v.rest("stat value"))
    if n != want:
        raise LengthError(r.context, "stat length", start + 2, n, f"{want} for stat type {t}")
    if t in COUNTER_TYPES:
        return Counter(t, v.u32("counter"))
    if t in GAUGE_TYPES:
        return Gauge(t, v.u64("gauge"))
    afi = v.u16("AFI")
    safi = v.u8("SAFI")
    return AfiSafiGauge(t, afi, safi, v.u64("gauge"))


@dataclass(frozen=True)
class StatisticsReport(Body):
    """Statistics Report: a list of statistics TLVs."""

    TYPE: ClassVar[MsgType] = MsgType.STATISTICS_REPORT
    CONTEXT: ClassVar[str] = _CTX

    peer: PeerHeader
    stats: tuple[Stat, ...]

    def encode_body(self) -> bytes:
        return (
            self.peer.encode()
            + uint(len(self.stats), 4, _CTX, "stats count")
            + b"".join(encode_stat(s) for s in self.stats)
        )

    @classmethod
    def decode_body(cls, r: Reader, options: BodyOptions) -> StatisticsReport:
        peer = PeerHeader.decode(r)
        cpos = r.pos
        count = r.u32("stats count")
        stats: list[Stat] = []
        while not r.at_end():
            stats.append(decode_stat(r))
        if len(stats) != count:
            raise LengthError(r.context, "stats count", cpos, count, f"{len(stats)} (TLVs present)")
        return cls(peer, tuple(stats))
