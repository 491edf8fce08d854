"""The Backend.AI guide's §7.3 health checks as rows: manager HTTP, redis-cli PING, etcdctl, pg_isready.

The guide asks the manager for ``GET /server/version``; the real manager answers its version on
``/``. Both are run and reported as answered: when ``/`` answers and ``/server/version`` does
not, the guide's row is marked ``drift`` instead of hiding either result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from faultbook.observe.probes import CommandProbe, HttpProbe, Probe, ProbeResult

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


def _url(endpoint: str) -> str:
    return endpoint if "://" in endpoint else f"http://{endpoint}"


def _hostport(endpoint: str) -> tuple[str, str]:
    rest = endpoint.split("://", 1)[-1].split("/", 1)[0]
    host, _, port = rest.rpartition(":")
    return host or "127.0.0.1", port


def guide_checks(component: str, kind: str, endpoint: str) -> list[Check]:
    """The guide's checks for a component of ``kind`` reachable at ``endpoint``."""
    host, port = _hostport(endpoint)
    if kind == "manager":
        base = _url(endpoint).rstrip("/")
        return [Check(component, kind, base, HttpProbe(f"{base}/server/version", timeout=5,
                                                       name="GET /server/version")),
                Check(component, kind, base, HttpProbe(f"{base}/", timeout=5, name="GET /"))]
    if kind == "redis":
        return [Check(component, kind, endpoint, CommandProbe(
            ["redis-cli", "-h", host, "-p", port, "PING"], name="redis-cli PING", timeout=5,
            expect=r"PONG"))]
    if kind == "etcd":
        url = _url(endpoint)
        return [Check(component, kind, url, CommandProbe(
            ["etcdctl", "--endpoints", url, "--dial-timeout", "2s", "--command-timeout", "3s",
             "endpoint", "health"],
            name="etcdctl endpoint health", timeout=8, expect=r"is healthy",
            env={"ETCDCTL_API": "3"}), "§3.3 / §7.3")]
    if kind == "postgres":
        return [Check(component, kind, endpoint, CommandProbe(
            ["pg_isready", "-h", host, "-p", port, "-U", "postgres", "-t", "3"],
            name="pg_isready", timeout=6), "Issue 2")]
    return []


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
    return mark_drift(rows)


def mark_drift(rows: list[HealthRow]) -> list[HealthRow]:
    """The guide's /server/version row becomes ``drift`` when the same manager answers on /."""
    root_ok = {(r.component, r.target) for r in rows if r.check == "GET /" and r.state == OK}
    out = []
    for r in rows:
        if r.check == "GET /server/version" and r.state == FAIL and r.status is not None \
                and (r.component, r.target) in root_ok:
            r = HealthRow(r.component, r.check, r.target, DRIFT, r.latency, r.status,
                          f"{r.detail} (the guide's path; this manager answers on /)", r.section)
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
