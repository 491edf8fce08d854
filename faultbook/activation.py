"""When the pytest plugin wakes up, and what it does then.

Installed but unused, faultbook changes nothing in a pytest run. It wakes up when an option names
it (``--runtime``, ``--scenario``, ``--faultbook-reports``, the ``faultbook_runtime`` ini value,
``-p faultbook``): then at configure time, with the JUnit report redirected into the run
folder; or when a test uses it (its ``runtime`` parameter, a ``scenario``/``runtime`` marker, or a
fixture built on the run state): then at that moment, reports left where they were. Waking up
creates the run folder, sweeps what dead runs left, installs the ending-signal handlers and starts
a signal sentinel beside the runner.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from faultbook.config import Settings
from faultbook.errors import FaultbookError
from faultbook.interrupts import Interrupts
from faultbook.observe.signals import RunnerSentinel
from faultbook.session import RunState

RUN_STATE = pytest.StashKey[RunState]()
INTERRUPTS = pytest.StashKey[Interrupts]()
SENTINEL = pytest.StashKey[RunnerSentinel]()
#: the markers that make a test a faultbook test
MARKERS = ("runtime", "scenario")


def named_by_options(config: pytest.Config) -> bool:
    """True when the command line or the ini file names faultbook."""
    plugins = getattr(config.option, "plugins", None) or []
    return bool(config.getoption("--runtime") or config.getoption("--scenario")
                or config.getoption("--faultbook-reports") or config.getini("faultbook_runtime")
                or "faultbook" in plugins or "faultbook.plugin" in plugins)


def is_worker(config: pytest.Config) -> bool:
    """True in an xdist worker (the controller owns signals and reports)."""
    return hasattr(config, "workerinput")


def active(config: pytest.Config) -> RunState | None:
    """The run state when faultbook woke up in this run, else None."""
    return config.stash.get(RUN_STATE, None)


def activate(config: pytest.Config) -> RunState:
    """Wake up (idempotent): run folder, sweep, ending-signal handlers."""
    state = active(config)
    if state is not None:
        return state
    try:
        settings = Settings.from_env()
        option = (config.getoption("--runtime") or config.getini("faultbook_runtime")
                  or os.environ.get("FAULTBOOK_RUNTIME") or "auto")
        reports = Path(config.getoption("--faultbook-reports") or settings.reports_dir)
        state = RunState.create(settings, str(option), reports)
    except FaultbookError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[RUN_STATE] = state
    if not is_worker(config):
        interrupts = Interrupts()
        interrupts.install()
        config.stash[INTERRUPTS] = interrupts
        config.stash[SENTINEL] = RunnerSentinel(state.run_dir / f"runner-{os.getpid()}.signals.jsonl")
    try:
        state.sweep()
    except FaultbookError as exc:
        raise pytest.UsageError(str(exc)) from None
    except Exception as exc:  # a sweep that trips must not take the run down
        state.sweep_error = f"sweep incomplete: {type(exc).__name__}: {exc}"[:300]
    return state


def redirect_reports(config: pytest.Config, state: RunState) -> None:
    """Put JUnit's report in the run folder unless a path was given (the run's report.html is
    faultbook's own, written when the run ends; pytest-html writes only where --html says)."""
    if getattr(config.option, "xmlpath", "missing") is None:
        config.option.xmlpath = str(state.run_dir / "junit.xml")


def deactivate(config: pytest.Config) -> None:
    """Restore signal handlers and release the engine."""
    interrupts = config.stash.get(INTERRUPTS, None)
    if interrupts is not None:
        interrupts.restore()
    sentinel = config.stash.get(SENTINEL, None)
    if sentinel is not None:
        sentinel.close()
    state = active(config)
    if state is not None:
        state.close()
