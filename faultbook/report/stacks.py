"""Stacks the suite started, read from their manifests in the state dir (see Stack.manifest())."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from faultbook.errors import ConfigError
from faultbook.runtime.engine import Engine, resolve_docker_host

#: endpoint names tried in order for a service's main endpoint
MAIN_ENDPOINTS = ("api", "client")


def manifests_dir(state_dir: Path) -> Path:
    """Where running stacks keep their manifests."""
    return state_dir / "stacks"


def load_manifests(state_dir: Path, runtime: str | None = None) -> list[dict[str, Any]]:
    """Every readable manifest (of ``runtime`` when given), oldest first."""
    out = []
    for path in manifests_dir(state_dir).glob("*.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and (runtime is None or data.get("runtime") == runtime):
            out.append(data)
    out.sort(key=lambda m: float(m.get("updated") or 0))
    return out


def find_stack(ident: str, state_dir: Path, runtime: str | None = None) -> dict[str, Any]:
    """The manifest of stack ``ident`` (or the newest for ``latest``); ConfigError naming the fix."""
    manifests = load_manifests(state_dir, runtime)
    where = manifests_dir(state_dir)
    if not manifests:
        raise ConfigError(
            f"no running stack has a manifest in {where}: start one with the suite "
            "(a test using the `stack` fixture), or name endpoints/containers/log files")
    if ident == "latest":
        return manifests[-1]
    for m in manifests:
        if m.get("id") == ident:
            return m
    known = ", ".join(str(m.get("id")) for m in manifests[-8:])
    raise ConfigError(f"no stack with id {ident!r} in {where}: use --stack latest or one of {known}")


def main_endpoint(service: dict[str, Any]) -> str:
    """A service's client endpoint (``host:port``), or '' when it has none."""
    endpoints = service.get("endpoints") or {}
    for name in MAIN_ENDPOINTS:
        if endpoints.get(name):
            return str(endpoints[name])
    return str(next(iter(endpoints.values()), ""))


@dataclass(frozen=True)
class ProcessState:
    """A process's state as psutil sees it."""

    ok: bool
    detail: str
    info: dict[str, Any]


def process_state(pid: int | None) -> ProcessState:
    """Whether ``pid`` runs, with its command line, state, CPU, RSS and children."""
    if not pid:
        return ProcessState(False, "no pid recorded", {})
    try:
        proc = psutil.Process(int(pid))
        with proc.oneshot():
            info: dict[str, Any] = {
                "pid": proc.pid, "status": proc.status(), "cmdline": proc.cmdline(),
                "create_time": proc.create_time(), "rss": proc.memory_info().rss,
                "num_threads": proc.num_threads(), "username": proc.username(),
            }
        info["children"] = [{"pid": c.pid, "name": c.name()} for c in proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return ProcessState(False, f"pid {pid} is not running", {"pid": pid})
    except psutil.Error as exc:
        return ProcessState(False, f"pid {pid}: {type(exc).__name__}", {"pid": pid})
    ok = info["status"] not in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD, psutil.STATUS_STOPPED)
    return ProcessState(ok, f"pid {pid} {info['status']}", info)


@contextmanager
def engine_for(docker_host: str | None, state_dir: Path) -> Iterator[Engine]:
    """A Docker API client: the given host, else DOCKER_HOST or the provisioned one."""
    host = resolve_docker_host(docker_host, state_dir)
    if host is None:
        raise ConfigError("no Docker API found: set DOCKER_HOST or run `python -m faultbook.provision`")
    engine = Engine(host)
    try:
        yield engine
    finally:
        engine.close()
