"""A fuzz test in the report: cases run, families covered, findings, and each saved reproducer.

Reads the test's facts: ``fuzz.cases`` (int), ``fuzz.families`` (names, or name -> count),
``fuzz.findings`` (list of strings or of objects with a ``title``/``check``), and
``fuzz.reproducers`` (list of ``{path, replay}``), ``fuzz.outcomes`` (family -> outcome -> cases).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from faultbook.report.artifacts import TestArtifacts

#: fault labels shown in a row before the rest are counted
LABELS_SHOWN = 3


@dataclass
class FuzzFacts:
    """What a fuzz test recorded."""

    cases: int
    families: dict[str, int | None] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    reproducers: list[tuple[str, str]] = field(default_factory=list)
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, test: TestArtifacts) -> FuzzFacts | None:
        """The fuzz facts of ``test``, or None when it is no fuzz test."""
        facts = test.facts
        if "fuzz.cases" not in facts:
            return None
        raw = facts.get("fuzz.families") or {}
        families: dict[str, int | None] = (
            {str(k): (int(v) if isinstance(v, int) else None) for k, v in raw.items()}
            if isinstance(raw, dict) else {str(name): None for name in raw})
        findings = [_finding(f) for f in facts.get("fuzz.findings") or []]
        reproducers = [(str(r.get("path", "")), str(r.get("replay", "")))
                       for r in facts.get("fuzz.reproducers") or [] if isinstance(r, dict)]
        raw_out = facts.get("fuzz.outcomes") or {}
        outcomes = {str(k): {str(o): int(n) for o, n in v.items()}
                    for k, v in raw_out.items() if isinstance(v, dict)}
        return cls(int(facts.get("fuzz.cases") or 0), families, findings, reproducers, outcomes)

    def cell(self) -> str:
        """The summary row's fault cell."""
        return (f"fuzz: {self.cases} cases, {len(self.families)} families, "
                f"{len(self.findings)} findings")

    def section(self) -> str:
        """The card's fuzz section."""
        fams = ", ".join(f"{escape(k)}{f' ({v})' if v is not None else ''}"
                         for k, v in sorted(self.families.items())) or "-"
        out = [f"<h4>Fuzzing</h4><table><tr><th>cases run</th><td>{self.cases}</td></tr>"
               f"<tr><th>families covered</th><td>{len(self.families)}: {fams}</td></tr>"
               f"<tr><th>findings</th><td>{len(self.findings)}</td></tr></table>"]
        if self.findings:
            out.append("<ul>" + "".join(f"<li>{escape(f)}</li>" for f in self.findings) + "</ul>")
        if self.outcomes:
            counted = {k: ", ".join(f"{o}: {n}" for o, n in v.items())
                       for k, v in self.outcomes.items()}
            rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>"
                           for k, v in counted.items())
            out.append(f"<table><tr><th>family</th><th>cases by outcome</th></tr>{rows}</table>")
        if self.reproducers:
            rows = "".join(f"<tr><td><code>{escape(path)}</code></td><td><code>{escape(replay)}"
                           f"</code></td></tr>" for path, replay in self.reproducers)
            out.append("<table><tr><th>saved reproducer</th><th>replay it</th></tr>"
                       f"{rows}</table>")
        return "".join(out)


def _finding(value: Any) -> str:
    if isinstance(value, dict):
        parts = [str(value.get(k)) for k in ("id", "title", "check", "detail") if value.get(k)]
        return ": ".join(parts) or str(value)
    return str(value)


def fault_cell(test: TestArtifacts) -> str:
    """The row's fault cell (plain text): the fuzz summary, or the first few fault labels."""
    fuzz = FuzzFacts.of(test)
    if fuzz is not None:
        return fuzz.cell()
    labels = test.fault_labels()
    if len(labels) > LABELS_SHOWN:
        return ", ".join(labels[:LABELS_SHOWN]) + f" and {len(labels) - LABELS_SHOWN} more"
    return ", ".join(labels) or "-"


def fuzz_section(test: TestArtifacts) -> str:
    """The card's fuzz section, empty for other tests."""
    fuzz = FuzzFacts.of(test)
    return fuzz.section() if fuzz is not None else ""
