"""The supervisor's view tells the truth: what a supervisor (a manager, a cluster) reports about
a member agrees with reality within a bound after every change, whatever happens meanwhile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from faultbook.checks.verdict import Check, Verdict
from faultbook.observe.supervisor import ViewSample
from faultbook.observe.timeline import Mark


@dataclass(frozen=True)
class Change:
    """Reality at a monotonic instant: the member came up (ready), went down (exited), or began
    a transition (a start or a stop under way: ``alive`` None, any view is right meanwhile)."""

    mono: float
    alive: bool | None


#: the member's marks that change reality
MARK_CHANGES: dict[str, bool | None] = {"start": None, "ready": True, "stop": None, "exit": False}


def changes_from_marks(marks: Sequence[Mark], component: str) -> list[Change]:
    """The member's start, ready, stop and exit marks, in order, as changes of reality."""
    return [Change(m.mono, MARK_CHANGES[m.kind]) for m in marks
            if m.component == component and m.kind in MARK_CHANGES]


class SupervisorTruth(Check):
    """Every sample taken more than ``within`` seconds after the latest change of reality shows
    ``alive_status`` exactly when the member is up. Not judged: samples without an answer (a
    supervisor that does not answer is another check's business) and samples during a start or
    a stop. Every up or down that lasted longer than ``within`` must have been judged."""

    name = "the supervisor's view tells the truth"

    def __init__(self, within: float, alive_status: str = "ALIVE", name: str | None = None) -> None:
        super().__init__(name)
        self.within = within
        self.alive_status = alive_status

    def reality(self, changes: Sequence[Change], mono: float) -> Change | None:
        """The latest change at or before ``mono`` (None before the first)."""
        latest = [c for c in changes if c.mono <= mono]
        return latest[-1] if latest else None

    def judge(self, changes: Sequence[Change], samples: Sequence[ViewSample]) -> list[Verdict]:
        """Disagreements between the view and reality, counted once each change had its bound."""
        wrong: list[dict[str, object]] = []
        judged = 0
        for sample in samples:
            latest = self.reality(changes, sample.mono)
            if sample.status is None or latest is None or latest.alive is None \
                    or sample.mono - latest.mono <= self.within:
                continue
            judged += 1
            if (sample.status == self.alive_status) != latest.alive:
                wrong.append({"after_change_s": round(sample.mono - latest.mono, 1),
                              "shows": sample.status, "member": "up" if latest.alive else "down"})
        ends = [c.mono for c in changes[1:]] + [float("inf")]
        unjudged = [c for c, end in zip(changes, ends, strict=True)
                    if c.alive is not None and end - c.mono > self.within and not any(
                        s.status is not None and c.mono + self.within < s.mono < end for s in samples)]
        measured = {"disagreements": len(wrong), "judged_samples": judged,
                    "changes_never_judged": len(unjudged)}
        budget = f"agrees from {self.within:g}s after every change on"
        if unjudged or not judged:
            return [self.verdict(False, measured, budget, "no answer late enough after a change to "
                                 "judge it", inconclusive=True)]
        return [self.verdict(not wrong, measured, budget,
                             f"shows {wrong[0]['shows']} {wrong[0]['after_change_s']}s after the "
                             f"member went {wrong[0]['member']}" if wrong else "", first=wrong[:5])]
