"""The Backend.AI manager 26.9.6 as a system under test: how it runs (``service.py``), its log
line format, how a client asks it something (signed requests) and which answers count."""

from __future__ import annotations

from faultbook.runtime.spec import Endpoint, ServiceSpec
from faultbook.system import Reply, Request, SystemSpec
from scenarios.backendai.bootstrap import Bootstrap
from scenarios.backendai.client import signed_request
from scenarios.backendai.invariants import MANAGER as MANAGER_INVARIANTS
from scenarios.backendai.service import ManagerSpec

#: the manager's component name on the timeline
MANAGER = "manager"
TS = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} "


def line(level: str, logger: str, message: str) -> str:
    """A regex for one real log line: timestamp, level, dotted logger, [pid], message."""
    return TS + level + " " + logger.replace(".", r"\.") + r" \[\d+\] " + message


ROOT = Request("root", "GET", "/")
#: a request that needs PostgreSQL (and the manager's event loop)
DB = Request("db", "GET", "/scaling-groups?group=default")
LIVENESS = Request("liveness", "GET", "/health")


class BackendAI(SystemSpec):
    """The manager against a bootstrapped halfstack."""

    name = "backendai"
    component = MANAGER
    #: the lines every healthy start prints with no Docker engine (the overlay plugin's
    #: traceback): they hit §7.1's greps but are not caused by the fault
    noise = ("overlay", "no-docker.sock", "aiodocker", "DockerError", "docker")
    recovery = DB
    invariants = MANAGER_INVARIANTS

    def __init__(self, bootstrap: Bootstrap) -> None:
        self.bootstrap = bootstrap

    def service_spec(self) -> ServiceSpec:
        boot = self.bootstrap
        return ManagerSpec(boot.venv, boot.deps, boot.keys)

    def send(self, endpoint: Endpoint, request: Request, timeout: float) -> Reply:
        resp = signed_request(endpoint.host, endpoint.port, request.method, request.path, timeout)
        return Reply(resp.status, resp.latency, resp.body)
