"""``faultbook replay``: help, one-line usage errors, and a saved valid case replayed against
the real pmbmpd (skipped when pmacct is not installed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from faultbook.checks.bmp_case import Case
from faultbook.checks.bmp_repro import load_case, save_failure
from faultbook.services.bmp.router import announce

CLI = [sys.executable, "-m", "faultbook.cli"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, check=False)


def test_help() -> None:
    done = cli("replay", "--help")
    assert done.returncode == 0
    assert "--target {pmbmpd,pybmp}" in done.stdout


def test_missing_file_is_one_line() -> None:
    done = cli("replay", "/nonexistent/case.json", "--target", "pmbmpd")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no such file" in done.stderr


def test_unknown_target_is_one_line(tmp_path: Path) -> None:
    done = cli("replay", str(tmp_path / "x.bin"), "--target", "bird")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "invalid choice: 'bird'" in done.stderr


def test_saved_case_round_trip(tmp_path: Path) -> None:
    case = Case("valid route", announce("10.7.0.0/24"), valid=True)
    path = save_failure(tmp_path, case, "pmbmpd", [])
    loaded, meta = load_case(path)
    assert loaded.payload == case.octets() and loaded.valid and not loaded.prelude
    assert meta["target"] == "pmbmpd"
    assert load_case(path.with_suffix(".bin"))[0].payload == case.octets()


@pytest.mark.skipif(shutil.which("pmbmpd") is None, reason="pmbmpd not installed (apt-get install pmacct)")
def test_replay_of_a_valid_case_passes(tmp_path: Path) -> None:
    path = save_failure(tmp_path, Case("valid route", announce("10.7.0.0/24"), valid=True),
                        "pmbmpd", [])
    done = cli("replay", str(path), "--target", "pmbmpd")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verdict: ok" in done.stdout
