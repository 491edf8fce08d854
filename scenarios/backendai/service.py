"""How the manager runs: a host process started the way the guide starts it, its ports, its
ready line and its health probes."""

from __future__ import annotations

import signal
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from faultbook.errors import ConfigError
from faultbook.observe.probes import HttpProbe, Probe
from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec

TEMPLATES = Path(__file__).parent / "templates"


def render(template: str, **values: object) -> str:
    """Fill ``{name}`` placeholders of a template of this folder."""
    text = (TEMPLATES / template).read_text()
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


@dataclass(frozen=True)
class Dependencies:
    """Where the halfstack answers."""

    db_port: int
    redis_port: int
    etcd_port: int


class ManagerSpec(ServiceSpec):
    """``backend.ai mgr start-server -f manager.toml --log-level=DEBUG`` in a session of its own."""

    kind = "manager"
    container_ports = {"api": 8081, "internal": 8080, "termui": 0, "webui": 0, "metric": 0}
    main_port = "api"
    ready_pattern = r"INFO ai\.backend\.manager\.server \[\d+\] started handling API requests at "
    stop_signal = signal.SIGTERM
    sentinel = True

    def __init__(self, venv: Path, deps: Dependencies, keys_dir: Path) -> None:
        self.venv = venv
        self.deps = deps
        self.keys_dir = keys_dir
        self.binaries = {}

    @property
    def cli(self) -> Path:
        """The backend.ai command."""
        return self.venv / "bin" / "backend.ai"

    def config(self, work: Path, ports: Mapping[str, int]) -> str:
        """manager.toml for these ports."""
        return render("manager.toml", db_port=self.deps.db_port, etcd_port=self.deps.etcd_port,
                      work=work, keys=self.keys_dir, api_port=ports["api"],
                      internal_port=ports["internal"], termui_port=ports["termui"],
                      webui_port=ports["webui"], metric_port=ports["metric"])

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        (data_dir / "ipc").mkdir(parents=True, exist_ok=True)
        config = data_dir / "manager.toml"
        config.write_text(self.config(data_dir, ports))
        return Launch(
            [str(self.cli), "mgr", "start-server", "-f", str(config), "--log-level=DEBUG"],
            # the manager insists on a DOCKER_HOST; one that leads nowhere keeps it off any engine
            env={"DOCKER_HOST": f"unix://{data_dir}/no-docker.sock", "PYTHONUNBUFFERED": "1"},
            config_files=(config,),
        )

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        raise ConfigError("the Backend.AI manager runs as a host process, as the guide starts it: "
                          "use the process runtime for it (its halfstack may run in containers)")

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [HttpProbe(endpoint.url(path="/server/version"), timeout=5, name="GET /server/version"),
                HttpProbe(endpoint.url(path="/"), timeout=5, name="GET /")]
