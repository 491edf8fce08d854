"""The guide's monitoring stack as a system under test: Prometheus (``services.py``) scraping
the targets the lab started, asked through its HTTP API as §9.1 asks it."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from faultbook.runtime.spec import Endpoint, ServiceSpec
from faultbook.system import Reply, Request, SystemSpec
from scenarios.monitoring.invariants import PROMETHEUS as PROMETHEUS_INVARIANTS
from scenarios.monitoring.service import PrometheusSpec, ScrapeTarget

#: Prometheus's component name on the timeline
PROMETHEUS = "prometheus"
#: seconds between scrapes (a target must be reported down within two of them)
SCRAPE_INTERVAL = 2.0
#: §9.1: ``curl -s http://127.0.0.1:9090/api/v1/targets``
TARGETS = Request("targets", "GET", "/api/v1/targets")
#: §9.1: ``curl -s http://127.0.0.1:9090/api/v1/label/__name__/values``
METRIC_NAMES = Request("metric names", "GET", "/api/v1/label/__name__/values")
#: the ``up`` series, which must agree with the targets page
UP = Request("up", "GET", "/api/v1/query?query=up")


class Monitoring(SystemSpec):
    """Prometheus scraping ``targets`` every ``interval`` seconds."""

    name = "monitoring"
    component = PROMETHEUS
    recovery = TARGETS
    invariants = PROMETHEUS_INVARIANTS

    def __init__(self, targets: tuple[ScrapeTarget, ...], interval: float = SCRAPE_INTERVAL) -> None:
        self.targets = targets
        self.interval = interval

    def service_spec(self) -> ServiceSpec:
        spec = PrometheusSpec(self.interval)
        for target in self.targets:
            spec.scrape(target)
        return spec

    def send(self, endpoint: Endpoint, request: Request, timeout: float) -> Reply:
        began = time.monotonic()
        try:
            with urllib.request.urlopen(endpoint.url(path=request.path), timeout=timeout) as resp:
                return Reply(resp.status, time.monotonic() - began,
                             resp.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, time.monotonic() - began, exc.read().decode("utf-8", "replace"))
        except OSError as exc:
            return Reply(None, time.monotonic() - began, str(exc)[:200])
