"""Matchers over a timeline: wait for a line, assert a line never comes, sequences, counts, rates."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

from faultbook.errors import NeverViolation, ServiceError, WaitTimeout
from faultbook.observe.timeline import Entry, LogLine, Mark, Timeline

Pattern = str | re.Pattern[str]


def _compile(pattern: Pattern) -> re.Pattern[str]:
    return pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)


def _tail(timeline: Timeline, component: str | None, n: int = 5) -> list[str]:
    return [line.text for line in timeline.lines(component)[-n:]]


def _hit(regex: re.Pattern[str], component: str | None, entry: Entry) -> bool:
    return (
        isinstance(entry, LogLine)
        and (component is None or entry.component == component)
        and regex.search(entry.text) is not None
    )


def _exited(component: str | None, entry: Entry) -> bool:
    return isinstance(entry, Mark) and entry.kind == "exit" and entry.component == component


def wait_for(
    timeline: Timeline,
    pattern: Pattern,
    component: str | None = None,
    within: float = 10.0,
    since: int = 0,
    fail_on_exit: bool = False,
) -> LogLine:
    """Return the first line after ``since`` matching ``pattern``; raise WaitTimeout after ``within`` s.

    With ``fail_on_exit`` the wait ends early with ServiceError when the component exits first.
    """
    regex = _compile(pattern)
    deadline = time.monotonic() + within
    entry = timeline.watch(
        lambda e: _hit(regex, component, e) or (fail_on_exit and _exited(component, e)),
        since,
        deadline,
    )
    if isinstance(entry, LogLine):
        return entry
    where = component or "any component"
    if isinstance(entry, Mark):
        raise ServiceError(
            where,
            f"exited ({entry.label}) before printing /{regex.pattern}/",
            _tail(timeline, component),
        )
    raise WaitTimeout(
        f"{where}: no line matching /{regex.pattern}/ within {within:g}s "
        f"(last lines: {_tail(timeline, component, 3)})"
    )


def assert_never(
    timeline: Timeline,
    pattern: Pattern,
    component: str | None = None,
    window: float = 1.0,
    since: int | None = None,
) -> None:
    """Watch for ``window`` seconds (from ``since`` or now); fail at once if ``pattern`` appears."""
    regex = _compile(pattern)
    start = timeline.seq if since is None else since
    entry = timeline.watch(lambda e: _hit(regex, component, e), start, time.monotonic() + window)
    if isinstance(entry, LogLine):
        raise NeverViolation(
            f"{entry.component}: line matching /{regex.pattern}/ appeared: {entry.text[:300]}"
        )


def never_between(
    timeline: Timeline, pattern: Pattern, component: str | None, start: int, end: int
) -> list[LogLine]:
    """The lines matching ``pattern`` with start < seq <= end (a post-hoc check; empty means clean)."""
    regex = _compile(pattern)
    return [
        line
        for line in timeline.lines(component, since=start)
        if line.seq <= end and regex.search(line.text)
    ]


def wait_sequence(
    timeline: Timeline,
    patterns: Sequence[Pattern],
    component: str | None = None,
    within: float = 10.0,
    since: int = 0,
) -> list[LogLine]:
    """Wait for lines matching ``patterns`` in this order, all within one deadline."""
    deadline = time.monotonic() + within
    found: list[LogLine] = []
    cursor = since
    for pattern in patterns:
        line = wait_for(timeline, pattern, component, max(deadline - time.monotonic(), 0.0), cursor)
        found.append(line)
        cursor = line.seq
    return found


def count(
    timeline: Timeline, pattern: Pattern, component: str | None = None, since: int = 0
) -> int:
    """How many lines after ``since`` match."""
    regex = _compile(pattern)
    return sum(1 for line in timeline.lines(component, since) if regex.search(line.text))


@dataclass(frozen=True)
class Rate:
    """Lines per second of one component over a window."""

    component: str
    lines: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Lines divided by the window length."""
        return self.lines / self.seconds if self.seconds > 0 else float(self.lines)


def rate(timeline: Timeline, component: str, start_mono: float, end_mono: float) -> Rate:
    """The line rate of ``component`` between two monotonic instants."""
    n = sum(1 for line in timeline.lines(component) if start_mono <= line.mono <= end_mono)
    return Rate(component, n, max(end_mono - start_mono, 0.0))


async def await_line(
    timeline: Timeline,
    pattern: Pattern,
    component: str | None = None,
    within: float = 10.0,
    since: int = 0,
) -> LogLine:
    """``wait_for`` for asyncio code: the bounded wait runs off the event loop."""
    import asyncio
    import functools

    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        None, functools.partial(wait_for, timeline, pattern, component, within, since))
