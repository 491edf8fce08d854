"""Choosing a runtime: auto means container when a Docker API answers, else process."""

from __future__ import annotations

from faultbook.config import Settings
from faultbook.errors import EngineUnreachableError, UnknownRuntimeError
from faultbook.runtime.engine import Engine, resolve_docker_host


def choose_runtime(settings: Settings) -> str:
    """'container' or 'process' for the given settings."""
    if settings.runtime == "process":
        return "process"
    host = resolve_docker_host(settings.docker_host, settings.state_dir)
    if settings.runtime == "container":
        if not host:
            raise EngineUnreachableError("(no DOCKER_HOST)", "no Docker API socket found")
        if not Engine.probe(host):
            raise EngineUnreachableError(host, "no answer to /_ping")
        return "container"
    if settings.runtime == "auto":
        return "container" if Engine.probe(host) else "process"
    raise UnknownRuntimeError(settings.runtime)
