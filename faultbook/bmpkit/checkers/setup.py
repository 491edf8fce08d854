"""8. Dependency outage, the set-up half: the collector's own set-up as shipped (its schema file,
applied statement by statement on the database it names) applies cleanly. Statements for a part
the machine lacks (named, with the reason) are left out, not judged; any other statement the
database refuses is a finding, with the database's error."""

from __future__ import annotations

from dataclasses import dataclass, field

from faultbook.checks.verdict import Check, Verdict


@dataclass
class SetupRecord:
    """What applying a shipped set-up did: its source, the database, what applied, what was left
    out (and why), and each refused statement with the database's first error line."""

    source: str
    database: str
    applied: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    left_out_because: str = ""
    failed: list[tuple[str, str]] = field(default_factory=list)


class SetupApplies(Check):
    """No statement of the shipped set-up refused."""

    name = "set-up as shipped: its schema applies cleanly on the database it names"

    def judge(self, rec: SetupRecord) -> list[Verdict]:
        return [self.verdict(not rec.failed, {"failed": len(rec.failed), "applied": len(rec.applied)},
                             {"failed": 0}, f"{rec.source} on {rec.database}",
                             failed=[{"statement": s[:200], "error": e} for s, e in rec.failed],
                             left_out=[s[:120] for s in rec.left_out],
                             left_out_because=rec.left_out_because)]
