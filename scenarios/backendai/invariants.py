"""The Backend.AI manager's declaration for the generic invariants (``faultbook.invariants``)."""

from __future__ import annotations

from faultbook.invariants import ApiProbe, HealthProbe, Invariants
from faultbook.observe.probes import HttpProbe, Probe
from faultbook.runtime.base import Service

#: the dependencies the manager's /health must report on
DEPENDENCIES = ("postgres", "redis", "etcd")


def health(service: Service) -> Probe:
    """GET /health: the manager's own health endpoint."""
    return HttpProbe(service.endpoint.url(path="/health"), timeout=2.0)


def root(service: Service) -> Probe:
    """GET /: the API's root, any status an answer."""
    return HttpProbe(service.endpoint.url(path="/"), timeout=10.0)


MANAGER = Invariants(
    system="Backend.AI manager",
    health=(HealthProbe("GET /health", health, DEPENDENCIES, down_within=10.0, up_within=30.0),),
    # the catalog's answer bound (10 s) for the worst answer and the longest silence
    api=ApiProbe("GET /", root, max_gap=10.0, p50=0.5, p95=5.0, worst=10.0),
    flood_per_second=50,
    excused={
        r"overlay|no-docker\.sock|aiodocker|DockerError|docker": "no Docker engine on the test "
        "machine: the overlay network plugin prints a traceback on every start",
    },
)
