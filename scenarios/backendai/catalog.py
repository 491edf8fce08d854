"""The Backend.AI manager guide's error scenarios (§5.1-§5.4, §1.3), as typed values.

Every signature is a line the real manager 26.9.6 printed under that fault on this kind of
machine; each names the guide section it verifies. Known defects are pinned to their check
object and a predicate on what it measured.
"""

from __future__ import annotations

import signal
from dataclasses import replace

from faultbook.budgets import Budgets
from faultbook.checks.base import HistoryCheck
from faultbook.checks.signatures import SignaturesSeen
from faultbook.checks.verdict import KnownDefect
from faultbook.faults import Kill, Squat, Stop
from faultbook.scenario import Phase, Scenario
from faultbook.traffic import Burst, Once, Sample
from scenarios.backendai import checks as c
from scenarios.backendai.claims import (
    BIND_FAILURE,
    ETCD_GRPC,
    ETCD_RETRY,
    ETCD_WATCH,
    INIT_FAILURE,
    PG_MEMBER_FAILED,
    PG_REFUSED,
    PG_REQUEST_FAILED,
    REDIS_EVENT_FAILED,
    REDIS_MONITOR,
    REDIS_REQUEST_FAILED,
    REDIS_TIMED_OUT,
    SIGTERM_LINES,
    TERMINATED,
)
from scenarios.backendai.defects import (
    EXIT_ZERO,
    FLOOD_LINES_PG,
    FLOOD_LINES_REDIS,
    FLOOD_PG,
    FLOOD_REDIS,
    FLOOD_STREAM_EVENTS,
    HEALTH_LIES_ETCD,
    HEALTH_LIES_PG,
    HEALTH_LIES_REDIS,
    LOG_PLACEHOLDER,
    ORPHAN,
    ORPHAN_PORT,
    REDIS_STALL,
    REDIS_STALL_API,
    REUSEPORT_SPLIT,
    REUSEPORT_SQUAT,
    REUSEPORT_STOLEN,
    SIGINT_GROUP,
)
from scenarios.backendai.spec import DB, LIVENESS, ROOT

SYSTEM = "backendai"
BUDGETS = Budgets(cpu_percent=25.0, lines_per_second=100.0, answer_within=10.0,
                  recovery_within=30.0, exit_within=90.0)
#: how long an outage is observed before the heal (CPU and log rate are judged over it)
OUTAGE_WINDOW = 15.0
#: defects any scenario can show, whatever its fault (added to every entry of the catalog)
EVERYWHERE: tuple[KnownDefect, ...] = (FLOOD_STREAM_EVENTS,)


def cannot_start(name: str, section: str, title: str, fault: Stop | Squat,
                 signatures: SignaturesSeen, categories: tuple[str, ...]) -> Scenario:
    """A dependency or the port is missing at start: the manager must exit, non-zero, and
    start cleanly once the fault is healed."""
    checks: tuple[HistoryCheck, ...] = (
        c.TOOK_EFFECT, signatures, c.categories(*categories), c.EXITS, c.EXITS_NONZERO,
        c.NO_SURVIVORS_AT_EXIT, c.FRESH_START, c.FRESH_SERVES, c.ALONE_ON_PORT,
        *c.INVARIANTS.all)
    return Scenario(name, SYSTEM, section, title, fault, Phase.BEFORE_START, checks, exits=True,
                    budgets=BUDGETS, defects=(EXIT_ZERO, SIGINT_GROUP))


def outage(name: str, section: str, title: str, service: str, signatures: SignaturesSeen,
           categories: tuple[str, ...] = (), extra: tuple[HistoryCheck, ...] = (),
           traffic: tuple[Sample, ...] = (), defects: tuple[KnownDefect, ...] = ()) -> Scenario:
    """A dependency stopped under a serving manager for the outage window, then restarted."""
    checks: tuple[HistoryCheck, ...] = (
        c.TOOK_EFFECT, c.ANSWERS_ROOT, c.ANSWERS_DB, signatures, c.CPU, c.LOG_RATE, *extra,
        c.categories(*categories), c.SERVES_AGAIN, c.FRESH_START, c.FRESH_SERVES,
        *(i for i in c.INVARIANTS.all if i not in extra))
    return Scenario(name, SYSTEM, section, title, Stop(service), Phase.WHILE_RUNNING, checks,
                    traffic=(Once((ROOT, DB), c.DURING), *traffic), watch=OUTAGE_WINDOW,
                    budgets=BUDGETS, defects=defects)


def squat_shared(name: str, phase: Phase) -> Scenario:
    """A SO_REUSEPORT listener on the API port: the manager starts (or keeps serving) beside it."""
    title = "port taken by a SO_REUSEPORT listener on 127.0.0.1"
    checks: tuple[HistoryCheck, ...] = (c.TOOK_EFFECT, c.REQUESTS_REACH, c.ALONE_ON_PORT,
                                        *c.INVARIANTS.all)
    if phase is Phase.BEFORE_START:
        checks = (c.TOOK_EFFECT, c.STARTS, c.REQUESTS_REACH, c.ALONE_ON_PORT, *c.INVARIANTS.all)
    return Scenario(name, SYSTEM, "§5.4", title, Squat("127.0.0.1", reuseport=True), phase, checks,
                    traffic=(Burst(ROOT, 20, label=c.BURST),), budgets=BUDGETS,
                    defects=(REUSEPORT_SQUAT, REUSEPORT_STOLEN))


def signalled(name: str, title: str, sig: signal.Signals, group: bool, ends: str,
              signatures: tuple[SignaturesSeen, ...] = (), defects: tuple[KnownDefect, ...] = ()) -> Scenario:
    """A signal to the manager the operator started (or its process group), then a fresh start."""
    checks: tuple[HistoryCheck, ...] = (
        c.TOOK_EFFECT, *signatures, c.ends_with(ends), c.NO_SURVIVORS, c.PORTS_RELEASED,
        c.FRESH_START, c.ALONE_ON_PORT, *c.INVARIANTS.all)
    section = "§1.3" if sig in (signal.SIGTERM, signal.SIGINT) else "§5.1"
    return Scenario(name, SYSTEM, section, title, Kill(sig, group), Phase.WHILE_RUNNING, checks,
                    exits=True, budgets=BUDGETS, defects=defects)


_ENTRIES: list[Scenario] = [
    cannot_start("pg-down-at-start", "§5.2", "PostgreSQL stopped, then the manager started",
                 Stop("postgres"),
                 SignaturesSeen(PG_MEMBER_FAILED, INIT_FAILURE, PG_REFUSED, TERMINATED),
                 ("critical", "connection")),
    outage("pg-down-while-serving", "§5.2", "PostgreSQL stopped under a serving manager", "postgres",
           SignaturesSeen(PG_MEMBER_FAILED, PG_REQUEST_FAILED), ("critical", "connection"),
           defects=(FLOOD_PG, FLOOD_LINES_PG, HEALTH_LIES_PG)),
    cannot_start("redis-down-at-start", "§5.3", "Redis stopped, then the manager started",
                 Stop("redis"), SignaturesSeen(INIT_FAILURE, REDIS_TIMED_OUT, TERMINATED),
                 ("critical",)),
    outage("redis-down-while-serving", "§5.3", "Redis stopped under a serving manager", "redis",
           SignaturesSeen(REDIS_MONITOR, REDIS_EVENT_FAILED, REDIS_REQUEST_FAILED), ("critical",),
           extra=(c.LIVENESS,),
           traffic=(Sample(LIVENESS, start=25.0, until=70.0, label=c.LIVENESS_SAMPLES),),
           defects=(FLOOD_REDIS, REDIS_STALL, HEALTH_LIES_REDIS, REDIS_STALL_API,
                    FLOOD_LINES_REDIS)),
    cannot_start("etcd-down-at-start", "§5.2-§5.3", "etcd stopped, then the manager started",
                 Stop("etcd"), SignaturesSeen(ETCD_RETRY, INIT_FAILURE, ETCD_GRPC, TERMINATED),
                 ("critical",)),
    outage("etcd-down-while-serving", "§5.2-§5.3", "etcd stopped under a serving manager", "etcd",
           SignaturesSeen(ETCD_WATCH), extra=(c.PLACEHOLDERS,),
           defects=(LOG_PLACEHOLDER, HEALTH_LIES_ETCD)),
    cannot_start("port-taken-127", "§5.4",
                 "port taken by a plain listener on 127.0.0.1, then the manager started",
                 Squat("127.0.0.1"), SignaturesSeen(INIT_FAILURE, BIND_FAILURE, TERMINATED),
                 ("critical",)),
    cannot_start("port-taken-0000", "§5.4",
                 "port taken by a plain listener on 0.0.0.0, then the manager started",
                 Squat("0.0.0.0"), SignaturesSeen(INIT_FAILURE, BIND_FAILURE, TERMINATED),
                 ("critical",)),
    squat_shared("port-taken-reuseport", Phase.BEFORE_START),
    squat_shared("port-shared-reuseport-while-serving", Phase.WHILE_RUNNING),
    signalled("manager-sigterm", "SIGTERM to the manager: graceful shutdown", signal.SIGTERM, False,
              "exit 0", signatures=(SignaturesSeen(*SIGTERM_LINES, TERMINATED),)),
    signalled("manager-sigint", "SIGINT to the manager: graceful shutdown", signal.SIGINT, False,
              "exit 0"),
    signalled("manager-sigkill", "SIGKILL to the manager process the operator started",
              signal.SIGKILL, False, "signal SIGKILL",
              defects=(ORPHAN, ORPHAN_PORT, REUSEPORT_SPLIT)),
    signalled("manager-sigkill-group", "SIGKILL to the manager's whole process group",
              signal.SIGKILL, True, "signal SIGKILL"),
]
CATALOG: list[Scenario] = [replace(s, defects=(*s.defects, *EVERYWHERE)) for s in _ENTRIES]
