"""Recording for the generic invariants: from the injection to past the heal, every declared
probe sampled on a fixed beat; then the system's lines, its healthy start, the sentinels'
signals, into the history's ``InvariantRecord``. It records; it never judges."""

from __future__ import annotations

import time
from collections.abc import Mapping

from faultbook.faults.base import Fault
from faultbook.history import InvariantRecord
from faultbook.invariants import Invariants
from faultbook.observe.probes import Probe
from faultbook.observe.sampler import ProbeSampler
from faultbook.observe.signals import RunnerSentinel
from faultbook.observe.timeline import LogLine, Mark, Timeline
from faultbook.runtime.base import Service


class InvariantWatch:
    """One scenario's recording for the invariants (create it before the system starts)."""

    def __init__(self, decl: Invariants, system: Service, dependencies: Mapping[str, Service]) -> None:
        self.decl, self.system, self.dependencies = decl, system, dependencies
        self.timeline: Timeline = system.timeline
        self.since = self.timeline.seq
        self.began = time.time()
        self.sampler = ProbeSampler(self.timeline, decl.interval)
        self.faulted: str | None = None
        self.serving = False
        self.injected_at: float | None = None
        self.start: list[LogLine] | None = None
        self.dependency_probes: list[str] = []
        self.health_names: list[str] = []

    def injected(self, fault: Fault, faulted: str | None = None) -> None:
        """Call right after the fault was injected: sampling starts. ``faulted`` names what the
        fault took away when it is no service of a stack (a socket the suite cut)."""
        self.injected_at = time.time()
        target = getattr(fault, "service", None)
        self.faulted = faulted or (target.component if isinstance(target, Service) else None)
        self.serving = self.system.is_running() and bool(
            self.timeline.marks("ready", self.system.component))
        # a start that reached ready before the injection was healthy (the system may be gone
        # by now: a kill ends it)
        self.start = healthy_start(self.timeline, self.system.component, self.since)
        api = self.decl.api
        if self.serving and api is not None and self.faulted != self.system.component:
            self._add(self.system, api.make(self.system), api.name)
        for h in self.decl.health:
            steady = h.steady and self.faulted != self.system.component
            if self.serving and (self.faulted in h.needs or steady):
                self._add(self.system, h.make(self.system), h.name)
                self.health_names.append(h.name)
        dependency = self.dependencies.get(self.faulted or "")
        if dependency is not None and dependency is not self.system:
            for probe in dependency.spec.health_probes(dependency.endpoint):
                self._add(dependency, probe, probe.name)
                self.dependency_probes.append(probe.name)
        self.sampler.start()

    def _add(self, service: Service, probe: Probe, name: str) -> None:
        probe.name = name
        self.sampler.add(service.component, probe)

    def finish(self, healed_at: float | None) -> InvariantRecord:
        """Sample on past the heal until every health probe said healthy (bounded), then stop."""
        if healed_at is not None and (self.health_names or self.dependency_probes):
            self._settle(healed_at)
        self.sampler.stop()
        signals = []
        record = getattr(self.system, "signals", None)
        if record is not None:
            signals += record.received()
        runner = RunnerSentinel.current
        if runner is not None:
            signals += [r for r in runner.record.received() if r.t >= self.began]
        return InvariantRecord(
            self.faulted, self.serving, self.injected_at, healed_at, time.time(),
            {name: self.sampler.series(name) for name in self.sampler.names()},
            tuple(self.dependency_probes), self.timeline.lines(self.system.component, self.since),
            self.start, signals)

    def _settle(self, healed: float) -> None:
        h = {p.name: p for p in self.decl.health}
        bound = max([h[n].up_within for n in self.health_names] + [self.decl.dependency_up_within])
        names = [*self.health_names, *self.dependency_probes]

        def all_up(_entry: object) -> bool:
            return all(any(s.ok for s in self.sampler.series(n) if s.t >= healed) for n in names)

        if not all_up(None):
            self.timeline.watch(lambda e: isinstance(e, Mark) and all_up(e), self.timeline.seq,
                                time.monotonic() + bound + 1.0)


def healthy_start(timeline: Timeline, component: str, since: int) -> list[LogLine] | None:
    """The lines of the first start after ``since`` up to its ready mark (None when no start
    reached ready); call it before any fault, so the start was healthy."""
    entries = timeline.entries(since)
    begin = next((e for e in entries if isinstance(e, Mark) and e.component == component
                  and e.kind == "start"), None)
    if begin is None:
        return None
    ready = next((e for e in entries if isinstance(e, Mark) and e.component == component
                  and e.kind == "ready" and e.seq > begin.seq), None)
    if ready is None:
        return None
    return [e for e in entries if isinstance(e, LogLine) and e.component == component
            and begin.seq < e.seq <= ready.seq]


def wall(timeline: Timeline, mono: float | None) -> float | None:
    """A monotonic instant of ``timeline`` as wall-clock seconds."""
    return None if mono is None else timeline.t0 + (mono - timeline.mono0)
