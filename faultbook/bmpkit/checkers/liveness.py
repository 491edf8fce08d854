"""3. Liveness after every input: the collector survives; valid data on the same connection (when
it kept the connection open and the framing reaches it) and on a fresh connection (the batch's
canary) is stored within the runner's bound; it releases every connection routers closed."""

from __future__ import annotations

from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.bmpkit.expect import StoredAsSent
from faultbook.bmpkit.history import Connection
from faultbook.checks.verdict import Verdict


def marker_framed(conn: Connection, marker: str | None) -> bool:
    """The stream's framing reaches the connection's marker route, as a message to store (what
    the checker requires of it when the collector kept the connection open; what the runner
    waits for, and nothing else)."""
    last = conn.messages[-1] if conn.messages else None
    return bool(marker) and last is not None and isinstance(last.outcome, StoredAsSent) and \
        marker in {r.prefix for r in last.outcome.routes()}


class Liveness(BmpChecker):
    """Alive, storing on the same and a fresh connection, no CLOSE-WAIT left."""

    name = "liveness: alive and storing valid data after every input"

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        out = []
        h = ev.history
        if h.death is not None:
            out.append(self.finding(h.death, "running", "the collector died during the batch",
                                    death=h.death, cases=h.cases()[:20],
                                    log_tail=ev.log_tail))
        stored = ev.snapshot.prefixes()
        if ev.canary_prefix and ev.canary_prefix not in stored:
            out.append(self.finding("not stored", "stored", "a fresh valid session was not stored",
                                    canary=ev.canary_prefix, death=h.death,
                                    connections=len(ev.cases()),
                                    invalid_inputs=sum(not m.outcome.storable for c in ev.cases()
                                                       for m in c.messages),
                                    cases=h.cases()[:20], log_tail=ev.log_tail))
        for conn in ev.cases():
            marker = ev.markers.get(conn.ident)
            if marker_framed(conn, marker) and conn.collector_state == "open" and \
                    marker not in stored:
                out.append(self.finding("not stored", "stored",
                                        "valid data after the input, on the connection the "
                                        "collector kept open, was not stored", conn,
                                        marker=marker, death=h.death,
                                        log_tail=ev.log_tail))
        if h.close_wait:
            out.append(self.finding({"close_wait": h.close_wait}, {"close_wait": 0},
                                    "connections the routers closed are left in CLOSE-WAIT",
                                    close_wait=h.close_wait, cases=h.cases()[:20],
                                    connections=len(ev.cases()), log_tail=ev.log_tail))
        return out
