"""Prometheus and node-exporter from Debian, as the guide's monitoring stack (§4.2) runs them.

Both run as the ``prometheus`` user (as Debian's units run them) and bind 127.0.0.1 on ports the
suite allocated; in a container they share the host's network, so one configuration scrapes the
same 127.0.0.1 targets in either runtime.
"""

from __future__ import annotations

import json
import os
import pwd
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from faultbook.observe.probes import HttpProbe, Probe
from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec
from scenarios.monitoring.guide import guide_probes

USER = "prometheus"
#: a root-owned directory every Debian root fs has: unwritable for the prometheus user
CONTAINER_READONLY = "/srv"
CONTAINER_STORAGE = "/var/lib/prometheus/faultbook"
CONTAINER_CONFIG = "/tmp/faultbook-prometheus.yml"


@dataclass(frozen=True)
class ScrapeTarget:
    """One scrape job with one target on 127.0.0.1."""

    job: str
    port: int
    metrics_path: str = "/metrics"
    #: the job's own scrape interval (None: the global one); its timeout is half of it
    interval: float | None = None

    @property
    def instance(self) -> str:
        """The instance label Prometheus gives it."""
        return f"127.0.0.1:{self.port}"


def _chown(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)


class PrometheusSpec(ServiceSpec):
    """``prometheus --config.file --storage.tsdb.path --web.listen-address``."""

    kind = "prometheus"
    container_ports = {"web": 9090}
    main_port = "web"
    ready_pattern = r'msg="Server is ready to receive web requests\."'
    binaries = {"prometheus": "prometheus"}
    host_network = True

    def __init__(self, scrape_interval: float = 2.0) -> None:
        self.scrape_interval = scrape_interval
        self.targets: list[ScrapeTarget] = []
        #: False points the storage at a directory the prometheus user cannot write
        self.storage_writable = True

    def scrape(self, target: ScrapeTarget) -> None:
        """Add a target (before the start that should scrape it)."""
        self.targets.append(target)

    @staticmethod
    def _timing(interval: float) -> dict[str, str]:
        return {"scrape_interval": f"{int(interval * 1000)}ms",
                "scrape_timeout": f"{int(interval * 500)}ms"}

    def config(self) -> str:
        """prometheus.yml (JSON is YAML): one job per target."""
        return json.dumps({
            "global": {**self._timing(self.scrape_interval),
                       "evaluation_interval": f"{int(self.scrape_interval * 1000)}ms"},
            "scrape_configs": [{"job_name": t.job, "metrics_path": t.metrics_path,
                                **(self._timing(t.interval) if t.interval else {}),
                                "static_configs": [{"targets": [t.instance]}]}
                               for t in self.targets],
        }, indent=1)

    @staticmethod
    def _argv(config: str, storage: str, port: int) -> list[str]:
        return ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={storage}",
                f"--web.listen-address=127.0.0.1:{port}"]

    def storage_dir(self, data_dir: Path) -> Path:
        """The storage directory of a host process (created on launch)."""
        return data_dir / ("tsdb" if self.storage_writable else "tsdb-readonly")

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        config = data_dir / "prometheus.yml"
        config.write_text(self.config())
        storage = self.storage_dir(data_dir)
        storage.mkdir(exist_ok=True)
        if self.storage_writable:
            _chown(storage, USER)
        else:
            os.chmod(storage, 0o555)
        return Launch(self._argv(str(config), str(storage), ports["web"]), user=USER)

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        storage = CONTAINER_STORAGE if self.storage_writable else CONTAINER_READONLY
        argv = self._argv(CONTAINER_CONFIG, storage, host_ports["web"])
        script = f'printf "%s" "$FAULTBOOK_PROMETHEUS_CONFIG" > {CONTAINER_CONFIG} && exec "$@"'
        return Launch(["sh", "-c", script, "sh", *argv],
                      env={"FAULTBOOK_PROMETHEUS_CONFIG": self.config()}, user=USER)

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [HttpProbe(endpoint.url(path="/-/ready"), timeout=5, name="GET /-/ready"),
                *guide_probes(endpoint.url().rstrip("/"))]


class NodeExporterSpec(ServiceSpec):
    """``prometheus-node-exporter --web.listen-address``."""

    kind = "node-exporter"
    container_ports = {"web": 9100}
    main_port = "web"
    ready_pattern = r'msg="Listening on" address=127\.0\.0\.1:\d+'
    binaries = {"prometheus-node-exporter": "prometheus-node-exporter"}
    host_network = True

    @staticmethod
    def _launch(port: int) -> Launch:
        return Launch(["prometheus-node-exporter", f"--web.listen-address=127.0.0.1:{port}"],
                      user=USER)

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        return self._launch(ports["web"])

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        return self._launch(host_ports["web"])

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [HttpProbe(endpoint.url(path="/metrics"), timeout=5, name="GET /metrics")]
