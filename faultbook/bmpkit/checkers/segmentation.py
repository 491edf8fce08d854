"""4. Any segmentation: the same stream cut at other write boundaries (twin connections of one
case) gives the same stored result."""

from __future__ import annotations

from collections import Counter

from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.bmpkit.history import Connection
from faultbook.checks.verdict import Verdict


def base_label(label: str) -> str:
    """A case's label without its segmentation suffix."""
    return label.split(" [", 1)[0]


def result(ev: BatchEvidence, conn: Connection) -> Counter[str]:
    """What was stored for a connection, without what differs by slot (its marker)."""
    marker = ev.markers.get(conn.ident)
    out: Counter[str] = Counter()
    for row in ev.rows_of(conn).rows:
        if row.kind in ("open", "close"):
            continue
        r = row.route
        if r is None:
            out[row.kind] += 1
        else:
            out["marker" if r.prefix == marker else
                f"{r.action} {r.prefix} {r.next_hop} {r.origin} {r.as_path} {r.med} {r.local_pref}"
                f" {sorted(r.communities or ())}"] += 1
    return out


class Segmentation(BmpChecker):
    """Twins of a case agree."""

    name = "segmentation: the same octets cut differently give the same stored result"

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        if not ev.by_connection:
            return []
        groups: dict[str, list[Connection]] = {}
        for conn in ev.cases():
            groups.setdefault(base_label(conn.case), []).append(conn)
        out = []
        for twins in groups.values():
            if len(twins) < 2:
                continue
            first = twins[0]
            ref = result(ev, first)
            for other in twins[1:]:
                if other.collector_state != first.collector_state:
                    continue
                got = result(ev, other)
                if got != ref:
                    out.append(self.finding(
                        {"differs": sum(((ref - got) + (got - ref)).values())}, {"differs": 0},
                        f"{other.case} stored differently from {first.case}", other,
                        reference=first.case, only_reference=dict((ref - got).most_common(8)),
                        only_this=dict((got - ref).most_common(8))))
        return out
