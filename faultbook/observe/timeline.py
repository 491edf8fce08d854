"""One per-test timeline: every component's lines and every fault mark, in arrival order."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LogLine:
    """A line a component wrote, stamped when the suite received it."""

    seq: int
    t: float
    mono: float
    component: str
    stream: str
    text: str


@dataclass(frozen=True)
class Mark:
    """Something the suite did or saw: a fault injected or healed, a start, an exit, a probe."""

    seq: int
    t: float
    mono: float
    component: str
    kind: str
    label: str
    detail: dict[str, Any] = field(default_factory=dict)


Entry = LogLine | Mark


class Timeline:
    """Thread-safe, append-only record; waiters are woken as entries arrive."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._cond = threading.Condition()
        self._seq = 0
        self.t0 = time.time()
        self.mono0 = time.monotonic()

    def _next(self) -> tuple[int, float, float]:
        self._seq += 1
        return self._seq, time.time(), time.monotonic()

    def add_line(self, component: str, text: str, stream: str = "stdout") -> LogLine:
        """Append one received line and wake every waiter."""
        with self._cond:
            seq, t, mono = self._next()
            line = LogLine(seq, t, mono, component, stream, text.rstrip("\r\n"))
            self._entries.append(line)
            self._cond.notify_all()
        return line

    def mark(self, component: str, kind: str, label: str, **detail: Any) -> Mark:
        """Append a mark (fault.inject, fault.heal, start, ready, exit, probe...)."""
        with self._cond:
            seq, t, mono = self._next()
            entry = Mark(seq, t, mono, component, kind, label, dict(detail))
            self._entries.append(entry)
            self._cond.notify_all()
        return entry

    @property
    def seq(self) -> int:
        """The sequence number of the newest entry (0 when empty)."""
        with self._cond:
            return self._seq

    def entries(self, since: int = 0) -> list[Entry]:
        """A snapshot of the entries with seq > since."""
        with self._cond:
            return [e for e in self._entries if e.seq > since]

    def lines(self, component: str | None = None, since: int = 0) -> list[LogLine]:
        """A snapshot of the log lines, optionally of one component."""
        return [
            e
            for e in self.entries(since)
            if isinstance(e, LogLine) and (component is None or e.component == component)
        ]

    def marks(self, kind: str | None = None, component: str | None = None) -> list[Mark]:
        """A snapshot of the marks, optionally filtered."""
        return [
            e
            for e in self.entries()
            if isinstance(e, Mark)
            and (kind is None or e.kind == kind)
            and (component is None or e.component == component)
        ]

    def components(self) -> list[str]:
        """Every component seen, in order of first appearance."""
        seen: dict[str, None] = {}
        for entry in self.entries():
            seen.setdefault(entry.component, None)
        return list(seen)

    def watch(
        self, predicate: Callable[[Entry], bool], since: int, deadline: float
    ) -> Entry | None:
        """Block until an entry after ``since`` satisfies ``predicate`` or the monotonic deadline passes."""
        cursor = since
        with self._cond:
            while True:
                for entry in self._entries[self._index_after(cursor) :]:
                    cursor = entry.seq
                    if predicate(entry):
                        return entry
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)

    def _index_after(self, seq: int) -> int:
        # seq numbers are dense and start at 1, so entry n sits at index n-1.
        return min(max(seq, 0), len(self._entries))

    def wake(self) -> None:
        """Wake waiters so they can re-check external conditions (a process exit, say)."""
        with self._cond:
            self._cond.notify_all()

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def to_json(self) -> list[dict[str, Any]]:
        """The entries as plain dicts, times relative to the timeline's start."""
        out: list[dict[str, Any]] = []
        for entry in self.entries():
            item = asdict(entry)
            item["type"] = "line" if isinstance(entry, LogLine) else "mark"
            item["rel"] = round(entry.mono - self.mono0, 6)
            out.append(item)
        return out

    def write(self, path: Path) -> None:
        """Write the timeline as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"t0": self.t0, "entries": self.to_json()}
        path.write_text(json.dumps(payload, indent=1, default=str))
