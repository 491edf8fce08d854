"""The Backend.AI agent's declaration for the generic invariants (``faultbook.invariants``): its
internal ``GET /health`` as the health probe that needs Redis, etcd and the container engine, and
the same endpoint as the API probe that must keep answering while something else is lost."""

from __future__ import annotations

from faultbook.invariants import ApiProbe, HealthProbe, Invariants
from faultbook.observe.probes import HttpProbe, Probe
from faultbook.runtime.base import Service
from scenarios.backendai_agent.spec import AgentHealthProbe

#: what the agent's /health reports on (components on the timeline; the engine is cut at the
#: suite's socket, which has no service of its own)
DEPENDENCIES = ("redis", "etcd", "container engine")
HEALTH = "GET /health"
API = "GET /health answers"


def health(service: Service) -> Probe:
    """``GET /health``: healthy when it answers 200 with ``"status": "ok"``."""
    return AgentHealthProbe(service.endpoint)


def answers(service: Service) -> Probe:
    """``GET /health`` as the agent's HTTP API: any status an answer."""
    return HttpProbe(service.endpoint.url(path="/health"), timeout=10.0)


AGENT = Invariants(
    system="Backend.AI agent",
    # its connectivity checks run on their own period: a minute late is a finding, not noise
    health=(HealthProbe(HEALTH, health, DEPENDENCIES, down_within=15.0, up_within=30.0),),
    # the catalog's answer bound (10 s) for the worst answer and the longest silence
    api=ApiProbe(API, answers, max_gap=10.0, p50=1.0, p95=5.0, worst=10.0),
    flood_per_second=20,
    # aiotools gives the worker 5 s after a stop signal, then kills it: 30 s is well past that
    stop_within=30.0,
    excused={r"Health check timed out for container": "the socket-relay container's first "
             "health check on a cold start, before it answers"},
)
