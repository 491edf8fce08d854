"""tshark as an independent decoder: our valid output is clean, our malformations are flagged."""

from __future__ import annotations

import shutil
import subprocess
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faultbook.bmp.bgp import Origin, Prefix, Update
from faultbook.bmp.bmp import PeerHeader, RouteMonitoring
from faultbook.bmp.codec import encode
from faultbook.bmp.pcap import write_pcap_streams
from faultbook.bmp.strategies import (
    Malformation,
    attribute_length,
    bgp_length_mismatch,
    bmp_length,
    nlri_length,
    prefix_too_long,
    tshark_safe_messages,
)

from .budget import budget

TSHARK = shutil.which("tshark")
pytestmark = pytest.mark.skipif(
    TSHARK is None, reason="tshark is not installed (apt-get install -y tshark)"
)
WARN = 0x00600000  # expert severity "warning"; errors are 0x00800000


#: a detection share is measured over one sample of distinct cases, the same size under every
#: profile (a derandomized sample of 30 could repeat one missed case many times)
SHARE_SAMPLE = settings(max_examples=120, deadline=None, derandomize=True, database=None)


def _collect(strategy: st.SearchStrategy[object], examples: settings) -> list[object]:
    """The examples ``strategy`` yields under ``examples``."""
    out: list[object] = []

    @examples
    @given(strategy)
    def run(x: object) -> None:
        out.append(x)

    run()
    return out


def _flagged(path: Path, streams: list[list[bytes]]) -> dict[int, list[str]]:
    """Write one TCP stream per entry; return expert messages of warning+ severity per stream."""
    write_pcap_streams(path, streams, mss=60000)
    assert TSHARK is not None
    proc = subprocess.run(
        [
            TSHARK,
            "-r",
            str(path),
            "-d",
            "tcp.port==11019,bmp",
            "-T",
            "fields",
            "-e",
            "tcp.stream",
            "-e",
            "_ws.expert.message",
            "-e",
            "_ws.expert.severity",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    out: dict[int, list[str]] = {}
    for line in proc.stdout.splitlines():
        stream, messages, severities = line.split("\t")
        if not severities:
            continue
        for msg, sev in zip(messages.split(","), severities.split(","), strict=False):
            if int(sev) >= WARN:
                out.setdefault(int(stream), []).append(msg)
    return out


def test_valid_messages_have_no_expert_warnings(tmp_path: Path) -> None:
    drawn = _collect(tshark_safe_messages(), budget(6, derandomize=True))
    msgs = [m for m in drawn if not isinstance(m, Malformation)]
    # One TCP stream per message: tshark keeps per-conversation guesses (AS size, Add-Path).
    flagged = _flagged(tmp_path / "valid.pcap", [[encode(m)] for m in msgs])  # type: ignore[arg-type]
    assert not flagged, "\n".join(f"{msgs[i]!r}: {w[0]}" for i, w in flagged.items())
    assert len({type(m).__name__ for m in msgs}) == 6


# (strategy, minimum share tshark must flag). tshark misses some forms: a BGP length longer than
# the data (it waits to desegment), a few prefix lengths > 32 its Add-Path heuristic swallows, and
# a short BMP length whose cut falls where the rest still parses.
DETECTED: dict[str, tuple[st.SearchStrategy[Malformation], float]] = {
    "attribute_length": (attribute_length(), 1.0),
    "nlri_length": (nlri_length(), 1.0),
    "prefix_too_long": (prefix_too_long(), 0.8),
    "bgp_length_mismatch": (bgp_length_mismatch(), 0.8),
    "bmp_length_short": (bmp_length(("short",)), 0.8),
}


@pytest.mark.parametrize("name", sorted(DETECTED))
def test_tshark_flags_malformation(name: str, tmp_path: Path) -> None:
    strategy, share = DETECTED[name]
    distinct = {m.data: m for m in _collect(strategy, SHARE_SAMPLE) if isinstance(m, Malformation)}
    cases = list(distinct.values())
    assert len(cases) >= 20, f"only {len(cases)} distinct cases drawn"
    flagged = _flagged(tmp_path / f"{name}.pcap", [[m.data] for m in cases])
    missed = [m.label for i, m in enumerate(cases) if i not in flagged]
    assert len(cases) - len(missed) >= share * len(cases), missed


def test_bgp_length_shorter_than_data_always_flagged(tmp_path: Path) -> None:
    peer = PeerHeader(0, 0, 0, IPv4Address("192.0.2.1"), 65001, IPv4Address("192.0.2.1"))
    update = Update((), (Origin(0),), (Prefix(IPv4Address("10.0.0.0"), 8),))
    data = bytearray(encode(RouteMonitoring(peer, update)))
    data[48 + 16 : 48 + 18] = (19).to_bytes(2, "big")
    assert _flagged(tmp_path / "short.pcap", [[bytes(data)]])
