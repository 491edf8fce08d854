"""What every checker reads, and the checker base class."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from faultbook.bmpkit.history import Connection, History
from faultbook.bmpkit.store import Row, Snapshot
from faultbook.checks.verdict import Check, Verdict


@dataclass
class BatchEvidence:
    """One batch's history, what was read back and the collector's log lines in its window."""

    history: History
    snapshot: Snapshot
    log_lines: list[str]
    #: route fields and record kinds the store keeps; whether rows carry the router's port
    keeps: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    by_connection: bool = True
    #: the canary's route (stored or not) and the marker of each case connection
    canary_prefix: str = ""
    markers: dict[int, str] = field(default_factory=dict)

    @property
    def log_tail(self) -> list[str]:
        """The window's last log lines (a finding's context)."""
        return self.log_lines[-5:]

    def cases(self) -> list[Connection]:
        """The case connections (not the canary)."""
        return [c for c in self.history.connections if not c.canary]

    def rows_of(self, conn: Connection) -> Snapshot:
        """What was stored for one connection (everything, for a store without ports)."""
        if not self.by_connection:
            return self.snapshot
        return Snapshot([r for r in self._by_port.get(conn.port, ())
                         if r.router is None or not conn.source or r.router == conn.source])

    @cached_property
    def _by_port(self) -> dict[int | None, list[Row]]:
        """The snapshot's rows by the router's source port, in store order (built once)."""
        out: dict[int | None, list[Row]] = {}
        for row in self.snapshot.rows:
            out.setdefault(row.conn, []).append(row)
        return out

    @cached_property
    def log_shapes(self) -> list[str]:
        """Each log line without its numbers (for counting repeats), in log order."""
        return shapes(self.log_lines)

    @cached_property
    def shape_counts(self) -> Counter[str]:
        """How often each log line shape occurs in the window."""
        return Counter(self.log_shapes)


_NUMBERS = re.compile(r"\d+")


def shape(line: str) -> str:
    """A line without its timestamp and numbers (for counting repeats)."""
    return _NUMBERS.sub("#", line)


def shapes(lines: list[str]) -> list[str]:
    """``shape`` of every line, in one pass of the pattern over the joined lines (a log line
    holds no newline, and a run of digits never spans one)."""
    return _NUMBERS.sub("#", "\n".join(lines)).split("\n") if lines else []


class BmpChecker(Check):
    """A named checker of a batch: one failed verdict per finding, else one passing verdict."""

    def judge(self, ev: BatchEvidence) -> list[Verdict]:
        """Every finding of this checker in ``ev`` (or one verdict that it held)."""
        findings = list(self.findings(ev))
        return findings or [self.verdict(True, 0, 0, "no finding")]

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        """The failed verdicts (overridden by each checker)."""
        raise NotImplementedError

    def finding(self, measured: Any, budget: Any, detail: str, conn: Connection | None = None,
                **evidence: Any) -> Verdict:
        """A failed verdict naming its case and connection."""
        if conn is not None:
            evidence = {"case": conn.case, "port": conn.port,
                        "stream_hex": conn.stream[:2048].hex(), **evidence}
        return self.verdict(False, measured, budget, detail, **evidence)
