"""Reading a run folder back: each test's timeline, verdicts, facts, resources and outcome."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUTCOME_FILE = "outcome.json"
TEST_FILES = ("timeline.json", "verdicts.json")


def _load(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return default


@dataclass
class TestArtifacts:
    """What one test left in reports/<run>/<test-id>/."""

    __test__ = False

    folder: Path
    nodeid: str
    t0: float
    entries: list[dict[str, Any]]
    verdicts: list[dict[str, Any]]
    facts: dict[str, Any]
    resources: list[dict[str, Any]]
    probes: list[dict[str, Any]]
    outcome: dict[str, Any] = field(default_factory=dict)
    #: values derived once per render (notable lines, levels), by name
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        """The folder name (the test id made safe for paths)."""
        return self.folder.name

    @property
    def scenario(self) -> dict[str, Any] | None:
        """The catalog entry, for scenario tests."""
        scenario = self.facts.get("scenario")
        return scenario if isinstance(scenario, dict) else None

    @property
    def stack_runtime(self) -> str:
        """The runtime the test's stack ran in (its ``runtime`` parameter, else from the test id)."""
        given = self.outcome.get("runtime")
        if isinstance(given, str) and given:
            return given
        for rt in ("container", "process"):
            if f"[{rt}" in self.nodeid or f"-{rt}" in self.nodeid or f"{rt}-" in self.nodeid:
                return rt
        return ""

    def component_runtimes(self) -> dict[str, str]:
        """Components started during the test, with the runtime each ran in (from start marks)."""
        found: dict[str, str] = {}
        for e in self.marks("start"):
            label = str(e.get("label", ""))
            if "(" in label:
                found.setdefault(str(e.get("component", "")), label.rsplit("(", 1)[1].rstrip(")"))
        return found

    @property
    def system_runtime(self) -> str:
        """What the system under test ran as: ``manager: process``. Services a fault stopped and
        started again are the stack's, not the system's (unless nothing else started)."""
        own = self.component_runtimes()
        if not own:  # started before the test (a module's collector): as its record says
            given = self.facts.get("system_runtime")
            return given if isinstance(given, str) else ""
        faulted = {str(m.get("component", "")) for m in self.marks("fault.inject", "fault.heal")}
        system = {c: rt for c, rt in own.items() if c not in faulted} or own
        return ", ".join(f"{c}: {rt}" for c, rt in system.items())

    @property
    def runtime(self) -> str:
        """Both runtimes in a few words: ``stack container; manager: process``."""
        parts = [f"stack {self.stack_runtime}"] if self.stack_runtime else []
        if self.system_runtime:
            parts.append(self.system_runtime)
        return "; ".join(parts)

    @property
    def title(self) -> str:
        """A readable name, unique in a run: the scenario (or test) and the stack runtime."""
        base = str(self.scenario["name"]) if self.scenario else self.nodeid.rsplit("::", 1)[-1]
        if self.scenario and self.stack_runtime:
            return f"{base} [{self.stack_runtime}]"
        return base

    def lines(self) -> list[dict[str, Any]]:
        """The line entries."""
        return [e for e in self.entries if e.get("type") == "line"]

    def marks(self, *kinds: str) -> list[dict[str, Any]]:
        """The mark entries (of the given kinds, or all)."""
        return [e for e in self.entries
                if e.get("type") == "mark" and (not kinds or e.get("kind") in kinds)]

    def components(self) -> list[str]:
        """Components in order of first appearance."""
        seen: dict[str, None] = {}
        for e in self.entries:
            seen.setdefault(str(e.get("component", "")), None)
        for r in self.resources:
            seen.setdefault(str(r.get("component", "")), None)
        return [c for c in seen if c]

    def fault_labels(self) -> list[str]:
        """The injected faults' labels, else the scenario's fault."""
        labels = [str(m.get("label", "")) for m in self.marks("fault.inject")]
        if not labels and self.scenario:
            labels = [str(self.scenario.get("fault", ""))]
        return labels

    def known_defects(self) -> list[str]:
        """Ids of known defects the verdicts carry."""
        return [str(v["known_defect"]) for v in self.verdicts if v.get("known_defect")]

    def status(self) -> str:
        """passed, failed, known defect, skipped, xpassed or unknown."""
        outcome = str(self.outcome.get("outcome", ""))
        if outcome == "xfailed" or (outcome == "skipped" and self.outcome.get("wasxfail")):
            return "known defect" if (self.known_defects() or self.scenario) else "xfailed"
        if outcome:
            return outcome
        failed = [v for v in self.verdicts if not v.get("ok")]
        if failed and all(v.get("known_defect") for v in failed):
            return "known defect"
        return "failed" if failed else ("passed" if self.verdicts else "unknown")


def load_test(folder: Path) -> TestArtifacts:
    """One test's artifacts (missing files read as empty)."""
    timeline = _load(folder / "timeline.json", {})
    return TestArtifacts(
        folder=folder,
        nodeid=str(timeline.get("nodeid", folder.name)),
        t0=float(timeline.get("t0") or 0.0),
        entries=list(timeline.get("entries", [])),
        verdicts=list(_load(folder / "verdicts.json", [])),
        facts=dict(_load(folder / "facts.json", {})),
        resources=list(_load(folder / "resources.json", [])),
        probes=list(_load(folder / "probes.json", [])),
        outcome=dict(_load(folder / OUTCOME_FILE, {})),
    )


def _junit_outcomes(run_dir: Path) -> dict[str, dict[str, Any]]:
    """Outcomes by test name from junit.xml (for runs without outcome.json files)."""
    out: dict[str, dict[str, Any]] = {}
    try:
        root = ET.parse(run_dir / "junit.xml").getroot()
    except (OSError, ET.ParseError):
        return out
    for case in root.iter("testcase"):
        name = case.get("name", "")
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
        out[name] = {"outcome": outcome, "duration": float(case.get("time") or 0.0)}
    return out


def load_run(run_dir: Path) -> list[TestArtifacts]:
    """Every test folder of a run, in the order the tests ran."""
    tests = [load_test(p) for p in sorted(run_dir.iterdir())
             if p.is_dir() and (p / "timeline.json").exists()]
    junit = _junit_outcomes(run_dir)
    for test in tests:
        if not test.outcome:
            short = test.nodeid.rsplit("::", 1)[-1]
            test.outcome = junit.get(short, {})
    tests.sort(key=lambda t: t.t0)
    return tests


def run_log_files(run_dir: Path) -> list[Path]:
    """Every component log of the run: full stack logs and per-test slices."""
    return sorted(run_dir.glob("stacks/*/logs/*.log")) + sorted(run_dir.glob("*/logs/*.log"))
