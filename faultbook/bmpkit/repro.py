"""The kit's fuzz run against a collector, findings matched to registered defects, a failing
single case saved as a reproducer ``faultbook replay`` and ``Case.from_json`` both take."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from faultbook.bmpkit.batch import Feeder, Runner
from faultbook.bmpkit.cases import PRELUDE, Case
from faultbook.bmpkit.checkers import COST
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.generate import KINDS, stratified, variants
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


def fuzz(collector: Collector, known: Sequence[KnownDefect]) -> list[Verdict]:
    """Seeds of every kind (stratified), each with its segmentation twins, gathered into batches
    of concurrent connections; every failing batch bisected; returns the findings no registered
    defect explains (a single-case one saved as a reproducer)."""
    feeder = Feeder(Runner(collector), bisect=lambda v: registered(v, known) is None)
    drawn = stratified(lambda seed: feeder.add(variants(seed)))
    feeder.flush()
    if drawn < len(KINDS):
        raise AssertionError(f"only {drawn} seeds for {len(KINDS)} kinds")
    unexpected: list[Verdict] = []
    leak = COST.leak(feeder.runner.rss_points)  # the RSS slope since the last restart
    if not leak.ok and registered(leak, known) is None:
        unexpected.append(leak)
    for one in feeder.failing:
        new = [v for v in one.findings if registered(v, known) is None]
        if new and len(one.cases) == 1:
            save(one.cases[0], one.findings)
        unexpected += new
    return unexpected


def summary(findings: Sequence[Verdict]) -> str:
    """One line per finding: checker, measured, case."""
    return "; ".join(f"{v.name}: {v.measured!r} {v.evidence.get('case', '')}" for v in findings)
