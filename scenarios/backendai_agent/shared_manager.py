"""The manager the agent registers with, shared by every agent scenario of one runtime: started
once over the halfstack (its database reset from the template first), and started again before a
scenario when the one before ended it or left it unable to answer the agents query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from faultbook.checks.log_quality import placeholders
from faultbook.errors import ConfigError
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
            quotable_keys(self.bootstrap)
            self.bootstrap.reset()
            boot = self.bootstrap
            return self.stack.add(AgentManagerSpec(boot.venv, boot.deps, boot.keys), MANAGER)
        if manager.is_running() and agent_status(manager)[0] is not None:
            return manager
        self.restarts += 1
        self.stack.timeline.mark(MANAGER, "restart", "gone or not answering the agents query")
        manager.restart()
        return manager


#: how many key pairs to draw before giving up
KEY_DRAWS = 20


def public_key(cert: Path) -> str:
    """The Z85 public key of a ZeroMQ CURVE certificate file."""
    found = re.search(r'public-key = "(.*)"', cert.read_text())
    return found.group(1) if found else ""


def quotable_keys(bootstrap: Bootstrap) -> int:
    """The agent prints both RPC public keys in its 'RPC encryption and authentication is
    enabled' line. A random Z85 key may hold '%s' or '{}', which the placeholder check reads as
    a format slot: the suite's key pairs are drawn again until neither looks like one. Returns
    how many pairs were drawn again."""
    drawn = 0
    for who in ("manager", "agent"):
        cert = bootstrap.keys / f"{who}.key"
        while placeholders(f"{who}_public_key = '{public_key(cert)}'"):
            if drawn >= KEY_DRAWS:
                raise ConfigError(f"{KEY_DRAWS} RPC key pairs in {bootstrap.keys} all looked like "
                                  "format placeholders: remove the folder and run again")
            for old in bootstrap.keys.glob(f"{who}.key*"):
                old.unlink()
            bootstrap._cli(f"generate-rpc-keypair {who}", "generate-rpc-keypair",
                           str(bootstrap.keys), who)
            drawn += 1
    return drawn
