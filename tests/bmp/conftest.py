"""Shared fixtures for the BMP codec tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultbook.bmp.pcap import streams_to_port

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "bmp" / "frr_gobgp_real.pcapng"
COLLECTOR_PORT = 11019


@pytest.fixture(scope="session")
def corpus_streams() -> dict[str, bytes]:
    """The reassembled router-to-collector streams of the real capture, keyed by source port."""
    if not CORPUS.exists():
        pytest.skip(f"corpus {CORPUS} not present")
    return {f"{f.src}:{f.sport}": d for f, d in streams_to_port(CORPUS, COLLECTOR_PORT).items()}
