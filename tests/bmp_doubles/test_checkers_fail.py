"""Every BMP checker can fail: on a double broken in one way exactly that checker reports, and on
the real pmbmpd (right in these respects) it does not."""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from faultbook.bmpkit.batch import BatchResult, Runner, stop_with
from faultbook.bmpkit.cases import Case, announce
from faultbook.bmpkit.checkers import (
    ACCOUNTING,
    COST,
    GRACEFUL_STOP,
    INVENTED,
    LIVENESS,
    LOG_QUALITY,
    SEGMENTATION,
)
from faultbook.bmpkit.checkers.cost import Cost, CostBudget
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.segment import Bytewise, PerMessage
from faultbook.checks.verdict import Check, Verdict
from faultbook.config import Settings
from faultbook.stack import Stack
from scenarios.pmbmpd.collector import start as start_pmbmpd
from tests.bmp_doubles.spec import start_double

BATCH_CHECKS = (ACCOUNTING, INVENTED, LIVENESS, SEGMENTATION, COST, LOG_QUALITY)

pytestmark = pytest.mark.runtime("process")

ROUTES = ["10.31.1.0/24", "10.31.2.0/24", "10.31.3.0/24", "10.31.4.0/24"]
VALID = Case("four routes", "valid", b"".join(announce(p) for p in ROUTES),
             segmentation=PerMessage())
DIE = Case("route 198.51.100.0/24", "valid", announce("198.51.100.0/24"))
BATCH = [VALID, VALID.cut(Bytewise())]

#: (flaw, the checker that must report, what else its flaw may cause, the batch): a collector
#: that dies or mishandles a split loses the input, which accounting may report too
FLAWS: list[tuple[str, Check, set[Check], list[Case]]] = [
    ("lose", ACCOUNTING, set(), [VALID]),
    ("lose-misnamed", ACCOUNTING, set(), [VALID]),
    ("duplicate", ACCOUNTING, set(), [VALID]),
    ("invent", INVENTED, set(), [VALID]),
    ("die", LIVENESS, {ACCOUNTING}, [DIE]),
    ("split-header", SEGMENTATION, {ACCOUNTING, LIVENESS}, BATCH),
    ("flood", COST, set(), [VALID]),
    ("error-close", LOG_QUALITY, set(), [VALID]),
    ("placeholder", LOG_QUALITY, set(), [VALID]),
]


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with Stack(Settings.from_env(), "process", Path(tempfile.mkdtemp()) / "logs") as s:
        yield s


@pytest.fixture(scope="module")
def pmbmpd(stack: Stack) -> Collector:
    return start_pmbmpd(stack)


def failing(result: BatchResult) -> set[str]:
    return {v.name for v in result.findings}


@pytest.mark.parametrize(("flaw", "checker", "also", "cases"), FLAWS, ids=[f[0] for f in FLAWS])
def test_checker_fails_on_its_double(stack: Stack, flaw: str, checker: Check, also: set[Check],
                                     cases: list[Case]) -> None:
    result = Runner(start_double(stack, flaw)).run(cases)
    got = failing(result)
    evidence = [(v.name, v.measured, v.detail) for v in result.findings]
    # its checker always reports; the flaw's side effects may, nothing else does (whether a
    # dying collector's last input counts as lost depends on when the death is seen)
    assert checker.name in got, evidence
    assert got <= {checker.name} | {c.name for c in also}, evidence


@pytest.mark.parametrize(("flaw", "checker", "also", "cases"), FLAWS, ids=[f[0] for f in FLAWS])
def test_checker_holds_on_pmbmpd(pmbmpd: Collector, flaw: str, checker: Check, also: set[Check],
                                 cases: list[Case]) -> None:
    result = Runner(pmbmpd).run(cases)
    assert checker.name not in failing(result), [(v.name, v.measured, v.evidence)
                                                 for v in result.findings]


def test_correct_double_passes_every_checker(stack: Stack) -> None:
    result = Runner(start_double(stack, "none")).run([*BATCH, DIE])
    assert {v.name for v in result.verdicts} >= {c.name for c in BATCH_CHECKS}
    assert not result.findings, [(v.name, v.measured, v.detail) for v in result.findings]


def test_graceful_stop_fails_on_a_deaf_double(stack: Stack) -> None:
    col = start_double(stack, "deaf")
    verdicts = GRACEFUL_STOP.judge([stop_with(col, signal.SIGTERM, within=2.0)])
    assert not verdicts[0].ok and verdicts[0].measured["SIGTERM"]["outcome"] != "exit 0"


def test_graceful_stop_holds_on_a_correct_double(stack: Stack) -> None:
    col = start_double(stack, "none")
    verdicts = GRACEFUL_STOP.judge([stop_with(col, signal.SIGTERM, within=5.0)])
    assert verdicts[0].ok, verdicts[0]


def test_graceful_stop_fails_when_a_stop_loses_what_was_read(stack: Stack) -> None:
    col = start_double(stack, "buffered")
    verdict = GRACEFUL_STOP.judge([stop_with(col, signal.SIGTERM, within=5.0)])[0]
    assert not verdict.ok and verdict.measured["SIGTERM"]["outcome"] == "exit 0", verdict
    assert verdict.measured["SIGTERM"]["lost"] > 0, verdict


#: a batch of 40 routes (its messages make the RSS slope's denominator)
MANY = Case("forty routes", "valid", b"".join(announce(f"10.32.{i}.0/24") for i in range(40)))


def rss_slope(col: Collector) -> Verdict:
    runner = Runner(col)
    for _ in range(6):  # a restart after a batch clears the points: at least three are left
        runner.run([MANY])
    return COST.leak(runner.rss_points)


def test_cost_leak_slope_fails_on_a_leaking_double(stack: Stack) -> None:
    verdict = rss_slope(start_double(stack, "leak"))
    assert not verdict.ok, verdict


def test_cost_leak_slope_holds_on_pmbmpd(pmbmpd: Collector) -> None:
    verdict = rss_slope(pmbmpd)
    assert verdict.ok, verdict


#: CPU per input budgeted tighter than the catalog's (the double's 0.05 s per message must show
#: within a batch of ten messages; pmbmpd spends a few milliseconds on them)
TIGHT = Cost(CostBudget(cpu_fixed=0.2, cpu_per_message=0.002))


def test_cost_cpu_per_input_fails_on_a_burning_double(stack: Stack) -> None:
    result = Runner(start_double(stack, "cpu-burn"), checkers=(TIGHT,)).run([VALID])
    assert [v.measured for v in result.findings if "cpu_seconds" in v.measured], result.verdicts


def test_cost_cpu_per_input_holds_on_pmbmpd(pmbmpd: Collector) -> None:
    result = Runner(pmbmpd, checkers=(TIGHT,)).run([VALID])
    assert not result.findings, result.verdicts
