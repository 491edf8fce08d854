"""What the Backend.AI guide documents of its monitoring stack (§9.1's two commands, as doc items)
and how Prometheus and node-exporter are health-checked (``faultbook health --prometheus URL``):
their own health endpoints and §9.1's API calls."""

from __future__ import annotations

from faultbook.observe.probes import HttpProbe
from faultbook.report.docitems import command
from faultbook.report.guides import Guide
from faultbook.report.health import Check, HealthKind, as_url

GUIDE_NAME = "Backend.AI guide (monitoring)"
#: §9.1: the commands that log what Prometheus scrapes
TARGETS = "/api/v1/targets"
METRIC_NAMES = "/api/v1/label/__name__/values"


def guide_probes(base: str) -> list[HttpProbe]:
    """§9.1's two API calls against a Prometheus at ``base``."""
    return [HttpProbe(f"{base}{TARGETS}", timeout=5, name=f"GET {TARGETS}"),
            HttpProbe(f"{base}{METRIC_NAMES}", timeout=5, name=f"GET {METRIC_NAMES}")]


class PrometheusHealth(HealthKind):
    """Prometheus: GET /-/healthy and /-/ready, and §9.1's targets and metric-name calls."""

    kind = "prometheus"
    url = True
    example = "http://127.0.0.1:9090"
    help = "Prometheus, checked with GET /-/healthy, /-/ready and §9.1's API calls"

    def checks(self, component: str, endpoint: str) -> list[Check]:
        base = as_url(endpoint).rstrip("/")
        own = [HttpProbe(f"{base}/-/{p}", timeout=5, name=f"GET /-/{p}") for p in ("healthy", "ready")]
        return [*(Check(component, self.kind, base, p, "§4.2") for p in own),
                *(Check(component, self.kind, base, p, "§9.1") for p in guide_probes(base))]


class NodeExporterHealth(HealthKind):
    """node-exporter: GET /metrics answers."""

    kind = "node-exporter"
    url = True
    example = "http://127.0.0.1:9100"
    help = "Prometheus node-exporter, checked with GET /metrics"

    def checks(self, component: str, endpoint: str) -> list[Check]:
        base = as_url(endpoint).rstrip("/")
        return [Check(component, self.kind, base,
                      HttpProbe(f"{base}/metrics", timeout=5, name="GET /metrics"), "§4.2")]


GUIDE = Guide(GUIDE_NAME, doc_items=(
    command(GUIDE_NAME, "§9.1", f"curl -s http://127.0.0.1:9090{TARGETS} > prometheus_targets.log",
            rf"^GET {TARGETS}$", r"^2\d\d\b"),
    command(GUIDE_NAME, "§9.1",
            f"curl -s http://127.0.0.1:9090{METRIC_NAMES} > prometheus_metrics.log",
            rf"^GET {METRIC_NAMES}$", r"^2\d\d\b"),
), health=(PrometheusHealth(), NodeExporterHealth()))
