"""What a system's BMP catalog is made of: pinned inputs (one connection each, judged by every
batch checker and, where the real collector printed lines for it, by its signatures) and entries
that do not apply to a collector (skipped with their reason)."""

from __future__ import annotations

from dataclasses import dataclass

from faultbook.bmpkit.batch import STORE_WITHIN, Runner
from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.checkers import BATCH_CHECKERS, BmpChecker
from faultbook.bmpkit.checkers.signatures import LogSignatures
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.messages import announce
from faultbook.checks.verdict import KnownDefect, Verdict
from faultbook.observe.signature import Signature


@dataclass(frozen=True)
class Pinned:
    """One pinned input: ``payload`` (hex) on its own connection, after a valid Initiation and
    Peer Up unless ``prelude`` is False, ended by the router as ``end`` says ("close", "reset");
    ``marker`` appends the case's marker route (liveness on the same connection)."""

    name: str
    section: str
    title: str
    payload: str
    prelude: bool = True
    end: str = "close"
    marker: bool = True
    signatures: tuple[Signature, ...] = ()
    known: tuple[KnownDefect, ...] = ()
    #: how long its valid data may take to be stored
    within: float = STORE_WITHIN

    @property
    def strict(self) -> bool:
        """True when a defect it registers always reproduces (a strict expected failure)."""
        return any(not d.intermittent for d in self.known)

    def case(self) -> Case:
        """The case it sends."""
        return Case(self.name, "pinned", bytes.fromhex(self.payload), prelude=self.prelude,
                    end=self.end, marker=self.marker)

    def checkers(self) -> tuple[BmpChecker, ...]:
        """Every batch checker, and its signatures when it has some."""
        return (*BATCH_CHECKERS, LogSignatures(self.signatures)) if self.signatures \
            else BATCH_CHECKERS

    def run(self, collector: Collector) -> list[Verdict]:
        """Its batch on ``collector``, judged."""
        return Runner(collector, self.checkers(), store_within=self.within).run(
            [self.case()]).verdicts


@dataclass(frozen=True)
class NotApplicable:
    """A documented scenario a collector has no part for (skipped with ``reason``)."""

    name: str
    section: str
    title: str
    reason: str


def burst_payload(count: int) -> str:
    """``count`` valid Route Monitoring messages, each its own /24 under 10.200.0.0/13, as hex."""
    if not 0 < count <= 8 * 256:
        raise ValueError(f"a burst holds 1 to {8 * 256} routes, not {count}")
    return b"".join(announce(f"10.{200 + i // 256}.{i % 256}.0/24") for i in range(count)).hex()
