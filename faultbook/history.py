"""What a scenario recorded: the system's timeline and samples, and what the runner observed
at each step (start under the fault, answers, the ending, port holders, recovery). Checks judge
it after the fact; nothing here acts on a system."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from faultbook.budgets import Budgets
from faultbook.observe.evidence import Evidence
from faultbook.observe.outcome import Outcome
from faultbook.observe.probes import ProbeResult
from faultbook.observe.resources import ResourceSampler
from faultbook.observe.signals import ReceivedSignal
from faultbook.observe.signature import Signature
from faultbook.observe.timeline import LogLine, Timeline


@dataclass(frozen=True)
class Answer:
    """One request of the runner's traffic and what came back (status None: no HTTP answer)."""

    label: str
    request: str
    status: int | None
    latency: float
    t: float
    body: str = ""
    answered: bool = False


@dataclass(frozen=True)
class Match:
    """An awaited signature and the first line that matched it before the wait ended."""

    signature: Signature
    line: LogLine | None

    def to_json(self) -> dict[str, Any]:
        """As plain data (the report's signature rows)."""
        line = self.line
        return {**asdict(self.signature), "matched": line is not None,
                "seq": line.seq if line else None, "t": line.t if line else None,
                "text": line.text if line else None}


@dataclass(frozen=True)
class PortView:
    """Who listened on the system's main port at a moment."""

    moment: str
    port: int
    listeners: int
    own: tuple[int, ...]
    holders: tuple[int, ...]

    @property
    def foreign(self) -> list[int]:
        """Listening pids that are not the system's."""
        return sorted(set(self.holders) - set(self.own))


@dataclass(frozen=True)
class Ending:
    """How the system ended under the fault: outcome, processes left, ports still held."""

    state: str
    outcome: Outcome | None
    survivors_at_exit: tuple[int, ...]
    survivors: tuple[int, ...]
    waited: float
    held_ports: dict[str, list[int]]


@dataclass(frozen=True)
class Attempt:
    """A start or a recovery after the heal: did it work, how long it took."""

    ok: bool
    seconds: float
    detail: str = ""
    status: int | None = None


@dataclass
class InvariantRecord:
    """What the generic invariants need of one scenario (wall-clock seconds): the probe series
    sampled from the injection to past the heal, which component the fault broke, every line of
    the system, the lines of its healthy start, and the signals the sentinels received."""

    faulted: str | None
    serving: bool
    injected: float | None
    healed: float | None
    until: float
    series: dict[str, list[ProbeResult]] = field(default_factory=dict)
    dependency_probes: tuple[str, ...] = ()
    lines: list[LogLine] = field(default_factory=list)
    healthy_start: list[LogLine] | None = None
    signals: list[ReceivedSignal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The series and signals as plain data (for the report)."""
        return {"faulted": self.faulted, "serving": self.serving, "injected": self.injected,
                "healed": self.healed, "signals": [asdict(s) for s in self.signals],
                "series": {name: [{"t": round(s.t, 3), "ok": s.ok, "status": s.status,
                                   "latency": round(s.latency, 4)} for s in samples]
                           for name, samples in self.series.items()}}


@dataclass
class History:
    """One scenario's record, filled by the runner and judged by the checks."""

    component: str
    timeline: Timeline
    sampler: ResourceSampler
    budgets: Budgets
    noise: tuple[str, ...] = ()
    since: int = 0
    until: int | None = None
    injected: float | None = None
    healed: float | None = None
    window: tuple[float, float] | None = None
    evidence: Evidence | None = None
    start_state: str | None = None
    matches: list[Match] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    ports: list[PortView] = field(default_factory=list)
    ending: Ending | None = None
    recovery: Attempt | None = None
    fresh_start: Attempt | None = None
    fresh_serves: int | None = None
    health: list[dict[str, Any]] = field(default_factory=list)
    observed_seconds: float = 0.0
    invariants: InvariantRecord | None = None

    def lines(self, with_noise: bool = False) -> list[LogLine]:
        """The system's lines from the fault until the heal (a healthy start's noise left out)."""
        lines = self.timeline.lines(self.component, self.since)
        if self.until is not None:
            lines = [line for line in lines if line.seq <= self.until]
        if with_noise:
            return lines
        return [line for line in lines if not any(n in line.text for n in self.noise)]

    def answers_of(self, label: str) -> list[Answer]:
        """The answers of one traffic label."""
        return [a for a in self.answers if a.label == label]
