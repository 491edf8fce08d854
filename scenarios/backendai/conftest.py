"""The manager's fixtures: its Python environment, its bootstrap over the shared halfstack
(once per runtime), and a fresh lab per scenario with the manager's database reset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from faultbook.fixtures import restore, run_state, system_lab
from faultbook.provision.pyenv import ensure_backendai
from faultbook.report.record import TestRecord
from faultbook.runner import Lab
from faultbook.stack import Stack
from scenarios.backendai.bootstrap import Bootstrap
from scenarios.backendai.service import Dependencies
from scenarios.backendai.spec import BackendAI


@pytest.fixture(scope="session")
def backendai_venv(request: pytest.FixtureRequest) -> Path:
    """The Python 3.13 environment with the manager (created once, cached)."""
    return ensure_backendai(run_state(request.config).settings.state_dir)


@pytest.fixture(scope="session")
def backendai_bootstrap(halfstack: Stack, backendai_venv: Path) -> Bootstrap:
    """Database, schema, fixtures and etcd config for the manager, once per halfstack."""
    deps = Dependencies(halfstack["postgres"].endpoint.port, halfstack["redis"].endpoint.port,
                        halfstack["etcd"].endpoint.port)
    boot = Bootstrap(backendai_venv, deps, halfstack.ctx.data_dir / "backendai")
    boot.run()
    return boot


@pytest.fixture
def backendai_lab(request: pytest.FixtureRequest, halfstack: Stack,
                  backendai_bootstrap: Bootstrap, record: TestRecord) -> Iterator[Lab]:
    """The manager (process runtime, as the guide runs it) over the shared halfstack, its
    database reset from the template first."""
    restore(halfstack)  # a scenario before may have stopped PostgreSQL, which the reset needs
    backendai_bootstrap.reset()
    yield from system_lab(request, record, BackendAI(backendai_bootstrap), halfstack)
