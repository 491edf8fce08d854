"""pmbmpd judged by the BMP kit: stratified fuzz batches (every malformation family, whole sessions,
every stratum of the codec, every segmentation) over concurrent connections, every checker on,
a failing batch bisected to its input and saved for replay; the catalog's pinned inputs with the
lines pmbmpd printed for them (registered defects as strict xfails); the proxy's reset; FRR and
GoBGP as real routers; graceful stops. Profiles: faultbook.bmpkit.profiles
(``--hypothesis-profile``)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

import faultbook.bmpkit.profiles  # noqa: F401  (registers the profiles)
from faultbook.bmpkit import drills, repro
from faultbook.bmpkit.batch import stop_with
from faultbook.bmpkit.catalog import NotApplicable, Pinned
from faultbook.bmpkit.checkers import GRACEFUL_STOP
from faultbook.bmpkit.checkers.senders import RealSenders
from faultbook.bmpkit.collector import Collector
from faultbook.checks.verdict import KnownDefect, KnownDefectReproduced
from faultbook.fixtures import node_stack
from faultbook.report.record import TestRecord
from faultbook.stack import Stack
from scenarios.pmbmpd import defects
from scenarios.pmbmpd.catalog import CATALOG, RESET_BY_PROXY
from scenarios.pmbmpd.collector import start

pytestmark = pytest.mark.runtime("process")
XFAIL = pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)


@pytest.fixture(scope="module")
def pmbmpd_stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    with node_stack(request) as stack:
        yield stack


@pytest.fixture(autouse=True)
def _recorded(record: TestRecord, pmbmpd_stack: Stack) -> None:
    """Each test's record holds the collector's lines, probes and resources of its time."""
    record.attach(pmbmpd_stack.timeline, pmbmpd_stack.probes, pmbmpd_stack.sampler)
    record.facts.setdefault("system_runtime", "pmbmpd: process")


@pytest.fixture(scope="module")
def pmbmpd(pmbmpd_stack: Stack) -> Collector:
    return start(pmbmpd_stack)


def test_fuzz(pmbmpd: Collector, record: TestRecord) -> None:
    """Seeds of every kind (stratified), each with its segmentation twins, gathered into batches
    of concurrent connections; every failing batch bisected; only registered defects allowed. The
    record counts each kind's cases by outcome (``fuzz.outcomes``)."""
    run = repro.fuzz(pmbmpd, defects.ALL)
    record.facts.update(run.facts("scenarios.pmbmpd.collector:start"))
    record.verdicts.extend(run.unexpected)
    assert not run.unexpected, repro.summary(run.unexpected)


def _param(entry: Pinned | NotApplicable) -> object:
    strict = isinstance(entry, Pinned) and entry.strict
    return pytest.param(entry, id=entry.name, marks=(XFAIL,) if strict else ())


@pytest.mark.parametrize("entry", [_param(e) for e in CATALOG])
def test_catalog(pmbmpd: Collector, record: TestRecord, entry: Pinned | NotApplicable) -> None:
    if isinstance(entry, NotApplicable):
        pytest.skip(f"not applicable: {entry.reason}")
    record.conclude(entry.run(pmbmpd), entry.known)


def test_proxy_reset(pmbmpd_stack: Stack, pmbmpd: Collector, record: TestRecord) -> None:
    """The suite's TCP proxy resets an established session: the route sent before is stored,
    pmbmpd logs the reset, and a session through the healed proxy is stored."""
    port = pmbmpd_stack.ctx.ports.allocate()
    try:
        record.conclude(drills.proxy_reset(pmbmpd, port, RESET_BY_PROXY), ())
    finally:
        pmbmpd_stack.ctx.ports.release(port)


def test_real_senders(request: pytest.FixtureRequest, record: TestRecord) -> None:
    """FRR bgpd and GoBGP peered, both exporting BMP to a pmbmpd of their own."""
    with node_stack(request) as stack:
        record.attach(stack.timeline, stack.probes, stack.sampler)
        collector = start(stack)
        record.conclude(RealSenders().judge(drills.real_senders(collector, stack)), ())


STOPS = [pytest.param(signal.SIGTERM, (defects.SIGTERM_IGNORED,), id="SIGTERM", marks=XFAIL),
         pytest.param(signal.SIGINT, (), id="SIGINT")]


@pytest.mark.parametrize(("sig", "known"), STOPS)
def test_graceful_stop(pmbmpd: Collector, record: TestRecord, sig: int,
                       known: tuple[KnownDefect, ...]) -> None:
    record.conclude(GRACEFUL_STOP.judge([stop_with(pmbmpd, sig)]), known)
