"""tshark agrees with the codec, value by value, on the recorded FRR/GoBGP sessions.

Each recorded connection is written again one BMP message per TCP segment (the routers'
bytes unchanged, only the framing), so each tshark row is one message. tshark 4.0 guesses
ADD-PATH and the AS size per conversation; on these recordings its guesses hold everywhere.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from faultbook.bmp.bmp import Message, RouteMonitoring
from faultbook.bmp.codec import encode, message_length
from faultbook.bmp.messages.peer import default_context
from faultbook.bmp.pcap import write_pcap_streams

from .recorded import RECORDINGS, Recording, decoded
from .tshark_fields import (
    PEER_FIELDS,
    UPDATE_FIELDS,
    Fields,
    peer_fields,
    tshark_rows,
    update_fields,
)

TSHARK = shutil.which("tshark")
pytestmark = pytest.mark.skipif(TSHARK is None, reason="tshark is not installed")
FIELDS = ("bmp.type", *PEER_FIELDS, *UPDATE_FIELDS)


def _reframed(rec: Recording, out: Path) -> list[Message]:
    """Write ``rec``'s connections one message per segment to ``out``; the messages in order."""
    msgs: list[Message] = []
    streams: list[list[bytes]] = []
    for _, data in sorted(rec.streams().items()):
        pos, raws = 0, []
        for m in decoded(data)[1]:
            n = message_length(data, pos)
            assert n is not None
            raws.append(data[pos : pos + n])
            msgs.append(m)
            pos += n
        streams.append(raws)
    write_pcap_streams(out, streams, mss=60000)
    return msgs


def _expected(m: Message) -> Fields:
    out: Fields = {"bmp.type": [str(encode(m)[5])], **peer_fields(m)}
    if isinstance(m, RouteMonitoring):
        out |= update_fields(m.update, (m.context or default_context(m.peer)).four_octet_as)
    return out


@pytest.mark.parametrize("rec", RECORDINGS, ids=lambda r: r.file)
def test_tshark_reads_the_recorded_values(rec: Recording, tmp_path: Path) -> None:
    assert TSHARK is not None
    msgs = _reframed(rec, tmp_path / "reframed.pcap")
    rows = tshark_rows(TSHARK, tmp_path / "reframed.pcap", 11019, FIELDS)
    assert len(rows) == len(msgs)
    compared: Counter[str] = Counter()
    mismatches = []
    for i, (m, row) in enumerate(zip(msgs, rows, strict=True)):
        for f, want in _expected(m).items():
            if want is None:
                continue
            compared[f] += len(want)
            if row[f] != want:
                mismatches.append(f"message {i} {type(m).__name__} {f}: ours {want}, tshark {row[f]}")
    assert not mismatches, "\n".join(mismatches[:20])
    assert compared["bgp.update.path_attribute.mp_reach_nlri.afi"] > 0
    assert compared["bgp.label_stack"] > 0
