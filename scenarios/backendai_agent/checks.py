"""The check objects of the agent catalog: the generic invariants, built from the agent's
declaration (``scenarios.backendai_agent.invariants``), and those it brings (it starts, an agent
that cannot start says so, the manager's view tells the truth, nothing it created outlives it).
Known defects refer to these objects."""

from __future__ import annotations

from faultbook.checks.engine_objects import NothingOutlives
from faultbook.checks.fault_effect import FaultTookEffect
from faultbook.checks.invariant_checks import (
    HealthTells,
    InvariantChecks,
    LinesCheck,
    QuietStart,
    RespondsThroughout,
    SignalsHome,
)
from faultbook.checks.recovery_line import RecoveryLogged
from faultbook.checks.supervisor import SupervisorTruth
from faultbook.checks.verdict import Check, Verdict
from faultbook.observe.outcome import Outcome
from scenarios.backendai_agent.invariants import AGENT as AGENT_INVARIANTS
from scenarios.backendai_agent.invariants import DEPENDENCIES, HEALTH
from scenarios.backendai_agent.spec import HEARTBEAT_TIMEOUT

#: the manager checks for lost agents every 5 s; one period on top of the heartbeat timeout
VIEW_WITHIN = HEARTBEAT_TIMEOUT + 5.0
#: the generic invariants, as the agent's spec declares them
INVARIANTS = InvariantChecks(AGENT_INVARIANTS)
#: how long the agent's /health may keep reporting a lost dependency healthy, and back
HEALTH_DOWN_WITHIN = AGENT_INVARIANTS.health[0].down_within
HEALTH_UP_WITHIN = AGENT_INVARIANTS.health[0].up_within


class Exits(Check):
    """The agent ended within the bound (it did not hang or claim to serve)."""

    def judge(self, outcome: Outcome | None, state: str, within: float) -> list[Verdict]:
        return [self.verdict(outcome is not None, outcome.label if outcome else state,
                             f"exit within {within:g}s")]


class ExitsNonZero(Check):
    """An agent that could not start tells its supervisor so: non-zero exit or a signal."""

    def judge(self, outcome: Outcome | None, state: str, within: float) -> list[Verdict]:
        failed = outcome is not None and (outcome.signal is not None or (outcome.exit_code or 0) != 0)
        return [self.verdict(failed, outcome.label if outcome else state, "non-zero exit or signal")]


class Starts(Check):
    """The agent becomes ready (after a heal, or after a restart)."""

    def judge(self, ok: bool, seconds: float | None, detail: str) -> list[Verdict]:
        return [self.verdict(ok, seconds, "ready", detail)]


class NoSurvivors(Check):
    """No process of the agent outlives the one the operator started."""

    def judge(self, survivors: list[int], names: list[str]) -> list[Verdict]:
        return [self.verdict(not survivors, survivors, [], ", ".join(names), names=names)]


class LogsAtDebug(Check):
    """The agent started at DEBUG prints DEBUG lines."""

    def judge(self, debug_lines: int, total: int) -> list[Verdict]:
        return [self.verdict(debug_lines > 0, {"debug_lines": debug_lines, "lines": total}, ">= 1")]


TOOK_EFFECT = FaultTookEffect()
GUIDE_STARTS = Starts("the guide's command starts the agent")
GUIDE_DEBUG = LogsAtDebug("the guide's --log-level=DEBUG gives DEBUG lines")
EXITS = Exits("an agent that cannot start exits")
EXITS_NONZERO = ExitsNonZero("an agent that cannot start exits non-zero")
STARTS_DESPITE = Starts("the agent starts despite the fault")
FRESH_START = Starts("a fresh start after the heal succeeds")
RESTART = Starts("a restart after the signal succeeds")
NO_SURVIVORS = NoSurvivors("no process of the agent survives it")
#: the generic invariants the agent's flows judge on what they recorded (its declaration's)
GRACEFUL = INVARIANTS.graceful
SIGNALS: SignalsHome = INVARIANTS.signals
PLACEHOLDERS: LinesCheck = INVARIANTS.placeholders
FLOOD: LinesCheck = INVARIANTS.flood
QUIET_START: QuietStart = INVARIANTS.quiet_start
VIEW = SupervisorTruth(within=VIEW_WITHIN, name="the manager's view of the agent tells the truth")
OUTLIVES = NothingOutlives()
#: the API keeps answering while a dependency is lost (the declared API probe)
assert INVARIANTS.responds is not None  # the declaration names an API probe
HEALTH_ANSWERS: RespondsThroughout = INVARIANTS.responds
#: /health reports the loss of each dependency it needs, and its return (the declared probe)
HEALTH_TRUTH: dict[str, HealthTells] = {d: INVARIANTS.health[(HEALTH, d)] for d in DEPENDENCIES}


def recovery_line(dependency: str) -> RecoveryLogged:
    """A line saying ``dependency`` is back, after the agent logged its loss."""
    return RecoveryLogged(dependency, within=HEALTH_UP_WITHIN)


RECOVERY_LINE = {d: recovery_line(d) for d in DEPENDENCIES}
