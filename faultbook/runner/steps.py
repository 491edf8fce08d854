"""The runner's recording steps: each waits (bounded, on events) and writes what it saw into the
history. None of them judges."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from faultbook.errors import ServiceError, WaitTimeout
from faultbook.history import Attempt, Ending, History, Match, PortView
from faultbook.observe.matchers import wait_for
from faultbook.observe.signature import Signature
from faultbook.observe.sockets import listener_count, port_holders
from faultbook.observe.timeline import LogLine, Mark
from faultbook.runner.lab import Lab
from faultbook.runtime.base import Service
from faultbook.system import Client

#: the longest the runner waits for a dead system's processes to go away by themselves
SURVIVOR_GRACE = 10.0


def health_table(lab: Lab, history: History, phase: str) -> None:
    """Run every service's health probes (the guide's checks); a stopped dependency is a row."""
    results: dict[str, Any] = {}
    for service in lab.services():
        if not service.is_running() and service.component != lab.spec.component:
            results[service.component] = False
        for probe_name, ok, _detail in service.health(phase):
            results[f"{service.component}: {probe_name}"] = ok
    history.health.append({"phase": phase, "results": results})


def wait_started_or_exited(service: Service, since: int, within: float) -> str:
    """'ready', 'exited' or 'hung': whichever the system does first."""
    regex = re.compile(service.spec.ready_pattern)
    entry = service.timeline.watch(
        lambda e: (isinstance(e, LogLine) and e.component == service.component
                   and bool(regex.search(e.text)))
        or (isinstance(e, Mark) and e.component == service.component and e.kind == "exit"),
        since, time.monotonic() + within)
    if entry is None:
        return "hung"
    return "ready" if isinstance(entry, LogLine) else "exited"


def await_signatures(history: History, signatures: tuple[Signature, ...], within: float) -> None:
    """Wait (one shared deadline) for each signature after the fault; record the first match."""
    deadline = time.monotonic() + within
    for sig in signatures:
        try:
            line: LogLine | None = wait_for(history.timeline, sig.pattern, sig.component,
                                            within=max(deadline - time.monotonic(), 0.0),
                                            since=history.since)
        except WaitTimeout:
            line = None
        history.matches.append(Match(sig, line))


def hold(history: History, until: float) -> None:
    """Keep the fault in place until the monotonic instant ``until`` (the outage goes on)."""
    began = time.monotonic()
    if until > began:
        history.timeline.watch(lambda _e: False, history.timeline.seq, until)
        history.observed_seconds += time.monotonic() - began


def look_at_port(history: History, service: Service, moment: str) -> None:
    """Who listens on the system's main port now."""
    port = service.endpoint.port
    own = tuple(sorted(p.pid for p in service.processes()))
    history.ports.append(PortView(moment, port, listener_count(port), own,
                                  tuple(sorted(port_holders(port)))))


def record_ending(history: History, service: Service, state: str) -> None:
    """The system's outcome, the processes it left (at once, then after a bounded grace) and
    the ports still held."""
    outcome = service.wait_exit(5) if state == "exited" else None
    at_exit = tuple(p.pid for p in service.processes())
    survivors = at_exit
    began = time.monotonic()
    gap = threading.Event()
    while survivors and time.monotonic() < began + SURVIVOR_GRACE:
        gap.wait(0.2)
        survivors = tuple(p.pid for p in service.processes())
    waited = time.monotonic() - began
    history.observed_seconds += waited
    held = {name: sorted(port_holders(port)) for name, port in service.host_ports.items()
            if port_holders(port)} if outcome is not None else {}
    history.ending = Ending(state, outcome, at_exit, survivors, round(waited, 3), held)


def recover(history: History, client: Client) -> None:
    """After the heal: ask the recovery request until it answers 200 or the bound passes."""
    request = client.spec.recovery
    if request is None:
        return
    healed = time.monotonic()
    deadline = healed + history.budgets.recovery_within
    answer = client.ask(request, 5.0, "recovery")
    gap = threading.Event()
    while answer.status != 200 and time.monotonic() < deadline and client.service.is_running():
        gap.wait(0.2)
        answer = client.ask(request, 5.0, "recovery")
    took = round(time.monotonic() - healed, 3)
    history.recovery = Attempt(answer.status == 200, took, status=answer.status)


def fresh_start(history: History, client: Client) -> None:
    """Start the system afresh (stopping what is left of it first); record whether it got ready
    and what its recovery request answers."""
    service = client.service
    if service.is_running():
        service.stop()
    began = time.monotonic()
    try:
        service.start()
        ok, detail = True, ""
    except (ServiceError, WaitTimeout) as exc:
        ok, detail = False, str(exc)[:300]
    took = round(time.monotonic() - began, 3)
    status = None
    if ok and client.spec.recovery is not None:
        status = client.ask(client.spec.recovery, 10.0, "after a fresh start").status
    history.fresh_start = Attempt(ok, took, detail, status)
    if ok:
        look_at_port(history, service, "after a fresh start")
