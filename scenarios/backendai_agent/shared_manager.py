"""The manager the agent registers with, shared by every agent scenario of one runtime: started
once over the halfstack (its database reset from the template first), and started again before a
scenario when the one before ended it or left it unable to answer the agents query."""

from __future__ import annotations

from dataclasses import dataclass

from faultbook.runtime.base import Service
from faultbook.stack import Stack
from scenarios.backendai.bootstrap import Bootstrap
from scenarios.backendai_agent.lab import MANAGER, agent_status
from scenarios.backendai_agent.spec import AgentManagerSpec


@dataclass
class SharedManager:
    """One manager (process runtime, as the guide runs it) in a stack of its own."""

    stack: Stack
    bootstrap: Bootstrap
    #: how many times a scenario found it gone or mute and it was started again
    restarts: int = 0

    def ready(self) -> Service:
        """The manager, running and answering the agents query (started or restarted if not)."""
        manager = self.stack.services.get(MANAGER)
        if manager is None:
            self.bootstrap.reset()
            boot = self.bootstrap
            return self.stack.add(AgentManagerSpec(boot.venv, boot.deps, boot.keys), MANAGER)
        if manager.is_running() and agent_status(manager)[0] is not None:
            return manager
        self.restarts += 1
        self.stack.timeline.mark(MANAGER, "restart", "gone or not answering the agents query")
        manager.restart()
        return manager
