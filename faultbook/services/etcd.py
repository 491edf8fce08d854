"""etcd 3.4, a single member."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from faultbook.observe.probes import CommandProbe, Probe
from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec


class EtcdSpec(ServiceSpec):
    """The halfstack's etcd."""

    kind = "etcd"
    container_ports = {"client": 2379, "peer": 2380}
    main_port = "client"
    ready_pattern = r"ready to serve client requests"
    binaries = {"etcd": "etcd-server", "etcdctl": "etcd-client"}

    @staticmethod
    def _argv(data: str, client: str, peer: str, advertise_client: str) -> list[str]:
        return [
            "etcd",
            "--name",
            "faultbook",
            "--data-dir",
            data,
            "--listen-client-urls",
            client,
            "--advertise-client-urls",
            advertise_client,
            "--listen-peer-urls",
            peer,
            "--initial-advertise-peer-urls",
            peer.replace("0.0.0.0", "127.0.0.1"),
            "--initial-cluster",
            f"faultbook={peer.replace('0.0.0.0', '127.0.0.1')}",
            "--initial-cluster-state",
            "new",
        ]

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        client = f"http://127.0.0.1:{ports['client']}"
        return Launch(
            self._argv(str(data_dir / "etcd"), client, f"http://127.0.0.1:{ports['peer']}", client)
        )

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        return Launch(
            self._argv(
                "/var/lib/faultbook-etcd",
                "http://0.0.0.0:2379",
                "http://0.0.0.0:2380",
                f"http://127.0.0.1:{host_ports['client']}",
            )
        )

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [
            CommandProbe(
                ["etcdctl", "--endpoints", endpoint.url(), "endpoint", "health"],
                name="etcdctl endpoint health",
                timeout=8,
                expect=r"is healthy",
                env={"ETCDCTL_API": "3"},
            )
        ]
