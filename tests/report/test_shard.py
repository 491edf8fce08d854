"""--shard=K/N: the parts cover the selection once, balance recorded durations, and a run keeps one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from faultbook.errors import ConfigError
from faultbook.shard import Shard, record_durations, split
from tests.childrun import ROOT


def test_parts_cover_once_and_balance() -> None:
    ids = [f"t{i}" for i in range(20)]
    durations = {f"t{i}": float(i + 1) for i in range(20)}
    parts = split(ids, durations, 3)
    assert sorted(t for part in parts for t in part) == sorted(ids)
    totals = [sum(durations[t] for t in part) for part in parts]
    assert max(totals) - min(totals) <= max(durations.values())
    assert parts == split(list(ids), dict(durations), 3)  # the same in every job
    assert all(part == sorted(part, key=ids.index) for part in parts)  # run in collection order


def test_unknown_tests_count_as_the_median() -> None:
    parts = split(["a", "b", "c", "d"], {"a": 100.0, "b": 1.0, "c": 1.0}, 2)
    assert ["a"] in parts


def test_bad_spec_is_one_line() -> None:
    assert Shard.parse("2/4") == Shard(2, 4)
    for bad in ("0/2", "3/2", "1", "a/b"):
        with pytest.raises(ConfigError, match=r"--shard=2/4"):
            Shard.parse(bad)


def test_durations_recorded_from_outcomes(tmp_path: Path) -> None:
    (tmp_path / "run" / "t1").mkdir(parents=True)
    (tmp_path / "run" / "t1" / "outcome.json").write_text(
        json.dumps({"nodeid": "a.py::t1", "duration": 3.14159}))
    target = tmp_path / "durations.json"
    target.write_text(json.dumps({"a.py::t0": 1.0}))
    record_durations(tmp_path / "run", target)
    assert json.loads(target.read_text()) == {"a.py::t0": 1.0, "a.py::t1": 3.14}


def _collected(tmp_path: Path, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
         "--faultbook-reports", str(tmp_path), "--runtime=process",
         "tests/test_verdict.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_shards_of_a_selection_partition_it(tmp_path: Path) -> None:
    whole = _collected(tmp_path, "-k", "not nothing_matches_this")
    assert len(whole) >= 4
    parts = [_collected(tmp_path, "-k", "not nothing_matches_this", f"--shard={k}/3")
             for k in (1, 2, 3)]
    assert sorted(t for part in parts for t in part) == sorted(whole)
    assert all(parts)
