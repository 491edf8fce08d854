"""PyBMP judged by the BMP kit (the shape of scenarios/pmbmpd/test_pmbmpd.py): stratified fuzz
batches over concurrent connections, every checker on, every table PyBMP writes read back; the
catalog's pinned inputs (registered defects as strict xfails); the proxy's reset; the guide's
claims; graceful stop. Skipped without a checkout (``--pybmp=PATH`` / FAULTBOOK_PYBMP)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

import faultbook.bmpkit.profiles  # noqa: F401  (registers the profiles)
from faultbook.bmpkit import drills, repro
from faultbook.bmpkit.batch import Runner, stop_with
from faultbook.bmpkit.catalog import NotApplicable, Pinned
from faultbook.bmpkit.checkers import DEPENDENCY_OUTAGE, GRACEFUL_STOP, LIVENESS, SETUP_APPLIES
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.generate import ci_seed
from faultbook.checks.fault_effect import FaultTookEffect
from faultbook.checks.verdict import KnownDefect, KnownDefectReproduced
from faultbook.faults.stop import Stop
from faultbook.fixtures import node_stack
from faultbook.report.record import TestRecord
from faultbook.stack import Stack
from scenarios.pybmp import claims, defects
from scenarios.pybmp.catalog import CATALOG, OUTAGE_REACTED
from scenarios.pybmp.collector import start
from scenarios.pybmp.drive import record_claims

pytestmark = pytest.mark.runtime("process")
XFAIL = pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)


@pytest.fixture(scope="module")
def pybmp_stack(request: pytest.FixtureRequest, pybmp_checkout: str) -> Iterator[Stack]:
    with node_stack(request) as stack:
        yield stack


@pytest.fixture(scope="module")
def pybmp(pybmp_stack: Stack, pybmp_checkout: str) -> Collector:
    return start(pybmp_stack, pybmp_checkout)


@pytest.fixture(autouse=True)
def _recorded(record: TestRecord, pybmp_stack: Stack) -> None:
    """Each test's record holds the collector's lines, probes and resources of its time."""
    record.attach(pybmp_stack.timeline, pybmp_stack.probes, pybmp_stack.sampler)
    record.facts.setdefault("system_runtime", "pybmp: process")


def test_fuzz(pybmp: Collector, record: TestRecord) -> None:
    """Seeds of every kind (stratified: every malformation family and every stratum of the
    codec), each with its segmentation twins; only registered defects allowed."""
    run = repro.fuzz(pybmp, defects.ALL)
    record.facts.update(run.facts("scenarios.pybmp.collector:start"))
    record.verdicts.extend(run.unexpected)
    assert not run.unexpected, repro.summary(run.unexpected)


#: strata of the codec whose seed in the CI draw PyBMP mishandles, with what it does to each
STRATA = [
    ("Peer Down", (defects.PEER_DOWN_INVENTED,)),
    ("Route Monitoring AS_PATH", (defects.MP_MALFORMED_STORED, defects.ATTRIBUTES_DROPPED)),
    ("Route Monitoring MP_UNREACH 1/2", (defects.MP_WITHDRAW_LOST, defects.ATTRIBUTES_DROPPED)),
    ("Route Monitoring AS4_PATH", (defects.HOST_BITS_POISON, defects.HOST_BITS_LOSS)),
]


@XFAIL
@pytest.mark.parametrize(("stratum", "known"), STRATA, ids=[s[0] for s in STRATA])
def test_stratum_seed(pybmp: Collector, record: TestRecord, stratum: str,
                      known: tuple[KnownDefect, ...]) -> None:
    record.conclude(Runner(pybmp).run([ci_seed(stratum)]).verdicts, known)


def _param(entry: Pinned | NotApplicable) -> object:
    strict = isinstance(entry, Pinned) and entry.strict
    return pytest.param(entry, id=entry.name, marks=(XFAIL,) if strict else ())


@pytest.mark.parametrize("entry", [_param(e) for e in CATALOG])
def test_catalog(pybmp: Collector, record: TestRecord, entry: Pinned | NotApplicable) -> None:
    if isinstance(entry, NotApplicable):
        pytest.skip(f"not applicable: {entry.reason}")
    record.conclude(entry.run(pybmp), entry.known)


@XFAIL
def test_proxy_reset(pybmp_stack: Stack, pybmp: Collector, record: TestRecord) -> None:
    """The suite's TCP proxy resets an established session: the route sent before is stored,
    and a session through the healed proxy is stored."""
    port = pybmp_stack.ctx.ports.allocate()
    try:
        record.conclude(drills.proxy_reset(pybmp, port), (defects.ATTRIBUTES_DROPPED,))
    finally:
        pybmp_stack.ctx.ports.release(port)


@XFAIL
def test_guide_claims(pybmp: Collector, record: TestRecord) -> None:
    """The guide's log format, log lines and metric names, judged on what PyBMP printed."""
    record.conclude(claims.judge(record_claims(pybmp)), claims.DEFECTS)


def test_graceful_stop(pybmp: Collector, record: TestRecord) -> None:
    """SIGTERM, as PyBMP's documentation stops it: the session's routes stored, exit 0."""
    record.conclude(GRACEFUL_STOP.judge([stop_with(pybmp, signal.SIGTERM)]), ())


@pytest.fixture
def own_pybmp(request: pytest.FixtureRequest, record: TestRecord,
              pybmp_checkout: str) -> Iterator[tuple[Stack, Collector]]:
    """A PyBMP and its PostgreSQL of their own (an outage leaves the module's untouched)."""
    with node_stack(request) as stack:
        record.attach(stack.timeline, stack.probes, stack.sampler)
        yield stack, start(stack, pybmp_checkout)


@XFAIL
def test_dependency_outage(own_pybmp: tuple[Stack, Collector], record: TestRecord) -> None:
    """PostgreSQL stopped while a session (Initiation, Peer Up, routes) is written, started once
    PyBMP met it gone: everything stored after it returns, or its loss reported in the window."""
    stack, collector = own_pybmp
    result = drills.dependency_outage(collector, stack, Stop("postgres"), OUTAGE_REACTED,
                                      (DEPENDENCY_OUTAGE, LIVENESS))
    took = FaultTookEffect().judge(result.evidence.history.faults[0].evidence)
    record.conclude([*took, *result.verdicts], (defects.OUTAGE_SESSION_LOST,))


@XFAIL
def test_setup_as_shipped(pybmp: Collector, record: TestRecord) -> None:
    """Its schema.sql, statement by statement, on the database its configuration names."""
    assert pybmp.setup is not None
    record.conclude(SETUP_APPLIES.judge(pybmp.setup), (defects.SCHEMA_GIST_CIDR,))
