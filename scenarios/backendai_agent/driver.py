"""Runs one agent catalog entry: the agent registered with the manager, the fault (confirmed)
in its phase, a recorded history (lines, /health samples, the manager's view, engine events,
signals, stops), then every check judges that history.

Phases: a dependency lost while the agent serves, or before it starts; a signal to the agent
(or its process group) while it serves, then a restart. Every scenario ends with a graceful
stop of the agent and an inventory of what it created through the engine.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from faultbook.checks.graceful_stop import StopRecord
from faultbook.checks.recovery_line import says_recovered
from faultbook.checks.supervisor import changes_from_marks
from faultbook.checks.verdict import Verdict, conclude
from faultbook.errors import ServiceError, WaitTimeout
from faultbook.faults.base import Fault, Phase
from faultbook.history import History
from faultbook.observe.matchers import wait_for
from faultbook.observe.timeline import Entry, LogLine, Mark
from faultbook.runner.steps import wait_started_or_exited
from faultbook.runner.watch import InvariantWatch
from faultbook.runtime.base import Service
from faultbook.runtime.process import ProcessService
from scenarios.backendai_agent import checks as C
from scenarios.backendai_agent.catalog import AgentScenario
from scenarios.backendai_agent.faults import AgentFault, AgentSignal, GuideCommand
from scenarios.backendai_agent.invariants import AGENT as AGENT_INVARIANTS
from scenarios.backendai_agent.lab import AgentLab

#: how long the awaited lines may take after the fault
SIGNATURES_WITHIN = 20.0
#: how long a dead agent's processes get to go away by themselves
SURVIVOR_GRACE = 10.0
#: past the view's bound: one polling period (1 s) and a margin for a slow answer
VIEW_SAMPLED = 2.0


@dataclass
class Run:
    """One scenario's running state: the lab, the agent, what was recorded so far."""

    scenario: AgentScenario
    lab: AgentLab
    agent: Service
    #: the recording for the generic invariants (the agent's declared probes)
    invariants: InvariantWatch
    verdicts: list[Verdict] = field(default_factory=list)
    since: int = 0
    history: History | None = None

    @property
    def spec(self) -> AgentFault:
        return self.scenario.fault

    def judge(self, verdicts: list[Verdict]) -> None:
        self.verdicts.extend(verdicts)

    def lines(self, since: int | None = None) -> list[LogLine]:
        return self.agent.timeline.lines(self.agent.component, self.since if since is None else since)


def wait_view(run: Run, alive: bool) -> float | None:
    """Seconds until the manager's view shows the agent ALIVE (or not), bounded by the check's."""
    watch = run.lab.watch
    assert watch is not None
    began = time.monotonic()
    got = watch.wait_for(lambda s: s is not None and (s == "ALIVE") == alive, C.VIEW_WITHIN + 5)
    return None if got is None else round(got.mono - began, 3)


def start_agent(run: Run, quiet: bool = False) -> tuple[bool, float | None, str]:
    """Start the agent and wait for it to be ready; (ok, seconds, why not). ``quiet``: judge
    that the start printed no ERROR line."""
    began = time.monotonic()
    since = run.agent.timeline.seq
    try:
        run.agent.start()
    except (ServiceError, WaitTimeout) as exc:
        return False, None, str(exc)[:300]
    if quiet:
        run.judge(C.QUIET_START.window.judge(run.lines(since)))
    return True, round(time.monotonic() - began, 3), ""


def await_signatures(run: Run) -> None:
    """Each awaited line after the fault (one shared deadline); a missing one is a verdict."""
    deadline = time.monotonic() + SIGNATURES_WITHIN
    for sig in run.scenario.signatures:
        try:
            line = wait_for(run.agent.timeline, sig.pattern, sig.component,
                            max(deadline - time.monotonic(), 0.0), run.since)
        except WaitTimeout:
            line = None
        run.judge([Verdict(f"prints {sig.section}: /{sig.pattern[-70:]}/", line is not None,
                           line.text[:200] if line else None, "a matching line", sig.note)])


def hold(run: Run, until: float) -> None:
    """Keep the fault in place until the monotonic instant ``until``."""
    run.agent.timeline.watch(lambda _e: False, run.agent.timeline.seq, until)


def judge_view_after(run: Run) -> None:
    """Keep recording until the manager's view was sampled past its bound after the agent's
    latest change (ready, exit): the view check needs one answer that late to judge it."""
    marks = [m for m in run.agent.timeline.marks(component=run.agent.component)
             if m.kind in ("ready", "exit")]
    since = marks[-1].mono if marks else time.monotonic()
    hold(run, since + C.VIEW_WITHIN + VIEW_SAMPLED)


def graceful_stop(run: Run) -> None:
    """SIGTERM the agent, record the stop; then what it left through the engine."""
    agent = run.agent
    if agent.is_running():
        began = time.monotonic()
        outcome = agent.stop(timeout=C.GRACEFUL.within)
        took = round(time.monotonic() - began, 3) if outcome is not None else None
        held = tuple(p for p in agent.host_ports.values() if p in listening(agent))
        run.judge(C.GRACEFUL.judge([StopRecord(
            "SIGTERM", took, outcome.label if outcome else "still running",
            outcome.exit_code if outcome else None, tuple(p.pid for p in agent.processes()), held)]))
        judge_view_after(run)
    run.lab.recorder.stop()
    run.judge(C.OUTLIVES.judge(run.lab.created(), run.lab.left_behind()))


def listening(agent: Service) -> set[int]:
    """The agent's ports something still listens on."""
    from faultbook.ports import listening_ports

    return set(agent.host_ports.values()) & set(listening_ports())


def judge_log_and_view(run: Run) -> None:
    """Log quality over the whole scenario, the manager's view against reality, and signals."""
    lines = run.lines(0)
    run.judge(C.PLACEHOLDERS.check.judge(lines))
    run.judge(C.FLOOD.check.judge(lines))
    marks = [e for e in run.agent.timeline.entries(0) if isinstance(e, Mark)]
    watch = run.lab.watch
    assert watch is not None
    if any(m.kind == "ready" and m.component == run.agent.component for m in marks):
        # the view of an agent that never joined is not this invariant's business
        run.judge(C.VIEW.judge(changes_from_marks(marks, run.agent.component), watch.samples))
    if isinstance(run.agent, ProcessService) and run.agent.signals is not None:
        run.judge(C.SIGNALS.check.judge(run.agent.signals.received(), suite_pids={os.getpid()}))


def while_serving(run: Run) -> None:
    """A dependency lost under a registered agent, held, healed, then watched for its return."""
    ok, _took, detail = start_agent(run, quiet=True)
    if not ok:
        raise AssertionError(f"the agent never got ready before the fault: {detail}")
    wait_view(run, alive=True)
    run.since = run.agent.timeline.seq
    dependency = run.spec.dependency or "?"
    with run.spec.build(run.lab) as fault:
        injected = time.monotonic()
        run.invariants.injected(fault, dependency)
        run.judge(C.TOOK_EFFECT.judge(fault.confirm()))
        await_signatures(run)
        hold(run, injected + run.scenario.outage)
    healed_wall = time.time()
    outage_lines = [ln for ln in run.lines() if ln.t <= healed_wall and any(
        re.search(sig.pattern, ln.text) for sig in run.scenario.signatures)]
    if outage_lines:  # the recovery line's bound, ended by the line itself
        run.agent.timeline.watch(lambda e: is_recovery_line(e, run.agent.component),
                                 run.agent.timeline.seq, time.monotonic() + C.HEALTH_UP_WITHIN)
    history = History(run.agent.component, run.agent.timeline, run.lab.stack.sampler,
                      run.scenario.budgets, since=run.since,
                      invariants=run.invariants.finish(healed_wall))  # health back, bounded
    run.history = history
    for check in (C.HEALTH_TRUTH[dependency], C.HEALTH_ANSWERS, C.INVARIANTS.dependency_health):
        run.judge(check.judge(history))
    run.judge(C.RECOVERY_LINE[dependency].judge(run.lines(), len(outage_lines), healed_wall))
    graceful_stop(run)


def is_recovery_line(entry: Entry, component: str) -> bool:
    """A line of ``component`` that the recovery-line check would take."""
    return (isinstance(entry, LogLine) and entry.component == component
            and says_recovered(entry.text))


def before_start(run: Run) -> None:
    """The dependency is gone when the agent starts; after the heal a fresh start must work."""
    budgets = run.scenario.budgets
    with run.spec.build(run.lab) as fault:
        run.judge(C.TOOK_EFFECT.judge(fault.confirm()))
        run.since = run.agent.timeline.seq
        run.agent.start(wait_ready=False)
        state = wait_started_or_exited(run.agent, run.since, budgets.exit_within)
        await_signatures(run)
        if run.scenario.exits:
            outcome = run.agent.wait_exit(5) if state == "exited" else None
            run.judge(C.EXITS.judge(outcome, state, budgets.exit_within))
            run.judge(C.EXITS_NONZERO.judge(outcome, state, budgets.exit_within))
            survivors(run)
        else:
            run.judge(C.STARTS_DESPITE.judge(state == "ready", None, state))
    if run.agent.is_running() and run.scenario.exits:
        run.agent.stop()
    if not run.agent.is_running():
        run.judge(C.FRESH_START.judge(*start_agent(run)))
    wait_view(run, alive=True)
    hold(run, time.monotonic() + 2)
    graceful_stop(run)


def signalled(run: Run) -> None:
    """A signal to the agent (or its group); the manager's view, survivors, then a restart."""
    spec = run.spec
    assert isinstance(spec, AgentSignal)
    ok, _took, detail = start_agent(run, quiet=True)
    if not ok:
        raise AssertionError(f"the agent never got ready before the signal: {detail}")
    wait_view(run, alive=True)
    run.since = run.agent.timeline.seq
    fault: Fault = spec.build(run.lab)
    fault.inject()
    run.judge(C.TOOK_EFFECT.judge(fault.confirm()))
    await_signatures(run)
    if spec.sig is signal.SIGTERM:
        outcome = run.agent.last_outcome
        sent = next((e.mono for e in reversed(run.agent.timeline.entries(run.since))
                     if isinstance(e, Mark) and e.component == run.agent.component
                     and e.kind == "signal"), None)
        took = round(outcome.ended - sent, 3) if outcome and sent is not None else None
        run.judge(C.GRACEFUL.judge([StopRecord("SIGTERM", took,
                                               outcome.label if outcome else "still running",
                                               outcome.exit_code if outcome else None)]))
    survivors(run)
    judge_view_after(run)
    if run.agent.is_running():
        run.agent.stop()
    run.judge(C.RESTART.judge(*start_agent(run)))
    wait_view(run, alive=True)
    judge_view_after(run)
    if run.agent.is_running():
        fault.heal()  # the agent runs again: this only marks the heal
    else:  # a failed restart was judged; another start would only repeat it
        run.agent.timeline.mark(fault.component, "fault.unhealed", "the restart failed")
    graceful_stop(run)


def guide_command(run: Run) -> None:
    """The guide's command as written: does it start the agent, does it log at DEBUG."""
    spec = run.spec
    assert isinstance(spec, GuideCommand)
    run.since = run.agent.timeline.seq
    began = time.monotonic()
    run.agent.start(wait_ready=False)
    state = wait_started_or_exited(run.agent, run.since, run.scenario.budgets.exit_within)
    outcome = run.agent.wait_exit(5) if state == "exited" else None
    tail = [line.text for line in run.lines()[-3:]]
    run.lab.record.facts["guide_command"] = {"command": spec.command(), "state": state,
                                             "outcome": outcome.label if outcome else None,
                                             "last_lines": tail}
    run.judge(C.GUIDE_STARTS.judge(state == "ready", round(time.monotonic() - began, 3)
                                   if state == "ready" else None,
                                   f"{spec.command()}: {state}"
                                   + (f", {outcome.label}: " + " | ".join(tail) if outcome else "")))
    if state == "ready":
        run.agent.wait_ready(run.since)  # the suite's own ready mark (a client connects)
        lines = run.lines()
        debug = [line for line in lines if " DEBUG " in line.text[:40]]
        run.judge(C.GUIDE_DEBUG.judge(len(debug), len(lines)))
        wait_view(run, alive=True)
        graceful_stop(run)


def survivors(run: Run) -> None:
    """Processes of the agent's run left after its main process ended (bounded grace)."""
    service = run.agent
    assert isinstance(service, ProcessService)
    deadline = time.monotonic() + SURVIVOR_GRACE
    left = service.members()
    while left and not service.is_running() and time.monotonic() < deadline:
        service.timeline.watch(lambda _e: False, service.timeline.seq, time.monotonic() + 0.2)
        left = [p for p in service.members() if p.is_running()]
    if service.is_running():
        return
    names = []
    for proc in left:
        try:
            names.append(f"{proc.pid} {proc.name()} (ppid {proc.ppid()})")
        except Exception:  # it went away while being named
            continue
    run.judge(C.NO_SURVIVORS.judge([p.pid for p in left], names))


PHASES: dict[Phase, Callable[[Run], None]] = {Phase.WHILE_RUNNING: while_serving,
                                              Phase.BEFORE_START: before_start}


#: entries whose fault spec has a flow of its own, whatever the phase
FLOWS: dict[type[AgentFault], Callable[[Run], None]] = {AgentSignal: signalled,
                                                        GuideCommand: guide_command}


def run(scenario: AgentScenario, lab: AgentLab, runtime: str) -> None:
    """Run a catalog entry end to end and conclude."""
    lab.record.facts["scenario"] = scenario.to_json()
    spec = scenario.fault
    agent = lab.agent(lab.agent_spec(spec.argv, spec.config_level)
                      if isinstance(spec, GuideCommand) else None)
    watch = InvariantWatch(AGENT_INVARIANTS, agent, dict(lab.halfstack.services))
    current = Run(scenario, lab, agent, watch)
    try:
        flow = FLOWS.get(type(spec), PHASES[scenario.phase])
        flow(current)
        judge_log_and_view(current)
    finally:
        watch.sampler.stop()
        if current.history is not None and current.history.invariants is not None:
            lab.record.facts["invariants"] = current.history.invariants.to_json()
        lab.record.facts["manager_view"] = [
            {"t": round(s.mono, 3), "status": s.status} for s in (lab.watch.samples if lab.watch else [])]
        lab.record.facts["engine_objects"] = [o.label for o in lab.created()]
        lab.record.verdicts.extend(current.verdicts)
    conclude(lab.record.verdicts, scenario.defects_for(runtime))
