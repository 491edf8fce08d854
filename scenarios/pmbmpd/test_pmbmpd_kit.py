"""pmbmpd judged by the BMP kit: stratified fuzz batches (every malformation family, whole sessions,
single messages of every type, every segmentation) over concurrent connections, every checker on,
a failing batch bisected to its input and saved for replay; the registered defects' inputs as
strict xfails; graceful stops. Profiles: faultbook.bmpkit.profiles (``--hypothesis-profile``)."""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import faultbook.bmpkit.profiles  # noqa: F401  (registers the profiles)
from faultbook.bmpkit import repro
from faultbook.bmpkit.batch import Runner, stop_with
from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.checkers import GRACEFUL_STOP
from faultbook.bmpkit.collector import Collector
from faultbook.checks.verdict import KnownDefect, KnownDefectReproduced, conclude
from faultbook.config import Settings
from faultbook.stack import Stack
from scenarios.bmp.catalog import AS4_WITHOUT_AS_PATH, BGP_LEN_19, LONG_THEN_EOF
from scenarios.pmbmpd import defects
from scenarios.pmbmpd.collector import start

pytestmark = pytest.mark.runtime("process")


@pytest.fixture(scope="module")
def pmbmpd() -> Iterator[Collector]:
    with Stack(Settings.from_env(), "process", Path(tempfile.mkdtemp()) / "logs") as stack:
        yield start(stack)


def test_fuzz(pmbmpd: Collector) -> None:
    """Seeds of every kind (stratified), each with its segmentation twins, gathered into batches
    of concurrent connections; every failing batch bisected; only registered defects allowed."""
    unexpected = repro.fuzz(pmbmpd, defects.ALL)
    assert not unexpected, repro.summary(unexpected)


PINNED = [
    ("bgp-length-short", BGP_LEN_19, "close", (defects.PHANTOMS,)),
    ("as4path-without-as-path", AS4_WITHOUT_AS_PATH, "close",
     (defects.SEGV, defects.SEGV_LOSS)),
    ("long-message-then-eof", LONG_THEN_EOF, "close",
     (defects.FLOOD_LOG, defects.FLOOD_REPEAT, defects.SLOT_LEAK, defects.FLOOD_CPU)),
]


@pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)
@pytest.mark.parametrize(("name", "payload", "end", "known"), PINNED, ids=[p[0] for p in PINNED])
def test_pinned(pmbmpd: Collector, name: str, payload: str, end: str,
                known: tuple[KnownDefect, ...]) -> None:
    case = Case(name, "pinned", bytes.fromhex(payload), end=end,
                marker=name != "long-message-then-eof")
    conclude(Runner(pmbmpd).run([case]).verdicts, known)


STOPS = [pytest.param(signal.SIGTERM, (defects.SIGTERM_IGNORED,), id="SIGTERM",
                      marks=pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)),
         pytest.param(signal.SIGINT, (), id="SIGINT")]


@pytest.mark.parametrize(("sig", "known"), STOPS)
def test_graceful_stop(pmbmpd: Collector, sig: int, known: tuple[KnownDefect, ...]) -> None:
    conclude(GRACEFUL_STOP.judge_stops([stop_with(pmbmpd, sig)]), known)
