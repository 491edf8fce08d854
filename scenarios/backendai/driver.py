"""Runs one Backend.AI catalog entry: health, fault, observation, checks, heal, recovery.

The fault kinds: ``dependency-stop`` (a halfstack service stopped), ``port-squat`` (a foreign
listener on the manager's API port), ``manager-signal`` (SIGKILL or SIGTERM to the manager the
operator started, or to its whole process group).
"""

from __future__ import annotations

import re
import signal
import threading
import time

from faultbook.checks.invariants import (
    exited_nonzero,
    lines_per_second,
    listener_count,
    mean_cpu,
    port_holders,
)
from faultbook.checks.signatures import expect_signatures
from faultbook.checks.verdict import conclude
from faultbook.errors import ServiceError, WaitTimeout
from faultbook.faults import KillFault, PortSquat, StopFault
from faultbook.faults.base import Fault, Phase
from faultbook.observe.categories import GUIDE_CATEGORIES, categorize
from faultbook.observe.timeline import LogLine, Mark
from faultbook.runtime.base import Service
from faultbook.scenario import Scenario
from faultbook.services.backendai.client import signed_request
from fixtures.backendai import ManagerLab

#: the manager's lines every healthy start prints with no Docker engine (the overlay plugin's
#: traceback): they hit §7.1's greps but are not caused by the fault
BASELINE_NOISE = ("overlay", "no-docker.sock", "aiodocker", "DockerError", "docker")
DB_REQUEST = "/scaling-groups?group=default"
#: how long an outage is observed before the heal (CPU and log rate are judged over it)
OUTAGE_WINDOW = 15.0


def health_7_3(lab: ManagerLab, phase: str) -> dict[str, bool]:
    """Run the guide's §7.3 checks (manager version endpoint, Redis PING, etcd health, pg_isready)."""
    results: dict[str, bool] = {}
    for name, service in [*lab.halfstack.services.items(), *lab.stack.services.items()]:
        if not service.is_running() and name != "manager":
            results[name] = False
        for probe_name, ok, _detail in service.health(phase):
            results[f"{name}: {probe_name}"] = ok
    lab.record.facts.setdefault("health", []).append({"phase": phase, "results": results})
    return results


def wait_started_or_exited(manager: Service, since: int, within: float) -> str:
    """'ready', 'exited' or 'hung' — whichever the manager does first."""
    regex = re.compile(manager.spec.ready_pattern)
    entry = manager.timeline.watch(
        lambda e: (isinstance(e, LogLine) and e.component == manager.component and bool(regex.search(e.text)))
        or (isinstance(e, Mark) and e.component == manager.component and e.kind == "exit"),
        since, time.monotonic() + within)
    if entry is None:
        return "hung"
    return "ready" if isinstance(entry, LogLine) else "exited"


def make_fault(scenario: Scenario, lab: ManagerLab, manager: Service) -> Fault:
    """The fault object for a catalog entry."""
    p = scenario.params
    if scenario.fault == "dependency-stop":
        return StopFault(lab.halfstack[str(p["service"])])
    if scenario.fault == "port-squat":
        return PortSquat(manager.timeline, manager.endpoint.port, host=str(p.get("host", "127.0.0.1")),
                         reuseport=bool(p.get("reuseport", False)))
    if scenario.fault == "manager-signal":
        return KillFault(manager, signal.Signals[str(p["signal"])], group=bool(p.get("group", False)))
    raise ValueError(f"unknown fault kind {scenario.fault!r}")


def record_categories(lab: ManagerLab, scenario: Scenario, since: int) -> None:
    """Which §7.1 categories the manager's lines under the fault hit, and by which lines."""
    lines = [line for line in lab.stack.timeline.lines("manager", since)
             if not any(noise in line.text for noise in BASELINE_NOISE)]
    hits = categorize(lines, GUIDE_CATEGORIES)
    lab.record.facts["categories"] = {
        name: {"count": len(found), "first": [f.text[:200] for f in found[:3]]}
        for name, found in hits.items()}
    for name in scenario.categories:
        lab.record.verdict(f"§7.1 category {name} hit by the fault's lines", bool(hits[name]),
                           len(hits[name]), ">= 1", hits[name][0].text[:200] if hits[name] else "")


def check_alone_on_port(lab: ManagerLab, manager: Service) -> None:
    """Its API port is held by the manager alone."""
    port = manager.endpoint.port
    own = {p.pid for p in manager.processes()}
    holders = port_holders(port)
    listeners = listener_count(port)
    strangers = sorted(holders - own)
    lab.record.verdict("API port held by the manager alone", not strangers and listeners == 1,
                       {"listeners": listeners, "foreign_pids": strangers}, {"listeners": 1})


def check_requests_reach_manager(lab: ManagerLab, manager: Service, squat: PortSquat) -> None:
    """With a co-listener on its port, count the API requests that never reach the manager."""
    ep = manager.endpoint
    answered = [signed_request(ep.host, ep.port, "GET", "/", timeout=1.0) for _ in range(20)]
    lost = sum(1 for r in answered if r.status is None)
    lab.record.facts["connections_to_squatter"] = squat.accepted
    lab.record.verdict("every API request reaches the manager", lost == 0,
                       {"unanswered": lost, "of": len(answered), "squatter_accepted": squat.accepted},
                       {"unanswered": 0})


def check_budgets(lab: ManagerLab, scenario: Scenario, start: float, end: float) -> None:
    """CPU and log-line rate of the manager over a window."""
    cpu = mean_cpu(lab.stack.sampler, "manager", start, end)
    lps = lines_per_second(lab.stack.timeline, "manager", start, end)
    b = scenario.budgets
    lab.record.verdict("manager CPU within budget", cpu is not None and cpu <= b.cpu_percent,
                       cpu, f"<= {b.cpu_percent:g} %", f"mean over {end - start:.1f}s")
    lab.record.verdict("manager log-line rate within budget", lps <= b.lines_per_second, lps,
                       f"<= {b.lines_per_second:g} lines/s", f"over {end - start:.1f}s")


def check_api_answers(lab: ManagerLab, scenario: Scenario, manager: Service) -> None:
    """While a dependency is down the API still answers (an error response is fine) within a bound."""
    ep = manager.endpoint
    bound = scenario.budgets.answer_within
    for path in ("/", DB_REQUEST):
        resp = signed_request(ep.host, ep.port, "GET", path, timeout=bound + 5)
        lab.record.facts.setdefault("api_during_fault", []).append(
            {"path": path, "status": resp.status, "latency": round(resp.latency, 3), "body": resp.body[:300]})
        lab.record.verdict(f"API answers GET {path.split('?')[0]} during the fault",
                           resp.status is not None and resp.latency <= bound,
                           {"status": resp.status, "latency": round(resp.latency, 3)},
                           f"an HTTP answer within {bound:g}s")


def observed(lab: ManagerLab, seconds: float) -> None:
    """Account time spent deliberately watching a fault (reported apart from the suite's overhead)."""
    lab.record.facts["observed_seconds"] = round(lab.record.facts.get("observed_seconds", 0.0) + seconds, 3)


def check_liveness(lab: ManagerLab, scenario: Scenario, manager: Service, injected: float) -> None:
    """The liveness endpoint keeps answering through a long outage (probed every 2 s)."""
    p = scenario.params
    start, until = injected + float(p["liveness_from"]), injected + float(p["outage"])
    bound = scenario.budgets.answer_within
    began = time.monotonic()
    manager.timeline.watch(lambda e: False, manager.timeline.seq, start)  # the outage goes on
    worst: tuple[float, int | None] = (0.0, 200)
    gap = threading.Event()
    probes = 0
    while time.monotonic() < until:
        resp = signed_request(manager.endpoint.host, manager.endpoint.port, "GET", "/health",
                              timeout=bound)
        probes += 1
        if resp.status is None or resp.latency > worst[0]:
            worst = (round(resp.latency, 3), resp.status)
        if resp.status is None:
            break
        gap.wait(2.0)
    observed(lab, time.monotonic() - began)
    lab.record.verdict("liveness endpoint answers throughout the outage", worst[1] is not None,
                       {"worst_latency": worst[0], "status": worst[1], "probes": probes,
                        "since_outage": round(time.monotonic() - injected, 1)},
                       f"GET /health answers within {bound:g}s")


def check_placeholders(lab: ManagerLab, since: int) -> None:
    """Log messages carry values, not unformatted %-placeholders."""
    raw = re.compile(r"%(?:\.\d+)?[dfs]\b")
    bad = [line.text for line in lab.stack.timeline.lines("manager", since) if raw.search(line.text)]
    lab.record.verdict("log messages have their placeholders filled", not bad, len(bad), 0,
                       bad[0][:200] if bad else "")


def measure_recovery(lab: ManagerLab, scenario: Scenario, manager: Service, healed_at: float) -> None:
    """After the heal the manager serves a DB-backed request again within a bound."""
    ep = manager.endpoint
    bound = scenario.budgets.recovery_within
    deadline = healed_at + bound
    resp = signed_request(ep.host, ep.port, "GET", DB_REQUEST, timeout=5)
    gap = threading.Event()
    while resp.status != 200 and time.monotonic() < deadline and manager.is_running():
        gap.wait(0.2)
        resp = signed_request(ep.host, ep.port, "GET", DB_REQUEST, timeout=5)
    took = round(time.monotonic() - healed_at, 3)
    lab.record.facts["recovery_seconds"] = took if resp.status == 200 else None
    lab.record.verdict("serves again after the heal", resp.status == 200, took,
                       f"<= {bound:g}s", f"last status {resp.status}")


def fresh_start(lab: ManagerLab, scenario: Scenario, manager: Service) -> None:
    """After the heal a fresh start succeeds (for a manager that exited)."""
    start = time.monotonic()
    try:
        manager.start()
        ok, detail = True, ""
    except ServiceError as exc:
        ok, detail = False, str(exc)[:300]
    took = round(time.monotonic() - start, 3)
    lab.record.facts["fresh_start_seconds"] = took
    lab.record.verdict("a fresh start after the heal succeeds", ok, took,
                       f"ready within {manager.ctx.settings.start_timeout:g}s", detail)
    if ok:
        resp = signed_request(manager.endpoint.host, manager.endpoint.port, "GET", DB_REQUEST)
        lab.record.verdict("the restarted manager serves a DB-backed request", resp.status == 200,
                           resp.status, 200)


def run(scenario: Scenario, lab: ManagerLab, runtime: str) -> None:
    """Run a catalog entry end to end and conclude."""
    record = lab.record
    record.facts["scenario"] = scenario.to_json()
    manager = lab.manager()
    fault = make_fault(scenario, lab, manager)
    if scenario.phase is Phase.WHILE_RUNNING:
        manager.start()
        health_7_3(lab, "before")
        since = lab.stack.timeline.seq
        fault.inject()
        drive_while_running(scenario, lab, manager, fault, since)
    else:
        health_7_3(lab, "before")
        fault.inject()
        since = lab.stack.timeline.seq
        manager.start(wait_ready=False)
        drive_before_start(scenario, lab, manager, fault, since)
    health_7_3(lab, "after")
    conclude(record.verdicts, scenario.defects_for(runtime))


def drive_before_start(scenario: Scenario, lab: ManagerLab, manager: Service, fault: Fault,
                       since: int) -> None:
    """The fault is present when the manager starts."""
    b = scenario.budgets
    state = wait_started_or_exited(manager, since, b.exit_within)
    lab.record.facts["start_under_fault"] = state
    expect_signatures(lab.record, lab.stack.timeline, scenario.signatures, since, within=10)
    record_categories(lab, scenario, since)
    if scenario.outcome == "exits":
        if state == "ready":
            # it claims to serve: give it the bound to notice and exit
            state = "exited" if manager.wait_exit(b.exit_within) else "serving"
        outcome = manager.wait_exit(5) if state == "exited" else None
        lab.record.verdict("a manager that cannot start exits", outcome is not None,
                           state, f"exit within {b.exit_within:g}s")
        lab.record.verdict("a manager that cannot start exits non-zero", exited_nonzero(outcome),
                           outcome.label if outcome else state, "non-zero exit or signal")
        survivors = [p.pid for p in manager.processes()]
        lab.record.verdict("no process of the manager survives its exit", not survivors,
                           survivors, [])
        fault.heal()
        if manager.is_running():
            manager.stop()
        fresh_start(lab, scenario, manager)
        check_alone_on_port(lab, manager)
    else:
        lab.record.verdict("the manager starts despite the fault", state == "ready", state, "ready")
        if state == "ready":
            if isinstance(fault, PortSquat):
                check_requests_reach_manager(lab, manager, fault)
            check_alone_on_port(lab, manager)
        fault.heal()


def drive_while_running(scenario: Scenario, lab: ManagerLab, manager: Service, fault: Fault,
                        since: int) -> None:
    """The fault hits a manager that serves."""
    if scenario.fault == "manager-signal":
        drive_signal(scenario, lab, manager, fault, since)
        return
    injected = time.monotonic()
    if scenario.fault == "dependency-stop":
        check_api_answers(lab, scenario, manager)  # its errors are part of the signatures
    expect_signatures(lab.record, lab.stack.timeline, scenario.signatures, since, within=15)
    if isinstance(fault, PortSquat):
        check_requests_reach_manager(lab, manager, fault)
        check_alone_on_port(lab, manager)
        fault.heal()
        return
    end = injected + OUTAGE_WINDOW
    manager.timeline.watch(lambda e: False, manager.timeline.seq, end)  # observe the outage window
    observed(lab, time.monotonic() - injected)
    check_budgets(lab, scenario, injected, end)
    if "liveness_from" in scenario.params:
        check_liveness(lab, scenario, manager, injected)
    if scenario.params.get("placeholders"):
        check_placeholders(lab, since)
    record_categories(lab, scenario, since)
    fault.heal()
    healed_at = time.monotonic()
    measure_recovery(lab, scenario, manager, healed_at)
    if not manager.is_running():
        fresh_start(lab, scenario, manager)


def drive_signal(scenario: Scenario, lab: ManagerLab, manager: Service, fault: Fault, since: int) -> None:
    """SIGKILL or SIGTERM to the manager (or its process group), then a restart."""
    b = scenario.budgets
    ports = dict(manager.host_ports)
    expect_signatures(lab.record, lab.stack.timeline, scenario.signatures, since, within=15)
    outcome = manager.last_outcome
    lab.record.facts["outcome"] = outcome.label if outcome else None
    if scenario.outcome:
        lab.record.verdict(f"the manager ends with {scenario.outcome}",
                           outcome is not None and outcome.label == scenario.outcome,
                           outcome.label if outcome else "still running", scenario.outcome)
    # give survivors the exit bound to go away by themselves
    deadline = time.monotonic() + min(b.exit_within, 10.0)
    survivors = [p.pid for p in manager.processes()]
    gap = threading.Event()
    watched = time.monotonic()
    while survivors and time.monotonic() < deadline:
        gap.wait(0.2)
        survivors = [p.pid for p in manager.processes()]
    observed(lab, time.monotonic() - watched)
    lab.record.verdict("no process of the manager survives", not survivors, survivors, [])
    held = {name: sorted(port_holders(port)) for name, port in ports.items() if port_holders(port)}
    lab.record.verdict("nothing holds the manager's ports after it ended", not held, held, {})
    record_categories(lab, scenario, since)
    try:
        fault.heal()  # restarts the manager
        ok, detail = True, ""
    except (ServiceError, WaitTimeout) as exc:
        ok, detail = False, str(exc)[:300]
    lab.record.verdict("a restart after the signal succeeds", ok, manager.ready_seconds[-1:] or None,
                       "ready", detail)
    if ok:
        check_alone_on_port(lab, manager)
