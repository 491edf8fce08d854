"""What the Backend.AI logging guide documents (its doc items), its log format and its §7.3
health check of the manager (GET /server/version, and GET / where the real manager answers its version)."""

from __future__ import annotations

from faultbook.observe.probes import HttpProbe
from faultbook.report.docitems import command, grep, log_format, log_line
from faultbook.report.guides import Guide
from faultbook.report.health import Check, HealthKind, as_url
from scenarios.backendai.logformat import BackendAiFormat

BACKENDAI = "Backend.AI guide"
_MANAGER = r"(?i)manager|backend"


class ManagerHealth(HealthKind):
    """§7.3 asks the manager for ``GET /server/version``; the real manager answers its version on
    ``/``. Both run; the guide's row is ``drift`` when only ``/`` answers."""

    kind = "manager"
    url = True
    hostport = False
    example = "http://127.0.0.1:8081"
    help = "Backend.AI manager API, checked with GET /server/version and GET /"

    def checks(self, component: str, endpoint: str) -> list[Check]:
        base = as_url(endpoint).rstrip("/")
        return [Check(component, self.kind, base, HttpProbe(f"{base}/server/version", timeout=5,
                                                            name="GET /server/version"),
                      moved_to="GET /"),
                Check(component, self.kind, base, HttpProbe(f"{base}/", timeout=5, name="GET /"))]


GUIDE = Guide(BACKENDAI, doc_items=(
    log_format(BACKENDAI, "§1.3", "[LEVEL] message", r"^\[(DEBUG|INFO|WARNING|ERROR)\] ",
               r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) ai\.backend\.[\w.]+ \[\d+\]", _MANAGER),
    log_line(BACKENDAI, "§1.3", "[INFO] Shutting down the manager service...",
             r"Shutting down the manager service", r"(?i)shutting down", _MANAGER),
    log_line(BACKENDAI, "§1.3", "[DEBUG] Closing ValkeyStandaloneClient connection pool",
             r"Closing ValkeyStandaloneClient connection pool", r"(?i)valkey\w*client", _MANAGER),
    log_line(BACKENDAI, "§1.3", "[DEBUG] Cleaning up session scheduler tasks",
             r"Cleaning up session scheduler tasks",
             r"(?i)schedul\w*.*(clean|stop|shut|clos)|(clean|stop|shut|clos)\w*.*schedul", _MANAGER),
    log_line(BACKENDAI, "§1.3", "[INFO] Manager service stopped gracefully",
             r"Manager service stopped gracefully", r"(?i)^(.*\s)?terminated\.\s*$|stopped",
             _MANAGER),
    grep(BACKENDAI, "§7.1", 'grep -E "(ERROR|CRITICAL|Exception|Traceback)"',
         r"(ERROR|CRITICAL|Exception|Traceback)"),
    grep(BACKENDAI, "§7.1", 'grep -E "(Connection.*failed|timeout|refused)"',
         r"(Connection.*failed|timeout|refused)"),
    grep(BACKENDAI, "§7.1", 'grep -E "(Port.*busy|Address.*in use)"',
         r"(Port.*busy|Address.*in use)"),
    grep(BACKENDAI, "§7.2", 'grep -E "(Starting|Started|Initialized)" manager_startup.log',
         r"(Starting|Started|Initialized)", _MANAGER),
    grep(BACKENDAI, "§7.2", 'grep -E "Query took [0-9]+\\.[0-9]+s"', r"Query took [0-9]+\.[0-9]+s"),
    command(BACKENDAI, "§7.3", "curl -s http://127.0.0.1:8081/server/version",
            r"/server/version", r"^2\d\d\b"),
    command(BACKENDAI, "§7.3", "redis-cli ping", r"(?i)redis-cli.*ping", r"PONG"),
    command(BACKENDAI, "§7.3", "etcdctl endpoint health", r"etcdctl endpoint health",
            r"is healthy"),
    command(BACKENDAI, "Issue 2", "pg_isready -U postgres", r"pg_isready",
            r"accepting connections"),
), health=(ManagerHealth(),), log_formats=(BackendAiFormat(),))
