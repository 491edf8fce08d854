"""The two phases a fault can hit a system in: before it starts, or while it serves. Each
records into the history; neither judges."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod

from faultbook.faults.base import Phase
from faultbook.history import History
from faultbook.runner import steps
from faultbook.runner.lab import Lab
from faultbook.scenario import Scenario
from faultbook.system import Client


class PhaseRun(ABC):
    """How a scenario of one phase is run."""

    #: how long the awaited signatures may take to appear after the fault
    signatures_within: float = 10.0

    @abstractmethod
    def run(self, scenario: Scenario, lab: Lab, history: History) -> None:
        """Start, inject (confirmed), drive traffic, observe, heal, recover."""

    def under_fault(self, scenario: Scenario, client: Client, history: History) -> None:
        """While the fault is in place: traffic, signatures, the outage window, the ending."""
        service = client.service
        injected = history.injected or time.monotonic()
        if service.is_running() and history.start_state in (None, "ready"):
            for traffic in scenario.traffic:
                traffic.drive(client, history, injected)
        steps.await_signatures(history, scenario.awaited(), self.signatures_within)
        if scenario.watch:
            steps.hold(history, injected + scenario.watch)
            history.window = (injected, injected + scenario.watch)
        state = history.start_state or ("ready" if service.is_running() else "exited")
        if scenario.exits and service.is_running():
            bound = history.budgets.exit_within
            state = "exited" if service.wait_exit(bound) is not None else "serving"
        elif not service.is_running():
            state = "exited"
        if scenario.exits or state == "exited":
            steps.record_ending(history, service, state)
        elif state == "ready":
            steps.look_at_port(history, service, "under the fault")
        history.until = history.timeline.seq

    def after_heal(self, scenario: Scenario, client: Client, history: History) -> None:
        """Recovery of a system still running; a fresh start of one that is not."""
        history.healed = time.monotonic()
        if client.service.is_running() and not scenario.exits:
            steps.recover(history, client)
        if scenario.exits or not client.service.is_running():
            steps.fresh_start(history, client)


class BeforeStart(PhaseRun):
    """The fault is in place when the system starts."""

    def run(self, scenario: Scenario, lab: Lab, history: History) -> None:
        service = lab.system
        client = Client(lab.spec, service)
        steps.health_table(lab, history, "before")
        fault = scenario.fault.build(lab)
        with fault:
            history.injected = time.monotonic()
            if lab.watch is not None:
                lab.watch.injected(fault)
            history.since = history.timeline.seq
            service.start(wait_ready=False)
            history.start_state = steps.wait_started_or_exited(
                service, history.since, history.budgets.exit_within)
            self.under_fault(scenario, client, history)
        history.evidence = fault.evidence
        self.after_heal(scenario, client, history)
        steps.health_table(lab, history, "after")


class WhileRunning(PhaseRun):
    """The fault hits a system that serves."""

    signatures_within = 15.0

    def run(self, scenario: Scenario, lab: Lab, history: History) -> None:
        service = lab.system
        client = Client(lab.spec, service)
        service.start()
        steps.health_table(lab, history, "before")
        history.since = history.timeline.seq
        fault = scenario.fault.build(lab)
        with fault:
            history.injected = time.monotonic()
            if lab.watch is not None:
                lab.watch.injected(fault)
            self.under_fault(scenario, client, history)
        history.evidence = fault.evidence
        self.after_heal(scenario, client, history)
        steps.health_table(lab, history, "after")


PHASES: dict[Phase, PhaseRun] = {Phase.BEFORE_START: BeforeStart(), Phase.WHILE_RUNNING: WhileRunning()}
