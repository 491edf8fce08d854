"""The Backend.AI manager guide's error scenarios (§5.1-§5.4, §1.3), as data.

Every signature is a line the real manager 26.9.6 printed under that fault on this kind of
machine; each names the guide section it verifies. Known defects carry their evidence.
"""

from __future__ import annotations

from faultbook.faults.base import Phase
from faultbook.scenario import Budgets, KnownDefect, Scenario, Signature

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
    "BAI-EXIT0", "a manager that cannot start exits non-zero",
    "exits with status 0 after 'Server initialization failure; triggering shutdown...'",
    "exit 0 measured after the failed start; the CLI reports success to its supervisor")

BUDGETS = Budgets(cpu_percent=25.0, lines_per_second=150.0, answer_within=5.0,
                  recovery_within=30.0, exit_within=90.0)

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
            KnownDefect("BAI-FLOOD-PG", "manager log-line rate within budget",
                        "log flood while PostgreSQL is down",
                        "about 1500 lines/s: 'database member connection failed' WARNINGs and "
                        "'timeout raised while trying to acquire lock. retrying...' with no backoff"),
            KnownDefect("BAI-SPIN-PG", "manager CPU within budget",
                        "busy loop while PostgreSQL is down",
                        "worker CPU about 47 % (4.8 % idle) retrying the distributed lock"),
        ),
    ),
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
            KnownDefect("BAI-ORPHAN", "no process of the manager survives",
                        "the worker survives its parent's SIGKILL as an orphan",
                        "'backend.ai: manager worker-0' reparented to pid 1, still serving, then frozen "
                        "once its log relay (the dead parent) is gone"),
            KnownDefect("BAI-ORPHAN-PORT", "nothing holds the manager's ports after it ended",
                        "the orphaned worker keeps the API and internal ports",
                        "API, internal and aiomonitor ports still LISTEN, owned by the orphan"),
            KnownDefect("BAI-REUSEPORT-SPLIT", "API port held by the manager alone",
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
