"""The manager's known defects: each pinned to its check object and a predicate on what that
check measured, so a different failure of the same check is not taken for the registered one."""

from __future__ import annotations

from collections.abc import Callable

from faultbook.checks.verdict import KnownDefect, Verdict
from scenarios.backendai import checks as c


def _over_limit(v: Verdict) -> bool:
    limit = v.evidence.get("limit")
    return isinstance(v.measured, float) and isinstance(limit, float) and v.measured > limit


def _listeners(v: Verdict) -> int:
    return int(v.measured.get("listeners", 0)) if isinstance(v.measured, dict) else 0


EXIT_ZERO = KnownDefect(
    "BAI-EXIT0", c.EXITS_NONZERO,
    "exits with status 0 after 'Server initialization failure; triggering shutdown...'",
    "exit 0 measured after the failed start; the CLI reports success to its supervisor",
    when=lambda v: v.measured == "exit 0")
FLOOD_PG = KnownDefect(
    "BAI-FLOOD-PG", c.LOG_RATE, "log flood while PostgreSQL is down",
    "bursts of about 3000 lines within a second, every 5-10 s: 'timeout raised while trying to "
    "acquire lock. retrying...' and 'database member connection failed' with no backoff; "
    "323 lines/s over a 15 s outage, about 25/s idle",
    when=_over_limit)
FLOOD_REDIS = KnownDefect(
    "BAI-FLOOD-REDIS", c.LOG_RATE, "log flood while Redis is down",
    "175 lines/s over the first 15 s of the outage (idle about 25/s): reconnect warnings and "
    "'Failed to produce event for task ...' ERRORs with tracebacks",
    when=_over_limit)
REDIS_STALL = KnownDefect(
    "BAI-REDIS-STALL", c.LIVENESS,
    "a Redis outage stalls the event loop: even GET /health stops answering",
    "GET /health answered until about 30 s into the outage, then timed out; the main thread "
    "blocks in Valkey-GLIDE's synchronous create_client on reconnect",
    when=lambda v: isinstance(v.measured, dict) and v.measured.get("status") is None)
LOG_PLACEHOLDER = KnownDefect(
    "BAI-LOG-PLACEHOLDER", c.PLACEHOLDERS, "etcd retry messages print literal %d / %.1f placeholders",
    "'still unable to connect to Etcd server (attempt %d), next retry in %.1fs'",
    when=lambda v: "(attempt %d), next retry in %.1fs" in v.detail)
REUSEPORT_SQUAT = KnownDefect(
    "BAI-REUSEPORT-SQUAT", c.ALONE_ON_PORT,
    "the manager binds its API port with SO_REUSEPORT and silently shares it with a squatter",
    "two LISTEN sockets on the API port; no warning logged",
    when=lambda v: _listeners(v) >= 2)
REUSEPORT_STOLEN = KnownDefect(
    "BAI-REUSEPORT-STOLEN", c.REQUESTS_REACH,
    "requests to the API port are load-balanced onto the squatter",
    "about half of 20-100 requests land on the co-listener and never reach the manager",
    when=lambda v: isinstance(v.measured, dict) and v.measured.get("unanswered", 0) > 0)
ORPHAN = KnownDefect(
    "BAI-ORPHAN", c.NO_SURVIVORS, "the worker survives its parent's SIGKILL as an orphan",
    "'backend.ai: manager worker-0' reparented to pid 1, still serving, then frozen once its log "
    "relay (the dead parent) is gone",
    when=lambda v: bool(v.measured))
ORPHAN_PORT = KnownDefect(
    "BAI-ORPHAN-PORT", c.PORTS_RELEASED, "the orphaned worker keeps the API and internal ports",
    "API, internal and aiomonitor ports still LISTEN, owned by the orphan",
    when=lambda v: isinstance(v.measured, dict) and "api" in v.measured)
REUSEPORT_SPLIT = KnownDefect(
    "BAI-REUSEPORT-SPLIT", c.ALONE_ON_PORT,
    "a restarted manager shares its port with the orphan (SO_REUSEPORT)",
    "two LISTEN sockets on the API port; about half the requests hang",
    when=lambda v: _listeners(v) >= 2)


def _health_never_down(v: Verdict) -> bool:
    return isinstance(v.measured, dict) and v.measured.get("down_lag") is None


def _flood_of(*messages: str) -> Callable[[Verdict], bool]:
    def when(v: Verdict) -> bool:
        return any(m in str(v.evidence.get("message", "")) for m in messages)

    return when


SIGINT_GROUP = KnownDefect(
    "BAI-SIGINT-GROUP", c.INVARIANTS.signals,
    "a manager that fails to start SIGINTs its whole process group",
    "SIGINT received by the sentinel in the manager's process group, sent by "
    "'backend.ai: manager worker-0' right after 'Server initialization failure'",
    when=lambda v: "SIGINT" in str(v.measured))
HEALTH_LIES_PG = KnownDefect(
    "BAI-HEALTH-LIES-PG", c.INVARIANTS.health[("GET /health", "postgres")],
    'GET /health answers {"status": "ok"} throughout a PostgreSQL outage',
    'GET /health sampled every 0.5 s answered 200 {"status": "ok"} through the whole 15 s outage '
    "(26-31 answers; the rest timed out during event-loop stalls), never an unhealthy answer, "
    "while pg_isready failed within 2 ms and DB-backed requests failed",
    when=_health_never_down)
FLOOD_LINES_PG = KnownDefect(
    "BAI-FLOOD-LINES-PG", c.INVARIANTS.flood,
    "one message repeated 100+ times within a second while PostgreSQL is down",
    "'database member connection failed (addr:..., reason:ConnectionRefusedError(111, ...))' "
    "100-114 times within one second, with no backoff",
    when=_flood_of("database member connection failed",
                   "timeout raised while trying to acquire lock"))
HEALTH_LIES_REDIS = KnownDefect(
    "BAI-HEALTH-LIES-REDIS", c.INVARIANTS.health[("GET /health", "redis")],
    'GET /health answers {"status": "ok"} throughout a Redis outage',
    "sampled every 0.5 s through a 70 s outage: 70 healthy answers (the last 50 s in), 27 "
    "unanswered while the event loop stalled, never an unhealthy answer",
    when=_health_never_down)
FLOOD_LINES_REDIS = KnownDefect(
    "BAI-FLOOD-LINES-REDIS", c.INVARIANTS.flood,
    "one traceback repeated over 50 times within a second during a Redis outage",
    "'Traceback (most recent call last):' 52 times within one second in one run of "
    "redis-down-while-serving, not in three others: hence intermittent",
    when=_flood_of("Traceback (most recent call last):"),
    intermittent=True)
FLOOD_STREAM_EVENTS = KnownDefect(
    "BAI-FLOOD-STREAM-EVENTS", c.INVARIANTS.flood,
    "a DEBUG line per leader event, over 50 within a second when the leader's timers coincide",
    "each of the leader's periodic event tasks (deployment_process_*, route_process_*, ...) "
    "produces an event whose send logs 'Message sent to stream events' (DEBUG): 45 within one "
    "second at a tick in most runs of any scenario that serves long enough, 61 in one run of "
    "etcd-down-while-serving, 52-70 in three of four runs of redis-down-while-serving; hence "
    "intermittent, registered for every scenario",
    when=_flood_of("Message sent to stream events"),
    intermittent=True)
REDIS_STALL_API = KnownDefect(
    "BAI-REDIS-STALL-API", c.INVARIANTS.responds,  # type: ignore[arg-type]
    "a Redis outage stalls the whole API: GET / answers take seconds or never come",
    "GET / sampled every 0.5 s: longest gap without an answer 12.3 s, 12 of 93 unanswered, "
    "p50 3.4 s, p95 7.5 s; in another run longest gap 8.4 s (within its 10 s budget), 11 of 98 "
    "unanswered, p50 3.2 s, p95 7.7 s",
    when=lambda v: "longest_gap" in v.evidence.get("over", ())
    or ("p95" in v.evidence.get("over", ()) and isinstance(v.measured, dict)
        and int(v.measured.get("unanswered", 0)) >= 5))
HEALTH_LIES_ETCD = KnownDefect(
    "BAI-HEALTH-LIES-ETCD", c.INVARIANTS.health[("GET /health", "etcd")],
    'GET /health answers {"status": "ok"} throughout an etcd outage',
    "sampled every 0.5 s through a 15 s outage: 30 healthy answers (the last 16.7 s in), never "
    "an unhealthy answer, while the manager logged that it could not reach etcd",
    when=_health_never_down)
