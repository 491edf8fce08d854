"""Redis 7 in the foreground, no persistence."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from faultbook.observe.probes import CommandProbe, Probe
from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec


class RedisSpec(ServiceSpec):
    """The halfstack's Redis."""

    kind = "redis"
    container_ports = {"client": 6379}
    main_port = "client"
    ready_pattern = r"Ready to accept connections"
    binaries = {"redis-server": "redis-server", "redis-cli": "redis-tools"}

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        return Launch(
            [
                "redis-server",
                "--port",
                str(ports["client"]),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(data_dir),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
                "--daemonize",
                "no",
            ]
        )

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        return Launch(
            [
                "redis-server",
                "--port",
                "6379",
                "--bind",
                "0.0.0.0",
                "--dir",
                "/tmp",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
            user="redis",
        )

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [
            CommandProbe(
                ["redis-cli", "-h", endpoint.host, "-p", str(endpoint.port), "PING"],
                name="redis-cli PING",
                timeout=5,
                expect=r"PONG",
            )
        ]
