"""Typed log records and the log formats that read them: one class per format. The halfstack's
formats (PostgreSQL, Redis, etcd) and generic ones live here; a system declares its own format
in its folder (its ``Guide``'s ``log_formats``)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import UTC, datetime

from faultbook.observe.categories import categories_of

#: normalized levels, least to most severe
LEVELS = ("TRACE", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL")


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


def parse_time(text: str, *formats: str) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


DASH_TIMES = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S,%f", "%Y-%m-%d %H:%M:%S")



def make_record(fmt: str, raw: str, level: str, message: str, ts: datetime | None = None,
          logger: str = "", pid: str | int | None = None) -> LogRecord:
    return LogRecord(fmt=fmt, level=normalize_level(level), message=message, raw=raw,
                     timestamp=ts, logger=logger, pid=int(pid) if pid not in (None, "") else None,
                     raw_level=level)



class LogFormat(ABC):
    """One log format: ``parse`` returns the record a line starts, or None."""

    #: the record's ``fmt``
    name = ""

    @abstractmethod
    def parse(self, line: str) -> LogRecord | None:
        """The record ``line`` starts in this format, or None."""


class RegexFormat(LogFormat):
    """A format read by one regular expression; ``record`` builds the record from its match."""

    pattern: re.Pattern[str]

    def parse(self, line: str) -> LogRecord | None:
        m = self.pattern.match(line)
        return self.record(line, m) if m else None

    @abstractmethod
    def record(self, line: str, m: re.Match[str]) -> LogRecord | None:
        """The record of a matching line."""


class PostgresFormat(RegexFormat):
    """PostgreSQL's stderr log (``log_line_prefix = '%m %u [%p] '``)."""

    name = "postgres"
    pattern = re.compile(
        r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?) (\w+) \[(\d+)\] "
        r"(LOG|FATAL|PANIC|ERROR|WARNING|NOTICE|INFO|DEBUG\d?|DETAIL|HINT|STATEMENT|CONTEXT):\s+(.*)$")

    def record(self, line: str, m: re.Match[str]) -> LogRecord:
        return make_record(self.name, line, m[4], m[5], parse_time(m[1], *DASH_TIMES), "postgres",
                           m[3])


class RedisFormat(LogFormat):
    """Redis's log: ``pid:role date marker message``, and its signal handler's lines."""

    name = "redis"
    line = re.compile(r"^(\d+):([XCSM]) (\d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2}\.\d+) ([.\-*#]) (.*)$")
    signal = re.compile(r"^(\d+):signal-handler \((\d+)\) (.*)$")
    roles = {"X": "sentinel", "C": "child", "S": "replica", "M": "master"}

    def parse(self, line: str) -> LogRecord | None:
        m = self.line.match(line)
        if m:
            ts = parse_time(m[3], "%d %b %Y %H:%M:%S.%f")
            return make_record(self.name, line, m[4], m[5], ts, f"redis.{self.roles[m[2]]}", m[1])
        m = self.signal.match(line)
        if m:
            ts = datetime.fromtimestamp(int(m[2]), tz=UTC)
            return make_record(self.name, line, "*", m[3], ts, "redis.signal-handler", m[1])
        return None


class EtcdFormat(LogFormat):
    """etcd 3.4's capnslog lines and raft's own."""

    name = "etcd"
    capnslog = re.compile(
        r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+) ([CEWNIDT]) \| (?:([\w./-]+): )?(.*)$")
    raft = re.compile(r"^raft(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}) (\w+): (.*)$")

    def parse(self, line: str) -> LogRecord | None:
        m = self.capnslog.match(line)
        if m:
            return make_record(self.name, line, m[2], m[4], parse_time(m[1], *DASH_TIMES),
                               m[3] or "etcd")
        m = self.raft.match(line)
        if m:
            return make_record(self.name, line, m[2], m[3], parse_time(m[1], "%Y/%m/%d %H:%M:%S"),
                               "raft")
        return None


class BracketFormat(RegexFormat):
    """``[LEVEL] message``: the generic last resort."""

    name = "bracket"
    pattern = re.compile(r"^\[(TRACE|DEBUG|INFO|NOTICE|WARNING|WARN|ERROR|CRITICAL)\] (.*)$")

    def record(self, line: str, m: re.Match[str]) -> LogRecord:
        return make_record(self.name, line, m[1], m[2])


#: the halfstack's formats, always known
HALFSTACK_FORMATS: tuple[LogFormat, ...] = (PostgresFormat(), RedisFormat(), EtcdFormat())
