"""What every checker reads, and the checker base class."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from faultbook.bmpkit.history import Connection, History
from faultbook.bmpkit.store import Snapshot
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

    def cases(self) -> list[Connection]:
        """The case connections (not the canary)."""
        return [c for c in self.history.connections if not c.canary]

    def rows_of(self, conn: Connection) -> Snapshot:
        """What was stored for one connection (everything, for a store without ports)."""
        if not self.by_connection:
            return self.snapshot
        return Snapshot([r for r in self.snapshot.rows if r.conn == conn.port])


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
