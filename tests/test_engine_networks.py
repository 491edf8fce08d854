"""Two stacks of one process (a session halfstack and a system's own stack) get networks of their
own: the names never collide."""

from __future__ import annotations

import pytest

from faultbook.config import Settings
from faultbook.runtime.engine import Engine, resolve_docker_host


def test_two_networks_of_one_process_have_distinct_names() -> None:
    settings = Settings.from_env()
    host = resolve_docker_host(settings.docker_host, settings.state_dir)
    if not host or not Engine.probe(host):
        pytest.skip("no container engine: run python -m faultbook.provision")
    engine = Engine(host)
    first = engine.create_network("stack")
    try:
        second = engine.create_network("stack")
        try:
            assert first.name != second.name
        finally:
            second.remove()
    finally:
        first.remove()
