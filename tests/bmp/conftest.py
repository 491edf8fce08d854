"""Shared fixtures for the BMP codec tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import faultbook.bmpkit.profiles  # noqa: F401  (registers the ci/dev/nightly profiles)
from faultbook.bmp.pcap import streams_to_port

#: the real FRR/GoBGP capture: the shared folder beside the repository, or FAULTBOOK_BMP_CORPUS
CORPUS = Path(os.environ.get(
    "FAULTBOOK_BMP_CORPUS",
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "bmp" / "frr_gobgp_real.pcapng"))
COLLECTOR_PORT = 11019


def pytest_configure(config: pytest.Config) -> None:
    """Importing the profiles loads ci or dev: an explicit ``--hypothesis-profile`` wins again."""
    chosen = config.getoption("hypothesis_profile", None)
    if chosen:
        settings.load_profile(chosen)


@pytest.fixture(scope="session")
def corpus_streams() -> dict[str, bytes]:
    """The reassembled router-to-collector streams of the real capture, keyed by source port."""
    if not CORPUS.exists():
        pytest.fail(f"BMP corpus {CORPUS} not found: put the shared folder beside the repository "
                    "or set FAULTBOOK_BMP_CORPUS", pytrace=False)
    return {f"{f.src}:{f.sport}": d for f, d in streams_to_port(CORPUS, COLLECTOR_PORT).items()}
