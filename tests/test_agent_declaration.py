"""The Backend.AI agent's declaration for the generic invariants: its /health judged for each
dependency it needs, its API probe judged for answers; each check holds on a good record and
fails on a deliberately bad one, and the agent's registered defects match only their evidence."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

from faultbook.checks.graceful_stop import StopRecord
from faultbook.checks.signals import ReceivedSignal
from faultbook.checks.verdict import Verdict
from faultbook.history import History, InvariantRecord
from faultbook.observe.probes import ProbeResult
from scenarios.backendai_agent import checks as C
from scenarios.backendai_agent import defects as D
from scenarios.backendai_agent.invariants import AGENT, API, DEPENDENCIES, HEALTH
from scenarios.backendai_agent.shared_manager import public_key, quotable_keys
from tests.history_doubles import history


def series(name: str, down_from: float, down_to: float, status: int | None = 200) -> list[ProbeResult]:
    """Two samples a second over 30 s: unhealthy (still answering) from ``down_from``."""
    return [ProbeResult(name, not down_from <= i * 0.5 < down_to, 0.01, "", i * 0.5, status)
            for i in range(61)]


def recorded(faulted: str, **named: list[ProbeResult]) -> History:
    return history(invariants=InvariantRecord(faulted, True, 5.0, 20.0, 30.0, series=dict(named)))


def test_every_dependency_of_the_agent_health_is_judged_by_the_declared_probe() -> None:
    assert set(C.HEALTH_TRUTH) == set(DEPENDENCIES)
    for dependency, check in C.HEALTH_TRUTH.items():
        truthful = recorded(dependency, **{HEALTH: series(HEALTH, 6.0, 21.0)})
        assert [v.ok for v in check.judge(truthful)] == [True]
        [stale] = check.judge(recorded(dependency, **{HEALTH: series(HEALTH, 99.0, 99.0)}))
        assert not stale.ok and stale.measured["down_lag"] is None
        assert check.judge(recorded("postgres", **{HEALTH: series(HEALTH, 6.0, 21.0)})) == []


def test_the_stale_health_defect_matches_a_stale_health_only() -> None:
    check = C.HEALTH_TRUTH["redis"]
    [stale] = check.judge(recorded("redis", **{HEALTH: series(HEALTH, 99.0, 99.0)}))
    assert D.HEALTH_REDIS.matches(stale)
    [thin] = check.judge(recorded("redis", **{HEALTH: series(HEALTH, 99.0, 99.0)[::4]}))
    assert thin.inconclusive and not D.HEALTH_REDIS.matches(thin)


def test_the_agent_api_must_answer_while_a_dependency_is_gone() -> None:
    assert AGENT.api is not None and AGENT.api.name == API
    answering = recorded("etcd", **{API: series(API, 99.0, 99.0)})
    assert [v.ok for v in C.HEALTH_ANSWERS.judge(answering)] == [True]
    [silent] = C.HEALTH_ANSWERS.judge(recorded("etcd", **{API: series(API, 6.0, 21.0, None)}))
    assert not silent.ok and silent.measured["longest_gap"] > AGENT.api.max_gap


def test_the_sigterm_hang_matches_a_killed_worker_only() -> None:
    def stop(label: str, code: int, seconds: float, survivors: tuple[int, ...] = ()) -> Verdict:
        [v] = C.GRACEFUL.judge([StopRecord("SIGTERM", seconds, label, code, survivors)])
        return v

    assert D.SIGTERM_HANG.matches(stop("exit 1", 1, 6.8))
    assert stop("exit 0", 0, 2.9).ok
    assert not D.SIGTERM_HANG.matches(stop("exit 1", 1, 0.4))  # a quick failure is another defect
    assert not D.SIGTERM_HANG.matches(stop("exit 1", 1, 6.8, (4609,)))
    assert D.ENGINE_STOP_EXIT1.matches(stop("exit 1", 1, 1.8))
    # after the engine outage the traceback can come with the hang: exit 1 after the timeout
    assert D.ENGINE_STOP_EXIT1.matches(stop("exit 1", 1, 5.8))
    assert not D.ENGINE_STOP_EXIT1.matches(stop("exit 1", 1, 1.8, (4609,)))
    assert not D.ENGINE_STOP_EXIT1.matches(stop("signal SIGKILL", -9, 30.5))


def test_the_agent_takes_every_generic_invariant_from_its_declaration() -> None:
    inv = C.INVARIANTS
    assert inv.decl is AGENT
    ours = (C.GRACEFUL, C.SIGNALS, C.PLACEHOLDERS, C.FLOOD, C.QUIET_START)
    assert ours == (inv.graceful, inv.signals, inv.placeholders, inv.flood, inv.quiet_start)
    assert C.GRACEFUL.within == AGENT.stop_within
    assert D.LOG_PLACEHOLDER.check is inv.placeholders and D.SIGINT_GROUP.check is inv.signals
    assert D.SIGTERM_HANG.check is inv.graceful and D.ENGINE_STOP_EXIT1.check is inv.graceful


@dataclass(frozen=True)
class Line:
    t: float
    text: str


def test_the_agent_quiet_start_fails_on_an_error_and_excuses_only_the_declared_line() -> None:
    relay = Line(1.0, "2026-12-01 15:00:01.000 ERROR ai.backend.agent.docker.agent [7] "
                      "Health check timed out for container backendai-socket-relay.i-x")
    [v] = C.QUIET_START.window.judge([relay])
    assert v.ok and v.evidence["excused"] == 1
    bad = Line(2.0, "2026-12-01 15:00:02.000 ERROR ai.backend.agent.server [7] init failed")
    [v] = C.QUIET_START.window.judge([relay, bad])
    assert not v.ok and v.measured == 1


def test_the_agent_log_placeholder_defect_matches_the_declared_check_only_on_its_line() -> None:
    etcd = Line(3.0, "watch_prefix(): still unable to connect to Etcd server (attempt %d), "
                     "next retry in %.1fs")
    [v] = C.PLACEHOLDERS.check.judge([etcd])
    assert not v.ok and D.LOG_PLACEHOLDER.matches(v)
    [other] = C.PLACEHOLDERS.check.judge([Line(3.0, "queue depth %5d")])
    assert not other.ok and not D.LOG_PLACEHOLDER.matches(other)


def test_the_agent_graceful_stop_is_bounded_by_its_declaration() -> None:
    late = AGENT.stop_within + 1.0
    [v] = C.GRACEFUL.judge([StopRecord("SIGTERM", late, "exit 0", 0)])
    assert not v.ok and "not ended within the bound" in v.detail
    assert C.GRACEFUL.judge([StopRecord("SIGTERM", AGENT.stop_within - 1.0, "exit 0", 0)])[0].ok


def test_the_sigint_group_defect_matches_the_declared_signals_check() -> None:
    got = [ReceivedSignal("sentinel", signal.SIGINT, 4242, 1.0, "backend.ai: agent worker-0")]
    [v] = C.SIGNALS.check.judge(got, suite_pids={1})
    assert not v.ok and D.SIGINT_GROUP.matches(v)


def test_the_agent_flood_check_fails_past_its_declared_bound() -> None:
    bound = AGENT.flood_per_second
    [flood] = C.FLOOD.check.judge([Line(i * 0.01, "retrying...") for i in range(bound + 1)])
    assert not flood.ok and flood.measured == bound + 1
    assert C.FLOOD.check.judge([Line(i * 0.01, "retrying...") for i in range(bound)])[0].ok


class KeyDraws:
    """A bootstrap double: its key pairs in ``keys``, each new draw taken from ``draws``."""

    def __init__(self, keys: Path, draws: list[str]) -> None:
        self.keys, self.draws = keys, draws

    def _cli(self, _name: str, *args: str) -> None:
        cert(self.keys, args[-1], self.draws.pop(0))


def cert(keys: Path, who: str, key: str) -> None:
    (keys / f"{who}.key").write_text(f'metadata\\ncurve\\n    public-key = "{key}"\\n')
    (keys / f"{who}.key_secret").write_text("secret\\n")


def test_key_pairs_whose_public_key_looks_like_a_format_slot_are_drawn_again(tmp_path: Path) -> None:
    cert(tmp_path, "manager", "=j=Z7dP8CJqKTRWLi:U0/1D?yFgtf!C8Z%se&Xxb")
    cert(tmp_path, "agent", "7??=5]B=f<DDk{KU{w?3?G!qom87ybP41hRfjYXr")
    boot = KeyDraws(tmp_path, ["x%dbad", "clean=Key0"])
    assert quotable_keys(boot) == 2  # type: ignore[arg-type]
    assert public_key(tmp_path / "manager.key") == "clean=Key0"
    assert public_key(tmp_path / "agent.key") == "7??=5]B=f<DDk{KU{w?3?G!qom87ybP41hRfjYXr"
