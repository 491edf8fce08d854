"""The agent's fixtures: its Python environment, the manager it registers with (one per runtime,
started again when a scenario left it gone or mute), and a fresh lab per scenario (the agent in a
stack of its own, the suite's socket in front of the engine)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from faultbook.config import Settings
from faultbook.faults.sockproxy import UnixSocketProxy
from faultbook.fixtures import close_and_check, restore, run_state
from faultbook.observe.engine_events import EngineObject, remove
from faultbook.provision.pyenv import ensure_backendai_agent
from faultbook.report.record import TestRecord, safe_name
from faultbook.runtime.engine import resolve_docker_host
from faultbook.stack import Stack
from scenarios.backendai.bootstrap import Bootstrap
from scenarios.backendai.conftest import backendai_bootstrap, backendai_venv
from scenarios.backendai_agent.lab import AgentLab
from scenarios.backendai_agent.shared_manager import SharedManager

#: the manager's fixtures are shared
__all__ = ["agent_lab", "agent_manager", "agent_venv", "agent_warm_objects", "backendai_bootstrap",
           "backendai_venv"]

#: the agent prepares its kernel-runner volume and images on a cold start, and a busy machine
#: slows the manager's start to a minute: give both time
START_TIMEOUT = 240.0


def slow_starts(settings: Settings) -> Settings:
    """``settings`` with a start bound of at least ``START_TIMEOUT``."""
    return settings.with_(start_timeout=max(settings.start_timeout, START_TIMEOUT))


@pytest.fixture(scope="session")
def agent_venv(request: pytest.FixtureRequest) -> Path:
    """The Python 3.13 environment with the agent (created once, cached)."""
    return ensure_backendai_agent(run_state(request.config).settings.state_dir)


@pytest.fixture(scope="session")
def agent_manager(request: pytest.FixtureRequest, runtime: str, halfstack: Stack,
                  backendai_bootstrap: Bootstrap) -> Iterator[SharedManager]:
    """The manager every agent scenario of this runtime registers with (a stack of its own)."""
    state = run_state(request.config)
    logs = state.run_dir / "stacks" / f"agent-manager-{runtime}" / "logs"
    shared = SharedManager(Stack(slow_starts(state.settings), "process", logs), backendai_bootstrap)
    try:
        yield shared
    finally:
        problems = close_and_check(shared.stack, None)
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def agent_warm_objects(request: pytest.FixtureRequest, runtime: str) -> Iterator[list[EngineObject]]:
    """The volumes and images this runtime's agents created through the engine (recorded from
    its events): kept between scenarios, so only the runtime's first agent starts cold; then
    exactly these are removed."""
    kept: list[EngineObject] = []
    try:
        yield kept
    finally:
        settings = run_state(request.config).settings
        host = resolve_docker_host(settings.docker_host, settings.state_dir)
        if kept and host:
            client = docker.DockerClient(base_url=host)
            try:
                remove(client, kept)
            finally:
                client.close()


@pytest.fixture
def agent_lab(request: pytest.FixtureRequest, halfstack: Stack, agent_manager: SharedManager,
              agent_warm_objects: list[EngineObject], agent_venv: Path,
              record: TestRecord) -> Iterator[AgentLab]:
    """The shared manager (ready) and the agent (created) as host processes over the shared
    halfstack; the agent in a stack of the test's own."""
    restore(halfstack)  # a scenario before may have stopped one
    state = run_state(request.config)
    settings = slow_starts(state.settings)
    logs = state.run_dir / "stacks" / safe_name(f"{request.node.nodeid}-agent") / "logs"
    stack = Stack(settings, "process", logs)
    record.attach(halfstack.timeline, halfstack.probes, halfstack.sampler)
    record.attach(agent_manager.stack.timeline, agent_manager.stack.probes,
                  agent_manager.stack.sampler)
    record.attach(stack.timeline, stack.probes, stack.sampler)
    manager = agent_manager.ready()
    host = resolve_docker_host(settings.docker_host, settings.state_dir) or ""
    if not host.startswith("unix://"):
        pytest.fail(f"the agent needs a container engine on a Unix socket, DOCKER_HOST is {host!r}: "
                    "run `python -m faultbook.provision` or set DOCKER_HOST=unix://...", pytrace=False)
    proxy = UnixSocketProxy(stack.timeline, stack.ctx.data_dir / "engine.sock",
                            Path(host.removeprefix("unix://"))).start()
    lab = AgentLab(halfstack, agent_manager.bootstrap, manager, stack, agent_venv, proxy,
                   docker.DockerClient(base_url=host), record)
    try:
        lab.watch_manager()
        yield lab
    finally:
        if "agent" in stack.services and stack["agent"].is_running():
            stack["agent"].stop()
        record.facts["engine_objects_removed"] = lab.close(agent_warm_objects)
        record.facts["manager_restarts"] = agent_manager.restarts
        restore(halfstack)
        problems = close_and_check(stack, record)
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)


#: why the agent's catalog runs only when asked for
OPT_IN = ("the agent catalog is opt-in (1-2 min a scenario: an agent takes 20-40 s to start, an "
          "outage is held 30 s and its end watched 30 s): select it with -k agent, --scenario "
          "agent-..., or FAULTBOOK_AGENT=1")


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
