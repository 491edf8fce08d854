"""The supervisor's view and what outlives a system: each check made to fail."""

from __future__ import annotations

from faultbook.checks.engine_objects import NothingOutlives
from faultbook.checks.supervisor import Change, SupervisorTruth
from faultbook.observe.engine_events import EngineObject
from faultbook.observe.supervisor import ViewSample

UP_DOWN_UP = [Change(0.0, True), Change(20.0, False), Change(40.0, True)]


def series(*points: tuple[float, str | None]) -> list[ViewSample]:
    return [ViewSample(t, status) for t, status in points]


def test_a_view_that_follows_reality_within_the_bound_holds() -> None:
    samples = series((5, "ALIVE"), (19, "ALIVE"), (25, "ALIVE"), (31, "LOST"), (45, "LOST"),
                     (52, "ALIVE"))
    [v] = SupervisorTruth(within=10).judge(UP_DOWN_UP, samples)
    assert v.ok, v


def test_a_dead_member_still_shown_alive_is_a_finding() -> None:
    samples = series((15, "ALIVE"), (35, "ALIVE"), (52, "ALIVE"))
    [v] = SupervisorTruth(within=10).judge(UP_DOWN_UP, samples)
    assert not v.ok and v.measured["disagreements"] == 1
    assert v.evidence["first"][0] == {"after_change_s": 15.0, "shows": "ALIVE", "member": "down"}


def test_a_live_member_shown_lost_long_after_its_return_is_a_finding() -> None:
    samples = series((12, "ALIVE"), (31, "LOST"), (55, "LOST"), (70, "ALIVE"))
    [v] = SupervisorTruth(within=10).judge(UP_DOWN_UP, samples)
    assert not v.ok and v.evidence["first"][0]["member"] == "up"


def test_a_start_or_a_stop_under_way_is_not_judged() -> None:
    changes = [Change(0.0, None), Change(30.0, True), Change(60.0, None), Change(70.0, False)]
    samples = series((12, "ALIVE"), (45, "ALIVE"), (62, "TERMINATED"), (90, "LOST"))
    [v] = SupervisorTruth(within=10).judge(changes, samples)
    assert v.ok and v.measured["judged_samples"] == 2, v


def test_a_short_lived_state_need_not_be_judged_but_the_last_one_must() -> None:
    changes = [Change(0.0, False), Change(1.0, None), Change(30.0, True)]
    [v] = SupervisorTruth(within=10).judge(changes, series((45, "ALIVE")))
    assert v.ok
    [v] = SupervisorTruth(within=10).judge(changes, series((35, "ALIVE")))
    assert v.inconclusive


def test_no_answers_late_enough_is_inconclusive() -> None:
    samples = series((5, "ALIVE"), (25, None), (35, None), (45, "ALIVE"))
    [v] = SupervisorTruth(within=10).judge(UP_DOWN_UP, samples)
    assert v.inconclusive and not v.ok


def test_an_object_left_behind_is_a_finding() -> None:
    relay = EngineObject("container", "abc123", "relay", "create", 1.0)
    volume = EngineObject("volume", "cache", "cache", "create", 1.0)
    [v] = NothingOutlives().judge([relay, volume], {relay.label: "running", volume.label: "present"})
    assert not v.ok and v.measured == {"container relay": "running"}
    assert v.evidence["kept"] == ["volume cache"]
    assert NothingOutlives().judge([relay, volume], {volume.label: "present"})[0].ok


class L:
    def __init__(self, t: float, text: str) -> None:
        self.t, self.text = t, text


def test_an_outage_logged_without_a_recovery_line_is_a_finding() -> None:
    from faultbook.checks.recovery_line import RecoveryLogged

    check = RecoveryLogged("Redis", within=30)
    quiet = [L(101, "2026-12-01 15:27:50.752 DEBUG x [1] Health check succeeded for redis"),
             L(102, "2026-12-01 15:27:51.000 DEBUG x [1] reconnected to redis")]
    [v] = check.judge(quiet, outage_lines=3, healed=100)
    assert not v.ok and "none said it was over" in v.detail
    told = [*quiet, L(103, "2026-12-01 15:27:52.000 INFO x [1] reconnected to redis")]
    [v] = check.judge(told, outage_lines=3, healed=100)
    assert v.ok and v.measured == 3
    assert check.judge([], outage_lines=0, healed=100)[0].ok


def test_a_reconnect_attempt_is_not_a_recovery_line() -> None:
    from faultbook.checks.recovery_line import RecoveryLogged

    check = RecoveryLogged("redis", within=30)
    attempt = [L(109, "2026-12-01 21:45:27.708 WARNING ai.backend.common.clients.valkey_client.client "
                      "[23372] Health check signaled reconnect: Client Not Connected "
                      "(ValkeyStandaloneClient is not connected), reconnecting immediately..."),
               L(110, "2026-12-01 21:45:15.699 INFO ai.backend.common.clients.valkey_client.client "
                      "[23372] Reconnecting Valkey clients..."),
               L(111, "2026-12-01 21:45:19.017 INFO ai.backend.agent.server [23372] configured redis: "
                      "redis_helper_config=RedisHelperConfig(reconnect_poll_timeout=0.3)")]
    [v] = check.judge(attempt, outage_lines=3, healed=100)
    assert not v.ok and v.measured is None
