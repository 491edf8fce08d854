"""``--shard=K/N``: one of N parts of any selection, balanced by recorded durations.

Every job of a CI matrix (or pod of a Kubernetes Indexed Job) collects the same selection and
keeps its part: tests are dealt longest first to the part with the least time so far, so the
split is the same in every job that reads the same durations file. Durations come from
``reports/durations.json`` (each run merges what it measured) or the committed
``ci/durations.json``; a test with no record counts as the median of the known ones.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import pytest

from faultbook.errors import ConfigError

DURATIONS_NAME = "durations.json"
COMMITTED = Path("ci") / DURATIONS_NAME
_SPEC = re.compile(r"^(\d+)/(\d+)$")


@dataclass(frozen=True)
class Shard:
    """Part ``index`` (1-based) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``K/N`` with 1 <= K <= N; ConfigError naming the form otherwise."""
        found = _SPEC.match(text.strip())
        if found is None or not 1 <= int(found.group(1)) <= int(found.group(2)):
            raise ConfigError(f"--shard {text!r} is not K/N with 1 <= K <= N: use e.g. --shard=2/4")
        return cls(int(found.group(1)), int(found.group(2)))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def load_durations(*paths: Path) -> dict[str, float]:
    """Seconds per test id from the first readable file of ``paths``."""
    for path in paths:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return {str(k): float(v) for k, v in data.items() if isinstance(v, int | float)}
    return {}


def split(ids: list[str], durations: dict[str, float], count: int) -> list[list[str]]:
    """``ids`` dealt into ``count`` parts of near-equal total duration, each in the given order."""
    known = [durations[i] for i in ids if i in durations]
    default = statistics.median(known) if known else 1.0
    order = {test: n for n, test in enumerate(ids)}
    loads = [0.0] * count
    parts: list[list[str]] = [[] for _ in range(count)]
    for test in sorted(ids, key=lambda i: (-durations.get(i, default), i)):
        target = min(range(count), key=lambda k: (loads[k], k))
        loads[target] += durations.get(test, default)
        parts[target].append(test)
    return [sorted(part, key=order.__getitem__) for part in parts]


def select(ids: list[str], shard: Shard, durations: dict[str, float]) -> set[str]:
    """The ids of ``shard``'s part."""
    return set(split(ids, durations, shard.count)[shard.index - 1])


def record_durations(run_dir: Path, path: Path) -> None:
    """Merge each test's measured duration (from its outcome.json) into ``path``."""
    found = {}
    for outcome in run_dir.glob("*/outcome.json"):
        try:
            data = json.loads(outcome.read_text())
        except (OSError, ValueError):
            continue
        if data.get("nodeid") and isinstance(data.get("duration"), int | float):
            found[str(data["nodeid"])] = round(float(data["duration"]), 2)
    if not found:
        return
    merged = {**load_durations(path), **found}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n")
    tmp.replace(path)


class ShardSelector:
    """The pytest plugin that keeps one shard's part of the selection (after -k, -m, --scenario)."""

    def __init__(self, shard: Shard, reports: Path) -> None:
        self.shard = shard
        self.sources = (reports / DURATIONS_NAME, COMMITTED)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        durations = load_durations(*[p if p.is_absolute() else config.rootpath / p
                                     for p in self.sources])
        keep = select([item.nodeid for item in items], self.shard, durations)
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid not in keep])
        items[:] = [i for i in items if i.nodeid in keep]

    def pytest_report_header(self) -> str:
        return f"faultbook: shard {self.shard} of the selection"
