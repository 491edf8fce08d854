"""Health checks as rows: what each kind of component answers when a person asks if it is up.

Which checks a kind gets is declared by a ``HealthKind``: the halfstack's services (redis-cli PING,
etcdctl endpoint health, pg_isready) are here; a system declares its own kinds in its folder (its
guide, ``faultbook.report.guides``). A documented check whose path moved is reported as ``drift``
when the same target answers on the check it moved to, instead of hiding either result.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from faultbook.observe.probes import CommandProbe, Probe, ProbeResult

OK = "ok"
FAIL = "FAIL"
DRIFT = "drift"


@dataclass(frozen=True)
class Check:
    """One documented check against one component's endpoint."""

    component: str
    kind: str
    target: str
    probe: Probe
    section: str = "§7.3"
    #: the probe name of another check of the same target: when that one answers and this one
    #: fails with a status, the documented path moved (``drift``), it is not a failure
    moved_to: str = ""


@dataclass(frozen=True)
class HealthRow:
    """A check's result as the table shows it."""

    component: str
    check: str
    target: str
    state: str
    latency: float
    status: int | None
    detail: str
    section: str

    def to_json(self) -> dict[str, Any]:
        """As plain data."""
        return asdict(self)


def as_url(endpoint: str) -> str:
    """``endpoint`` as a URL (http:// when it names no scheme)."""
    return endpoint if "://" in endpoint else f"http://{endpoint}"


def hostport(endpoint: str) -> tuple[str, str]:
    """The host (127.0.0.1 when empty) and the port of an endpoint, URL or HOST:PORT."""
    rest = endpoint.split("://", 1)[-1].split("/", 1)[0]
    host, _, port = rest.rpartition(":")
    return host or "127.0.0.1", port


class HealthKind(ABC):
    """How to check one kind of component (a manifest's ``kind``): its checks for an endpoint,
    and the endpoint's form (a URL or HOST:PORT) for the command line."""

    #: the component kind (a service spec's ``kind``), also the command-line option's name
    kind: str = ""
    #: the endpoint may be a URL; may be HOST:PORT
    url: bool = False
    hostport: bool = True
    #: an endpoint to show in help and in the fix of a usage error
    example: str = ""
    #: the option's help: what is checked, and how
    help: str = ""

    @abstractmethod
    def checks(self, component: str, endpoint: str) -> list[Check]:
        """The checks of ``component`` reachable at ``endpoint``."""


class RedisHealth(HealthKind):
    """Redis: ``redis-cli PING`` answers PONG."""

    kind = "redis"
    example = "127.0.0.1:6379"
    help = "Redis, checked with redis-cli PING"

    def checks(self, component: str, endpoint: str) -> list[Check]:
        host, port = hostport(endpoint)
        return [Check(component, self.kind, endpoint, CommandProbe(
            ["redis-cli", "-h", host, "-p", port, "PING"], name="redis-cli PING", timeout=5,
            expect=r"PONG"))]


class EtcdHealth(HealthKind):
    """etcd: ``etcdctl endpoint health`` says it is healthy."""

    kind = "etcd"
    url = True
    example = "http://127.0.0.1:2379"
    help = "etcd client URL, checked with etcdctl endpoint health"

    def checks(self, component: str, endpoint: str) -> list[Check]:
        url = as_url(endpoint)
        return [Check(component, self.kind, url, CommandProbe(
            ["etcdctl", "--endpoints", url, "--dial-timeout", "2s", "--command-timeout", "3s",
             "endpoint", "health"],
            name="etcdctl endpoint health", timeout=8, expect=r"is healthy",
            env={"ETCDCTL_API": "3"}), "§3.3 / §7.3")]


class PostgresHealth(HealthKind):
    """PostgreSQL: ``pg_isready`` exits 0."""

    kind = "postgres"
    example = "127.0.0.1:5432"
    help = "PostgreSQL, checked with pg_isready"

    def checks(self, component: str, endpoint: str) -> list[Check]:
        host, port = hostport(endpoint)
        return [Check(component, self.kind, endpoint, CommandProbe(
            ["pg_isready", "-h", host, "-p", port, "-U", "postgres", "-t", "3"],
            name="pg_isready", timeout=6), "Issue 2")]


#: the halfstack's services, checked the same way for every system
HALFSTACK: tuple[HealthKind, ...] = (PostgresHealth(), RedisHealth(), EtcdHealth())


def _detail(result: ProbeResult) -> str:
    """HTTP: status and the body's start; commands: their last output line (the verdict)."""
    if result.name.startswith("GET"):
        text = " ".join(result.detail.split())
        return (f"HTTP {result.status}: {text}" if result.status is not None else text)[:160]
    lines = [ln.strip() for ln in result.detail.splitlines() if ln.strip()]
    verdicts = [ln for ln in lines if "healthy" in ln and not ln.startswith(("{", "Error"))]
    return ((verdicts or lines or [""])[-1])[:160]


def run_checks(checks: list[Check],
               on_check: Callable[[Check], None] | None = None) -> list[HealthRow]:
    """Run every check once (each bounded by its probe's timeout)."""
    rows: list[HealthRow] = []
    for check in checks:
        if on_check is not None:
            on_check(check)
        result = check.probe.run()
        rows.append(HealthRow(check.component, check.probe.name, check.target,
                              OK if result.ok else FAIL, round(result.latency, 4), result.status,
                              _detail(result), check.section))
    return mark_drift(checks, rows)


def mark_drift(checks: list[Check], rows: list[HealthRow]) -> list[HealthRow]:
    """A check whose path moved becomes ``drift`` when the same target answers where it moved."""
    answered = {(r.component, r.target, r.check) for r in rows if r.state == OK}
    out = []
    for check, r in zip(checks, rows, strict=True):
        if check.moved_to and r.state == FAIL and r.status is not None \
                and (r.component, r.target, check.moved_to) in answered:
            r = HealthRow(r.component, r.check, r.target, DRIFT, r.latency, r.status,
                          f"{r.detail} (the guide's path; this {check.kind} answers on "
                          f"{check.moved_to.split()[-1]})", r.section)
        out.append(r)
    return out


def status_row(component: str, target: str, ok: bool, detail: str) -> HealthRow:
    """A row for a component's run state (container status or process state)."""
    return HealthRow(component, "status", target, OK if ok else FAIL, 0.0, None, detail[:160],
                     "§7.3 docker ps")


def render_table(rows: list[HealthRow]) -> str:
    """A plain text table, one row per check."""
    head = ("component", "check", "target", "state", "ms", "detail")
    body = [(r.component, r.check, r.target, r.state,
             f"{r.latency * 1000:.0f}" if r.latency else "-", r.detail) for r in rows]
    widths = [max(len(str(row[i])) for row in [head, *body]) for i in range(len(head) - 1)]
    lines = []
    for row in [head, *body]:
        cells = [str(c).ljust(w) for c, w in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, str(row[-1])]).rstrip())
    return "\n".join(lines)


def failures(rows: list[HealthRow]) -> list[HealthRow]:
    """Rows that failed (drift is reported, not counted as a failure)."""
    return [r for r in rows if r.state == FAIL]
