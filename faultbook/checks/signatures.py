"""Waiting for a scenario's expected signatures and recording where each matched."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from faultbook.errors import WaitTimeout
from faultbook.observe.matchers import wait_for
from faultbook.observe.timeline import Timeline
from faultbook.report.record import TestRecord
from faultbook.scenario import Signature


@dataclass(frozen=True)
class SignatureResult:
    """A signature and the line that matched it (or None)."""

    signature: Signature
    seq: int | None
    t: float | None
    text: str | None

    def to_json(self) -> dict[str, Any]:
        """As plain data."""
        return {**asdict(self.signature), "matched": self.seq is not None, "seq": self.seq,
                "t": self.t, "text": self.text}


def expect_signatures(record: TestRecord, timeline: Timeline, signatures: tuple[Signature, ...],
                      since: int, within: float) -> list[SignatureResult]:
    """Wait (one shared deadline) for every signature after ``since``; record a verdict for each."""
    results = []
    for sig in signatures:
        try:
            line = wait_for(timeline, sig.pattern, sig.component, within=within, since=since)
            result = SignatureResult(sig, line.seq, line.t, line.text)
        except WaitTimeout:
            result = SignatureResult(sig, None, None, None)
        results.append(result)
        record.verdict(f"signature {sig.component}: /{sig.pattern}/", result.seq is not None,
                       result.text, f"a line within {within:g}s", sig.section)
    record.facts.setdefault("signatures", []).extend(r.to_json() for r in results)
    return results
