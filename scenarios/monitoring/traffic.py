"""What the runner asks Prometheus while a scenario runs, recorded as answers in the history:
the targets page polled until a target is reported down, and §9.1's commands once every target
was scraped."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass

from faultbook.history import Answer, History
from faultbook.system import Client, Request
from faultbook.traffic import Traffic
from scenarios.monitoring.api import TargetState, compact, parse_data, parse_targets
from scenarios.monitoring.spec import METRIC_NAMES, SCRAPE_INTERVAL, TARGETS, UP

#: seconds Prometheus takes to pick up its targets (its scrape manager reloads every 5 s) and
#: scrape each once, with room for a loaded machine
FIRST_SCRAPE_WITHIN = 20.0


def ask_targets(client: Client, label: str, timeout: float = 2.0) -> tuple[Answer, tuple[TargetState, ...]]:
    """GET /api/v1/targets; the answer as recorded (compact target states) and the states."""
    t = time.monotonic()
    reply = client.spec.send(client.service.endpoint, TARGETS, timeout)
    try:
        states = parse_targets(reply.body) if reply.status == 200 else ()
        body = compact(states)
    except (ValueError, KeyError) as exc:
        states, body = (), f"unreadable: {exc}"[:300]
    return Answer(label, TARGETS.name, reply.status, round(reply.latency, 3), t, body,
                  reply.status == 200), states


@dataclass(frozen=True)
class WatchTargets(Traffic):
    """/api/v1/targets every ``every`` s from the fault on, until ``job``'s target is reported
    ``health`` or ``within`` s passed."""

    job: str
    health: str = "down"
    within: float = 2 * SCRAPE_INTERVAL + 3.0
    every: float = 0.1
    label: str = "targets"

    def drive(self, client: Client, history: History, injected: float) -> None:
        gap = threading.Event()
        while time.monotonic() < injected + self.within:
            answer, states = ask_targets(client, self.label)
            history.answers.append(answer)
            if any(s.job == self.job and s.health == self.health for s in states):
                return
            gap.wait(self.every)

    def describe(self) -> str:
        return f"{self.label}: {TARGETS} every {self.every:g}s until {self.job} is {self.health}"


@dataclass(frozen=True)
class GuideCommands(Traffic):
    """Once every target was scraped: §9.1's two commands and the ``up`` query, each answer
    recorded under ``<label> <request>``."""

    label: str = "§9.1"
    every: float = 0.2

    def drive(self, client: Client, history: History, injected: float) -> None:
        gap = threading.Event()
        deadline = time.monotonic() + FIRST_SCRAPE_WITHIN
        answer, states = ask_targets(client, f"{self.label} {TARGETS.name}")
        while not (states and all(s.scraped for s in states)) and time.monotonic() < deadline:
            gap.wait(self.every)
            answer, states = ask_targets(client, f"{self.label} {TARGETS.name}")
        history.answers.append(answer)
        for request in (METRIC_NAMES, UP):
            history.answers.append(self._ask(client, request))

    def _ask(self, client: Client, request: Request) -> Answer:
        t = time.monotonic()
        reply = client.spec.send(client.service.endpoint, request, 5.0)
        try:
            body = json.dumps(parse_data(reply.body)) if reply.status == 200 else reply.body[:300]
        except ValueError as exc:
            body = f"unreadable: {exc}"[:300]
        return Answer(f"{self.label} {request.name}", request.name, reply.status,
                      round(reply.latency, 3), t, body, reply.status == 200)

    def describe(self) -> str:
        return f"{self.label}: {TARGETS}, {METRIC_NAMES}, {UP} once every target was scraped"
