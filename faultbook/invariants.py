"""The invariants every scenario of every system checks, declared once in the system's spec.

A system declares ``Invariants``: its health probes (and the dependencies each needs), its API
probe (and which answers count), its flood bound, the lines a healthy start prints for reasons
outside it, the bound of a graceful stop. The runner records what they need
(``faultbook.runner.watch``) into the history; the check objects of
``faultbook.checks.invariant_checks`` judge it in every scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from faultbook.observe.probes import Probe, ProbeResult
from faultbook.runtime.base import Service

ProbeMaker = Callable[[Service], Probe]


def any_status(result: ProbeResult) -> bool:
    """An HTTP answer of any status counts (status None: no answer at all)."""
    return result.status is not None


@dataclass(frozen=True)
class HealthProbe:
    """A health probe the system declares, with the dependencies (components) it needs."""

    name: str
    make: ProbeMaker
    needs: tuple[str, ...]
    down_within: float = 5.0
    up_within: float = 15.0
    #: also judged while a component it does not need is faulted: it must keep saying healthy
    steady: bool = False


@dataclass(frozen=True)
class ApiProbe:
    """The system's API probe and its budgets; ``answers`` says which samples count."""

    name: str
    make: ProbeMaker
    max_gap: float = 5.0
    p50: float = 0.5
    p95: float = 2.0
    worst: float = 5.0
    answers: Callable[[ProbeResult], bool] = any_status


@dataclass(frozen=True)
class Invariants:
    """What a system's spec declares for the generic invariants."""

    system: str
    health: tuple[HealthProbe, ...] = ()
    api: ApiProbe | None = None
    #: the same message more often than this within one second is a flood
    flood_per_second: int = 20
    #: records a healthy start prints for a reason outside the system: pattern -> reason
    excused: Mapping[str, str] = field(default_factory=dict)
    #: what an error record looks like in its log format ("": ERROR, CRITICAL, a traceback)
    errors: str = ""
    #: a SIGTERM or SIGINT must end the system (exit 0, nothing left, ports free) within this
    stop_within: float = 10.0
    #: probe beat (<= 1 s)
    interval: float = 0.5
    #: the §7.3 checks of a stopped dependency: how soon they must say so, and say healthy again
    dependency_down_within: float = 5.0
    dependency_up_within: float = 30.0
