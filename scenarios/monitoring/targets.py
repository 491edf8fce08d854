"""The Backend.AI manager as a scrape target: one per runtime for the session, a host process
(as the guide runs it) over the session halfstack, bootstrapped by the manager's catalog fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from faultbook.fixtures import close_and_check, restore, run_state
from faultbook.runtime.base import Service
from faultbook.services.registry import spec_for
from faultbook.stack import Stack
from scenarios.backendai.bootstrap import Bootstrap
from scenarios.backendai.service import ManagerSpec

#: bound of the manager's start (seconds): its start time is not judged here, and a loaded
#: machine slows its imports past the default bound
MANAGER_START = 240.0


@pytest.fixture(scope="session")
def scraped_manager(request: pytest.FixtureRequest, runtime: str, halfstack: Stack,
                    backendai_bootstrap: Bootstrap) -> Iterator[Service]:
    """One manager for the runtime's monitoring scenarios, beside the session halfstack."""
    state = run_state(request.config)
    settings = state.settings.with_(start_timeout=max(state.settings.start_timeout, MANAGER_START))
    restore(halfstack)
    boot = backendai_bootstrap
    logs = state.run_dir / "stacks" / f"monitoring-manager-{runtime}" / "logs"
    stack = Stack(settings, "process", logs, kinds=spec_for)
    try:
        yield stack.add(ManagerSpec(boot.venv, boot.deps, boot.keys))
    finally:
        problems = close_and_check(stack, None)
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)
