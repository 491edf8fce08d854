"""Real routers as senders: each router's Initiation (by its sysName), a Peer Up and a route
added in one of them are stored, the route within a bound. Judges what a drill recorded."""

from __future__ import annotations

from dataclasses import dataclass

from faultbook.bmpkit.store import Row, Snapshot
from faultbook.checks.verdict import Check, Verdict


@dataclass
class SendersRecord:
    """What the collector stored while real routers sent to it, and how long the added route
    took to be stored (None: not within ``within`` s)."""

    snapshot: Snapshot
    sysnames: tuple[str, ...]
    prefix: str
    seconds: float | None
    within: float


def _names(row: Row) -> bool:
    return row.kind == "init"


class RealSenders(Check):
    """One verdict per router's Initiation, one for a Peer Up, one for the added route."""

    name = "real routers: their Initiations, a Peer Up and an added route are stored"

    def judge(self, rec: SendersRecord) -> list[Verdict]:
        inits = [r for r in rec.snapshot.rows if _names(r)]
        out = []
        for sysname in rec.sysnames:
            seen = any(sysname in map(str, r.raw.values()) for r in inits)
            out.append(self.verdict(seen, "stored" if seen else "not stored", "stored",
                                    f"{sysname}'s Initiation", router=sysname,
                                    initiations=[r.raw for r in inits][:5]))
        ups = len(rec.snapshot.of_kind("peer_up"))
        out.append(self.verdict(ups > 0, ups, ">= 1", "Peer Up records from the real routers"))
        ok = rec.seconds is not None and rec.seconds <= rec.within
        out.append(self.verdict(ok, rec.seconds, f"<= {rec.within:g}s",
                                f"{rec.prefix} added in one router, stored through BMP",
                                prefix=rec.prefix,
                                kinds=sorted({r.kind for r in rec.snapshot.rows})))
        return out
