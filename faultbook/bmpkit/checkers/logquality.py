"""6. Log quality: no ERROR or traceback for normal events (a batch of valid input only, normal
closes, no fault held), no unformatted placeholders, no flood of identical lines.

What an error record, a placeholder and an identical message are is the suite's one definition
(``faultbook.checks.log_quality``); the kit adds which batches count as normal and a flood bound
that grows with the batch's input (its log window has no times to count a rate in)."""

from __future__ import annotations

from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.bmpkit.history import History
from faultbook.checks.log_quality import error_records, repeats, unfilled
from faultbook.checks.verdict import Verdict

#: identical lines beyond this count in a batch, and beyond 4 per message, are a flood
FLOOD = 1000
#: lines a message may cause before their repeats count as a flood
PER_MESSAGE = 4


def normal(history: History) -> bool:
    """A batch of valid input only, closed normally, with no fault held."""
    return not history.faults and \
        all(m.outcome.storable for c in history.connections for m in c.messages) and \
        all(c.ambiguous_at is None and c.end == "close" for c in history.connections)


def flood_bound(history: History) -> int:
    """How often one message may repeat in a batch of ``history``'s input."""
    return max(FLOOD, PER_MESSAGE * sum(len(c.messages) for c in history.connections))


class LogQuality(BmpChecker):
    """Errors only for errors; formatted; no repeats."""

    name = "log quality: no ERROR for normal events, no placeholders, no flood of one line"

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        out = []
        errors = error_records(ev.log_lines) if normal(ev.history) else []
        if errors:
            out.append(self.finding({"error_records": len(errors)}, {"error_records": 0},
                                    "ERROR or traceback for valid input and normal closes",
                                    lines=[r[0][:300] for r in errors[:5]],
                                    cases=ev.history.cases()[:20]))
        holes = unfilled(ev.log_lines)
        if holes:
            out.append(self.finding({"unformatted": len(holes)}, {"unformatted": 0},
                                    "log lines with unformatted placeholders",
                                    lines=[text[:300] for text, _ in holes[:5]],
                                    placeholders=sorted({s for _, slots in holes for s in slots})))
        bound = flood_bound(ev.history)
        top = repeats(ev.log_lines).most_common(1) if len(ev.log_lines) > bound else []
        if top and top[0][1] > bound:
            (line, n), = top
            out.append(self.finding({"repeats": n}, {"repeats": bound},
                                    "one line repeated as a flood", line=line[:200],
                                    cases=ev.history.cases()[:20]))
        return out
