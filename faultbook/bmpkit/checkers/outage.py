"""8. Dependency outage: with a dependency of the collector (its database) stopped while a
session's Initiation, Peer Up and routes were written, and started again, every one of those
messages is stored once the dependency is back, or its loss is reported by a log line of the
outage window that names the session's router (its own source address; each line excuses one
message). The fault's own evidence must confirm the outage, else the verdict is inconclusive."""

from __future__ import annotations

from collections import Counter

from faultbook.bmpkit.checkers.accounting import attributable, loss_reports, required
from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.bmpkit.history import Connection, FaultWindow
from faultbook.checks.verdict import Verdict


def written_during(ev: BatchEvidence, window: FaultWindow) -> list[Connection]:
    """The case connections with a write inside the fault window."""
    idents = {w.conn for w in ev.history.writes if window.injected <= w.mono <= window.healed}
    return [c for c in ev.cases() if c.ident in idents]


class DependencyOutage(BmpChecker):
    """Everything written while a dependency was down is stored after it returns, or reported."""

    name = "dependency outage: what was sent while a dependency was down is stored, or its loss reported"

    def judge(self, ev: BatchEvidence) -> list[Verdict]:
        if not ev.history.faults:
            return [self.verdict(False, None, "an outage", "the batch held no fault",
                                 inconclusive=True)]
        window = ev.history.faults[0]
        if not window.evidence.confirmed:
            return [self.verdict(False, window.evidence.measured, "confirmed",
                                 f"the outage did not take effect: {window.evidence.how}",
                                 inconclusive=True, fault=window.to_json())]
        return super().judge(ev)

    def _lost(self, ev: BatchEvidence, during: list[Connection]) -> list[str]:
        """What of ``during`` is not stored (record counts over every connection when the
        store cannot tell connections apart: the canary's records are counted on both sides)."""
        lost: list[str] = []
        counted = during if ev.by_connection else ev.history.connections
        for kind in sorted(ev.kinds - {"open", "close"}):
            want = sum(m.outcome.records() for c in counted for m in required(c)
                       if m.outcome.record_kind() == kind)
            have = sum(len(ev.rows_of(c).of_kind(kind)) for c in during) if ev.by_connection \
                else len(ev.snapshot.of_kind(kind))
            if have < want:
                lost.append(f"{want - have} x {kind}")
        for conn in during:
            stored = Counter((r.route.prefix, r.route.action) for r in ev.rows_of(conn).routes()
                             if r.route is not None)
            lost += sorted({f"{r.action} {r.prefix}" for m in required(conn)
                            for r in m.outcome.routes() if not stored[(r.prefix, r.action)]})
        return lost

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        window = ev.history.faults[0]
        during = written_during(ev, window)
        lost = self._lost(ev, during)
        lines = ev.log_lines[window.log_from : window.log_to]
        reports = [line for conn in during for line in attributable(loss_reports(lines), conn)]
        if len(reports) >= len(lost):
            return []
        return [self.finding({"lost": len(lost), "loss_reports": len(reports)},
                             "stored after the outage, or one loss line of the window per message",
                             f"messages written during '{window.name}' lost without a report",
                             during[0] if during else None, lost=lost[:20],
                             window=window.to_json(), window_lines=lines[:10],
                             stored_rows=[r.raw for r in ev.snapshot.rows][:10])]
