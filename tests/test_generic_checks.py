"""Every generic check holds on a good history and fails on a deliberately bad one."""

from __future__ import annotations

import time

import pytest

from faultbook.checks.categories import CategoriesHit
from faultbook.checks.confirmed import FaultConfirmed
from faultbook.checks.exit_status import EndsWith, Exits, ExitsNonZero, StartsUnderFault
from faultbook.checks.placeholders import PlaceholdersFilled
from faultbook.checks.ports import AloneOnPort, PortsReleased
from faultbook.checks.recovery import FreshServes, FreshStart, ServesAgain
from faultbook.checks.resources import CpuWithin, LogRateWithin
from faultbook.checks.responsiveness import AnswersThroughout, AnswersWithin, RequestsReach
from faultbook.checks.signatures import SignaturesSeen
from faultbook.checks.survivors import NoSurvivors
from faultbook.history import Attempt, Ending, History, Match, PortView
from faultbook.observe.evidence import Evidence
from faultbook.observe.outcome import Outcome
from faultbook.observe.signature import Signature
from tests.history_doubles import answer, cpu, history, lines


def oks(check: object, h: History) -> list[bool]:
    return [v.ok for v in check.judge(h)]  # type: ignore[attr-defined]


def ending(outcome: Outcome | None, at_exit: tuple[int, ...] = (), after: tuple[int, ...] = (),
           held: dict[str, list[int]] | None = None) -> Ending:
    return Ending("exited" if outcome else "serving", outcome, at_exit, after, 0.5, held or {})


EXIT0 = Outcome(0, None, 0.0, 1.0)
EXIT1 = Outcome(1, None, 0.0, 1.0)
KILLED = Outcome(None, 9, 0.0, 1.0)


def test_exit_status_checks() -> None:
    assert oks(Exits("exits"), history(ending=ending(EXIT1))) == [True]
    assert oks(Exits("exits"), history(ending=ending(None))) == [False]
    nonzero = ExitsNonZero("non-zero")
    assert oks(nonzero, history(ending=ending(EXIT1))) == [True]
    assert oks(nonzero, history(ending=ending(KILLED))) == [True]
    [v] = nonzero.judge(history(ending=ending(EXIT0)))
    assert not v.ok and v.measured == "exit 0"
    assert oks(EndsWith("ends", "signal SIGKILL"), history(ending=ending(KILLED))) == [True]
    assert oks(EndsWith("ends", "exit 0"), history(ending=ending(KILLED))) == [False]
    assert oks(StartsUnderFault("starts"), history(start_state="ready")) == [True]
    assert oks(StartsUnderFault("starts"), history(start_state="hung")) == [False]


def test_an_unrecorded_end_is_inconclusive() -> None:
    for check in (Exits("a"), ExitsNonZero("b"), NoSurvivors("c"), PortsReleased("d")):
        [v] = check.judge(history())
        assert v.inconclusive and not v.ok


def test_survivors_at_exit_and_after_the_grace() -> None:
    h = history(ending=ending(KILLED, at_exit=(42,), after=()))
    assert oks(NoSurvivors("at exit"), h) == [False]
    assert oks(NoSurvivors("after grace", grace=True), h) == [True]
    h = history(ending=ending(KILLED, at_exit=(42,), after=(42,)))
    assert oks(NoSurvivors("after grace", grace=True), h) == [False]


def test_ports_released_and_alone() -> None:
    assert oks(PortsReleased("free"), history(ending=ending(KILLED))) == [True]
    assert oks(PortsReleased("free"), history(ending=ending(KILLED, held={"api": [7]}))) == [False]
    alone = AloneOnPort("alone")
    mine = PortView("after a fresh start", 8081, 1, (10, 11), (10,))
    shared = PortView("under the fault", 8081, 2, (10,), (10, 99))
    assert oks(alone, history(ports=[mine])) == [True]
    [v] = alone.judge(history(ports=[shared]))
    assert not v.ok and v.measured == {"listeners": 2, "foreign_pids": [99]}
    [v] = alone.judge(history())
    assert v.inconclusive


def test_budgets_over_the_outage_window() -> None:
    h = history()
    cpu(h, 10.0, 20.0)
    assert oks(CpuWithin("cpu"), h) == [True]
    cpu(h, 90.0, 90.0, 90.0)
    assert oks(CpuWithin("cpu"), h) == [False]
    h = history()
    h.window = (time.monotonic() - 0.5, time.monotonic() + 0.5)
    lines(h, *["spam"] * 50)
    [v] = LogRateWithin("rate").judge(h)
    assert not v.ok and v.measured > v.evidence["limit"]
    [v] = LogRateWithin("rate").judge(history())
    assert v.inconclusive


def test_signatures_and_categories() -> None:
    sig = Signature("sut", r"connection refused", "§5.2")
    missing = Signature("sut", r"never printed", "§5.2")
    h = history()
    lines(h, "ERROR db connection refused")
    line = h.timeline.lines("sut")[0]
    h.matches = [Match(sig, line), Match(missing, None)]
    assert oks(SignaturesSeen(sig, missing), h) == [True, False]
    [v] = SignaturesSeen(Signature("sut", "x")).judge(h)
    assert v.inconclusive
    assert oks(CategoriesHit("critical", "connection", "port"), h) == [True, True, False]


def test_categories_leave_the_noise_out() -> None:
    h = history(noise=("docker",))
    lines(h, "ERROR no docker here")
    assert oks(CategoriesHit("critical"), h) == [False]


def test_answers_during_throughout_and_reach() -> None:
    good = [answer("during", "root", 200), answer("during", "db", 500, 1.0)]
    assert oks(AnswersWithin("root", "during", "root"), history(answers=good)) == [True]
    assert oks(AnswersWithin("db", "during", "db"), history(answers=good)) == [True]
    slow = [answer("during", "db", 500, 9.0)]
    assert oks(AnswersWithin("db", "during", "db"), history(answers=slow)) == [False]
    [v] = AnswersWithin("db", "during", "db").judge(history())
    assert v.inconclusive
    live = AnswersThroughout("live", "liveness")
    sampled = [answer("liveness", "live", 200), answer("liveness", "live", None, 2.0)]
    [v] = live.judge(history(answers=sampled, injected=time.monotonic() - 30))
    assert not v.ok and v.measured["status"] is None and v.measured["probes"] == 2
    assert oks(live, history(answers=sampled[:1])) == [True]
    reach = RequestsReach("reach", "burst")
    burst = [answer("burst", "root", 200)] * 3 + [answer("burst", "root", None)]
    [v] = reach.judge(history(answers=burst))
    assert not v.ok and v.measured == {"unanswered": 1, "of": 4}


def test_recovery_checks() -> None:
    assert oks(ServesAgain("again"), history(recovery=Attempt(True, 1.0, status=200))) == [True]
    assert oks(ServesAgain("again"), history(recovery=Attempt(False, 5.0, status=500))) == [False]
    assert oks(ServesAgain("again"), history()) == [False]
    assert oks(FreshStart("fresh"), history()) == []
    assert oks(FreshStart("fresh"), history(fresh_start=Attempt(False, 60.0, "not ready"))) == [False]
    assert oks(FreshServes("serves"), history(fresh_start=Attempt(True, 3.0, status=500))) == [False]
    assert oks(FreshServes("serves"), history(fresh_start=Attempt(True, 3.0, status=200))) == [True]


def test_placeholders() -> None:
    h = history()
    lines(h, "retry (attempt 3), next retry in 1.5s")
    assert oks(PlaceholdersFilled("filled"), h) == [True]
    lines(h, "still unable to connect (attempt %d), next retry in %.1fs")
    [v] = PlaceholdersFilled("filled").judge(h)
    assert not v.ok and "%d" in v.detail


@pytest.mark.parametrize("evidence", [None, Evidence("stop db", False, "still runs", {"running": True})])
def test_an_unconfirmed_fault_is_inconclusive(evidence: Evidence | None) -> None:
    [v] = FaultConfirmed().judge(history(evidence=evidence))
    assert v.inconclusive and not v.ok and v.name == "the fault took effect"


def test_a_confirmed_fault_holds() -> None:
    [v] = FaultConfirmed().judge(history(evidence=Evidence("stop db", True, "refused", {"running": False})))
    assert v.ok and v.measured == {"running": False}
