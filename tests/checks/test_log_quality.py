"""Log quality: placeholders, floods, ERROR lines in a healthy window; each made to fail."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from faultbook.checks.log_quality import LineFlood, Placeholders, QuietWindow, placeholders


@dataclass(frozen=True)
class L:
    t: float
    text: str


@pytest.mark.parametrize("text, slot", [
    ("still unable to connect to Etcd server (attempt %d), next retry in %.1fs", "%d"),
    ("next retry in %.1fs", "%.1f"),
    ("got %r from peer", "%r"),
    ("queue depth %5d", "%5d"),
    ("user %(name)s logged in", "%(name)s"),
    ("retrying in {} seconds", "{}"),
    ("user {user_id} not found", "{user_id}"),
    ("value {0!r} rejected", "{0!r}"),
    ("took {:.2f}s", "{:.2f}"),
    ("%s", "%s"),
])
def test_placeholders_found(text: str, slot: str) -> None:
    assert slot in placeholders(text)


@pytest.mark.parametrize("text", [
    "2026-12-01 15:00:00.123 INFO ai.backend [12] started, load 50% done",
    "progress 100%",
    "escaped 100%% sure",
    "GET /search?q=a%20b%3d1 200",
    "see http://host/x%2Fy%2Fz",
    "kwargs={} args=()",
    "config: {}",
    "route GET /session/{session_name}/logs",
    '{"level": "info", "msg": "ok"}',
    "discount 50%off",
    "set() and {1, 2}",
])
def test_placeholders_low_false_positives(text: str) -> None:
    assert placeholders(text) == []


def test_placeholder_check_fails_on_a_literal_slot() -> None:
    lines = [L(0, "fine"), L(1, "next retry in %.1fs")]
    [v] = Placeholders().judge(lines)
    assert not v.ok and v.measured == 1 and v.evidence["placeholders"] == ["%.1f"]
    [v] = Placeholders().judge([L(0, "next retry in 1.5s")])
    assert v.ok


def test_flood_fails_on_the_same_message_many_times_a_second() -> None:
    lines = [L(10 + i * 0.01, f"2026-12-01 15:00:0{i % 10}.000 WARNING x [42] retrying...")
             for i in range(50)]
    [v] = LineFlood(per_second=20).judge(lines)
    assert not v.ok and v.measured == 50
    assert v.evidence["message"] == "WARNING x [pid] retrying..."


def test_flood_holds_for_spread_or_varied_lines() -> None:
    spread = [L(i * 0.2, "same") for i in range(100)]
    varied = [L(i * 0.001, f"line {i}") for i in range(100)]
    assert LineFlood(per_second=20).judge(spread)[0].ok
    assert LineFlood(per_second=20).judge(varied)[0].ok


def test_quiet_window_fails_on_error_and_traceback() -> None:
    check = QuietWindow("healthy start")
    [v] = check.judge([L(0, "INFO up"), L(1, "Traceback (most recent call last):")])
    assert not v.ok and v.measured == 1
    [v] = check.judge([L(0, "2026 ERROR ai.backend boom")])
    assert not v.ok


def test_quiet_window_counts_excused_lines() -> None:
    check = QuietWindow("healthy start", excused=[r"aiodocker"])
    [v] = check.judge([L(0, "ERROR aiodocker: no docker.sock"), L(1, "INFO ready")])
    assert v.ok and v.evidence["excused"] == 1


def test_traceback_code_is_not_a_message() -> None:
    lines = [L(0, "    raise OSError(err, f'Connect call failed {address}')"), L(1, ")")]
    assert Placeholders().judge(lines)[0].ok
    assert LineFlood(per_second=1).judge([L(i * 0.01, ")") for i in range(10)])[0].ok


def test_an_excused_record_covers_its_traceback() -> None:
    stamp = "2026-12-01 15:30:22.271"
    lines = [L(0, f"{stamp} ERROR plugin [1] error during initialization of plugin: overlay"),
             L(0, "Traceback (most recent call last):"), L(0, "  File x"),
             L(0, "DockerError: no engine"),
             L(1, f"{stamp} ERROR db [1] lost the database"), L(1, "Traceback (most recent call last):")]
    [v] = QuietWindow("healthy start", excused=["overlay"]).judge(lines)
    assert not v.ok and v.measured == 1 and v.evidence["excused"] == 1
    assert v.evidence["lines"] == [f"{stamp} ERROR db [1] lost the database"]


def test_logfmt_lines_differing_only_in_their_stamp_are_one_message() -> None:
    lines = [L(0.1 * i, f'ts=2026-12-01T18:00:0{i}.000Z caller=scrape.go:1 level=warn msg="x"')
             for i in range(8)]
    [v] = LineFlood(5).judge(lines)
    assert not v.ok
