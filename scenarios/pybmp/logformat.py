"""PyBMP's log format: ``TIMESTAMP - LOGGER_NAME - LEVEL - MESSAGE`` (and ``LEVEL - MESSAGE``)."""

from __future__ import annotations

import re

from faultbook.report.logformat import DASH_TIMES, LogFormat, LogRecord, make_record, parse_time


class PybmpFormat(LogFormat):
    """``2026-01-01 12:00:00,123 - src.main - INFO - Starting BMP Collector...``."""

    name = "pybmp"
    full = re.compile(
        r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:,\d+)?) - (\S+) - "
        r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) - (.*)$")
    short = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL) - (.*)$")

    def parse(self, line: str) -> LogRecord | None:
        m = self.full.match(line)
        if m:
            return make_record(self.name, line, m[3], m[4], parse_time(m[1], *DASH_TIMES), m[2])
        m = self.short.match(line)
        return make_record(self.name, line, m[1], m[2]) if m else None
