"""What the suite knows of pmacct's pmbmpd as a reader of its output: its log format. pmbmpd
has no operator guide of its own here (the PyBMP guide's scenarios run against it)."""

from __future__ import annotations

import re

from faultbook.report.guides import Guide
from faultbook.report.logformat import LogRecord, RegexFormat, make_record, parse_time


class PmacctFormat(RegexFormat):
    """``[date] LEVEL ( plugin/core ): message``, as pmacct's daemons log."""

    name = "pmacct"
    pattern = re.compile(
        r"^(?:(\w{3} \w{3} +\d+ \d{2}:\d{2}:\d{2} \d{4}) )?"
        r"(INFO|WARN|WARNING|ERROR|DEBUG|CRIT|ALERT|EMERG|NOTICE) \( ([^)]*?) \): (.*)$")

    def record(self, line: str, m: re.Match[str]) -> LogRecord:
        ts = parse_time(m[1], "%a %b %d %H:%M:%S %Y") if m[1] else None
        return make_record(self.name, line, m[2], m[4], ts, m[3])


GUIDE = Guide("pmbmpd", log_formats=(PmacctFormat(),))
