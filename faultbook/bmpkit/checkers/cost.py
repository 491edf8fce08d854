"""5. Cost per input: log lines and CPU seconds of each batch (counted from cumulative counters
over the whole batch, bursts included) within budgets per input; RSS growth over the run within a
leak slope."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from statistics import median

from faultbook.bmpkit.checkers.base import BatchEvidence, BmpChecker
from faultbook.checks.verdict import Verdict


@dataclass(frozen=True)
class CostBudget:
    """Allowed cost: a fixed part per batch plus a part per message written."""

    lines_fixed: int = 200
    lines_per_message: float = 4.0
    cpu_fixed: float = 1.0
    cpu_per_message: float = 0.002
    #: RSS growth over the run, MB per 1,000 messages
    leak_mb_per_kmsg: float = 8.0


class Cost(BmpChecker):
    """Log lines and CPU seconds per input; the RSS slope over the run."""

    name = "cost: log lines, CPU and memory per input within budget"

    def __init__(self, budget: CostBudget | None = None) -> None:
        super().__init__()
        self.budget = budget or CostBudget()

    def findings(self, ev: BatchEvidence) -> list[Verdict]:
        obs, b = ev.history.cost, self.budget
        if obs is None:
            return []
        msgs = sum(len(c.messages) for c in ev.history.connections) or 1
        out = []
        lines_max = b.lines_fixed + b.lines_per_message * msgs
        if obs.log_lines > lines_max:
            out.append(self.finding({"log_lines": obs.log_lines}, {"log_lines": int(lines_max)},
                                    f"{obs.log_lines} log lines for {msgs} messages",
                                    cases=ev.history.cases()[:20], messages=msgs,
                                    sample=ev.log_lines[-3:], seconds=round(obs.end - obs.start, 3),
                                    most_repeated=list(ev.shape_counts.most_common(1)[0])
                                    if ev.log_lines else None))
        cpu_max = b.cpu_fixed + b.cpu_per_message * msgs
        if obs.cpu_seconds > cpu_max:
            out.append(self.finding({"cpu_seconds": obs.cpu_seconds}, {"cpu_seconds": cpu_max},
                                    f"{obs.cpu_seconds:.2f} CPU s for {msgs} messages",
                                    cases=ev.history.cases()[:20], messages=msgs,
                                    seconds=round(obs.end - obs.start, 3)))
        return out

    def leak(self, points: list[tuple[int, int]]) -> Verdict:
        """RSS growth sustained over a run: ``points`` are (messages so far, RSS) after each
        batch; the slope is Theil-Sen's (the median of the slopes between every two batches), so
        growth that goes on batch after batch counts and one allocation step does not."""
        if len(points) < 3:
            return self.verdict(True, None, None, "too few batches for a slope")
        n = len(points)
        slopes = [(y2 - y1) / (x2 - x1) for (x1, y1), (x2, y2) in combinations(points, 2)
                  if x2 != x1]
        slope = median(slopes) if slopes else 0.0  # octets per message
        mb_per_k = round(slope * 1000 / 2**20, 3)
        ok = mb_per_k <= self.budget.leak_mb_per_kmsg
        return self.verdict(ok, {"rss_mb_per_1000_messages": mb_per_k},
                            {"rss_mb_per_1000_messages": self.budget.leak_mb_per_kmsg},
                            f"over {n} batches", points=points[-20:])
