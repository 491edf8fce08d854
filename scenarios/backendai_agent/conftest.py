"""The agent's fixtures: its Python environment, and a fresh lab per scenario (the manager's
database reset, a manager the agent registers with, the suite's socket in front of the engine)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from faultbook.faults.sockproxy import UnixSocketProxy
from faultbook.fixtures import close_and_check, run_state
from faultbook.provision.pyenv import ensure_backendai_agent
from faultbook.report.record import TestRecord, safe_name
from faultbook.runtime.engine import resolve_docker_host
from faultbook.stack import Stack
from scenarios.backendai.bootstrap import Bootstrap
from scenarios.backendai.conftest import backendai_bootstrap, backendai_venv
from scenarios.backendai_agent.lab import AgentLab

__all__ = ["agent_lab", "agent_venv", "backendai_bootstrap", "backendai_venv"]  # the manager's, shared

#: the agent prepares its kernel-runner volume and images on a cold start: give it time
START_TIMEOUT = 240.0


@pytest.fixture(scope="session")
def agent_venv(request: pytest.FixtureRequest) -> Path:
    """The Python 3.13 environment with the agent (created once, cached)."""
    return ensure_backendai_agent(run_state(request.config).settings.state_dir)


@pytest.fixture
def agent_lab(request: pytest.FixtureRequest, halfstack: Stack, backendai_bootstrap: Bootstrap,
              agent_venv: Path, record: TestRecord) -> Iterator[AgentLab]:
    """Manager (ready) and agent (created) as host processes over the shared halfstack."""
    for service in halfstack.services.values():  # a scenario before may have stopped one
        if not service.is_running():
            service.start()
    backendai_bootstrap.reset()
    state = run_state(request.config)
    settings = state.settings.with_(start_timeout=max(state.settings.start_timeout, START_TIMEOUT))
    logs = state.run_dir / "stacks" / safe_name(f"{request.node.nodeid}-agent") / "logs"
    stack = Stack(settings, "process", logs)
    record.attach(halfstack.timeline, halfstack.probes, halfstack.sampler)
    record.attach(stack.timeline, stack.probes, stack.sampler)
    host = resolve_docker_host(settings.docker_host, settings.state_dir) or ""
    if not host.startswith("unix://"):
        pytest.fail(f"the agent needs a container engine on a Unix socket, DOCKER_HOST is {host!r}: "
                    "run `python -m faultbook.provision` or set DOCKER_HOST=unix://...", pytrace=False)
    proxy = UnixSocketProxy(stack.timeline, stack.ctx.data_dir / "engine.sock",
                            Path(host.removeprefix("unix://"))).start()
    lab = AgentLab(halfstack, backendai_bootstrap, stack, agent_venv, proxy,
                   docker.DockerClient(base_url=host), record)
    try:
        lab.start_manager()
        yield lab
    finally:
        if "agent" in stack.services and stack["agent"].is_running():
            stack["agent"].stop()
        record.facts["engine_objects_removed"] = lab.close()
        for service in halfstack.services.values():
            if not service.is_running():
                service.start()
        problems = close_and_check(stack, record)
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)


#: why the agent's catalog runs only when asked for
OPT_IN = ("the agent catalog is opt-in (2-5 min a scenario, a cold agent start prepares its "
          "kernel-runner volume): select it with -k agent, --scenario agent-..., or FAULTBOOK_AGENT=1")


def agent_selected(config: pytest.Config) -> bool:
    """True when the run names the agent: ``-k`` or ``--scenario`` mention it, or FAULTBOOK_AGENT=1."""
    keyword = str(config.getoption("keyword", "") or "")
    scenarios = " ".join(config.getoption("--scenario", None) or [])
    return (os.environ.get("FAULTBOOK_AGENT") == "1" or "agent" in keyword
            or "agent" in scenarios)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the agent's entries (with the reason, listed in the run summary) unless selected."""
    if agent_selected(config):
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=OPT_IN))
