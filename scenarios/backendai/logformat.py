"""The log format of Backend.AI's manager and agent: ``[date] LEVEL logger [pid] message``."""

from __future__ import annotations

import re

from faultbook.report.logformat import DASH_TIMES, LogRecord, RegexFormat, make_record, parse_time


class BackendAiFormat(RegexFormat):
    """``2026-01-01 12:00:00.123 INFO ai.backend.manager.server [1234] message`` (date optional)."""

    name = "backend.ai"
    pattern = re.compile(
        r"^(?:(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)\s+)?"
        r"(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\s+([A-Za-z_][\w.]*)\s+\[(\d+)\]\s?(.*)$")

    def record(self, line: str, m: re.Match[str]) -> LogRecord:
        ts = parse_time(m[1].replace("T", " "), *DASH_TIMES) if m[1] else None
        return make_record(self.name, line, m[2], m[5], ts, m[3], m[4])
