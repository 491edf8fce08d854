"""The kit's fuzz run against a collector, findings matched to registered defects, a failing
single case saved as a reproducer ``faultbook replay`` and ``Case.from_json`` both take."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faultbook.bmpkit.batch import Feeder, Runner
from faultbook.bmpkit.cases import PRELUDE, Case
from faultbook.bmpkit.checkers import COST
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.generate import KINDS, stratified, variants
from faultbook.bmpkit.outcomes import per_kind
from faultbook.checks.verdict import KnownDefect, Verdict
from faultbook.errors import ConfigError

REPRO = Path("reports") / "bmp-reproducers"


def save(case: Case, findings: list[Verdict], into: Path = REPRO) -> Path:
    """The case and its findings as JSON under ``into``, named by the octets' hash."""
    into.mkdir(parents=True, exist_ok=True)
    octets = (PRELUDE if case.prelude else b"") + case.payload
    path = into / f"{hashlib.sha256(octets).hexdigest()[:16]}.json"
    saved = {**case.to_json(), "payload_hex": octets.hex(), "prelude": False}
    path.write_text(json.dumps({"case": saved, "label": case.label, "findings": [
        {"checker": v.name, "measured": v.measured, "detail": v.detail} for v in findings]},
        default=str, indent=1))
    return path


def load(path: Path) -> tuple[Case, dict[str, Any]]:
    """A saved case and everything saved with it; ConfigError names the fix for a bad file."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such file: name a saved case's .json")
    try:
        saved = json.loads(path.read_text())
        return Case.from_json(saved["case"]), saved
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a saved case ({type(exc).__name__}: {exc}): name a .json "
                          f"written under {REPRO}") from None


def registered(v: Verdict, known: Sequence[KnownDefect]) -> KnownDefect | None:
    """The registered defect a failed verdict is, if any."""
    return next((d for d in known if d.matches(v)), None)


@dataclass
class FuzzRun:
    """What a fuzz run did: cases judged per family, every finding (registered or not), the
    reproducers saved, and the findings no registered defect explains."""

    cases: int = 0
    families: Counter[str] = field(default_factory=Counter)
    findings: list[dict[str, str]] = field(default_factory=list)
    reproducers: list[Path] = field(default_factory=list)
    unexpected: list[Verdict] = field(default_factory=list)
    #: each kind of seed's cases counted by outcome (``faultbook.bmpkit.outcomes``)
    outcomes: dict[str, Counter[str]] = field(default_factory=dict)

    def facts(self, collector_ref: str) -> dict[str, Any]:
        """The ``fuzz.*`` facts the report shows; replay commands name ``collector_ref``
        (``MODULE:FUNCTION``, as ``faultbook replay --collector`` takes it)."""
        return {"fuzz.cases": self.cases, "fuzz.families": dict(sorted(self.families.items())),
                "fuzz.findings": self.findings,
                "fuzz.outcomes": {k: dict(v.most_common()) for k, v in self.outcomes.items()},
                "fuzz.reproducers": [{"path": str(p), "replay": f"faultbook replay {p} "
                                      f"--collector {collector_ref}"} for p in self.reproducers]}


def named(v: Verdict, known: Sequence[KnownDefect]) -> str:
    """The registered defect a finding is, or ``NEW`` and its checker."""
    defect = registered(v, known)
    return defect.id if defect is not None else f"NEW {v.name.split(':')[0]}"


def fuzz(collector: Collector, known: Sequence[KnownDefect],
         kinds: tuple[str, ...] = KINDS) -> FuzzRun:
    """Seeds of every kind (stratified), each with its segmentation twins, gathered into batches
    of concurrent connections; every failing batch bisected; ``unexpected`` holds the findings no
    registered defect explains (a single-case one saved as a reproducer)."""
    feeder = Feeder(Runner(collector), bisect=lambda v: registered(v, known) is None)
    drawn = stratified(lambda seed: feeder.add(variants(seed)), kinds=kinds)
    feeder.flush()
    if drawn < len(kinds):
        raise AssertionError(f"only {drawn} seeds for {len(kinds)} kinds")
    run = FuzzRun(cases=sum(len(b.cases) for b in feeder.done),
                  families=Counter(c.family for b in feeder.done for c in b.cases),
                  outcomes=per_kind(feeder.done, lambda v: named(v, known)))
    leak = COST.leak(feeder.runner.rss_points)  # the RSS slope since the last restart
    if not leak.ok and registered(leak, known) is None:
        run.unexpected.append(leak)
    for one in feeder.failing:
        new = [v for v in one.findings if registered(v, known) is None]
        if new and len(one.cases) == 1:
            run.reproducers.append(save(one.cases[0], one.findings))
        run.unexpected += new
        for v in one.findings:
            defect = registered(v, known)
            run.findings.append({"check": v.name, "title": f"{defect.id if defect else 'NEW'}: "
                                 f"{v.detail} ({', '.join(c.label for c in one.cases[:3])})"})
    return run


def summary(findings: Sequence[Verdict]) -> str:
    """One line per finding: checker, measured, case."""
    return "; ".join(f"{v.name}: {v.measured!r} {v.evidence.get('case', '')}" for v in findings)
