"""What an agent scenario drives: the halfstack, a manager the agent registers with, the agent
(created, not started), the socket proxy it reaches the engine through, the engine's events and
the manager's view of the agent, all recording from the lab's first moment."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import docker

from faultbook.faults.sockproxy import UnixSocketProxy
from faultbook.observe.engine_events import EngineEventRecorder, EngineObject, remove, still_present
from faultbook.observe.supervisor import SupervisorWatch
from faultbook.report.record import TestRecord
from faultbook.runtime.base import Service
from faultbook.stack import Stack
from scenarios.backendai.bootstrap import Bootstrap
from scenarios.backendai.client import signed_request
from scenarios.backendai_agent.spec import GUIDE_COMMAND, AgentSpec, AgentWiring

AGENT = "agent"
MANAGER = "manager"
AGENT_ID = "i-faultbook-agent"
#: what an agent prepares on a cold start and finds again on the next (its kernel-runner volume,
#: the images it loads): kept for the runtime's later scenarios, removed when the runtime ends
WARM = ("volume", "image")
AGENTS_QUERY = json.dumps({"query": "{ agent_list(limit: 10, offset: 0) "
                                    "{ items { id status } total_count } }"}).encode()


def agent_status(manager: Service, agent_id: str = AGENT_ID) -> tuple[str | None, str]:
    """The manager's view of one agent through its API: (status or 'ABSENT', body); (None, why)
    when the manager gave no usable answer."""
    ep = manager.endpoint
    resp = signed_request(ep.host, ep.port, "POST", "/admin/gql", timeout=5.0, body=AGENTS_QUERY,
                          limit=4000)
    if resp.status != 200:
        return None, f"status {resp.status}: {resp.body[:150]}"
    try:
        items = json.loads(resp.body)["data"]["agent_list"]["items"]
    except (ValueError, KeyError, TypeError):
        return None, resp.body[:150]
    status = next((str(i["status"]) for i in items if i.get("id") == agent_id), "ABSENT")
    return status, resp.body[:150]


@dataclass
class AgentLab:
    """The agent's world for one scenario."""

    halfstack: Stack
    bootstrap: Bootstrap
    #: the manager the agent registers with (shared by the runtime's agent scenarios)
    manager: Service
    stack: Stack
    venv: Path
    proxy: UnixSocketProxy
    engine: docker.DockerClient
    record: TestRecord
    recorder: EngineEventRecorder = field(init=False)
    watch: SupervisorWatch | None = None

    def __post_init__(self) -> None:
        self.recorder = EngineEventRecorder(self.engine, self.stack.timeline).start()

    def agent_spec(self, argv: tuple[str, ...] | None = None, log_level: str = "DEBUG") -> AgentSpec:
        """The agent as the guide starts it (or with another command line)."""
        low = self.stack.ctx.ports.allocate()  # kernel ports: never used without a session
        wiring = AgentWiring(self.bootstrap.deps.etcd_port, self.bootstrap.keys,
                             self.proxy.docker_host, (low, low))
        return AgentSpec(self.venv, wiring, AGENT_ID, argv or GUIDE_COMMAND, log_level)

    def watch_manager(self) -> SupervisorWatch:
        """The watch of the manager's view of the agent (polling from now on)."""
        manager = self.manager
        self.watch = SupervisorWatch(self.stack.timeline, "manager-view",
                                     lambda: agent_status(manager), interval=1.0).start()
        return self.watch

    @property
    def system(self) -> Service:
        """The agent (a fault target: created on first use, not started)."""
        return self.agent()

    def service(self, name: str) -> Service:
        """A halfstack service or one of the lab's own (manager, agent) by component name."""
        if name == MANAGER:
            return self.manager
        return self.halfstack[name] if name in self.halfstack.services else self.stack[name]

    def agent(self, spec: AgentSpec | None = None) -> Service:
        """The agent service (created on first use, not started)."""
        if AGENT not in self.stack.services:
            self.stack.add(spec or self.agent_spec(), AGENT, start=False)
        return self.stack[AGENT]

    def created(self) -> list[EngineObject]:
        """What the agent created through the engine so far (by the engine's events)."""
        return self.recorder.created_by(self.proxy)

    def left_behind(self) -> dict[str, str]:
        """Which of the agent's creations the engine still has."""
        return still_present(self.engine, self.created())

    def close(self, kept: list[EngineObject]) -> list[str]:
        """Stop watching, remove exactly what the agent created, close the proxy. Its volumes
        and images go into ``kept`` instead (the runtime's next agent starts warm with them)."""
        if self.watch is not None:
            self.watch.stop()
        self.recorder.stop()
        created = self.created()
        kept.extend(o for o in created if o.kind in WARM and o not in kept)
        removed = remove(self.engine, [o for o in created if o.kind not in WARM])
        self.proxy.close()
        self.engine.close()
        return removed
