"""The guide's log format, log lines and metric names, checked as claims against what the real
collector prints after a valid session, a malformed message and a connection reset."""

from __future__ import annotations

import re
import urllib.request

from faultbook.checks.bmp_case import Case, run_case
from faultbook.legacy_scenario import LegacyScenario as Scenario
from fixtures.bmp import BmpLab
from scenarios.bmp.catalog import ATTR_OVERRUN

FORMAT = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} - [\w.]+ - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - "
#: (claim, regex, guide section) for lines the guide says the collector prints
LINES = (
    ("startup", r"src\.main - INFO - Starting BMP Collector", "Startup Sequence"),
    ("listening", r"src\.bmp\.server - INFO - BMP server listening", "Startup Sequence"),
    ("new connection", r"src\.bmp\.server - INFO - New connection from 127\.0\.0\.1:\d+",
     "Router Connection"),
    ("invalid format", r"src\.bmp\.parser - ERROR - Invalid BMP message format from",
     "Data Processing Errors"),
    ("malformed update", r"src\.bmp\.bgp_parser - ERROR - Malformed BGP update in BMP message",
     "Data Processing Errors"),
    ("connection lost", r"src\.bmp\.server - ERROR - Connection lost from 127\.0\.0\.1.*"
     r"Connection reset by peer", "Connection Issues"),
)
METRICS = ("bmp_active_connections", "bmp_messages_received_total",
           "bmp_message_processing_rate", "database_queries_total",
           "database_pool_connections", "database_query_duration_seconds",
           "process_resident_memory_bytes", "bmp_connections_lost_total")


def metrics_text(lab: BmpLab) -> str | None:
    """The collector's /metrics page, if it serves one."""
    port = lab.target.service.host_ports.get("metrics")
    if port is None:
        return None
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=3) as resp:
            return str(resp.read().decode("utf-8", "replace"))
    except OSError:
        return None


def check_claims(lab: BmpLab, scenario: Scenario) -> None:
    """Drive the three inputs, then judge each claim (verdicts only for PyBMP; facts for others)."""
    record, target = lab.record, lab.target
    for case in (Case("claims: invalid version", b"\x00" * 31, prelude=False),
                 Case("claims: malformed update", bytes.fromhex(ATTR_OVERRUN)),
                 Case("claims: reset", b"\x03\x00\x00\x00\x40", reset_after=True)):
        run_case(record, target, case, scenario.budgets)
    lines = [line.text for line in target.log_lines(0)]
    judged = scenario.system == "pybmp"
    claims: dict[str, str] = {}
    fmt = [t for t in lines if t.strip() and not re.search(FORMAT, t)]
    claims["log format"] = "holds" if lines and not fmt else f"{len(fmt)} of {len(lines)} lines differ"
    for name, pattern, _section in LINES:
        claims[name] = "seen" if any(re.search(pattern, t) for t in lines) else "never seen"
    page = metrics_text(lab)
    missing = [m for m in METRICS if page is None or not re.search(rf"^{m}\b", page, re.M)]
    claims["metric names served"] = ("no metrics endpoint" if page is None else
                                     "served" if not missing else f"not served: {missing}")
    record.facts["guide_claims"] = claims
    if not judged:
        record.facts["guide_claims_note"] = (
            f"{scenario.system} is not the collector the guide documents: claims recorded, not judged")
        return
    for name, status in claims.items():
        record.verdict(f"guide claim: {name}", status in ("holds", "seen", "served"), status,
                       "as the guide documents")
