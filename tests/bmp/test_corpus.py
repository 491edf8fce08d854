"""The real FRR/GoBGP capture decodes completely and re-encodes byte for byte."""

from __future__ import annotations

from collections import Counter

from faultbook.bmp.bmp import StatisticsReport, UnknownStat
from faultbook.bmp.codec import StreamDecoder, decode, encode, iter_messages, message_length

EXPECTED_TOTAL = 14
EXPECTED_TYPES = {
    "Initiation": 2,
    "PeerUp": 2,
    "PeerDown": 1,
    "RouteMonitoring": 7,
    "StatisticsReport": 2,
}


def test_corpus_streams(corpus_streams: dict[str, bytes]) -> None:
    assert len(corpus_streams) == 2
    assert sorted(len(d) for d in corpus_streams.values()) == [357, 1078]


def test_every_message_decodes_and_reencodes(corpus_streams: dict[str, bytes]) -> None:
    counts: Counter[str] = Counter()
    for stream in corpus_streams.values():
        pos = 0
        for msg in iter_messages(stream):
            length = message_length(stream, pos)
            assert length is not None
            raw = stream[pos : pos + length]
            assert encode(msg) == raw
            assert decode(raw) == msg
            counts[type(msg).__name__] += 1
            pos += length
        assert pos == len(stream)
    assert sum(counts.values()) == EXPECTED_TOTAL
    assert dict(counts) == EXPECTED_TYPES


def test_stream_decoder_byte_by_byte(corpus_streams: dict[str, bytes]) -> None:
    for stream in corpus_streams.values():
        dec = StreamDecoder()
        got = [m for i in range(len(stream)) for m in dec.feed(stream[i : i + 1])]
        assert got == list(iter_messages(stream))
        assert dec.buffered == 0


def test_frr_experimental_stat_kept_raw(corpus_streams: dict[str, bytes]) -> None:
    unknown = [
        s
        for d in corpus_streams.values()
        for m in iter_messages(d)
        if isinstance(m, StatisticsReport)
        for s in m.stats
        if isinstance(s, UnknownStat)
    ]
    assert [s.type for s in unknown] == [65531, 65531]
