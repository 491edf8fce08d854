"""6. Log quality: no ERROR or traceback for normal events (a batch of valid input only, normal
closes, no fault held), no unformatted placeholders, no flood of identical lines."""

from __future__ import annotations

import re

from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.checks.verdict import Verdict

ERROR = re.compile(r"\bERROR\b|\bCRITICAL\b|Traceback \(most recent call last\)")
PLACEHOLDER = re.compile(r"%[sdrif]\b|\{\}|\{[a-z_]+\}")
#: identical lines (numbers aside) beyond this count, and beyond 4 per message, are a flood
FLOOD = 1000


class LogQuality(BmpChecker):
    """Errors only for errors; formatted; no repeats."""

    name = "log quality: no ERROR for normal events, no placeholders, no flood of one line"

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        out = []
        normal = not ev.history.faults and \
            all(m.outcome.storable for c in ev.history.connections for m in c.messages) and \
            all(c.ambiguous_at is None and c.end == "close" for c in ev.history.connections)
        errors = [line for line in ev.log_lines
                  if ("ERROR" in line or "CRITICAL" in line or "Traceback" in line)
                  and ERROR.search(line)]
        if normal and errors:
            out.append(self.finding({"error_lines": len(errors)}, {"error_lines": 0},
                                    "ERROR or traceback for valid input and normal closes",
                                    lines=errors[:5], cases=ev.history.cases()[:20]))
        holes = [line for line in ev.log_lines
                 if ("%" in line or "{" in line) and PLACEHOLDER.search(line)]
        if holes:
            out.append(self.finding({"unformatted": len(holes)}, {"unformatted": 0},
                                    "log lines with unformatted placeholders", lines=holes[:5]))
        msgs = sum(len(c.messages) for c in ev.history.connections)
        if len(ev.log_lines) > FLOOD:
            line, n = ev.shape_counts.most_common(1)[0]
            if n > max(FLOOD, 4 * msgs):
                out.append(self.finding({"repeats": n}, {"repeats": max(FLOOD, 4 * msgs)},
                                        "one line repeated as a flood", line=line[:200],
                                        cases=ev.history.cases()[:20]))
        return out
