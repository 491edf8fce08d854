"""The lines the real agent 26.9.6 printed under each fault on this kind of machine, each pinned
to the guide section whose log collection it verifies (§2: the agent's logs; §5: error scenarios).
"""

from __future__ import annotations

from faultbook.observe.signature import Signature

A = "agent"
TS = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} "


def line(level: str, logger: str, message: str) -> str:
    """A regex for one real log line: timestamp, level, dotted logger, [pid], message."""
    return TS + level + " " + logger.replace(".", r"\.") + r" \[\d+\] " + message


READY = Signature(A, line("INFO", "ai.backend.agent.server", r"Started the agent service\.$"), "§2.1",
                  "the ready line")
INIT_FAILURE = Signature(A, line("ERROR", "ai.backend.agent.server",
                                 r"Server initialization failure; triggering shutdown\.\.\."),
                         "§2.1", "the agent's own verdict on a failed start")
SHUTTING_DOWN = Signature(A, line("INFO", "ai.backend.agent.server", r"shutting down\.\.\.$"), "§2.1")
EXIT = Signature(A, line("INFO", "ai.backend.agent.server", r"exit\.$"), "§2.1",
                 "the last line of the agent's supervisor process")

REDIS_MONITOR = Signature(A, line("WARNING", "ai.backend.common.clients.valkey_client.client",
                                  r"Error in connection monitoring \(consecutive failures: 1/3\): "
                                  r"timed out"), "§5.3")
HEARTBEAT_FAILED = Signature(A, line("ERROR", "ai.backend.agent.agent", r"instance_heartbeat failure$"),
                             "§5.3", "the heartbeat to the manager goes through Redis")
REDIS_TIMED_OUT = Signature(A, r"^glide_shared\.exceptions\.TimeoutError: timed out$", "§5.3",
                            "a traceback's last line: 'timed out', which §7.1's connection grep misses")

ETCD_WATCH = Signature(A, line("WARNING", "ai.backend.common.etcd",
                               r"watch(_prefix)?\(\): error while connecting to Etcd server, "
                               r"retrying\.\.\."), "§5.2-§5.3")

ENGINE_SYNC_FAILED = Signature(A, line("ERROR", "ai.backend.agent.agent",
                                       r"sync_container_lifecycles\(\) failure, continuing \(detail: "
                                       r"DockerError\(900, 'Cannot connect to Docker Engine via unix://"),
                               "§4", "the container engine behind the agent")
ENGINE_REFUSED = Signature(A, r"^aiodocker\.exceptions\.DockerError: \[900\] Cannot connect to Docker "
                              r"Engine via unix://\S+ \[Cannot connect to unix socket \S+ ssl:default "
                              r"\[Connection refused\]\]$", "§4", "a traceback's last line")
EVENTS_RESTART = Signature(A, line("INFO", "ai.backend.agent.docker.agent",
                                   r"monitor_docker_events\(\): restarting aiodocker event subscriber"),
                           "§4")

REDIS_AT_START = Signature(A, r"^    \| glide_shared\.exceptions\.ClosingError: Received error for "
                              r"address `127\.0\.0\.1:\d+`: timed out$", "§5.3",
                           "inside an exception group; §7.1's connection grep misses 'timed out'")
ETCD_AT_START = Signature(A, r"^etcd_client\.GRPCStatusError: \{'code': 14, 'details': b'', "
                             r"'message': 'tcp connect error'\}$", "§5.2-§5.3",
                          "the traceback's last line; §7.1's connection grep misses 'tcp connect error'")
KRUNNER_FAILED = Signature(A, line("ERROR", "ai.backend.agent.docker.kernel", r"unexpected error$"),
                           "§4", "preparing the kernel-runner volume; the agent goes on without it")
