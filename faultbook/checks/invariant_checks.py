"""The generic invariants as check objects over a scenario's history, built once per system from
its declaration (``faultbook.invariants.Invariants``); a catalog adds ``InvariantChecks.all`` to
every scenario, and known defects refer to these objects. A check with nothing recorded to judge
(no fault on a dependency its probe needs, no healthy start, no graceful signal) gives no verdict.
"""

from __future__ import annotations

import os
import signal

from faultbook.checks.base import HistoryCheck
from faultbook.checks.graceful_stop import GracefulStop
from faultbook.checks.log_quality import LineFlood, Placeholders, QuietWindow
from faultbook.checks.probe_series import HealthTruth, Responsive, SteadyHealth
from faultbook.checks.signals import SignalsStayHome
from faultbook.checks.verdict import Verdict
from faultbook.history import History
from faultbook.invariants import Invariants
from faultbook.observe.timeline import LogLine, Mark

#: signals a system must end on gracefully
GRACEFUL = (signal.SIGTERM.name, signal.SIGINT.name)


class HealthTells(HistoryCheck):
    """A declared health probe tells the truth about one dependency it needs."""

    def __init__(self, decl: Invariants, probe: str, dependency: str) -> None:
        h = next(p for p in decl.health if p.name == probe)
        self.truth = HealthTruth(probe, dependency, h.down_within, h.up_within, decl.interval * 2)
        super().__init__(self.truth.name)
        self.probe, self.dependency = probe, dependency

    def judge(self, history: History) -> list[Verdict]:
        rec = history.invariants
        if rec is None or rec.faulted != self.dependency or self.probe not in rec.series:
            return []
        if rec.injected is None or rec.healed is None:
            return []
        return self.truth.judge(rec.series[self.probe], rec.injected, rec.healed, rec.until)


class HealthSteady(HistoryCheck):
    """A declared health probe keeps saying healthy while a component it does not need is
    faulted (a scrape target, not a dependency): an unhealthy answer then is a false alarm."""

    def __init__(self, decl: Invariants, probe: str) -> None:
        super().__init__(f"health probe '{probe}' stays healthy while something it does not need "
                         "is faulted")
        self.probe = next(p for p in decl.health if p.name == probe)
        self.max_interval = decl.interval * 2

    def judge(self, history: History) -> list[Verdict]:
        rec = history.invariants
        if rec is None or rec.injected is None or rec.healed is None \
                or rec.faulted in self.probe.needs or self.probe.name not in rec.series:
            return []
        return SteadyHealth(self.probe.name, self.max_interval, name=self.name).judge(
            rec.series[self.probe.name], rec.injected, rec.healed)


class DependencyHealthTells(HistoryCheck):
    """The stopped dependency's own health checks (§7.3) say so, and say healthy after the heal."""

    name = "§7.3 health checks tell the truth about the stopped dependency"

    def __init__(self, decl: Invariants) -> None:
        super().__init__()
        self.decl = decl

    def judge(self, history: History) -> list[Verdict]:
        rec = history.invariants
        if rec is None or rec.injected is None or rec.healed is None:
            return []
        out: list[Verdict] = []
        for probe in rec.dependency_probes:
            out += HealthTruth(probe, rec.faulted or "?", self.decl.dependency_down_within,
                               self.decl.dependency_up_within, self.decl.interval * 2,
                               name=self.name).judge(rec.series[probe], rec.injected, rec.healed,
                                                     rec.until)
        return out


class RespondsThroughout(HistoryCheck):
    """The API answers from the injection to the heal of a fault on something else."""

    def __init__(self, decl: Invariants) -> None:
        assert decl.api is not None
        api = decl.api
        self.api = Responsive(api.name, api.max_gap, api.p50, api.p95, api.worst, api.answers,
                              decl.interval * 2)
        super().__init__(self.api.name)
        self.probe = api.name

    def judge(self, history: History) -> list[Verdict]:
        rec = history.invariants
        if rec is None or self.probe not in rec.series or rec.injected is None or rec.healed is None:
            return []
        return self.api.judge(rec.series[self.probe], rec.injected, rec.healed)


class LinesCheck(HistoryCheck):
    """A log-quality check over every line of the system in the scenario."""

    def __init__(self, check: Placeholders | LineFlood) -> None:
        super().__init__(check.name)
        self.check = check

    def judge(self, history: History) -> list[Verdict]:
        rec = history.invariants
        return self.check.judge(rec.lines) if rec is not None else []


class QuietStart(HistoryCheck):
    """No ERROR record during the healthy start before the fault (excused records counted)."""

    def __init__(self, decl: Invariants) -> None:
        self.window = QuietWindow("healthy start", list(decl.excused), errors=decl.errors)
        super().__init__(self.window.name)

    def judge(self, history: History) -> list[Verdict]:
        rec = history.invariants
        if rec is None or rec.healthy_start is None:
            return []
        return self.window.judge(rec.healthy_start)


class QuietShutdown(HistoryCheck):
    """No ERROR record from a SIGTERM or SIGINT to the system until it exited."""

    def __init__(self, decl: Invariants) -> None:
        self.window = QuietWindow("normal shutdown", list(decl.excused), errors=decl.errors)
        super().__init__(self.window.name)

    def judge(self, history: History) -> list[Verdict]:
        rec = history.invariants
        if rec is None:
            return []
        entries = history.timeline.entries(history.since)
        sent = next((e for e in entries if isinstance(e, Mark) and e.component == history.component
                     and e.kind == "signal" and e.label in GRACEFUL), None)
        if sent is None:
            return []
        ended = next((e for e in entries if isinstance(e, Mark) and e.component == history.component
                      and e.kind == "exit" and e.seq > sent.seq), None)
        lines = [e for e in entries if isinstance(e, LogLine) and e.component == history.component
                 and e.seq > sent.seq and (ended is None or e.seq < ended.seq)]
        return self.window.judge(lines)


class SignalsHome(HistoryCheck):
    """No signal from the system reached a sentinel or the runner."""

    def __init__(self, decl: Invariants) -> None:
        self.check = SignalsStayHome(decl.system)
        super().__init__(self.check.name)

    def judge(self, history: History) -> list[Verdict]:
        rec = history.invariants
        if rec is None:
            return []
        return self.check.judge(rec.signals, {os.getpid()})


class InvariantChecks:
    """The invariant check objects of one system (build once, in its catalog's checks module)."""

    def __init__(self, decl: Invariants) -> None:
        self.decl = decl
        self.health = {(h.name, dep): HealthTells(decl, h.name, dep)
                       for h in decl.health for dep in h.needs}
        self.steady = tuple(HealthSteady(decl, h.name) for h in decl.health if h.steady)
        self.dependency_health = DependencyHealthTells(decl)
        self.responds = RespondsThroughout(decl) if decl.api is not None else None
        self.placeholders = LinesCheck(Placeholders())
        self.flood = LinesCheck(LineFlood(decl.flood_per_second))
        self.quiet_start = QuietStart(decl)
        self.quiet_shutdown = QuietShutdown(decl)
        self.signals = SignalsHome(decl)
        #: judges the stops a catalog's flow recorded (``StopRecord``s, not a history: not in
        #: ``all``), bounded by the declaration
        self.graceful = GracefulStop(decl.system, decl.stop_within)

    @property
    def all(self) -> tuple[HistoryCheck, ...]:
        """Every invariant check, for a scenario's checks."""
        responds = (self.responds,) if self.responds is not None else ()
        return (*self.health.values(), *self.steady, self.dependency_health, *responds, self.placeholders,
                self.flood, self.quiet_start, self.quiet_shutdown, self.signals)
