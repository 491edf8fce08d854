"""A test's record: the slice of every stack's timeline during the test, written to its folder.

reports/<run>/<test-id>/ holds logs/<component>.log, timeline.json, probes.json,
resources.json, verdicts.json (checks with measured values and budgets) and leftovers.json.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from faultbook.checks.verdict import KnownDefect, Verdict, conclude
from faultbook.observe.resources import ResourceSampler
from faultbook.observe.timeline import LogLine, Mark, Timeline


def safe_name(nodeid: str) -> str:
    """A folder name for a test id."""
    name = nodeid.split("::", 1)[-1] if "::" in nodeid else nodeid
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", name).strip("_")[:150] or "test"


@dataclass
class Attached:
    """A timeline (of a stack) attached to this record from ``start`` on."""

    timeline: Timeline
    start: int
    probes: Any = None
    sampler: ResourceSampler | None = None


@dataclass
class TestRecord:
    """Everything one test observed, written when it ends."""

    __test__ = False  # not a test class, whatever its name

    nodeid: str
    folder: Path
    attached: list[Attached] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def attach(
        self, timeline: Timeline, probes: Any = None, sampler: ResourceSampler | None = None
    ) -> None:
        """Record ``timeline`` from now on (once per timeline)."""
        if all(a.timeline is not timeline for a in self.attached):
            self.attached.append(Attached(timeline, timeline.seq, probes, sampler))

    def verdict(
        self,
        name: str,
        ok: bool,
        measured: Any = None,
        budget: Any = None,
        detail: str = "",
        known_defect: str | None = None,
    ) -> Verdict:
        """Record a check's result (the caller still asserts)."""
        v = Verdict(name, bool(ok), measured, budget, detail, known_defect)
        self.verdicts.append(v)
        return v

    def collect(self, verdicts: list[Verdict], facts: dict[str, Any] | None = None) -> None:
        """Keep the verdicts of a run's checks (and what it observed)."""
        self.verdicts.extend(verdicts)
        self.facts.update(facts or {})

    def conclude(self, verdicts: list[Verdict], defects: Iterable[KnownDefect]) -> None:
        """Keep ``verdicts``, then judge them against ``defects`` (see ``checks.verdict``)."""
        self.verdicts.extend(verdicts)
        conclude(verdicts, defects)

    def entries(self) -> list[dict[str, Any]]:
        """The attached timelines' entries during the test, merged by wall time."""
        out: list[dict[str, Any]] = []
        for a in self.attached:
            for item in a.timeline.to_json():
                if item["seq"] > a.start:
                    out.append(item)
        out.sort(key=lambda item: item["t"])
        t0 = out[0]["t"] if out else 0.0
        for item in out:
            item["rel"] = round(item["t"] - t0, 6)
        return out

    def write(self) -> Path:
        """Write every artifact; returns the folder."""
        self.folder.mkdir(parents=True, exist_ok=True)
        entries = self.entries()
        t0 = min((e["t"] for e in entries), default=time.time())
        (self.folder / "timeline.json").write_text(
            json.dumps({"nodeid": self.nodeid, "t0": t0, "entries": entries}, indent=1, default=str)
        )
        logs = self.folder / "logs"
        logs.mkdir(exist_ok=True)
        per_component: dict[str, list[str]] = {}
        for a in self.attached:
            for component in a.timeline.components():  # a silent component gets its (empty) file
                per_component.setdefault(component, [])
            for entry in a.timeline.entries(a.start):
                if isinstance(entry, LogLine):
                    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(entry.t))
                    per_component.setdefault(entry.component, []).append(
                        f"{stamp}.{int(entry.t % 1 * 1000):03d}Z {entry.stream}: {entry.text}"
                    )
                elif isinstance(entry, Mark) and entry.kind.startswith("fault"):
                    per_component.setdefault(entry.component, [])
        for component, lines in per_component.items():
            (logs / f"{component}.log").write_text("\n".join(lines) + ("\n" if lines else ""))
        probes: list[dict[str, Any]] = []
        resources: list[dict[str, Any]] = []
        for a in self.attached:
            if a.probes is not None:
                probes.extend(p for p in a.probes.to_json() if p["t"] >= t0 - 0.001)
            if a.sampler is not None:
                resources.extend(asdict(s) for s in a.sampler.samples if s.t >= t0 - 0.001)
        (self.folder / "probes.json").write_text(json.dumps(probes, indent=1, default=str))
        (self.folder / "resources.json").write_text(json.dumps(resources))
        (self.folder / "verdicts.json").write_text(
            json.dumps([asdict(v) for v in self.verdicts], indent=1, default=str)
        )
        (self.folder / "facts.json").write_text(json.dumps(self.facts, indent=1, default=str))
        return self.folder
