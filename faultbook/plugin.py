"""pytest glue only: options, markers, default fixtures, report hooks, the start-up sweep."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from faultbook import fixtures as factories
from faultbook.activation import (
    MARKERS,
    activate,
    active,
    deactivate,
    is_worker,
    named_by_options,
    redirect_reports,
)
from faultbook.checks.verdict import KnownDefectReproduced
from faultbook.cleanup import owned_processes
from faultbook.config import Settings
from faultbook.errors import FaultbookError, UnknownScenarioError
from faultbook.ownership import me
from faultbook.report import pytest_hooks as report_hooks
from faultbook.report.record import TestRecord
from faultbook.scenario import Cataloged
from faultbook.session import RunState
from faultbook.shard import Shard, ShardSelector
from faultbook.skips import Skipped, skip_of, unexpected

#: the skips of this run, in order (listed at the end, judged under CI)
SKIPPED = pytest.StashKey[list[Skipped]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("faultbook", "fault injection against real stacks")
    group.addoption(
        "--runtime",
        default=None,
        help="auto|container|process, or a comma list to run tests in each "
        "(default: $FAULTBOOK_RUNTIME or auto)",
    )
    group.addoption(
        "--faultbook-reports",
        default=None,
        metavar="DIR",
        help="where reports/<run>/ folders go (default: reports)",
    )
    group.addoption(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME",
        help="run only the catalog scenario NAME (repeatable)",
    )
    group.addoption(
        "--shard",
        default=None,
        metavar="K/N",
        help="run part K of N of the selection, balanced by recorded durations "
        "(reports/durations.json, else ci/durations.json)",
    )
    parser.addini("faultbook_runtime", "default runtime(s)", default="")


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from faultbook import hooks

    pluginmanager.add_hookspecs(hooks)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "runtime(name): run only under this runtime")
    config.addinivalue_line("markers", "scenario(name): a catalog scenario")
    if named_by_options(config):
        redirect_reports(config, activate(config))
    if config.getoption("--shard"):
        _select_shard(config)


def _select_shard(config: pytest.Config) -> None:
    """Register the --shard selection (it applies after -k, -m and --scenario)."""
    try:
        part = Shard.parse(config.getoption("--shard"))
        reports = Path(config.getoption("--faultbook-reports") or Settings.from_env().reports_dir)
    except FaultbookError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.pluginmanager.register(ShardSelector(part, reports.resolve()), "faultbook-shard")


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = active(config)
    if state is None:
        return []
    lines = [f"faultbook: runtimes {','.join(state.runtimes)}; reports in {state.run_dir}"]
    if state.sweep_report is not None and not state.sweep_report.empty:
        lines.append(f"faultbook: {state.sweep_report.summary()}")
    if state.sweep_error:
        lines.append(f"faultbook: {state.sweep_error}")
    return lines


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> None:
    skipped = skip_of(report) if isinstance(report, pytest.TestReport) else None
    if skipped is not None and active(config) is not None:
        config.stash.setdefault(SKIPPED, []).append(skipped)


def _unexpected_skips(config: pytest.Config) -> list[Skipped]:
    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        return []
    expected = [e for found in config.hook.pytest_faultbook_expected_skips(config=config)
                for e in found]
    return unexpected(config.stash.get(SKIPPED, []), expected)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if active(session.config) is None or is_worker(session.config):
        return
    if _unexpected_skips(session.config) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    report_hooks.on_session_finish(session)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = active(config)
    if state is None or is_worker(config):
        return
    skipped = config.stash.get(SKIPPED, [])
    if skipped:
        terminalreporter.write_sep("-", f"faultbook: {len(skipped)} skipped")
        for s in skipped:
            terminalreporter.write_line(f"SKIPPED {s.nodeid}: {s.reason}")
    for s in _unexpected_skips(config):
        terminalreporter.write_line(
            f"faultbook: unexpected skip under CI (declare it in the catalog's "
            f"pytest_faultbook_expected_skips or fix the cause): {s.nodeid}: {s.reason}", red=True)
    left = owned_processes(me().token)
    if left:
        terminalreporter.write_line(
            f"faultbook: {len(left)} process(es) of this run still alive at the end: "
            + ", ".join(str(p.pid) for p, _ in left[:10]), red=True)
    line = report_hooks.terminal_line(config)
    if line:
        terminalreporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    deactivate(config)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    own = getattr(metafunc, "_arg2fixturedefs", {})
    if "runtime" not in metafunc.fixturenames or "runtime" in own:
        return  # no test of ours (a ``runtime`` fixture of someone else's is theirs)
    state = activate(metafunc.config)
    runtimes = list(state.runtimes)
    marker = metafunc.definition.get_closest_marker("runtime")
    if marker is not None:
        runtimes = [r for r in runtimes if r in marker.args] or []
    if runtimes:
        metafunc.parametrize("runtime", runtimes, scope="session", ids=runtimes)
    else:
        metafunc.parametrize(
            "runtime",
            [
                pytest.param(
                    "none", marks=pytest.mark.skip(reason="runtime not selected by --runtime")
                )
            ],
            scope="session",
        )


def _scenario_of(item: pytest.Item) -> Cataloged | None:
    params = getattr(getattr(item, "callspec", None), "params", {})
    found = params.get("scenario")
    return found if isinstance(found, Cataloged) else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if any(item.get_closest_marker(m) for item in items for m in MARKERS):
        activate(config)
    for item in items:
        scenario = _scenario_of(item)
        if scenario is None:
            continue
        item.add_marker(pytest.mark.scenario(scenario.name))
        runtime = item.callspec.params.get("runtime", "")  # type: ignore[attr-defined]
        defects = scenario.defects_for(runtime)
        if any(not d.intermittent for d in defects):  # intermittent alone: see makereport
            item.add_marker(pytest.mark.xfail(
                strict=True, raises=KnownDefectReproduced,
                reason="known defect(s): " + "; ".join(f"{d.id}: {d.title}" for d in defects)))
    wanted = config.getoption("--scenario")
    if not wanted:
        return
    names = {item: m.args[0] for item in items if (m := item.get_closest_marker("scenario"))}
    known = sorted(set(names.values()))
    for name in wanted:
        if name not in known:
            raise pytest.UsageError(str(UnknownScenarioError(name, known)))
    keep = [item for item in items if names.get(item) in wanted]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep


# -- default fixtures (built by factories) -------------------------------------------------
@pytest.fixture(scope="session")
def faultbook_state(request: pytest.FixtureRequest) -> RunState:
    """The run's settings, runtimes, folder and engine."""
    return factories.run_state(request.config)


@pytest.fixture
def record(request: pytest.FixtureRequest) -> Iterator[TestRecord]:
    """The test's record (timeline slice, probes, resources, verdicts), written to its folder."""
    yield from factories.make_record(request)


@pytest.fixture
def stack(
    request: pytest.FixtureRequest, runtime: str, record: TestRecord
) -> Iterator[factories.StackMaker]:
    """``stack('postgres', 'redis')`` starts services in the test's runtime; torn down after it."""
    yield from factories.stack_factory(request, runtime, record)


# -- report hooks (faultbook.report.pytest_hooks) -------------------------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if (call.excinfo is not None and call.excinfo.errisinstance(KnownDefectReproduced)
            and item.get_closest_marker("xfail") is None):
        # only intermittent defects were registered (no strict xfail): one showed, which is an
        # expected failure, as pytest's own xfail reports it; none showing is a plain pass
        report.outcome = "skipped"
        report.wasxfail = f"known defect(s): {call.excinfo.value}"
    report_hooks.on_report(item, report)
