"""Verdicts, check objects and known defects, and turning verdicts into one test outcome.

A check is an object with a human ``name``; it judges a recorded history and returns
``Verdict`` values (it never drives traffic or services). A ``KnownDefect`` refers to its check
object (a typo is an import error) and a predicate on the verdict's evidence, so a different
failure of the same check is not mistaken for the registered one.

``conclude`` passes when every verdict held, raises ``KnownDefectReproduced`` (the strict xfail's
``raises``) when exactly the registered defects failed with matching evidence, and fails on
anything else: an unregistered failure, a registered check failing differently, an inconclusive
verdict, or a registered defect that no longer reproduces (its registration must go).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Verdict:
    """One check's judgement: what was measured, against what budget, and whether it held.

    ``evidence`` carries what a reader needs to see the finding (inputs, stored rows, log lines);
    ``inconclusive`` marks a verdict whose premise could not be established (a fault that never
    took effect): it fails the test whatever is registered.
    """

    name: str
    ok: bool
    measured: Any = None
    budget: Any = None
    detail: str = ""
    known_defect: str | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    inconclusive: bool = False


class Check:
    """Base of every check object: a stable ``name`` and a factory for its verdicts.

    Subclasses add a ``judge(history, ...) -> list[Verdict]`` method over whatever history their
    system records; they never act on the system.
    """

    name: str = ""

    def __init__(self, name: str | None = None) -> None:
        if name is not None:
            self.name = name
        if not self.name:
            raise ValueError(f"{type(self).__name__} needs a name")

    def verdict(self, ok: bool, measured: Any = None, budget: Any = None, detail: str = "",
                inconclusive: bool = False, **evidence: Any) -> Verdict:
        """A verdict of this check."""
        return Verdict(self.name, bool(ok), measured, budget, detail, None, evidence, inconclusive)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


def _always(_verdict: Verdict) -> bool:
    return True


@dataclass(frozen=True)
class KnownDefect:
    """A broken invariant of a real system, registered with its evidence as a strict xfail.

    ``when`` is a predicate on the failed verdict (its measured value and evidence): the defect
    counts as reproduced only when it holds, e.g. ``lambda v: v.measured == "SIGSEGV"``.
    ``intermittent`` marks a defect seen in some runs only (say which in ``evidence``): when its
    check fails the evidence must still match, but its absence does not fail the scenario.
    """

    id: str
    check: Check
    title: str
    evidence: str
    when: Callable[[Verdict], bool] = _always
    runtimes: tuple[str, ...] = ()
    intermittent: bool = False

    def applies(self, runtime: str) -> bool:
        """True when the defect shows under ``runtime`` (all runtimes when none are named)."""
        return not self.runtimes or runtime in self.runtimes

    def matches(self, verdict: Verdict) -> bool:
        """True when ``verdict`` is this defect's check failing with the registered evidence."""
        return not verdict.ok and verdict.name == self.check.name and bool(self.when(verdict))

    def to_json(self) -> dict[str, Any]:
        """As plain data (the check by name)."""
        return {"id": self.id, "check": self.check.name, "title": self.title,
                "evidence": self.evidence, "runtimes": list(self.runtimes),
                "intermittent": self.intermittent}


class KnownDefectReproduced(AssertionError):
    """The registered defects of the real system showed again, with their evidence.

    Scenarios with known defects are marked xfail(strict=True, raises=KnownDefectReproduced):
    a fix of the real system turns the test into XPASS(strict), a failure, which is the signal
    to remove the registration. A test whose registered defects are all intermittent carries no
    mark: it passes when none shows and is reported xfailed when one does.
    """


def _describe(v: Verdict) -> str:
    return f"{v.name}: measured {v.measured!r}, budget {v.budget!r}. {v.detail}".strip()


def conclude(verdicts: Sequence[Verdict], defects: Iterable[KnownDefect]) -> None:
    """Judge ``verdicts`` against the registered ``defects`` (see the module doc)."""
    defects = list(defects)
    inconclusive = [v for v in verdicts if v.inconclusive]
    if inconclusive:
        raise AssertionError("inconclusive: " + "; ".join(_describe(v) for v in inconclusive))
    failed = [v for v in verdicts if not v.ok]
    unexpected: list[Verdict] = []
    hit: dict[str, KnownDefect] = {}
    for v in failed:
        match = next((d for d in defects if d.matches(v)), None)
        if match is None:
            unexpected.append(v)
        else:
            v.known_defect = match.id
            hit[match.id] = match
    if unexpected:
        raise AssertionError("; ".join(_describe(v) for v in unexpected))
    checked = {v.name for v in verdicts}
    missing = [d for d in defects if d.check.name not in checked]
    if missing:
        raise AssertionError(
            "known defect(s) registered for checks this scenario never ran: "
            + ", ".join(f"{d.id} ({d.check.name})" for d in missing))
    gone = [d for d in defects if d.id not in hit and not d.intermittent]
    if failed and gone:
        raise AssertionError(
            "known defect(s) no longer reproduce, remove their registration: "
            + ", ".join(f"{d.id} ({d.check.name})" for d in gone))
    if failed:
        raise KnownDefectReproduced("; ".join(
            f"{d.id}: {d.title} (measured {v.measured!r}, budget {v.budget!r})"
            for v in failed for d in [hit[str(v.known_defect)]]))
