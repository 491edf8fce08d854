"""The lines the real manager 26.9.6 prints under each fault, each pinned to the guide section
it verifies (and, in the note, where the guide's text differs from what the manager prints)."""

from __future__ import annotations

from faultbook.observe.signature import Signature
from scenarios.backendai.spec import MANAGER as M
from scenarios.backendai.spec import line

INIT_FAILURE = Signature(M, line("ERROR", "ai.backend.manager.server",
                                 r"Server initialization failure; triggering shutdown\.\.\."),
                         "§5.2-§5.4", "the manager's own verdict on a failed start")
TERMINATED = Signature(M, line("INFO", "ai.backend.manager.server", r"terminated\.$"), "§1.3",
                       "the last line of every manager exit")
BIND_FAILURE = Signature(M, r"^OSError: \[Errno 98\] error while attempting to bind on address "
                            r"\('127\.0\.0\.1', \d+\): \[errno 98\] address already in use$", "§5.4",
                         "the traceback's last line; §7.1's port grep (case-sensitive) misses it")

PG_MEMBER_FAILED = Signature(M, line("WARNING", "ai.backend.common.db.connector",
                                     r"database member connection failed \(addr:127\.0\.0\.1:\d+, "
                                     r"reason:ConnectionRefusedError\(111"), "§5.2")
PG_REFUSED = Signature(M, r"^ConnectionRefusedError: \[Errno 111\] Connect call failed "
                          r"\('127\.0\.0\.1', \d+\)$", "§5.2", "the traceback's last line")
PG_REQUEST_FAILED = Signature(M, line("ERROR", "ai.backend.manager.api.rest.middleware.exception",
                                      r"Uncaught exception in HTTP request handlers "
                                      r"\(GET /scaling-groups\)"),
                              "§5.2", "a DB-backed API request during the outage")

REDIS_TIMED_OUT = Signature(M, r"^glide_shared\.exceptions\.ClosingError: Received error for address "
                               r"`127\.0\.0\.1:\d+`: timed out$", "§5.3",
                            "the traceback's last line: 'timed out', which §7.1's connection grep misses")
REDIS_MONITOR = Signature(M, line("WARNING", "ai.backend.common.clients.valkey_client.client",
                                  r"Error in connection monitoring \(consecutive failures: 1/3\): "
                                  r"timed out"), "§5.3")
REDIS_EVENT_FAILED = Signature(M, line("ERROR", "ai.backend.common.leader.tasks.event_task",
                                       r"Failed to produce event for task "), "§5.3")
REDIS_REQUEST_FAILED = Signature(M, line("ERROR", "ai.backend.manager.api.rest.middleware.exception",
                                         r"Uncaught exception in HTTP request handlers "
                                         r"\(GET /scaling-groups\): timed out"),
                                 "§5.3", "a DB-backed API request during the outage")

ETCD_RETRY = Signature(M, line("DEBUG", "ai.backend.common.etcd", r"etcd request unavailable, retrying"),
                       "§5.2-§5.3")
ETCD_GRPC = Signature(M, r"^etcd_client\.GRPCStatusError: \{'code': 14, 'details': b'', "
                         r"'message': 'tcp connect error'\}$", "§5.2-§5.3",
                      "the traceback's last line; §7.1's connection grep misses 'tcp connect error'")
ETCD_WATCH = Signature(M, line("WARNING", "ai.backend.common.etcd",
                               r"watch(_prefix)?\(\): error while connecting to Etcd server, "
                               r"retrying\.\.\."), "§5.2-§5.3")

SIGTERM_LINES = (
    Signature(M, line("INFO", "ai.backend.manager.server", r"shutting down\.\.\."), "§1.3",
              "the guide says '[INFO] Shutting down the manager service...'"),
    Signature(M, line("INFO", "ai.backend.common.leader.tasks.leader_cron", r"Leader cron stopped"),
              "§1.3", "the guide says 'Cleaning up session scheduler tasks'"),
    Signature(M, line("INFO", "ai.backend.common.clients.valkey_client.client",
                      r"Valkey connection monitor task stopped\. Client closed: True"), "§1.3",
              "the guide says 'Closing ValkeyStandaloneClient connection pool'"),
)
