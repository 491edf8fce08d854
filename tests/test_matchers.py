"""Matchers over a timeline fed by threads, as the log pumps feed it."""

from __future__ import annotations

import threading

import pytest

from faultbook.errors import NeverViolation, ServiceError, WaitTimeout
from faultbook.observe.matchers import (
    assert_never,
    await_line,
    count,
    never_between,
    rate,
    wait_for,
    wait_sequence,
)
from faultbook.observe.timeline import Timeline


def feed_later(tl: Timeline, lines: list[tuple[str, str]], delay: float = 0.05) -> threading.Thread:
    gate = threading.Event()

    def run() -> None:
        for component, text in lines:
            gate.wait(delay)
            tl.add_line(component, text)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_wait_for_matches_a_line_as_it_arrives() -> None:
    tl = Timeline()
    feed_later(tl, [("db", "starting"), ("db", "ready to accept connections")])
    line = wait_for(tl, r"ready to accept", "db", within=5)
    assert line.text == "ready to accept connections" and line.seq == 2


def test_wait_for_times_out_with_the_last_lines() -> None:
    tl = Timeline()
    tl.add_line("db", "booting")
    with pytest.raises(WaitTimeout, match=r"db: no line matching /ready/ within 0.2s .*booting"):
        wait_for(tl, "ready", "db", within=0.2)


def test_wait_for_ends_early_when_the_component_exits() -> None:
    tl = Timeline()
    tl.add_line("db", "FATAL: bad config")
    tl.mark("db", "exit", "exit 1")
    with pytest.raises(ServiceError, match=r"exited \(exit 1\) before printing"):
        wait_for(tl, "ready", "db", within=5, fail_on_exit=True)


def test_since_skips_older_lines() -> None:
    tl = Timeline()
    tl.add_line("db", "ready")
    cut = tl.seq
    with pytest.raises(WaitTimeout):
        wait_for(tl, "ready", "db", within=0.1, since=cut)


def test_assert_never_fails_as_soon_as_the_line_comes() -> None:
    tl = Timeline()
    feed_later(tl, [("app", "ok"), ("app", "Traceback (most recent call last):")])
    with pytest.raises(NeverViolation, match="Traceback"):
        assert_never(tl, r"Traceback", "app", window=5)


def test_assert_never_passes_a_quiet_window() -> None:
    tl = Timeline()
    feed_later(tl, [("other", "Traceback")])
    assert_never(tl, r"Traceback", "app", window=0.2)


def test_sequence_count_rate_and_post_hoc_checks() -> None:
    tl = Timeline()
    feed_later(tl, [("a", "one"), ("a", "two"), ("a", "one"), ("a", "three")], delay=0.01)
    found = wait_sequence(tl, ["one", "two", "three"], "a", within=5)
    assert [f.text for f in found] == ["one", "two", "three"]
    assert count(tl, "one", "a") == 2
    lines = tl.lines("a")
    r = rate(tl, "a", lines[0].mono, lines[-1].mono)
    assert r.lines == 4 and r.per_second > 0
    assert [x.text for x in never_between(tl, "one", "a", 1, 4)] == ["one"]


async def test_await_line_from_asyncio() -> None:
    tl = Timeline()
    feed_later(tl, [("svc", "listening")])
    line = await await_line(tl, "listening", "svc", within=5)
    assert line.component == "svc"
