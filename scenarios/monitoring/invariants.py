"""Prometheus's declaration for the generic invariants (``faultbook.invariants``): its own health
endpoints, §9.1's targets API as the API probe, its logfmt error records.

Prometheus needs none of the components the catalog faults: a scrape target gone is something it
reports (``/api/v1/targets``), not a reason to be unhealthy, so its health endpoints must keep
saying healthy (``steady``) while a target is killed or paused.
"""

from __future__ import annotations

from faultbook.invariants import ApiProbe, HealthProbe, Invariants
from faultbook.observe.probes import HttpProbe, Probe, ProbeResult
from faultbook.runtime.base import Service


def healthy(service: Service) -> Probe:
    """GET /-/healthy: Prometheus's liveness endpoint."""
    return HttpProbe(service.endpoint.url(path="/-/healthy"), timeout=2.0)


def ready(service: Service) -> Probe:
    """GET /-/ready: Prometheus's readiness endpoint."""
    return HttpProbe(service.endpoint.url(path="/-/ready"), timeout=2.0)


def targets(service: Service) -> Probe:
    """GET /api/v1/targets, as §9.1 asks it."""
    return HttpProbe(service.endpoint.url(path="/api/v1/targets"), timeout=5.0)


def success(result: ProbeResult) -> bool:
    """Only a 2xx answer is an answer of the targets API (an error page answers nothing)."""
    return result.status is not None and 200 <= result.status < 300


PROMETHEUS = Invariants(
    system="Prometheus",
    health=(HealthProbe("GET /-/healthy", healthy, (), steady=True),
            HealthProbe("GET /-/ready", ready, (), steady=True)),
    api=ApiProbe("GET /api/v1/targets", targets, max_gap=5.0, p50=0.5, p95=2.0, worst=5.0,
                 answers=success),
    # logfmt: level=error (and a Go panic or fatal error, which ends the process)
    errors=r"\blevel=(?:error|crit|fatal)\b|^panic: |^fatal error: ",
)
