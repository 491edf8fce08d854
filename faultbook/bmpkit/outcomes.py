"""What a collector did with each case of a fuzz run, counted per kind of seed: every case's
own findings (a registered defect's id, or ``NEW`` and the checker), whether the collector closed
its session, whether it printed a loss or error line naming the case's router, whether it died
in the case's batch; a case with none of these was kept as expected (no finding of its own)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from faultbook.bmpkit.batch import BatchResult
from faultbook.bmpkit.checkers.accounting import attributable, loss_reports
from faultbook.bmpkit.history import Connection
from faultbook.checks.verdict import Verdict

#: the outcome of a case nothing was found about
AS_EXPECTED = "as expected"
SESSION_CLOSED = "session closed"
LOG_LINES = "loss or error logged"
DIED = "collector died in its batch"


def case_outcome(result: BatchResult, conn: Connection,
                 name: Callable[[Verdict], str]) -> str:
    """One case's outcome: what happened to it, joined with ``+`` (sorted)."""
    ev = result.evidence
    parts = {name(v) for v in result.findings if v.evidence.get("case") == conn.case}
    if conn.collector_state != "open":
        parts.add(SESSION_CLOSED)
    if attributable(loss_reports(ev.log_lines, ev.log_shapes), conn):
        parts.add(LOG_LINES)
    if ev.history.death is not None:
        parts.add(DIED)
    return " + ".join(sorted(parts)) or AS_EXPECTED


def per_kind(done: Sequence[BatchResult], name: Callable[[Verdict], str]
             ) -> dict[str, Counter[str]]:
    """Each kind of seed's cases counted by outcome, over the judged batches ``done`` (``name``:
    what a finding is called, e.g. its registered defect's id)."""
    out: dict[str, Counter[str]] = {}
    for result in done:
        family = {c.label: c.family for c in result.cases}
        for conn in result.evidence.cases():
            kind = family.get(conn.case, "?")
            out.setdefault(kind, Counter())[
                case_outcome(result, conn, name)] += 1
    return dict(sorted(out.items()))
