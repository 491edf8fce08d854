"""``faultbook replay``: help, one-line usage errors, and a saved valid case replayed against
the real pmbmpd (skipped when pmacct is not installed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from faultbook.bmpkit import repro
from faultbook.bmpkit.cases import PRELUDE, Case, announce

CLI = [sys.executable, "-m", "faultbook.cli"]
PMBMPD = "scenarios.pmbmpd.collector:start"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, check=False)


def test_help() -> None:
    done = cli("replay", "--help")
    assert done.returncode == 0
    assert "--collector MODULE:FUNCTION" in done.stdout


def test_missing_file_is_one_line() -> None:
    done = cli("replay", "/nonexistent/case.json", "--collector", PMBMPD)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no such file" in done.stderr


def test_bad_collector_is_one_line(tmp_path: Path) -> None:
    path = repro.save(Case("valid route", "valid", announce("10.7.0.0/24")), [], tmp_path)
    for spec, says in (("bird", "MODULE:FUNCTION"), ("scenarios.bird.collector:start", "bird")):
        done = cli("replay", str(path), "--collector", spec)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and says in done.stderr


def test_saved_case_round_trip(tmp_path: Path) -> None:
    case = Case("valid route", "valid", announce("10.7.0.0/24"))
    loaded, saved = repro.load(repro.save(case, [], tmp_path))
    assert loaded.payload == PRELUDE + case.payload and not loaded.prelude
    assert saved["label"] == "valid route"


def test_a_file_that_is_not_a_saved_case_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("{}")
    with pytest.raises(Exception, match="not a saved case"):
        repro.load(bad)


@pytest.mark.skipif(shutil.which("pmbmpd") is None, reason="pmbmpd not installed (apt-get install pmacct)")
def test_replay_of_a_valid_case_passes(tmp_path: Path) -> None:
    path = repro.save(Case("valid route", "valid", announce("10.7.0.0/24")), [], tmp_path)
    done = cli("replay", str(path), "--collector", PMBMPD)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verdict: ok" in done.stdout
