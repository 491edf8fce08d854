"""The Backend.AI manager guide's error scenarios (§5.1-§5.4, §1.3), as data.

Every signature is a line the real manager 26.9.6 printed under that fault on this kind of
machine; each names the guide section it verifies. Known defects carry their evidence.
"""

from __future__ import annotations

from faultbook.checks.verdict import Check, KnownDefect
from faultbook.faults.base import Phase
from faultbook.scenario import Budgets, Scenario, Signature

M = "manager"
TS = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} "


def line(level: str, logger: str, message: str) -> str:
    """A regex for one real log line: timestamp, level, dotted logger, [pid], message."""
    return TS + level + " " + logger.replace(".", r"\.") + r" \[\d+\] " + message


INIT_FAILURE = Signature(M, line("ERROR", "ai.backend.manager.server",
                                 r"Server initialization failure; triggering shutdown\.\.\."),
                         "§5.2-§5.4", "the manager's own verdict on a failed start")
TERMINATED = Signature(M, line("INFO", "ai.backend.manager.server", r"terminated\.$"), "§1.3",
                       "the last line of every manager exit")

EXIT_ZERO = KnownDefect(
    "BAI-EXIT0", Check("a manager that cannot start exits non-zero"),
    "exits with status 0 after 'Server initialization failure; triggering shutdown...'",
    "exit 0 measured after the failed start; the CLI reports success to its supervisor")

BUDGETS = Budgets(cpu_percent=25.0, lines_per_second=100.0, answer_within=10.0,
                  recovery_within=30.0, exit_within=90.0)

BIND_FAILURE = Signature(M, r"^OSError: \[Errno 98\] error while attempting to bind on address "
                            r"\('127\.0\.0\.1', \d+\): \[errno 98\] address already in use$", "§5.4",
                         "the traceback's last line; §7.1's port grep (case-sensitive) misses it")
SPLIT = KnownDefect(
    "BAI-REUSEPORT-SQUAT", Check("API port held by the manager alone"),
    "the manager binds its API port with SO_REUSEPORT and silently shares it with a squatter",
    "two LISTEN sockets on the API port; no warning logged")
STOLEN = KnownDefect(
    "BAI-REUSEPORT-STOLEN", Check("every API request reaches the manager"),
    "requests to the API port are load-balanced onto the squatter",
    "about half of 20-100 requests land on the co-listener and never reach the manager")


def squat(name: str, host: str, reuseport: bool, phase: Phase = Phase.BEFORE_START) -> Scenario:
    """A §5.4 port-conflict entry."""
    title = f"port taken by a {'SO_REUSEPORT ' if reuseport else 'plain '}listener on {host}"
    if reuseport:
        return Scenario(name, "backendai", "§5.4", title, "port-squat", phase,
                        {"host": host, "reuseport": True}, budgets=BUDGETS, defects=(SPLIT, STOLEN))
    return Scenario(name, "backendai", "§5.4", title + ", then the manager started", "port-squat",
                    phase, {"host": host, "reuseport": False},
                    signatures=(INIT_FAILURE, BIND_FAILURE, TERMINATED), outcome="exits",
                    categories=("critical",), budgets=BUDGETS, defects=(EXIT_ZERO,))

CATALOG: list[Scenario] = [
    Scenario(
        "pg-down-at-start", "backendai", "§5.2", "PostgreSQL stopped, then the manager started",
        "dependency-stop", Phase.BEFORE_START, {"service": "postgres"},
        signatures=(
            Signature(M, line("WARNING", "ai.backend.common.db.connector",
                              r"database member connection failed \(addr:127\.0\.0\.1:\d+, "
                              r"reason:ConnectionRefusedError\(111"), "§5.2"),
            INIT_FAILURE,
            Signature(M, r"^ConnectionRefusedError: \[Errno 111\] Connect call failed "
                         r"\('127\.0\.0\.1', \d+\)$", "§5.2", "the traceback's last line"),
            TERMINATED,
        ),
        outcome="exits", categories=("critical", "connection"), budgets=BUDGETS,
        defects=(EXIT_ZERO,),
    ),
    Scenario(
        "pg-down-while-serving", "backendai", "§5.2", "PostgreSQL stopped under a serving manager",
        "dependency-stop", Phase.WHILE_RUNNING, {"service": "postgres"},
        signatures=(
            Signature(M, line("WARNING", "ai.backend.common.db.connector",
                              r"database member connection failed \(addr:127\.0\.0\.1:\d+, "
                              r"reason:ConnectionRefusedError\(111"), "§5.2"),
            Signature(M, line("ERROR", "ai.backend.manager.api.rest.middleware.exception",
                              r"Uncaught exception in HTTP request handlers \(GET /scaling-groups\)"),
                      "§5.2", "a DB-backed API request during the outage"),
        ),
        categories=("critical", "connection"), budgets=BUDGETS,
        defects=(
            KnownDefect("BAI-FLOOD-PG", Check("manager log-line rate within budget"),
                        "log flood while PostgreSQL is down",
                        "bursts of about 3000 lines within a second, every 5-10 s: "
                        "'timeout raised while trying to acquire lock. retrying...' and 'database "
                        "member connection failed' with no backoff; 323 lines/s over a 15 s outage, "
                        "about 25/s idle"),
        ),
    ),
    Scenario(
        "redis-down-at-start", "backendai", "§5.3", "Redis stopped, then the manager started",
        "dependency-stop", Phase.BEFORE_START, {"service": "redis"},
        signatures=(
            INIT_FAILURE,
            Signature(M, r"^glide_shared\.exceptions\.ClosingError: Received error for address "
                         r"`127\.0\.0\.1:\d+`: timed out$", "§5.3",
                      "the traceback's last line: 'timed out', which §7.1's connection grep misses"),
            TERMINATED,
        ),
        outcome="exits", categories=("critical",), budgets=BUDGETS, defects=(EXIT_ZERO,),
    ),
    Scenario(
        "redis-down-while-serving", "backendai", "§5.3", "Redis stopped under a serving manager",
        "dependency-stop", Phase.WHILE_RUNNING,
        {"service": "redis", "outage": 70.0, "liveness_from": 25.0},
        signatures=(
            Signature(M, line("WARNING", "ai.backend.common.clients.valkey_client.client",
                              r"Error in connection monitoring \(consecutive failures: 1/3\): timed out"),
                      "§5.3"),
            Signature(M, line("ERROR", "ai.backend.common.leader.tasks.event_task",
                              r"Failed to produce event for task "), "§5.3"),
            Signature(M, line("ERROR", "ai.backend.manager.api.rest.middleware.exception",
                              r"Uncaught exception in HTTP request handlers \(GET /scaling-groups\): "
                              r"timed out"), "§5.3", "a DB-backed API request during the outage"),
        ),
        categories=("critical",), budgets=BUDGETS,
        defects=(
            KnownDefect("BAI-FLOOD-REDIS", Check("manager log-line rate within budget"),
                        "log flood while Redis is down",
                        "175 lines/s over the first 15 s of the outage (idle about 25/s): reconnect "
                        "warnings and 'Failed to produce event for task ...' ERRORs with tracebacks"),
            KnownDefect("BAI-REDIS-STALL", Check("liveness endpoint answers throughout the outage"),
                        "a Redis outage stalls the event loop: even GET /health stops answering",
                        "GET /health answered until about 30 s into the outage, then timed out; the "
                        "main thread blocks in Valkey-GLIDE's synchronous create_client on reconnect"),
        ),
    ),
    Scenario(
        "etcd-down-at-start", "backendai", "§5.2-§5.3", "etcd stopped, then the manager started",
        "dependency-stop", Phase.BEFORE_START, {"service": "etcd"},
        signatures=(
            Signature(M, line("DEBUG", "ai.backend.common.etcd", r"etcd request unavailable, retrying"),
                      "§5.2-§5.3"),
            INIT_FAILURE,
            Signature(M, r"^etcd_client\.GRPCStatusError: \{'code': 14, 'details': b'', "
                         r"'message': 'tcp connect error'\}$", "§5.2-§5.3",
                      "the traceback's last line; §7.1's connection grep misses 'tcp connect error'"),
            TERMINATED,
        ),
        outcome="exits", categories=("critical",), budgets=BUDGETS, defects=(EXIT_ZERO,),
    ),
    Scenario(
        "etcd-down-while-serving", "backendai", "§5.2-§5.3", "etcd stopped under a serving manager",
        "dependency-stop", Phase.WHILE_RUNNING, {"service": "etcd", "placeholders": True},
        signatures=(
            Signature(M, line("WARNING", "ai.backend.common.etcd",
                              r"watch(_prefix)?\(\): error while connecting to Etcd server, retrying\.\.\."),
                      "§5.2-§5.3"),
        ),
        budgets=BUDGETS,
        defects=(
            KnownDefect("BAI-LOG-PLACEHOLDER", Check("log messages have their placeholders filled"),
                        "etcd retry messages print literal %d / %.1f placeholders",
                        "'still unable to connect to Etcd server (attempt %d), next retry in %.1fs'"),
        ),
    ),
    squat("port-taken-127", "127.0.0.1", False),
    squat("port-taken-0000", "0.0.0.0", False),
    squat("port-taken-reuseport", "127.0.0.1", True),
    squat("port-shared-reuseport-while-serving", "127.0.0.1", True, Phase.WHILE_RUNNING),
    Scenario(
        "manager-sigterm", "backendai", "§1.3", "SIGTERM to the manager: graceful shutdown",
        "manager-signal", Phase.WHILE_RUNNING, {"signal": "SIGTERM"},
        signatures=(
            Signature(M, line("INFO", "ai.backend.manager.server", r"shutting down\.\.\."), "§1.3",
                      "the guide says '[INFO] Shutting down the manager service...'"),
            Signature(M, line("INFO", "ai.backend.common.leader.tasks.leader_cron", r"Leader cron stopped"),
                      "§1.3", "the guide says 'Cleaning up session scheduler tasks'"),
            Signature(M, line("INFO", "ai.backend.common.clients.valkey_client.client",
                              r"Valkey connection monitor task stopped\. Client closed: True"), "§1.3",
                      "the guide says 'Closing ValkeyStandaloneClient connection pool'"),
            TERMINATED,
        ),
        outcome="exit 0", budgets=BUDGETS,
    ),
    Scenario(
        "manager-sigkill", "backendai", "§5.1", "SIGKILL to the manager process the operator started",
        "manager-signal", Phase.WHILE_RUNNING, {"signal": "SIGKILL"},
        outcome="signal SIGKILL", budgets=BUDGETS,
        defects=(
            KnownDefect("BAI-ORPHAN", Check("no process of the manager survives"),
                        "the worker survives its parent's SIGKILL as an orphan",
                        "'backend.ai: manager worker-0' reparented to pid 1, still serving, then frozen "
                        "once its log relay (the dead parent) is gone"),
            KnownDefect("BAI-ORPHAN-PORT", Check("nothing holds the manager's ports after it ended"),
                        "the orphaned worker keeps the API and internal ports",
                        "API, internal and aiomonitor ports still LISTEN, owned by the orphan"),
            KnownDefect("BAI-REUSEPORT-SPLIT", Check("API port held by the manager alone"),
                        "a restarted manager shares its port with the orphan (SO_REUSEPORT)",
                        "two LISTEN sockets on the API port; about half the requests hang"),
        ),
    ),
    Scenario(
        "manager-sigkill-group", "backendai", "§5.1", "SIGKILL to the manager's whole process group",
        "manager-signal", Phase.WHILE_RUNNING, {"signal": "SIGKILL", "group": True},
        outcome="signal SIGKILL", budgets=BUDGETS,
    ),
]
