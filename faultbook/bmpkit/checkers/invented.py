"""2. Nothing invented: every stored route comes from a message that may be stored (a message the
strict decoder rejects, where RFC 7606 allows no keeping, stores nothing; no route never sent)."""

from __future__ import annotations

from collections import Counter

from faultbook.bmpkit.checkers.accounting import allowed_routes
from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.bmpkit.frameroutes import frame_routes
from faultbook.checks.verdict import Verdict


class NothingInvented(BmpChecker):
    """No stored route the input did not carry in a storable message."""

    name = "nothing invented: no stored route absent from the valid input"

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        out = []
        everything: Counter[tuple[str, str]] = Counter()
        for conn in ev.history.connections:
            everything += allowed_routes(conn)
        for conn in ev.cases():
            allowed = allowed_routes(conn) if ev.by_connection else everything
            stored = Counter((r.route.prefix, r.route.action) for r in ev.rows_of(conn).routes()
                             if r.route is not None)
            extra = {k: n for k, n in stored.items() if not allowed[k]}
            if not extra:
                continue
            framed = frame_routes(conn.stream)
            rejected = sorted(p for p, _ in extra if p in framed)
            never = sorted(p for p, _ in extra if p not in framed)
            out.append(self.finding({"invented": sum(extra.values())}, {"invented": 0},
                                    "routes stored that no storable message carried", conn,
                                    from_rejected_message=rejected[:10], never_sent=never[:10],
                                    expected=sorted({repr(m.outcome) for m in conn.messages
                                                     if not m.outcome.required})[:10],
                                    never_sent_rows=sum(n for (p, _), n in extra.items()
                                                        if p not in framed)))
        return out
