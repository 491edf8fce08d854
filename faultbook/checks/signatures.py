"""The lines the real system printed under the fault: each awaited signature matched in time."""

from __future__ import annotations

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import History
from faultbook.observe.signature import Signature


class SignaturesSeen(HistoryCheck):
    """Every signature matched a line of its component after the fault, within the wait."""

    name = "signatures"

    def __init__(self, *signatures: Signature) -> None:
        super().__init__()
        self.signatures = signatures

    def awaits(self) -> tuple[Signature, ...]:
        return self.signatures

    def judge(self, history: History) -> list[Verdict]:
        found = {id(m.signature): m for m in history.matches}
        out = []
        for sig in self.signatures:
            name = f"signature {sig.component}: /{sig.pattern}/"
            match = found.get(id(sig))
            if match is None:
                out.append(Verdict(name, False, None, "a line", "never awaited", inconclusive=True))
                continue
            line = match.line
            out.append(Verdict(name, line is not None, line.text if line else None,
                               "a line within the wait", sig.section))
        return out
