"""Parsing component output into typed records: Backend.AI, PyBMP, PostgreSQL, Redis, etcd, pmacct.

Lines no format matches (traceback frames, the exception line) are attached to the record
before them as continuation lines; other unmatched lines become records of format ``raw``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from faultbook.observe.categories import categories_of

#: normalized levels, least to most severe
LEVELS = ("TRACE", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL")

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: the prefix per-test logs carry: receive time and stream
_CAPTURE = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})Z (\S+): (.*)$")


@dataclass
class LogRecord:
    """One logical log entry: its first line's fields plus attached continuation lines."""

    fmt: str
    level: str
    message: str
    raw: str
    timestamp: datetime | None = None
    logger: str = ""
    pid: int | None = None
    raw_level: str = ""
    continuation: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The first line and every continuation line."""
        return "\n".join([self.raw, *self.continuation])

    @property
    def severity(self) -> int:
        """The level's rank in LEVELS (-1 when unknown)."""
        return LEVELS.index(self.level) if self.level in LEVELS else -1

    def categories(self) -> list[str]:
        """The §7.1 categories (and extensions) the record's text falls in."""
        return categories_of(self.text)


_LEVEL_MAP = {
    "WARN": "WARNING", "CRIT": "CRITICAL", "FATAL": "CRITICAL", "PANIC": "CRITICAL",
    "ALERT": "CRITICAL", "EMERG": "CRITICAL", "LOG": "INFO", "STATEMENT": "INFO",
    "DETAIL": "INFO", "HINT": "INFO", "CONTEXT": "INFO", "DEBUG1": "DEBUG", "DEBUG2": "DEBUG",
    "DEBUG3": "DEBUG", "DEBUG4": "DEBUG", "DEBUG5": "DEBUG",
    # capnslog single letters
    "C": "CRITICAL", "E": "ERROR", "W": "WARNING", "N": "NOTICE", "I": "INFO", "D": "DEBUG",
    "T": "TRACE",
    # redis markers
    ".": "DEBUG", "-": "DEBUG", "*": "NOTICE", "#": "WARNING",
}


def normalize_level(raw: str) -> str:
    """A level name from any format's spelling (``LOG`` -> INFO, ``#`` -> WARNING, ``E`` -> ERROR)."""
    up = raw.upper()
    if up in LEVELS:
        return up
    return _LEVEL_MAP.get(up, _LEVEL_MAP.get(raw, ""))


def _ts(text: str, *formats: str) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


_DASH_TS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S,%f", "%Y-%m-%d %H:%M:%S")

Parser = Callable[[str], LogRecord | None]


def _make(fmt: str, raw: str, level: str, message: str, ts: datetime | None = None,
          logger: str = "", pid: str | int | None = None) -> LogRecord:
    return LogRecord(fmt=fmt, level=normalize_level(level), message=message, raw=raw,
                     timestamp=ts, logger=logger, pid=int(pid) if pid not in (None, "") else None,
                     raw_level=level)


_BACKENDAI = re.compile(
    r"^(?:(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)\s+)?"
    r"(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\s+([A-Za-z_][\w.]*)\s+\[(\d+)\]\s?(.*)$")


def _backendai(line: str) -> LogRecord | None:
    m = _BACKENDAI.match(line)
    if not m:
        return None
    ts = _ts(m[1].replace("T", " "), *_DASH_TS) if m[1] else None
    return _make("backend.ai", line, m[2], m[5], ts, m[3], m[4])


_PYBMP = re.compile(
    r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:,\d+)?) - (\S+) - "
    r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) - (.*)$")
_PYBMP_SHORT = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL) - (.*)$")


def _pybmp(line: str) -> LogRecord | None:
    m = _PYBMP.match(line)
    if m:
        return _make("pybmp", line, m[3], m[4], _ts(m[1], *_DASH_TS), m[2])
    m = _PYBMP_SHORT.match(line)
    return _make("pybmp", line, m[1], m[2]) if m else None


_POSTGRES = re.compile(
    r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?) (\w+) \[(\d+)\] "
    r"(LOG|FATAL|PANIC|ERROR|WARNING|NOTICE|INFO|DEBUG\d?|DETAIL|HINT|STATEMENT|CONTEXT):\s+(.*)$")


def _postgres(line: str) -> LogRecord | None:
    m = _POSTGRES.match(line)
    if not m:
        return None
    return _make("postgres", line, m[4], m[5], _ts(m[1], *_DASH_TS), "postgres", m[3])


_REDIS = re.compile(r"^(\d+):([XCSM]) (\d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2}\.\d+) ([.\-*#]) (.*)$")
_REDIS_SIGNAL = re.compile(r"^(\d+):signal-handler \((\d+)\) (.*)$")
_REDIS_ROLES = {"X": "sentinel", "C": "child", "S": "replica", "M": "master"}


def _redis(line: str) -> LogRecord | None:
    m = _REDIS.match(line)
    if m:
        ts = _ts(m[3], "%d %b %Y %H:%M:%S.%f")
        return _make("redis", line, m[4], m[5], ts, f"redis.{_REDIS_ROLES[m[2]]}", m[1])
    m = _REDIS_SIGNAL.match(line)
    if m:
        ts = datetime.fromtimestamp(int(m[2]), tz=UTC)
        return _make("redis", line, "*", m[3], ts, "redis.signal-handler", m[1])
    return None


_CAPNSLOG = re.compile(
    r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+) ([CEWNIDT]) \| (?:([\w./-]+): )?(.*)$")
_RAFT = re.compile(r"^raft(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}) (\w+): (.*)$")


def _etcd(line: str) -> LogRecord | None:
    m = _CAPNSLOG.match(line)
    if m:
        return _make("etcd", line, m[2], m[4], _ts(m[1], *_DASH_TS), m[3] or "etcd")
    m = _RAFT.match(line)
    if m:
        return _make("etcd", line, m[2], m[3], _ts(m[1], "%Y/%m/%d %H:%M:%S"), "raft")
    return None


_PMACCT = re.compile(
    r"^(?:(\w{3} \w{3} +\d+ \d{2}:\d{2}:\d{2} \d{4}) )?"
    r"(INFO|WARN|WARNING|ERROR|DEBUG|CRIT|ALERT|EMERG|NOTICE) \( ([^)]*?) \): (.*)$")


def _pmacct(line: str) -> LogRecord | None:
    m = _PMACCT.match(line)
    if not m:
        return None
    ts = _ts(m[1], "%a %b %d %H:%M:%S %Y") if m[1] else None
    return _make("pmacct", line, m[2], m[4], ts, m[3])


_BRACKET = re.compile(r"^\[(TRACE|DEBUG|INFO|NOTICE|WARNING|WARN|ERROR|CRITICAL)\] (.*)$")


def _bracket(line: str) -> LogRecord | None:
    m = _BRACKET.match(line)
    return _make("bracket", line, m[1], m[2]) if m else None


#: tried in order; the first that matches wins
PARSERS: tuple[Parser, ...] = (_postgres, _redis, _etcd, _pybmp, _backendai, _pmacct, _bracket)

_CONTINUATION = re.compile(
    r"^(\s|Traceback \(most recent call last\)|During handling of the above exception"
    r"|The above exception was the direct cause|[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt"
    r"|Warning|Cancelled|Timeout)\b)")


def strip_capture(line: str) -> tuple[datetime | None, str, str]:
    """Split a per-test log line into (receive time, stream, text); plain lines pass through."""
    m = _CAPTURE.match(line)
    if not m:
        return None, "", line
    return _ts(m[1], "%Y-%m-%dT%H:%M:%S.%f"), m[2], m[3]


def parse_line(line: str) -> LogRecord | None:
    """The record a single line starts, or None when no known format matches."""
    clean = _ANSI.sub("", line.rstrip("\r\n"))
    for parser in PARSERS:
        record = parser(clean)
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
