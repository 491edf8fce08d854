"""The other systems Prometheus scrapes, reused from their own fixtures: the Backend.AI manager
(``/metrics`` on its internal port, where 26.9.6 serves them) and PyBMP (its metrics port)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from faultbook.fixtures import close_and_check, run_state
from faultbook.provision.pyenv import ensure_backendai
from faultbook.report.record import TestRecord
from faultbook.runtime.base import Service
from faultbook.services.backendai.bootstrap import Bootstrap
from faultbook.services.backendai.spec import Dependencies, ManagerSpec
from faultbook.services.registry import HALFSTACK
from faultbook.stack import Stack
from scenarios.monitoring.services import ScrapeTarget

#: bound of the manager's start (seconds)
MANAGER_START = 240.0


@pytest.fixture(scope="session")
def scraped_manager(request: pytest.FixtureRequest) -> Iterator[Service]:
    """One manager (host process, over a process halfstack) for the session's monitoring tests."""
    state = run_state(request.config)
    # the manager's start time is not judged here; a loaded machine slows its imports past 60 s
    settings = state.settings.with_(start_timeout=max(state.settings.start_timeout, MANAGER_START))
    stack = Stack(settings, "process", state.run_dir / "stacks" / "monitoring-manager" / "logs")
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


def start_manager(request: pytest.FixtureRequest, record: TestRecord) -> tuple[Service, ScrapeTarget]:
    """The session's manager, running and unpaused, recorded in this test."""
    service: Service = request.getfixturevalue("scraped_manager")
    if service.paused:
        service.resume()
    if not service.is_running():
        service.start()
    record.attach(service.timeline, service.ctx.probes)
    return service, ScrapeTarget("manager", service.host_ports["internal"])


def start_pybmp(request: pytest.FixtureRequest) -> tuple[Service, ScrapeTarget]:
    """PyBMP through the BMP fixtures (skipped there when no checkout is configured)."""
    lab = request.getfixturevalue("bmp_lab")
    service: Service = lab.target.service
    return service, ScrapeTarget("pybmp", service.host_ports["metrics"])
