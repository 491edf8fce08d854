"""The agent catalog's faults as typed specs, each built against an agent lab: a halfstack
service stopped, the engine unreachable through the suite's own socket, a signal to the agent."""

from __future__ import annotations

import signal
from abc import abstractmethod
from dataclasses import dataclass

from faultbook.faults.base import Fault, FaultSpec, FaultTarget
from faultbook.faults.kill import KillFault
from faultbook.faults.sockproxy import EngineUnreachable
from faultbook.faults.stop import StopFault
from scenarios.backendai_agent.lab import AgentLab


class AgentFault(FaultSpec):
    """A fault the agent catalog names; ``build`` makes it against an agent lab."""

    #: what the agent loses (None when the fault hits the agent itself)
    dependency: str | None = None

    @abstractmethod
    def build(self, target: FaultTarget) -> Fault:
        """The fault, not yet injected."""

    def describe(self) -> str:
        return repr(self)


@dataclass(frozen=True)
class DependencyDown(AgentFault):
    """A halfstack service stopped (healed by starting it again)."""

    service: str

    @property
    def dependency(self) -> str:  # type: ignore[override]
        return self.service

    def build(self, target: FaultTarget) -> Fault:
        return StopFault(target.service(self.service))


@dataclass(frozen=True)
class EngineDown(AgentFault):
    """The container engine unreachable through the socket the suite gave the agent; the
    engine itself is never touched."""

    dependency = "container engine"

    def build(self, target: FaultTarget) -> Fault:
        if not isinstance(target, AgentLab):
            raise TypeError("the engine is cut at the agent lab's own socket proxy")
        return EngineUnreachable(target.proxy)


@dataclass(frozen=True)
class AgentSignal(AgentFault):
    """A signal to the agent process the operator started, or to its whole process group
    (healed by starting the agent again)."""

    sig: signal.Signals
    group: bool = False

    def build(self, target: FaultTarget) -> Fault:
        return KillFault(target.system, self.sig, group=self.group, exit_within=60.0)


@dataclass(frozen=True)
class GuideCommand(AgentFault):
    """No fault: the agent started by one of the guide's §2 command lines exactly as written
    (after ``./backend.ai``), with the config file's own log level at ``config_level``."""

    argv: tuple[str, ...]
    config_level: str = "INFO"

    def build(self, target: FaultTarget) -> Fault:
        raise TypeError("a guide command is a claim, not a fault: it has nothing to inject")

    def command(self) -> str:
        """The command as the guide prints it."""
        return "./backend.ai " + " ".join(self.argv)
