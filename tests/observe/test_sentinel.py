"""The sentinel sits in the launched program's process group and records who signalled it."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

from faultbook.checks.signals import SignalsStayHome
from faultbook.observe.sentinel import alive, wrap
from faultbook.observe.signals import SentinelRecord

#: a deliberately rude program: it SIGINTs its own process group, then exits 0
RUDE = "import os, signal; signal.signal(signal.SIGINT, signal.SIG_IGN); os.kill(0, signal.SIGINT)"
POLITE = "print('fine')"


def launch(tmp_path: Path, code: str) -> tuple[subprocess.Popen[bytes], SentinelRecord]:
    record = SentinelRecord(tmp_path / "signals.jsonl", "sentinel")
    proc = subprocess.Popen(wrap([sys.executable, "-c", code], record.path),
                            start_new_session=True, stdin=subprocess.DEVNULL)
    return proc, record


def wait_sentinel_gone(record: SentinelRecord) -> None:
    for pid in record.pids():
        try:
            pidfd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        select.select([pidfd], [], [], 5)
        os.close(pidfd)


def test_a_group_signal_from_the_program_is_recorded_with_its_sender(tmp_path: Path) -> None:
    proc, record = launch(tmp_path, RUDE)
    assert proc.wait(timeout=30) == 0
    wait_sentinel_gone(record)
    [got] = record.received()
    assert got.signo == signal.SIGINT and got.sender_pid == proc.pid and got.user_sent
    [v] = SignalsStayHome("rude").judge(record.received(), suite_pids={os.getpid()})
    assert not v.ok and v.measured == [f"SIGINT from pid {proc.pid}"]


def test_a_polite_program_leaves_nothing_and_the_sentinel_ends(tmp_path: Path) -> None:
    proc, record = launch(tmp_path, POLITE)
    assert proc.wait(timeout=30) == 0
    wait_sentinel_gone(record)
    [sentinel] = record.pids()
    assert sentinel != proc.pid
    assert record.received() == []
    assert SignalsStayHome("polite").judge(record.received(), {os.getpid()})[0].ok
    assert not alive(sentinel)


RUNNER = """
import signal, subprocess, sys, threading, time
from pathlib import Path
from faultbook.observe.signals import RunnerSentinel

def until(predicate, within=10.0):
    deadline = time.monotonic() + within
    while not predicate() and time.monotonic() < deadline:
        threading.Event().wait(0.02)

signal.signal(signal.SIGUSR2, signal.SIG_IGN)
record = Path(sys.argv[1])
sentinel = RunnerSentinel(record)
until(lambda: record.exists() and record.read_text())
subprocess.run([sys.executable, "-c", "import os, signal; os.killpg(0, signal.SIGUSR2)"])
until(lambda: sentinel.record.received())
sentinel.close()
"""


def test_the_runner_sentinel_sees_a_signal_sent_to_the_runners_group(tmp_path: Path) -> None:
    record = tmp_path / "runner.jsonl"
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(record)], start_new_session=True,
                          timeout=60, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    [got] = SentinelRecord(record, "runner sentinel").received()
    assert got.signo == signal.SIGUSR2 and got.user_sent and "killpg" in got.sender
    [v] = SignalsStayHome("x").judge([got], suite_pids=set())
    assert not v.ok
