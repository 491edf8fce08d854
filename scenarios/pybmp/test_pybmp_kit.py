"""PyBMP judged by the BMP kit (the shape of scenarios/pmbmpd/test_pmbmpd_kit.py): stratified fuzz
batches over concurrent connections, every checker on, every table PyBMP writes read back; the
registered defects' inputs as strict xfails; graceful stop. Skipped without a checkout
(``--pybmp PATH`` / FAULTBOOK_PYBMP)."""

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
from fixtures.bmp import pybmp_path
from scenarios.bmp.catalog import ATTR_OVERRUN
from scenarios.pybmp import defects
from scenarios.pybmp.collector import start

pytestmark = pytest.mark.runtime("process")


@pytest.fixture(scope="module")
def pybmp(request: pytest.FixtureRequest) -> Iterator[Collector]:
    path = pybmp_path(request.config)
    if not path:
        pytest.skip("PyBMP not configured: pass --pybmp PATH (or set FAULTBOOK_PYBMP)")
    with Stack(Settings.from_env(), "process", Path(tempfile.mkdtemp()) / "logs") as stack:
        yield start(stack, path)


def test_fuzz(pybmp: Collector) -> None:
    """Seeds of every kind with their segmentation twins; only registered defects allowed."""
    unexpected = repro.fuzz(pybmp, defects.ALL)
    assert not unexpected, repro.summary(unexpected)


PINNED = [
    ("next-hop-overrun", ATTR_OVERRUN,
     (defects.NEXT_HOP_OVERRUN_STORED, defects.ATTRIBUTES_DROPPED)),
]


@pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)
@pytest.mark.parametrize(("name", "payload", "known"), PINNED, ids=[p[0] for p in PINNED])
def test_pinned(pybmp: Collector, name: str, payload: str,
                known: tuple[KnownDefect, ...]) -> None:
    case = Case(name, "pinned", bytes.fromhex(payload), end="close", marker=True)
    conclude(Runner(pybmp).run([case]).verdicts, known)


def test_graceful_stop(pybmp: Collector) -> None:
    """SIGTERM, as PyBMP's documentation stops it: the session's routes stored, exit 0."""
    conclude(GRACEFUL_STOP.judge_stops([stop_with(pybmp, signal.SIGTERM)]), ())
