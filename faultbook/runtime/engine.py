"""The container engine behind the Docker API (Docker or Podman), reached through DOCKER_HOST."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker
import docker.errors

from faultbook.errors import EngineUnreachableError
from faultbook.ownership import LABEL, LABEL_RUN, labels, run_id

ENGINE_ENV_FILE = "engine.env"

#: one number per network this process creates (two stacks of one run never share a name)
_NETWORKS = itertools.count(1)


def docker_host_from_state(state_dir: Path) -> str | None:
    """DOCKER_HOST written by ``python -m faultbook.provision`` into the state dir, if any."""
    path = state_dir / ENGINE_ENV_FILE
    if not path.exists():
        return None
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "DOCKER_HOST" and value.strip():
            return value.strip()
    return None


def engine_env(state_dir: Path) -> dict[str, str]:
    """Every KEY=VALUE of the provisioned engine's env file."""
    path = state_dir / ENGINE_ENV_FILE
    out: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip():
                out[key.strip()] = value.strip()
    return out


def resolve_docker_host(explicit: str | None, state_dir: Path) -> str | None:
    """An explicit DOCKER_HOST, else the provisioned one, else the default socket if present."""
    if explicit:
        return explicit
    provisioned = docker_host_from_state(state_dir)
    if provisioned:
        return provisioned
    if Path("/var/run/docker.sock").exists():
        return "unix:///var/run/docker.sock"
    return None


def prepare_testcontainers_env(docker_host: str) -> None:
    """testcontainers reads its settings from the environment: point it at our engine."""
    os.environ["DOCKER_HOST"] = docker_host
    os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")
    os.environ.setdefault("TESTCONTAINERS_CONNECTION_MODE", "docker_host")


class Engine:
    """A Docker API client plus the suite's networks."""

    def __init__(self, docker_host: str, timeout: float = 30.0) -> None:
        self.docker_host = docker_host
        try:
            self.client = docker.DockerClient(base_url=docker_host, timeout=int(timeout))
            self.client.ping()
        except Exception as exc:
            raise EngineUnreachableError(
                docker_host, f"{type(exc).__name__}: {exc}"[:200]
            ) from None
        prepare_testcontainers_env(docker_host)

    @classmethod
    def probe(cls, docker_host: str | None) -> bool:
        """True when a Docker API answers at ``docker_host``."""
        if not docker_host:
            return False
        try:
            client = docker.DockerClient(base_url=docker_host, timeout=3)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except Exception:
            return False

    def create_network(self, component: str) -> Any:
        """A user-defined network carrying our labels."""
        name = f"faultbook-{run_id()}-{component}-{os.getpid()}-{next(_NETWORKS)}"
        return self.client.networks.create(name, labels=labels(component), check_duplicate=True)

    def ours(self, kind: str, run: str | None = None) -> Iterator[Any]:
        """Our containers or networks, optionally of one run only."""
        filt: dict[str, Any] = {"label": [f"{LABEL}=1"] + ([f"{LABEL_RUN}={run}"] if run else [])}
        for _attempt in range(3):
            try:
                items = (self.client.containers.list(all=True, filters=filt) if kind == "container"
                         else self.client.networks.list(filters=filt))
                break
            except docker.errors.NotFound:  # one was removed while being listed: list again
                continue
        else:
            items = []
        yield from items

    def close(self) -> None:
        """Close the client."""
        with contextlib.suppress(Exception):
            self.client.close()

    def image_exists(self, image: str) -> bool:
        """True when ``image`` is present locally."""
        try:
            self.client.images.get(image)
            return True
        except docker.errors.ImageNotFound:
            return False
