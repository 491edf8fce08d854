"""Log quality, judged on every recorded line: placeholders left unformatted, identical-line
floods, and ERROR lines or tracebacks where a healthy system prints none.

A pure module (it imports nothing of the suite but the verdict types): the BMP kit and every
system's catalog judge their lines with it. Lines are anything with ``t`` (seconds) and ``text``;
the functions over texts (``unfilled``, ``error_records``, ``repeats``) serve a log kept without
times (a BMP batch's window).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from faultbook.checks.verdict import Check, Verdict


class Line(Protocol):
    """A recorded log line (the timeline's ``LogLine`` is one)."""

    @property
    def t(self) -> float: ...

    @property
    def text(self) -> str: ...


# printf: %d %5d %-3s %.1f %r %a %(name)s; not %% (a literal percent), not "50% done" (no space
# flag), not URL escapes such as %2F / %3A (no upper-case E F G X conversions).
PRINTF = re.compile(
    r"(?<!%)%(?:\([A-Za-z_]\w*\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxcrsafeg]"
)
# str.format: {} {0} {name} {name!r} {:.2f} {name:>8}
BRACES = re.compile(r"(?<!\{)\{(?:[A-Za-z_]\w*|\d+)?(?:![rsa])?(?::[^{}\s]*)?\}(?!\})")
#: a brace group right after one of these is a value (an empty dict, a route template), not a slot
VALUE_BEFORE = "=:,([{/'\"$"
URL_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _token_around(text: str, start: int, end: int) -> str:
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    return text[left : right if right >= 0 else len(text)]


def _printf_slots(text: str) -> list[str]:
    found = []
    for m in PRINTF.finditer(text):
        token = _token_around(text, m.start(), m.end())
        if "://" in token or len(URL_ESCAPE.findall(token)) >= 2:
            continue  # a URL with escapes, e.g. /a%20b%3d1
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue  # "100%done", "50%off": a percentage, not a slot
        found.append(m.group())
    return found


def _brace_slots(text: str) -> list[str]:
    found = []
    for m in BRACES.finditer(text):
        before = text[: m.start()].rstrip(" ")
        if before and before[-1] in VALUE_BEFORE:
            continue
        found.append(m.group())
    return found


def placeholders(text: str) -> list[str]:
    """The unformatted placeholders in one line (printf, ``%(name)s``, ``{}``, ``{name}``); a
    line without ``%`` or ``{`` has none and is not parsed."""
    if "%" not in text and "{" not in text:
        return []
    return _printf_slots(text) + _brace_slots(text)


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def is_message(text: str) -> bool:
    """A log message, not a traceback's frame or source line (indented) nor a bare bracket."""
    if not text or text[0].isspace():
        return False
    if text.isascii():
        return _ASCII_LETTER.search(text) is not None
    return any(c.isalpha() for c in text)


def unfilled(texts: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The messages among ``texts`` with unformatted placeholders, each with its placeholders
    (traceback frames and their source lines are code, not messages: they are not judged)."""
    return [(text, slots) for text in texts if (slots := placeholders(text)) and is_message(text)]


class Placeholders(Check):
    """Every message carries values, not the format's placeholders (traceback frames and their
    source lines are code, not messages: they are not judged)."""

    name = "log messages have their placeholders filled"

    def judge(self, lines: Iterable[Line]) -> list[Verdict]:
        bad = unfilled(line.text for line in lines)
        return [self.verdict(
            not bad, len(bad), 0, bad[0][0][:200] if bad else "",
            lines=[text[:300] for text, _ in bad[:5]],
            placeholders=sorted({s for _, slots in bad for s in slots}))]


#: a leading timestamp (ISO-like date and time, optional fraction and zone; logfmt's ``ts=``)
#: and a [pid]
STAMP = re.compile(
    r"^\s*(?:ts=)?\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?\s*")
PID = re.compile(r"\[\d+\]")


def message_of(text: str) -> str:
    """A line without its timestamp and pid, so repeats of one message compare equal."""
    return PID.sub("[pid]", STAMP.sub("", text, count=1), count=1).strip()


def repeats(texts: Iterable[str]) -> Counter[str]:
    """How often each message (``message_of``) occurs among ``texts``, whenever it was printed."""
    return Counter(message_of(text) for text in texts if is_message(text))


@dataclass(frozen=True)
class Flood:
    """The densest burst of one message: how many times within one second, starting when."""

    message: str
    count: int
    at: float


def densest(lines: Iterable[Line], window: float = 1.0) -> Flood | None:
    """The message repeated most often within any ``window`` seconds (None without lines)."""
    times: dict[str, list[float]] = defaultdict(list)
    for line in lines:
        if is_message(line.text):
            times[message_of(line.text)].append(line.t)
    best: Flood | None = None
    for message, stamps in times.items():
        stamps.sort()
        recent: deque[float] = deque()
        for t in stamps:
            recent.append(t)
            while recent[0] <= t - window:
                recent.popleft()
            if best is None or len(recent) > best.count:
                best = Flood(message, len(recent), recent[0])
    return best


class LineFlood(Check):
    """No message repeats more than ``per_second`` times within a second."""

    name = "no identical-line flood"

    def __init__(self, per_second: int = 20, name: str | None = None) -> None:
        super().__init__(name)
        self.per_second = per_second

    def judge(self, lines: Iterable[Line]) -> list[Verdict]:
        flood = densest(lines)
        count = flood.count if flood else 0
        return [self.verdict(
            count <= self.per_second, count, f"<= {self.per_second} identical lines/s",
            flood.message[:200] if flood else "",
            message=flood.message[:300] if flood else "", at=flood.at if flood else None)]


ERROR_LINE = re.compile(r"\b(?:ERROR|CRITICAL|FATAL|PANIC)\b|^Traceback \(most recent call last\):")


def records(texts: Iterable[str]) -> list[list[str]]:
    """Lines grouped into log records: a timestamped line and every line after it without a
    timestamp (its traceback); without timestamps, every line is a record."""
    out: list[list[str]] = []
    for text in texts:
        if out and not STAMP.match(text) and STAMP.match(out[-1][0]):
            out[-1].append(text)
        else:
            out.append([text])
    return out


def error_records(texts: Iterable[str], errors: re.Pattern[str] = ERROR_LINE) -> list[list[str]]:
    """The records (``records``) of ``texts`` with a line ``errors`` matches."""
    return [r for r in records(texts) if any(errors.search(text) for text in r)]


class QuietWindow(Check):
    """No ERROR line or traceback while the system does something normal (start, stop).

    ``excused`` are patterns of records a healthy run prints for a reason outside the system
    (named by whoever declares them): a record (a line with its traceback) is excused when any of
    its lines matches; excused records are counted in the evidence, never hidden.
    """

    def __init__(self, window: str, excused: Sequence[str] = (), name: str | None = None,
                 errors: str = "") -> None:
        super().__init__(name or f"no ERROR line or traceback during a {window}")
        self.window = window
        self.excused = [re.compile(p) for p in excused]
        #: what an error record looks like in the system's log format (default: ERROR_LINE)
        self.errors = re.compile(errors) if errors else ERROR_LINE

    def judge(self, lines: Iterable[Line]) -> list[Verdict]:
        errors = error_records((line.text for line in lines), self.errors)
        bad = [r for r in errors if not any(p.search(text) for p in self.excused for text in r)]
        return [self.verdict(
            not bad, len(bad), 0, bad[0][0][:200] if bad else "",
            lines=[r[0][:300] for r in bad[:5]], excused=len(errors) - len(bad),
            window=self.window)]
