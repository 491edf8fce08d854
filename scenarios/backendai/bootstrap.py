"""Preparing a halfstack for the manager once (database, schema, fixtures, etcd config), and
resetting its database between scenarios from a template in a fraction of a second."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

from faultbook.errors import ServiceStartError
from scenarios.backendai.service import TEMPLATES, Dependencies, render

TEMPLATE_DB = "backend_tmpl"


class Bootstrap:
    """Runs the manager's own CLI against a halfstack; logs every command's output."""

    def __init__(self, venv: Path, deps: Dependencies, work: Path) -> None:
        self.venv = venv
        self.deps = deps
        self.work = work
        self.keys = work / "rpc-keys"
        self.log = work / "bootstrap.log"
        self.steps: dict[str, float] = {}

    def _conn(self, dbname: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(host="127.0.0.1", port=self.deps.db_port, user="postgres",
                               dbname=dbname, autocommit=True, connect_timeout=10)

    def _cli(self, name: str, *args: str) -> None:
        import time

        start = time.monotonic()
        argv = [str(self.venv / "bin" / "backend.ai"), "mgr", *args]
        done = subprocess.run(argv, cwd=self.work, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL, timeout=300,
                              env={"PATH": "/usr/bin:/bin", "DOCKER_HOST": f"unix://{self.work}/none.sock",
                                   "HOME": str(self.work)})
        self.steps[name] = round(time.monotonic() - start, 3)
        with self.log.open("a") as fh:
            fh.write(f"$ {' '.join(argv)}\n{done.stdout}{done.stderr}(exit {done.returncode})\n")
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise ServiceStartError("manager", f"bootstrap step {name!r} failed with exit "
                                    f"{done.returncode}; see {self.log.name}", tail)

    def _file(self, template: str) -> Path:
        path = self.work / template
        path.write_text(render(template, db_port=self.deps.db_port, redis_port=self.deps.redis_port,
                               etcd_port=self.deps.etcd_port, work=self.work, keys=self.keys,
                               api_port=1, internal_port=1, termui_port=1, webui_port=1, metric_port=1))
        return path

    def run(self) -> None:
        """Database, keys, etcd config, schema, fixtures, then the template database."""
        self.work.mkdir(parents=True, exist_ok=True)
        with self._conn() as conn:
            conn.execute("ALTER USER postgres PASSWORD 'develove'")
            conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE_DB}")
            conn.execute("DROP DATABASE IF EXISTS backend WITH (FORCE)")
            conn.execute("CREATE DATABASE backend OWNER postgres")
        config = self._file("manager.toml")
        for name in ("etcd.config.json", "etcd.volumes.json", "fixture-users.json", "alembic.ini"):
            self._file(name)
        self.keys.mkdir(parents=True, exist_ok=True)
        self._cli("generate-rpc-keypair", "generate-rpc-keypair", str(self.keys), "manager")
        self._cli("generate-rpc-keypair agent", "generate-rpc-keypair", str(self.keys), "agent")
        with ThreadPoolExecutor(2) as pool:  # etcd seeding and the schema are independent
            seeds = pool.submit(self._seed_etcd, config)
            self._cli("schema oneshot", "-f", str(config), "schema", "oneshot", "-f",
                      str(self.work / "alembic.ini"))
            seeds.result()
        self._cli("fixture populate", "-f", str(config), "fixture", "populate",
                  str(self.work / "fixture-users.json"))
        with self._conn("backend") as conn:
            # keypairs.dotfiles is bytea, which the JSON loader cannot feed
            conn.execute((TEMPLATES / "fixture-keypair.sql").read_text())
            conn.execute((TEMPLATES / "resource-slot-types.sql").read_text())  # for agents
        with self._conn() as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE_DB} TEMPLATE backend")

    def _seed_etcd(self, config: Path) -> None:
        self._cli("etcd put-json config", "-f", str(config), "etcd", "put-json", "config",
                  str(self.work / "etcd.config.json"))
        self._cli("etcd put-json volumes", "-f", str(config), "etcd", "put-json", "volumes",
                  str(self.work / "etcd.volumes.json"))

    def reset(self) -> None:
        """Recreate the manager's database from the template (no manager may be connected)."""
        with self._conn() as conn:
            conn.execute("DROP DATABASE IF EXISTS backend WITH (FORCE)")
            conn.execute(f"CREATE DATABASE backend TEMPLATE {TEMPLATE_DB}")
