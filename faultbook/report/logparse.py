"""Parsing component output into typed records, in the formats known: the halfstack's, each
system's own (declared by its guide, ``Guide.log_formats``) and ``[LEVEL] message`` last.

Lines no format matches (traceback frames, the exception line) are attached to the record
before them as continuation lines; other unmatched lines become records of format ``raw``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from faultbook.report.guides import log_formats
from faultbook.report.logformat import (
    HALFSTACK_FORMATS,
    LEVELS,
    BracketFormat,
    LogFormat,
    LogRecord,
    normalize_level,
    parse_time,
)

__all__ = ["LEVELS", "LogRecord", "normalize_level", "parse_line", "parse_lines", "strip_capture"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: the prefix per-test logs carry: receive time and stream
_CAPTURE = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})Z (\S+): (.*)$")
_BRACKET = BracketFormat()


def formats() -> tuple[LogFormat, ...]:
    """Every format known, tried in this order: the halfstack's, the systems', ``[LEVEL]``."""
    return (*HALFSTACK_FORMATS, *log_formats(), _BRACKET)


_CONTINUATION = re.compile(
    r"^(\s|Traceback \(most recent call last\)|During handling of the above exception"
    r"|The above exception was the direct cause|[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt"
    r"|Warning|Cancelled|Timeout)\b)")


def strip_capture(line: str) -> tuple[datetime | None, str, str]:
    """Split a per-test log line into (receive time, stream, text); plain lines pass through."""
    m = _CAPTURE.match(line)
    if not m:
        return None, "", line
    return parse_time(m[1], "%Y-%m-%dT%H:%M:%S.%f"), m[2], m[3]


def parse_line(line: str) -> LogRecord | None:
    """The record a single line starts, or None when no known format matches."""
    clean = _ANSI.sub("", line.rstrip("\r\n"))
    for form in formats():
        record = form.parse(clean)
        if record is not None:
            return record
    return None


def _in_traceback(record: LogRecord) -> bool:
    return any(c.startswith("Traceback") for c in record.continuation)


def parse_lines(lines: Iterable[str]) -> list[LogRecord]:
    """Records of a component's output, with tracebacks and PostgreSQL DETAIL/HINT attached."""
    out: list[LogRecord] = []
    for line in lines:
        clean = _ANSI.sub("", line.rstrip("\r\n"))
        if not clean.strip():
            continue
        record = parse_line(clean)
        prev = out[-1] if out else None
        if record is not None:
            if (prev is not None and record.fmt == "postgres" and prev.fmt == "postgres"
                    and record.raw_level in ("DETAIL", "HINT", "STATEMENT", "CONTEXT")
                    and record.pid == prev.pid):
                prev.continuation.append(clean)
                continue
            out.append(record)
        elif prev is not None and (_CONTINUATION.match(clean) or _in_traceback(prev)):
            prev.continuation.append(clean)
        else:
            out.append(LogRecord(fmt="raw", level=_guess_level(clean), message=clean, raw=clean))
    return out


_GUESS = re.compile(r"\b(CRITICAL|FATAL|PANIC|ERROR|WARNING|WARN|INFO|DEBUG)\b")


def _guess_level(text: str) -> str:
    m = _GUESS.search(text)
    return normalize_level(m[1]) if m else ""
