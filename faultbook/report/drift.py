"""Doc drift: what the guides in use document, checked against what the real systems printed.

Each documented log line, metric and command is one DocItem (declared by its system's guide,
``faultbook.report.guides``). Against a run's logs and probe
results it is ``confirmed`` (the real output says what the guide says), ``contradicted`` (the
same event shows in other words, or the command answered otherwise) or ``never seen``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faultbook.report.artifacts import run_log_files
from faultbook.report.docitems import COMMAND, DocItem
from faultbook.report.guides import doc_items
from faultbook.report.logparse import strip_capture

CONFIRMED = "confirmed"
CONTRADICTED = "contradicted"
NEVER_SEEN = "never seen"


@dataclass
class Evidence:
    """What a run's real systems printed (component, line) and what its probes answered."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    probes: list[dict[str, Any]] = field(default_factory=list)
    #: how many lines each of ``lines`` stands for (1 when missing)
    counts: list[int] = field(default_factory=list)

    def weight(self, index: int) -> int:
        """The number of real lines ``lines[index]`` stands for."""
        return self.counts[index] if index < len(self.counts) else 1


#: lines that differ only in numbers (stamps, pids, ports, counters) are read once
_NUMBERS = re.compile(r"\d+")


def collect_evidence(*run_dirs: Path) -> Evidence:
    """Every distinct log line of the run(s) (per component; lines that differ only in their
    numbers are kept once, with their count) and every probe result."""
    seen: dict[tuple[str, str], int] = {}
    evidence = Evidence()
    for path in [p for d in run_dirs for p in run_log_files(d)]:
        component = path.stem
        try:
            raw_lines = path.read_text(errors="replace").splitlines()
        except OSError:
            continue
        for raw in raw_lines:
            text = strip_capture(raw)[2]
            if not text:
                continue
            key = (component, _NUMBERS.sub("0", text))
            index = seen.get(key)
            if index is None:
                seen[key] = len(evidence.lines)
                evidence.lines.append((component, text))
                evidence.counts.append(1)
            else:
                evidence.counts[index] += 1
    for path in [p for d in run_dirs for p in sorted(d.glob("*/probes.json"))]:
        try:
            evidence.probes.extend(json.loads(path.read_text()))
        except (OSError, ValueError):
            continue
    return evidence


@dataclass(frozen=True)
class DriftResult:
    """A DocItem's status in a run, with the real output that decided it."""

    item: DocItem
    status: str
    real: str = ""
    component: str = ""
    count: int = 0


def _check_command(item: DocItem, probes: list[dict[str, Any]]) -> DriftResult:
    """A command against the probes that ran it (of the item's components when it names them and
    the probe recorded its component)."""
    runs = [p for p in probes if re.search(item.probe, str(p.get("name", "")))
            and not (item.sources and p.get("component") is not None
                     and not re.search(item.sources, str(p["component"])))]
    if not runs:
        return DriftResult(item, NEVER_SEEN)
    answers = [f"{p.get('status') if p.get('status') is not None else ''} {p.get('detail', '')}".strip()
               for p in runs]
    good = [a for a in answers if re.search(item.exact, a)]
    if good:
        return DriftResult(item, CONFIRMED, good[0][:300], str(runs[0].get("name", "")), len(good))
    return DriftResult(item, CONTRADICTED, answers[-1][:300], str(runs[-1].get("name", "")),
                       len(runs))


def check_item(item: DocItem, evidence: Evidence) -> DriftResult:
    """Classify one documented item against the evidence."""
    if item.kind == COMMAND:
        return _check_command(item, evidence.probes)
    lines = [(i, c, t) for i, (c, t) in enumerate(evidence.lines)
             if not item.sources or re.search(item.sources, c)]
    exact = re.compile(item.exact)
    hits = [(i, c, t) for i, c, t in lines if exact.search(t)]
    if hits:
        return DriftResult(item, CONFIRMED, hits[0][2][:300], hits[0][1],
                           sum(evidence.weight(i) for i, _, _ in hits))
    if item.related:
        related = re.compile(item.related)
        near = [(i, c, t) for i, c, t in lines if related.search(t)]
        if near:
            return DriftResult(item, CONTRADICTED, near[-1][2][:300], near[-1][1],
                               sum(evidence.weight(i) for i, _, _ in near))
    return DriftResult(item, NEVER_SEEN)


def check_drift(evidence: Evidence, items: tuple[DocItem, ...] | None = None) -> list[DriftResult]:
    """Every documented item (default: of every guide in use), classified."""
    return [check_item(item, evidence) for item in (doc_items() if items is None else items)]


def check_run(*run_dirs: Path) -> list[DriftResult]:
    """Every documented item, classified against a run folder (or the shards of one run)."""
    return check_drift(collect_evidence(*run_dirs))
