"""The Backend.AI manager as a scrape target: one for the session, over a process halfstack of
its own, bootstrapped with the manager's own CLI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from faultbook.fixtures import close_and_check, run_state
from faultbook.provision.pyenv import ensure_backendai
from faultbook.runtime.base import Service
from faultbook.services.registry import HALFSTACK, spec_for
from faultbook.stack import Stack
from scenarios.backendai.bootstrap import Bootstrap
from scenarios.backendai.service import Dependencies, ManagerSpec

#: bound of the manager's start (seconds): its start time is not judged here, and a loaded
#: machine slows its imports past the default bound
MANAGER_START = 240.0


@pytest.fixture(scope="session")
def scraped_manager(request: pytest.FixtureRequest) -> Iterator[Service]:
    """One manager (a host process) for the session's monitoring scenarios."""
    state = run_state(request.config)
    settings = state.settings.with_(start_timeout=max(state.settings.start_timeout, MANAGER_START))
    stack = Stack(settings, "process", state.run_dir / "stacks" / "monitoring-manager" / "logs",
                  kinds=spec_for)
    try:
        for kind in HALFSTACK:
            stack.add(kind)
        venv = ensure_backendai(state.settings.state_dir)
        deps = Dependencies(stack["postgres"].endpoint.port, stack["redis"].endpoint.port,
                            stack["etcd"].endpoint.port)
        boot = Bootstrap(venv, deps, stack.ctx.data_dir / "backendai")
        boot.run()
        yield stack.add(ManagerSpec(venv, deps, boot.keys))
    finally:
        problems = close_and_check(stack, None)
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)
