"""The Backend.AI agent as the guide's §2 runs it, under the error scenarios of §5 that reach an
agent (etcd, Redis, the container engine), signals, and the guide's §2 command lines as claims.

Every signature is a line the real agent 26.9.6 printed under that fault on this kind of machine.
Known defects carry their evidence and a predicate on the measured value.
"""

from __future__ import annotations

import signal
from dataclasses import asdict, dataclass, field
from typing import Any

from faultbook.budgets import Budgets
from faultbook.checks.verdict import KnownDefect
from faultbook.faults.base import Phase
from faultbook.observe.signature import Signature
from scenarios.backendai_agent import claims as L
from scenarios.backendai_agent import defects as D
from scenarios.backendai_agent.faults import (
    AgentFault,
    AgentSignal,
    DependencyDown,
    EngineDown,
    GuideCommand,
)

SYSTEM = "backendai-agent"
BUDGETS = Budgets(cpu_percent=50.0, lines_per_second=100.0, answer_within=10.0,
                          recovery_within=30.0, exit_within=120.0)
#: seconds a dependency stays lost under a serving agent
OUTAGE = 30.0
#: an agent that cannot start exits 0 after SIGINTing its process group; its fresh start after
#: the heal leaves the relay running
AT_START = (D.EXIT0, D.SIGINT_GROUP, D.RELAY_OUTLIVES, D.SIGTERM_HANG)


@dataclass(frozen=True)
class AgentScenario:
    """One documented scenario of the agent: a typed fault in a phase, the lines the agent
    prints under it, whether it is expected to end, and its known defects."""

    name: str
    section: str
    title: str
    fault: AgentFault
    phase: Phase
    signatures: tuple[Signature, ...] = ()
    exits: bool = False
    outage: float = OUTAGE
    budgets: Budgets = field(default_factory=lambda: BUDGETS)
    #: every agent that got ready leaves its socket-relay container running; its stop may hang
    defects: tuple[KnownDefect, ...] = (D.RELAY_OUTLIVES, D.SIGTERM_HANG)
    system: str = SYSTEM

    def defects_for(self, runtime: str) -> list[KnownDefect]:
        """The known defects that apply under ``runtime``."""
        return [d for d in self.defects if d.applies(runtime)]

    def to_json(self) -> dict[str, Any]:
        """As plain data (for facts.json in the test's folder)."""
        return {"name": self.name, "system": self.system, "section": self.section,
                        "title": self.title, "fault": self.fault.describe(), "phase": self.phase.value,
                        "signatures": [asdict(sig) for sig in self.signatures], "exits": self.exits,
                        "outage": self.outage, "budgets": asdict(self.budgets),
                        "defects": [d.to_json() for d in self.defects]}


CATALOG: list[AgentScenario] = [
    AgentScenario("agent-redis-down-while-serving", "§2.1, §5.3", "Redis stopped under a registered agent",
                  DependencyDown("redis"), Phase.WHILE_RUNNING,
                  (L.REDIS_MONITOR, L.HEARTBEAT_FAILED, L.REDIS_TIMED_OUT),
                  defects=(D.HEALTH_REDIS, D.NO_RECOVERY_REDIS, D.RELAY_OUTLIVES, D.SIGTERM_HANG)),
    AgentScenario("agent-redis-down-at-start", "§2.1, §5.3", "Redis stopped, then the agent started",
                  DependencyDown("redis"), Phase.BEFORE_START,
                  (L.INIT_FAILURE, L.REDIS_AT_START, L.SHUTTING_DOWN, L.EXIT), exits=True,
                  defects=AT_START),
    AgentScenario("agent-etcd-down-while-serving", "§2.1, §5.2-§5.3", "etcd stopped under a registered agent",
                  DependencyDown("etcd"), Phase.WHILE_RUNNING, (L.ETCD_WATCH,),
                  defects=(D.HEALTH_ETCD, D.NO_RECOVERY_ETCD, D.LOG_PLACEHOLDER, D.RELAY_OUTLIVES,
                           D.SIGTERM_HANG)),
    AgentScenario("agent-etcd-down-at-start", "§2.1, §5.2-§5.3", "etcd stopped, then the agent started",
                  DependencyDown("etcd"), Phase.BEFORE_START,
                  (L.INIT_FAILURE, L.ETCD_AT_START, L.SHUTTING_DOWN, L.EXIT), exits=True,
                  defects=AT_START),
    AgentScenario("agent-engine-unreachable-while-serving", "§2.2, §4",
                  "the container engine unreachable through the agent's socket while it serves",
                  EngineDown(), Phase.WHILE_RUNNING, (L.ENGINE_SYNC_FAILED, L.ENGINE_REFUSED),
                  defects=(D.HEALTH_ENGINE, D.NO_RECOVERY_ENGINE, D.ENGINE_STOP_EXIT1, D.RELAY_OUTLIVES,
                           D.SIGTERM_HANG)),
    AgentScenario("agent-engine-unreachable-at-start", "§2.2, §4",
                  "the container engine unreachable through the agent's socket, then the agent started",
                  EngineDown(), Phase.BEFORE_START,
                  (L.KRUNNER_FAILED, L.ENGINE_REFUSED, L.INIT_FAILURE, L.EXIT), exits=True,
                  defects=AT_START),
    AgentScenario("agent-sigkill", "§2.1",
                  "SIGKILL to the agent process the operator started, then a restart",
                  AgentSignal(signal.SIGKILL), Phase.WHILE_RUNNING,
                  defects=(D.ORPHAN, D.VIEW_ORPHAN, D.RESTART_ORPHAN, D.SIGINT_GROUP,
                           D.RELAY_OUTLIVES)),
    AgentScenario("agent-sigkill-group", "§2.1", "SIGKILL to the agent's whole process group, then a restart",
                  AgentSignal(signal.SIGKILL, group=True), Phase.WHILE_RUNNING),
    AgentScenario("agent-sigterm", "§2.1", "SIGTERM to the agent: the graceful stop, then a restart",
                  AgentSignal(signal.SIGTERM), Phase.WHILE_RUNNING, (L.SHUTTING_DOWN, L.EXIT)),
    AgentScenario("agent-guide-2.1-start", "§2.1", "the guide's agent start command, as written",
                  GuideCommand(("ag", "--log-level=DEBUG", "start-server")), Phase.BEFORE_START,
                  defects=(D.GUIDE_LOGLEVEL, D.RELAY_OUTLIVES, D.SIGTERM_HANG)),
    AgentScenario("agent-guide-2.2-debug-kernel", "§2.2", "the guide's --debug-kernel command, as written",
                  GuideCommand(("ag", "--log-level=DEBUG", "--debug-kernel", "start-server")),
                  Phase.BEFORE_START, defects=(D.GUIDE_DEBUG_KERNEL,)),
    AgentScenario("agent-guide-2.3-stats-monitor", "§2.3", "the guide's --stats-monitor command, as written",
                  GuideCommand(("ag", "--log-level=INFO", "--stats-monitor", "start-server")),
                  Phase.BEFORE_START, defects=(D.GUIDE_STATS_MONITOR,)),
]
