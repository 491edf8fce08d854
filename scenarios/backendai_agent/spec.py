"""The Backend.AI agent as a service spec: a host process started the way the guide starts it.

Guide §2.1: ``./backend.ai ag --log-level=DEBUG start-server``, which reads ``./agent.toml``: the
suite writes it into the agent's data dir (its working directory). The agent reaches the
container engine only through the socket the suite gives it (``DOCKER_HOST``), the ``docker``
CLI it runs included.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from faultbook.errors import ConfigError
from faultbook.observe.probes import HttpProbe, Probe
from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec
from scenarios.backendai.service import ManagerSpec

TEMPLATE = Path(__file__).with_name("agent.toml")
#: seconds between the agent's heartbeats, and the manager's timeout before it calls one LOST
HEARTBEAT_INTERVAL = 1.0
HEARTBEAT_TIMEOUT = 6.0
#: guide §2.1, after ``./backend.ai``
GUIDE_COMMAND = ("ag", "--log-level=DEBUG", "start-server")


@dataclass(frozen=True)
class AgentWiring:
    """What the agent is pointed at: etcd, the RPC keys, the engine socket, its kernel ports."""

    etcd_port: int
    keys_dir: Path
    docker_host: str
    container_ports: tuple[int, int]


class AgentSpec(ServiceSpec):
    """``backend.ai ag --log-level=DEBUG start-server`` in a session of its own."""

    kind = "agent"
    container_ports = {"internal": 0, "rpc": 0, "sock": 0, "termui": 0, "webui": 0, "metadata": 0}
    main_port = "internal"
    sentinel = True
    ready_pattern = r" INFO ai\.backend\.agent\.server \[\d+\] Started the agent service\.$"

    def __init__(self, venv: Path, wiring: AgentWiring, agent_id: str = "i-faultbook-agent",
                 argv: Sequence[str] = GUIDE_COMMAND, log_level: str = "DEBUG") -> None:
        self.venv = venv
        self.wiring = wiring
        self.agent_id = agent_id
        self.argv = tuple(argv)
        self.log_level = log_level
        self.binaries = {}

    @property
    def cli(self) -> Path:
        """The backend.ai command."""
        return self.venv / "bin" / "backend.ai"

    def config(self, work: Path, ports: Mapping[str, int]) -> str:
        """agent.toml for these ports, every path inside ``work``."""
        w = self.wiring
        values = {"etcd_port": w.etcd_port, "keys": w.keys_dir, "work": work, "agent_id": self.agent_id,
                  "rpc_port": ports["rpc"], "internal_port": ports["internal"],
                  "sock_port": ports["sock"], "termui_port": ports["termui"],
                  "webui_port": ports["webui"], "metadata_port": ports["metadata"],
                  "container_low": w.container_ports[0], "container_high": w.container_ports[1],
                  "heartbeat_interval": HEARTBEAT_INTERVAL, "log_level": self.log_level}
        text = TEMPLATE.read_text()
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        return text

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        (data_dir / "agent.toml").write_text(self.config(data_dir, ports))
        path = os.pathsep.join([str(self.venv / "bin"), os.environ.get("PATH", "/usr/bin:/bin")])
        return Launch([str(self.cli), *self.argv],
                      env={"DOCKER_HOST": self.wiring.docker_host, "PATH": path,
                           "PYTHONUNBUFFERED": "1"})

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        raise ConfigError("the Backend.AI agent runs as a host process, as the guide starts it: "
                          "use the process runtime for it (its halfstack may run in containers)")

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [AgentHealthProbe(endpoint)]


class AgentHealthProbe(HttpProbe):
    """The agent's internal ``GET /health``: it always answers 200, its body says ``"status":
    "ok"`` or ``"degraded"``; healthy means both."""

    NAME = "GET /health"

    def __init__(self, endpoint: Endpoint, timeout: float = 5.0) -> None:
        super().__init__(endpoint.url(path="/health"), timeout, name=self.NAME)

    def _check(self) -> tuple[bool, str, int | None]:
        ok, body, status = super()._check()
        return ok and '"status": "ok"' in body, body, status


class AgentManagerSpec(ManagerSpec):
    """The manager an agent registers with: the same, with a short heartbeat timeout."""

    def config(self, work: Path, ports: Mapping[str, int]) -> str:
        text = super().config(work, ports)
        if "heartbeat-timeout = 40.0" not in text:
            raise ConfigError("manager.toml no longer sets heartbeat-timeout = 40.0: update "
                              "AgentManagerSpec to the template")
        return text.replace("heartbeat-timeout = 40.0", f"heartbeat-timeout = {HEARTBEAT_TIMEOUT}")
