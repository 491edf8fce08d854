"""The bounds a scenario is judged against (and the runner's waits are bounded by)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Budgets:
    """Bounds the invariants are judged against (and the runner's waits are bounded by)."""

    cpu_percent: float = 50.0
    lines_per_second: float = 100.0
    answer_within: float = 5.0
    recovery_within: float = 30.0
    exit_within: float = 60.0
    rss_mb: float = 0.0  # peak resident memory; 0 leaves it unchecked
