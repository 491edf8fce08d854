"""What the real agent 26.9.6 breaks, each pinned to a check object and a predicate on its
evidence (a different failure of the same check is not mistaken for the registered one)."""

from __future__ import annotations

from faultbook.checks.verdict import KnownDefect, Verdict
from scenarios.backendai_agent import checks as C


def _relay_running(v: Verdict) -> bool:
    return any(label.startswith("container backendai-socket-relay.") and state == "running"
               for label, state in dict(v.measured or {}).items())


EXIT0 = KnownDefect(
    "AGENT-EXIT0", C.EXITS_NONZERO, "an agent that cannot start exits 0",
    "'Server initialization failure; triggering shutdown...', 'shutting down...', 'exit.', then exit "
    "status 0 (etcd, Redis or the engine unreachable); it SIGINTs its own process group first",
    when=lambda v: v.measured == "exit 0")
RELAY_OUTLIVES = KnownDefect(
    "AGENT-RELAY-OUTLIVES", C.OUTLIVES, "the agent's socket-relay container runs on after it stopped",
    "container backendai-socket-relay.<agent id>, created at start with restart policy "
    "unless-stopped and host networking, still running after the agent exited; the kernel-runner "
    "volume and two loaded images (extractor, relay) are left as well", when=_relay_running)
GUIDE_LOGLEVEL = KnownDefect(
    "AGENT-GUIDE-LOGLEVEL", C.GUIDE_DEBUG, "§2.1's --log-level=DEBUG before start-server has no effect",
    "`backend.ai ag --log-level=DEBUG start-server` with agent.toml at INFO prints no DEBUG line: "
    "the group's --log-level is never passed on; only start-server's own --log-level counts",
    when=lambda v: dict(v.measured or {}).get("debug_lines") == 0)
GUIDE_DEBUG_KERNEL = KnownDefect(
    "AGENT-GUIDE-DEBUG-KERNEL", C.GUIDE_STARTS, "§2.2's --debug-kernel does not exist",
    "exit 2: 'Error: No such option: --debug-kernel Did you mean --debug?'",
    when=lambda v: "No such option: --debug-kernel" in v.detail)
GUIDE_STATS_MONITOR = KnownDefect(
    "AGENT-GUIDE-STATS-MONITOR", C.GUIDE_STARTS, "§2.3's --stats-monitor does not exist",
    "exit 2: 'Error: No such option: --stats-monitor'",
    when=lambda v: "No such option: --stats-monitor" in v.detail)


def _stale(v: Verdict) -> bool:
    """Health sampled densely enough, and late both ways: never down, or not up again in time."""
    m = dict(v.measured or {})
    down, up = m.get("down_lag"), m.get("up_lag")
    return not v.inconclusive and (down is None or down > C.HEALTH_DOWN_WITHIN or up is None
                                   or up > C.HEALTH_UP_WITHIN)


def health_stale(dependency: str) -> KnownDefect:
    """/health says ok through an outage of ``dependency`` (its checks run once a minute)."""
    return KnownDefect(
        f"AGENT-HEALTH-{dependency.upper().replace(' ', '-')}", C.HEALTH_TRUTH[dependency],
        f"the agent's /health lags a {dependency} outage by up to a minute",
        f'GET /health answers 200 with "status": "ok" and overall_healthy true for the whole 30 s '
        f"{dependency} outage (2 probes/s), or stays degraded long after it; its connectivity "
        "checks run every 60 s and are served from the last result", when=_stale)


def no_recovery_line(dependency: str) -> KnownDefect:
    """The outage was logged at WARNING/ERROR; its end is never said above DEBUG."""
    return KnownDefect(
        f"AGENT-NO-RECOVERY-{dependency.upper().replace(' ', '-')}", C.RECOVERY_LINE[dependency],
        f"no line says {dependency} is back after the logged outage",
        "WARNING/ERROR lines during the outage; after the heal only DEBUG 'Health check "
        "succeeded for ...' lines, nothing at INFO or above", when=lambda v: v.measured is None)


HEALTH_REDIS = health_stale("redis")
HEALTH_ETCD = health_stale("etcd")
NO_RECOVERY_REDIS = no_recovery_line("redis")
NO_RECOVERY_ETCD = no_recovery_line("etcd")
LOG_PLACEHOLDER = KnownDefect(
    "AGENT-LOG-PLACEHOLDER", C.PLACEHOLDERS, "etcd retry messages print literal %d / %.1f",
    "'watch_prefix(): still unable to connect to Etcd server (attempt %d), next retry in %.1fs' "
    "(the same library line as the manager's BAI-LOG-PLACEHOLDER)",
    when=lambda v: "still unable to connect to Etcd server (attempt %d)" in v.detail)
ORPHAN = KnownDefect(
    "AGENT-ORPHAN", C.NO_SURVIVORS, "SIGKILL of the agent leaves its worker running as an orphan",
    "'backend.ai: agent worker-0' reparented to pid 1, still heartbeating to the manager",
    when=lambda v: any("worker" in name for name in v.evidence.get("names", [])))
VIEW_ORPHAN = KnownDefect(
    "AGENT-VIEW-ORPHAN", C.VIEW, "the manager lists a killed agent ALIVE (its orphan heartbeats)",
    "the agent the operator started is dead; the manager's agent_list says ALIVE long past the "
    "heartbeat timeout, fed by the orphaned worker",
    when=lambda v: any(d.get("shows") == "ALIVE" and d.get("member") == "down"
                       for d in v.evidence.get("first", [])))
RESTART_ORPHAN = KnownDefect(
    "AGENT-RESTART-ORPHAN", C.RESTART, "a restart beside the orphan fails, and exits 0",
    "the orphan holds the metadata server's port: 'OSError: [Errno 98] error while attempting to "
    "bind on address ('127.0.0.1', <port>)', 'Server initialization failure', exit 0",
    when=lambda v: "exit 0" in v.detail)
HEALTH_ENGINE = health_stale("container engine")
NO_RECOVERY_ENGINE = no_recovery_line("container engine")
SIGINT_GROUP = KnownDefect(
    "AGENT-SIGINT-GROUP", C.SIGNALS, "an agent that fails to start SIGINTs its whole process group",
    "SIGINT received by the sentinel in the agent's process group, sent by 'backend.ai: agent "
    "worker-0' after 'Server initialization failure' (server.py: loop.call_later(0.2, os.kill, 0, "
    "SIGINT)): in every start under etcd, Redis or the engine lost, and in the restart beside the "
    "orphan", when=lambda v: "SIGINT" in str(v.measured))


def _hung_on_sigterm(v: Verdict) -> bool:
    """Ended with exit 1 after at least aiotools' 5 s child timeout, nothing left behind."""
    stop = dict(v.measured or {}).get("SIGTERM") or {}
    return (stop.get("outcome") == "exit 1" and (stop.get("seconds") or 0.0) >= SIGTERM_CHILD_TIMEOUT
            and not stop.get("survivors") and not stop.get("ports_held"))


#: aiotools' wait for the worker after a stop signal, before it kills it
SIGTERM_CHILD_TIMEOUT = 5.0
SIGTERM_HANG = KnownDefect(
    "AGENT-SIGTERM-HANG", C.GRACEFUL, "a SIGTERM'd agent's worker sometimes hangs: killed, exit 1",
    "after SIGTERM the worker logs 'shutting down...' and its tasks cancelled, then nothing; 5 s "
    "later 'WARNING aiotools.server Timeout during waiting for child processes; killing all', "
    "'Force-killed hanging child: <worker pid>', 'exit.', exit status 1 (6.8 s), and the manager "
    "lists the agent LOST instead of TERMINATED. Seen in some stops only: agent-etcd-down-at-start "
    "(process runtime, 6.8 s) and agent-redis-down-at-start (container runtime, 7.2 s), each "
    "after the fresh start that followed the heal", when=_hung_on_sigterm, intermittent=True)


def _events_stream_error(v: Verdict) -> bool:
    """Ended with exit 1, nothing left behind: at once, or after aiotools' child timeout when the
    worker hung in the same stop (the traceback, then AGENT-SIGTERM-HANG's lines)."""
    stop = dict(v.measured or {}).get("SIGTERM") or {}
    return (stop.get("outcome") == "exit 1" and stop.get("seconds") is not None
            and not stop.get("survivors") and not stop.get("ports_held"))


ENGINE_STOP_EXIT1 = KnownDefect(
    "AGENT-ENGINE-STOP-EXIT1", C.GRACEFUL,
    "after an engine outage, a SIGTERM'd agent exits 1 with a traceback",
    "the outage cut the engine's event stream; at the stop, shutdown() awaits the event monitor, "
    "whose finally awaits docker.events.stop() of the dead subscriber, which re-raises "
    "'aiohttp.client_exceptions.ClientPayloadError: Response payload is not completed: "
    "<TransferEncodingError: 400, message=\\'Not enough data to satisfy transfer length "
    "header.\\'>' out of server_main: 'exit.', exit status 1 within 2 s (1.8 s in the process "
    "runtime, 0.96 s in the container runtime); once (process runtime) the worker hung after the "
    "traceback as well: 'Timeout during waiting for child processes; killing all', exit 1 after "
    "5.8 s",
    when=_events_stream_error)
