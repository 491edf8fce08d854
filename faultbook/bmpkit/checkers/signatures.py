"""Signatures: for a pinned input, the collector's log holds each line its real self printed for
that input (a regex per line, pinned from a run of the real collector). ``{router}`` in a pattern
stands for the case connection's own source address, so the line must name that router (not the
canary, not another case)."""

from __future__ import annotations

import re

from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.checks.verdict import Verdict
from faultbook.observe.signature import Signature

#: stands for the case connection's source address in a signature's pattern
ROUTER = "{router}"


class LogSignatures(BmpChecker):
    """Every signature of an entry matched by a line of its batch's log."""

    name = "signatures: the collector logs what it printed for this input"

    def __init__(self, signatures: tuple[Signature, ...]) -> None:
        super().__init__()
        self.signatures = signatures

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        out = []
        routers = [re.escape(c.source) for c in ev.cases() if c.source] or [r"\S+"]
        for sig in self.signatures:
            patterns = [re.compile(sig.pattern.replace(ROUTER, r)) for r in routers]
            if not any(p.search(line) for p in patterns for line in ev.log_lines):
                out.append(self.finding("never printed", sig.pattern,
                                        f"no line of the batch matches ({sig.section})",
                                        component=sig.component, section=sig.section,
                                        log_tail=ev.log_tail, cases=ev.history.cases()[:5]))
        return out
