"""The PyBMP guide's log format, log lines and metric names, as claims judged on what PyBMP printed
(after a valid session, a malformed message and a connection reset) and the metrics page it
served; and the claims PyBMP's real output contradicts, each pinned to what it printed instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from faultbook.checks.verdict import Check, KnownDefect, Verdict

FORMAT = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} - [\w.]+ - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - "
METRICS = ("bmp_active_connections", "bmp_messages_received_total",
           "bmp_message_processing_rate", "database_queries_total",
           "database_pool_connections", "database_query_duration_seconds",
           "process_resident_memory_bytes", "bmp_connections_lost_total")


@dataclass
class ClaimsRecord:
    """Every line PyBMP printed since it started, and its /metrics page (None: nothing answered)."""

    log_lines: list[str]
    metrics_page: str | None


class LogFormatClaim(Check):
    """Every line has the guide's format."""

    name = "guide claim: log format"

    def judge(self, rec: ClaimsRecord) -> list[Verdict]:
        lines = [t for t in rec.log_lines if t.strip()]
        odd = [t for t in lines if not re.search(FORMAT, t)]
        return [self.verdict(bool(lines) and not odd, f"{len(odd)} of {len(lines)} lines differ",
                             "every line", FORMAT, examples=odd[:5])]


class LineClaim(Check):
    """A line the guide says PyBMP prints; ``near`` finds what it printed instead."""

    def __init__(self, claim: str, pattern: str, section: str, near: str) -> None:
        super().__init__(f"guide claim: {claim}")
        self.pattern = pattern
        self.section = section
        self.near = near

    def judge(self, rec: ClaimsRecord) -> list[Verdict]:
        seen = any(re.search(self.pattern, t) for t in rec.log_lines)
        near = [t for t in rec.log_lines if re.search(self.near, t)]
        return [self.verdict(seen, "seen" if seen else "never seen", "seen", self.section,
                             pattern=self.pattern, near=near[:3], near_count=len(near))]


class MetricsClaim(Check):
    """The guide's metric names are served on METRICS_PORT."""

    name = "guide claim: metric names served"

    def judge(self, rec: ClaimsRecord) -> list[Verdict]:
        page = rec.metrics_page
        missing = [m for m in METRICS if page is None or not re.search(rf"^{m}\b", page, re.M)]
        status = ("no metrics endpoint" if page is None else
                  "served" if not missing else f"not served: {missing}")
        return [self.verdict(not missing, status, "served", "Monitoring with Prometheus Metrics")]


FORMAT_CLAIM = LogFormatClaim()
STARTUP = LineClaim("startup", r"src\.main - INFO - Starting BMP Collector", "Startup Sequence",
                    r"Starting BMP Collector")
LISTENING = LineClaim("listening", r"src\.bmp\.server - INFO - BMP server listening",
                      "Startup Sequence", r"listening")
NEW_CONNECTION = LineClaim("new connection",
                           r"src\.bmp\.server - INFO - New connection from 127(\.\d+){3}:\d+",
                           "Router Connection", r"127(\.\d+){3}")
INVALID = LineClaim("invalid format", r"src\.bmp\.parser - ERROR - Invalid BMP message format from",
                    "Data Processing Errors", r"[Ii]nvalid")
MALFORMED = LineClaim("malformed update",
                      r"src\.bmp\.bgp_parser - ERROR - Malformed BGP update in BMP message",
                      "Data Processing Errors", r"[Mm]alformed")
CONNECTION_LOST = LineClaim("connection lost", r"src\.bmp\.server - ERROR - Connection lost from "
                            r"127(\.\d+){3}.*Connection reset by peer", "Connection Issues",
                            r"closed|reset|lost")
METRICS_CLAIM = MetricsClaim()
CLAIMS: tuple[LogFormatClaim | LineClaim | MetricsClaim, ...] = (
    FORMAT_CLAIM, STARTUP, LISTENING, NEW_CONNECTION, INVALID, MALFORMED, CONNECTION_LOST,
    METRICS_CLAIM)


def judge(rec: ClaimsRecord) -> list[Verdict]:
    """Every claim's verdict."""
    return [v for claim in CLAIMS for v in claim.judge(rec)]


def _near(pattern: str) -> Callable[[Verdict], bool]:
    return lambda v: any(re.search(pattern, str(t)) for t in v.evidence.get("near", ()))


#: what PyBMP (main.py, LOG_LEVEL=INFO) printed instead, on this machine
DEFECTS = (
    KnownDefect("PYBMP-CLAIM-STARTUP", STARTUP, "the guide's 'startup' line is never printed",
                "logger is 'root', not 'src.main': '2026-11-21 06:39:04,817 - root - INFO - "
                "Starting BMP Collector...'", when=_near(r"- root - INFO - Starting BMP Collector")),
    KnownDefect("PYBMP-CLAIM-NEWCONN", NEW_CONNECTION,
                "the guide's 'new connection' line is never printed",
                "prints 'src.bmp.server - INFO - BMP session established with 127.0.0.1' (no "
                "port)", when=_near(r"src\.bmp\.server - INFO - BMP session established with "
                                    r"127(\.\d+){3}$")),
    KnownDefect("PYBMP-CLAIM-INVALID", INVALID, "the guide's 'invalid format' line is never printed",
                "31 zero octets gave 'src.bmp.server - WARNING - Invalid BMP version from "
                "127.0.0.1' (one per octet, WARNING, logger src.bmp.server), never 'src.bmp.parser "
                "- ERROR - Invalid BMP message format'",
                when=_near(r"src\.bmp\.server - WARNING - Invalid BMP version from 127(\.\d+){3}")),
    KnownDefect("PYBMP-CLAIM-MALFORMED", MALFORMED,
                "the guide's 'malformed update' line is never printed",
                "a NEXT_HOP length overrunning the attribute area: no 'Malformed BGP update' line; "
                "the route 10.99.0.0/24 was stored", when=lambda v: not v.evidence.get("near")),
    KnownDefect("PYBMP-CLAIM-CONNLOST", CONNECTION_LOST,
                "the guide's 'connection lost' line is never printed",
                "a real RST mid-message: only 'BMP session with 127.0.0.1 closed. Messages: N'",
                when=_near(r"BMP session with 127(\.\d+){3} closed\. Messages: \d+")),
    KnownDefect("PYBMP-CLAIM-METRICS", METRICS_CLAIM, "the guide's metric names are not served",
                "nothing answers HTTP on METRICS_PORT: no /metrics endpoint at all",
                when=lambda v: v.measured == "no metrics endpoint"),
)
