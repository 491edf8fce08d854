"""tshark agrees with the codec, value by value, on the recorded FRR/GoBGP sessions.

Each recorded connection is written again one BMP message per TCP segment (the routers'
bytes unchanged, only the framing), so each tshark row is one message. tshark 4.0 guesses
ADD-PATH and the AS size per conversation; on these recordings its guesses hold everywhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from faultbook.bmp.bmp import Message
from faultbook.bmp.codec import message_length
from faultbook.bmp.pcap import write_pcap_streams

from .recorded import RECORDINGS, Recording, decoded
from .tshark_fields import MESSAGE_FIELDS, disagreements, tshark_rows

TSHARK = shutil.which("tshark")
pytestmark = pytest.mark.skipif(TSHARK is None, reason="tshark is not installed")


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


@pytest.mark.parametrize("rec", RECORDINGS, ids=lambda r: r.file)
def test_tshark_reads_the_recorded_values(rec: Recording, tmp_path: Path) -> None:
    assert TSHARK is not None
    msgs = _reframed(rec, tmp_path / "reframed.pcap")
    rows = tshark_rows(TSHARK, tmp_path / "reframed.pcap", 11019, MESSAGE_FIELDS)
    assert len(rows) == len(msgs)
    mismatches, compared = disagreements(msgs, rows)
    assert not mismatches, "\n".join(mismatches[:20])
    assert compared["bgp.update.path_attribute.mp_reach_nlri.afi"] > 0
    assert compared["bgp.label_stack"] > 0
