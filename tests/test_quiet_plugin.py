"""Installed but unused, faultbook changes nothing in a pytest run; used, it wakes up, and then
SIGINT, SIGTERM and SIGHUP each end the run with full teardown whatever disposition it inherited."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

PLAIN = """
import signal

def test_plain(request):
    config = request.config
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert config.option.htmlpath is None and config.option.xmlpath is None
    from faultbook.activation import active
    assert active(config) is None
"""

USES = """
import signal

def test_uses(faultbook_state, request):
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    assert signal.getsignal(signal.SIGHUP) is not signal.SIG_DFL
    assert faultbook_state.run_dir.is_dir()
"""

MARKED = """
import pytest
from faultbook.activation import active

@pytest.mark.scenario("x")
def test_marked(request):
    assert active(request.config) is not None
"""

HOLD = """
import threading
from pathlib import Path

def test_hold(record):
    Path("teardown-ran").unlink(missing_ok=True)
    print("HOLDING", flush=True)
    threading.Event().wait(60)

def teardown_module():
    Path("teardown-ran").write_text("yes")
"""


def test_unused_it_changes_nothing(fresh_pytester: pytest.Pytester) -> None:
    fresh_pytester.makepyfile(test_plain=PLAIN)
    result = fresh_pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "faultbook:" not in result.stdout.str()
    assert not (fresh_pytester.path / "fb-reports").exists()
    assert not (fresh_pytester.path / "reports").exists()


def test_a_fixture_wakes_it(fresh_pytester: pytest.Pytester) -> None:
    fresh_pytester.makepyfile(test_uses=USES)
    fresh_pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert any((fresh_pytester.path / "fb-reports").iterdir())


def test_a_marker_wakes_it(fresh_pytester: pytest.Pytester) -> None:
    fresh_pytester.makepyfile(test_marked=MARKED)
    fresh_pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_an_option_wakes_it_and_redirects_reports(fresh_pytester: pytest.Pytester) -> None:
    fresh_pytester.makepyfile(test_plain="def test_ok():\n    pass\n")
    result = fresh_pytester.runpytest_subprocess("-p", "no:cacheprovider", "--runtime=process")
    result.assert_outcomes(passed=1)
    assert "faultbook: runtimes process" in result.stdout.str()
    [run] = [p for p in (fresh_pytester.path / "fb-reports").iterdir() if p.name != "latest"]
    assert (run / "report.html").exists() and (run / "junit.xml").exists()


def _ignore_all() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_ending_signals_tear_down_whatever_was_inherited(fresh_pytester: pytest.Pytester,
                                                         sig: signal.Signals) -> None:
    fresh_pytester.makepyfile(test_hold=HOLD)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-s", "test_hold.py"],
        cwd=fresh_pytester.path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_ignore_all,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    seen = []
    for raw in proc.stdout:
        seen.append(raw.decode(errors="replace"))
        if "HOLDING" in seen[-1]:
            break
    proc.send_signal(sig)
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
        pytest.fail(f"{sig.name} with an inherited SIG_IGN did not end the run: {''.join(seen)}")
    assert proc.returncode == pytest.ExitCode.INTERRUPTED, "".join(seen) + out.decode()
    assert (fresh_pytester.path / "teardown-ran").read_text() == "yes"
    assert [p for p in (fresh_pytester.path / "fb-reports").iterdir() if p.name != "latest"]
