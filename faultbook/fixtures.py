"""Fixture factories: the plugin registers the defaults built here; catalogs build their own."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from faultbook.activation import RUN_STATE, activate
from faultbook.report.record import TestRecord, safe_name
from faultbook.runner.lab import Lab
from faultbook.runtime.leftovers import find_leftovers
from faultbook.runtime.spec import ServiceSpec
from faultbook.services.registry import spec_for
from faultbook.session import RunState
from faultbook.stack import Stack
from faultbook.system import SystemSpec

__all__ = ["RECORD", "RUN_STATE", "StackMaker", "run_state"]

RECORD = pytest.StashKey[TestRecord]()

StackMaker = Callable[..., Stack]


def run_state(config: pytest.Config) -> RunState:
    """The run's state (faultbook wakes up on first use, see ``faultbook.activation``)."""
    return activate(config)


def make_record(request: pytest.FixtureRequest) -> Iterator[TestRecord]:
    """A TestRecord for the requesting test, written at teardown."""
    state = run_state(request.config)
    record = TestRecord(request.node.nodeid, state.run_dir / safe_name(request.node.nodeid))
    request.node.stash[RECORD] = record
    try:
        yield record
    finally:
        record.write()


def new_stack(state: RunState, runtime: str, name: str) -> Stack:
    """A stack whose full logs live under the run folder."""
    logs = state.run_dir / "stacks" / safe_name(name) / "logs"
    engine = state.engine if runtime == "container" else None
    return Stack(state.settings, runtime, logs, engine=engine, kinds=spec_for)


def node_stack(request: pytest.FixtureRequest, runtime: str = "process") -> Stack:
    """A stack for the requesting node (a test, a module), named by its id, its logs in the run
    folder."""
    return new_stack(run_state(request.config), runtime, request.node.nodeid)


def close_and_check(stack: Stack, record: TestRecord | None) -> list[str]:
    """Close a stack, then look for what it left; returns problems (empty when clean)."""
    ports = stack.ports()
    containers = stack.container_ids()
    sessions = stack.sessions()
    engine = stack._engine if stack.runtime == "container" else None
    stack.close()
    left = find_leftovers(ports, engine, containers, sessions)
    settle = threading.Event()
    deadline = time.monotonic() + 5.0  # the kernel may release a dead process's sockets a bit later
    while not left.empty and time.monotonic() < deadline:
        settle.wait(0.1)
        left = find_leftovers(ports, engine, containers, sessions)
    if record is not None:
        record.facts.setdefault("leftovers", []).append(left.to_json())
        record.verdict("nothing left after teardown", left.empty, left.to_json(), "nothing")
    return [] if left.empty else [f"leftovers after teardown: {left.to_json()}"]


def stack_factory(
    request: pytest.FixtureRequest, runtime: str, record: TestRecord
) -> Iterator[StackMaker]:
    """``make(*kinds)`` starts a stack of the given services, torn down (and checked) after the test."""
    state = run_state(request.config)
    stacks: list[Stack] = []

    def make(*kinds: str | ServiceSpec, start: bool = True) -> Stack:
        stack = new_stack(state, runtime, f"{request.node.nodeid}-{len(stacks)}")
        stacks.append(stack)
        record.attach(stack.timeline, stack.probes, stack.sampler)
        for kind in kinds:
            stack.add(kind, start=start)
        return stack

    yield make
    problems: list[str] = []
    for stack in reversed(stacks):
        with contextlib.suppress(Exception):
            problems += close_and_check(stack, record)
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


def system_lab(
    request: pytest.FixtureRequest, record: TestRecord, spec: SystemSpec, deps: Stack | None
) -> Iterator[Lab]:
    """A fresh stack for the system under test (process runtime) beside its shared dependencies;
    afterwards every dependency a scenario stopped or froze is brought back, and the system's
    stack is closed and checked for leftovers."""
    if deps is not None:
        restore(deps)
    stack = new_stack(run_state(request.config), "process", f"{request.node.nodeid}-{spec.name}")
    if deps is not None:
        record.attach(deps.timeline, deps.probes, deps.sampler)
    record.attach(stack.timeline, stack.probes, stack.sampler)
    try:
        yield Lab(spec, stack, deps)
    finally:
        if deps is not None:
            restore(deps)
        problems = close_and_check(stack, record)
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)


def restore(stack: Stack) -> None:
    """Thaw and start again every service of ``stack`` a scenario froze or stopped."""
    for service in stack.services.values():
        if service.paused:
            service.resume()
        if not service.is_running():
            service.start()
