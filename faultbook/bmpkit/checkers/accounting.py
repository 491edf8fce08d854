"""1. Accounting, exact: every valid message stored exactly once with the content that was sent,
or its loss reported by a log line of its batch window that names its connection's own source
address (each line excuses one message of that connection only; the canary's lines name the
canary and excuse nothing). Duplicates and altered content are findings."""

from __future__ import annotations

import re
from collections import Counter

from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker, shapes
from faultbook.bmpkit.checkers.logquality import FLOOD
from faultbook.bmpkit.expect import Route
from faultbook.bmpkit.history import Connection, Framed
from faultbook.checks.verdict import Verdict

#: a log line that reports a discarded or failed message
LOSS_REPORT = re.compile(r"discard|drop|[Ii]nvalid|[Mm]alformed|[Ff]ail|\bERROR\b|\bWARN")


def loss_reports(lines: list[str], shaped: list[str] | None = None) -> list[str]:
    """Lines reporting a loss; a line repeated as a flood reports nothing (``shaped``: each
    line's ``shape``, when already known)."""
    found = [i for i, line in enumerate(lines) if LOSS_REPORT.search(line)]
    if len(found) <= FLOOD:
        return [lines[i] for i in found]
    forms = shaped if shaped is not None else shapes(lines)
    counts = Counter(forms[i] for i in found)
    return [lines[i] for i in found if counts[forms[i]] <= FLOOD]


def attributable(lines: list[str], conn: Connection) -> list[str]:
    """The lines naming ``conn``'s source address (none when it has no address of its own)."""
    if not conn.source:
        return []
    own = re.compile(rf"(?<![\d.]){re.escape(conn.source)}(?![\d.])")
    return [line for line in lines if conn.source in line and own.search(line)]


def required(conn: Connection) -> list[Framed]:
    """The messages a collector must store: in-session valid ones; when the collector closed
    the connection, only those before the first message it could reject (RFC 7854 lets it
    close on malformed input)."""
    out = []
    for m in conn.messages:
        if not m.outcome.storable and conn.collector_state != "open":
            break
        if m.outcome.required:
            out.append(m)
    return out


def _key(route: Route) -> tuple[str, str]:
    return (route.prefix, route.action)


def allowed_routes(conn: Connection) -> Counter[tuple[str, str]]:
    """How often each (prefix, action) may be stored for this connection."""
    return Counter(_key(r) for m in conn.messages if m.outcome.storable for r in m.outcome.routes())


class Accounting(BmpChecker):
    """Exact accounting of every valid message."""

    name = "accounting: every valid message stored once, as sent, or its loss reported"

    def _conn(self, ev: BatchEvidence, conn: Connection) -> tuple[list[str], list[Verdict]]:
        rows = ev.rows_of(conn)
        stored = Counter(_key(r.route) for r in rows.routes() if r.route is not None)
        want = required(conn)
        lost: list[str] = []
        for kind in ev.kinds - {"open", "close"}:
            n = sum(m.outcome.records() for m in want if m.outcome.record_kind() == kind)
            have = len(rows.of_kind(kind))
            if have < n and ev.by_connection:
                lost.append(f"{n - have} x {kind}")
        sent: dict[tuple[str, str], list[Route]] = {}
        for m in want:
            for r in m.outcome.routes():
                sent.setdefault(_key(r), []).append(r)
        lost += sorted(f"{a} {p}" for (p, a) in sent if stored[(p, a)] == 0)
        out = []
        allowed = allowed_routes(conn)
        dups = {f"{a} {p}": n for (p, a), n in stored.items() if allowed[(p, a)] and n > allowed[(p, a)]}
        if dups and ev.by_connection:
            out.append(self.finding({"duplicates": len(dups)}, {"duplicates": 0},
                                    "routes stored more often than sent", conn,
                                    duplicated=dict(list(dups.items())[:10])))
        altered = []
        for row in rows.routes():
            assert row.route is not None
            candidates = sent.get(_key(row.route), [])
            diffs = [c.differs(row.route, ev.keeps) for c in candidates]
            if candidates and all(diffs):
                diff = diffs[0]
                altered.append({"prefix": row.route.prefix, "fields": diff, "row": row.raw})
        if altered:
            out.append(self.finding({"altered": len(altered)}, {"altered": 0},
                                    "stored content differs from what was sent", conn,
                                    altered=altered[:5]))
        return lost, out

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        reports = loss_reports(ev.log_lines, ev.log_shapes)
        out: list[Verdict] = []
        for conn in ev.cases():
            lost, found = self._conn(ev, conn)
            out += found
            if not lost:
                continue
            own = attributable(reports, conn)
            if len(own) >= len(lost):
                continue
            out.append(self.finding({"lost": len(lost), "loss_reports": len(own)},
                                    "stored, or one loss line of its connection per lost message",
                                    "valid messages lost without a report", conn,
                                    lost=lost[:20], death=ev.history.death, reports=own[:5],
                                    log_tail=ev.log_tail))
        return out
