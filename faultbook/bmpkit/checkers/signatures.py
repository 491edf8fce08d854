"""Signatures: for a pinned input, the collector's log holds each line its real self printed for
that input (a regex per line, pinned from a run of the real collector)."""

from __future__ import annotations

import re

from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.checks.verdict import Verdict
from faultbook.observe.signature import Signature


class LogSignatures(BmpChecker):
    """Every signature of an entry matched by a line of its batch's log."""

    name = "signatures: the collector logs what it printed for this input"

    def __init__(self, signatures: tuple[Signature, ...]) -> None:
        super().__init__()
        self.signatures = signatures

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        out = []
        for sig in self.signatures:
            pattern = re.compile(sig.pattern)
            if not any(pattern.search(line) for line in ev.log_lines):
                out.append(self.finding("never printed", sig.pattern,
                                        f"no line of the batch matches ({sig.section})",
                                        component=sig.component, section=sig.section,
                                        log_tail=ev.log_lines[-5:], cases=ev.history.cases()[:5]))
        return out
