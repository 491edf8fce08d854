"""The monitoring checks judge a hand-built history; each is made to fail here."""

from __future__ import annotations

import json
from dataclasses import asdict

from faultbook.budgets import Budgets
from faultbook.history import Answer, Ending, History
from faultbook.observe.outcome import Outcome
from faultbook.observe.resources import ResourceSampler
from faultbook.observe.timeline import Timeline
from scenarios.monitoring.api import TargetState
from scenarios.monitoring.checks import (
    NAMES_LISTED,
    NO_PANIC,
    PROMETHEUS_RAN,
    TARGETS_LISTED,
    UP_AGREES,
    ReportedDown,
)
from scenarios.monitoring.defects import PYBMP_PORT_CLOSED, PYBMP_UNLISTED, STORAGE_PANIC

NODE = "127.0.0.1:9100"
PYBMP = "127.0.0.1:9090"
DOWN = ReportedDown("node")


def history(injected: float | None = 10.0) -> History:
    h = History("prometheus", Timeline(), ResourceSampler(), Budgets())
    h.injected = injected
    return h


def targets_answer(t: float, node: str, label: str = "targets") -> Answer:
    body = json.dumps([asdict(TargetState("node", NODE, node, "", "t"))])
    return Answer(label, "targets", 200, 0.01, t, body, True)


def with_polls(*points: tuple[float, str]) -> History:
    h = history()
    h.answers.extend(targets_answer(t, health) for t, health in points)
    return h


def test_down_within_two_intervals_holds() -> None:
    [v] = DOWN.judge(with_polls((10.5, "up"), (13.5, "down")))
    assert v.ok and v.measured == 3.5 and v.budget == 4.0


def test_down_too_late_fails() -> None:
    [v] = DOWN.judge(with_polls((10.5, "up"), (14.5, "down")))
    assert not v.ok and v.measured == 4.5


def test_never_down_fails() -> None:
    [v] = DOWN.judge(with_polls((10.5, "up"), (16.0, "up")))
    assert not v.ok and v.measured is None and not v.inconclusive


def test_unanswered_polls_do_not_count_and_no_fault_is_inconclusive() -> None:
    h = with_polls((15.0, "down"))
    h.answers.insert(0, Answer("targets", "targets", None, 2.0, 11.0, "refused", False))
    [v] = DOWN.judge(h)
    assert not v.ok and v.measured == 5.0
    [v] = DOWN.judge(history(injected=None))
    assert v.inconclusive


def test_keeps_running_fails_on_an_ending() -> None:
    h = history()
    assert PROMETHEUS_RAN.judge(h)[0].ok
    h.ending = Ending("exited", Outcome(None, 9, 0.0, 1.0), (), (), 0.0, {})
    assert not PROMETHEUS_RAN.judge(h)[0].ok


def test_no_panic_fails_on_a_go_panic() -> None:
    h = history()
    h.timeline.add_line("prometheus", 'level=error msg="Unable to start web listener"')
    assert NO_PANIC.judge(h)[0].ok
    h.timeline.add_line("prometheus", "panic: Unable to create mmap-ed active query log")
    h.timeline.add_line("prometheus", "goroutine 1 [running]:")
    [v] = NO_PANIC.judge(h)
    assert not v.ok and STORAGE_PANIC.matches(v)
    other = history()
    other.timeline.add_line("prometheus", "panic: something else")
    assert not STORAGE_PANIC.matches(NO_PANIC.judge(other)[0])


def guide(pybmp: str, names: list[str], up: float) -> History:
    h = history()
    states = [TargetState("node", NODE, "up", "", "t"),
              TargetState("pybmp", PYBMP, pybmp, "dial tcp 127.0.0.1:9090: connect: connection "
                          "refused", "t")]
    up_body = {"result": [{"metric": {"instance": NODE}, "value": [0, "1"]},
                          {"metric": {"instance": PYBMP}, "value": [0, str(up)]}]}
    h.answers += [Answer("§9.1 targets", "targets", 200, 0.0, 11.0,
                         json.dumps([asdict(s) for s in states]), True),
                  Answer("§9.1 metric names", "metric names", 200, 0.0, 11.0, json.dumps(names), True),
                  Answer("§9.1 up", "up", 200, 0.0, 11.0, json.dumps(up_body), True)]
    return h


def test_guide_claims_fail_on_a_down_target_and_missing_names() -> None:
    down = guide("down", ["up", "node_exporter_build_info"], 0.0)
    [listed] = TARGETS_LISTED.judge(down)
    assert not listed.ok and PYBMP_PORT_CLOSED.matches(listed)
    [names] = NAMES_LISTED.judge(down)
    assert not names.ok and PYBMP_UNLISTED.matches(names)
    assert UP_AGREES.judge(down)[0].ok
    assert not UP_AGREES.judge(guide("down", [], 1.0))[0].ok
    healthy = guide("up", ["up", "node_exporter_build_info", "bmp_active_connections"], 1.0)
    assert all(v.ok for check in (TARGETS_LISTED, NAMES_LISTED, UP_AGREES)
               for v in check.judge(healthy))


def test_missing_answers_are_inconclusive() -> None:
    [v] = TARGETS_LISTED.judge(history())
    assert not v.ok and v.inconclusive
