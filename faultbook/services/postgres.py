"""PostgreSQL 15: initdb once, then postgres in the foreground logging to stderr."""

from __future__ import annotations

import shutil
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

from faultbook.errors import ServiceStartError
from faultbook.observe.probes import CommandProbe, Probe
from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec

CONTAINER_BIN = "/usr/lib/postgresql/15/bin"
CONTAINER_DATA = "/var/lib/postgresql/faultbook"


class PostgresSpec(ServiceSpec):
    """The halfstack database (trust auth, user postgres, as Backend.AI's halfstack uses it)."""

    kind = "postgres"
    container_ports = {"client": 5432}
    main_port = "client"
    ready_pattern = r"database system is ready to accept connections"
    stop_signal = signal.SIGINT  # "fast" shutdown, what pg_ctl -m fast sends

    def __init__(
        self,
        pg_bin: Path = Path("/usr/lib/postgresql/15/bin"),
        extra_settings: Mapping[str, str] | None = None,
    ) -> None:
        self.pg_bin = pg_bin
        self.extra = dict(extra_settings or {"max_connections": "200"})
        self.binaries = {
            str(pg_bin / "postgres"): "postgresql-15",
            str(pg_bin / "initdb"): "postgresql-15",
            "pg_isready": "postgresql-client-15",
        }

    def _settings(self) -> list[str]:
        return [arg for key, value in self.extra.items() for arg in ("-c", f"{key}={value}")]

    def prepare_process(self, data_dir: Path, ports: Mapping[str, int]) -> None:
        shutil.chown(data_dir, "postgres", "postgres")
        done = subprocess.run(
            [
                str(self.pg_bin / "initdb"),
                "-D",
                str(data_dir / "pgdata"),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            user="postgres",
            capture_output=True,
            cwd=data_dir,
            check=False,
        )
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
            raise ServiceStartError("postgres", f"initdb failed with exit {done.returncode}", tail)

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        return Launch(
            [
                str(self.pg_bin / "postgres"),
                "-D",
                str(data_dir / "pgdata"),
                "-p",
                str(ports["client"]),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={data_dir}",
                *self._settings(),
            ],
            user="postgres",
            config_files=(data_dir / "pgdata" / "postgresql.conf", data_dir / "pgdata" / "pg_hba.conf"),
        )

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        settings = " ".join(self._settings())
        script = (
            f"set -e; D={CONTAINER_DATA}; "
            f'if [ ! -s "$D/PG_VERSION" ]; then {CONTAINER_BIN}/initdb -D "$D" -U postgres '
            "--auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null; "
            "echo 'host all all 0.0.0.0/0 trust' >> \"$D/pg_hba.conf\"; fi; "
            f'exec {CONTAINER_BIN}/postgres -D "$D" -p 5432 -c "listen_addresses=*" '
            f"-c unix_socket_directories=/tmp {settings}"
        )
        return Launch(["bash", "-c", script], user="postgres",
                      config_files=(Path(CONTAINER_DATA) / "postgresql.conf",
                                    Path(CONTAINER_DATA) / "pg_hba.conf"))

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [
            CommandProbe(
                ["pg_isready", "-h", endpoint.host, "-p", str(endpoint.port), "-U", "postgres"],
                name="pg_isready",
                timeout=5,
            )
        ]
