"""Prometheus's API answers as data: the targets page (§9.1) parsed to target states, kept in
the history as compact JSON, and read back by the checks."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from faultbook.history import Answer, History


@dataclass(frozen=True)
class TargetState:
    """One active target as /api/v1/targets reports it."""

    job: str
    instance: str
    health: str
    last_error: str
    last_scrape: str

    @property
    def scraped(self) -> bool:
        """True once Prometheus scraped it (an unscraped target has a zero time)."""
        return bool(self.last_scrape) and not self.last_scrape.startswith("0001-")


def parse_targets(body: str) -> tuple[TargetState, ...]:
    """The active targets of a /api/v1/targets answer (ValueError when it is not one)."""
    data = json.loads(body)
    if data.get("status") != "success":
        raise ValueError(f"not a successful answer: {body[:200]}")
    return tuple(TargetState(t["labels"].get("job", ""), t["labels"].get("instance", ""),
                             t["health"], t.get("lastError", ""), t.get("lastScrape", ""))
                 for t in data["data"]["activeTargets"])


def parse_data(body: str) -> object:
    """The ``data`` of a successful answer (ValueError otherwise)."""
    data = json.loads(body)
    if data.get("status") != "success":
        raise ValueError(f"not a successful answer: {body[:200]}")
    return data["data"]


def compact(targets: tuple[TargetState, ...]) -> str:
    """Target states as the body the history keeps."""
    return json.dumps([asdict(t) for t in targets])


@dataclass(frozen=True)
class Poll:
    """One recorded targets answer: when, and what it reported (empty when unanswered)."""

    t: float
    targets: tuple[TargetState, ...]

    def health(self, job: str) -> str | None:
        """The reported health of ``job``'s target (None when not listed or unanswered)."""
        return next((s.health for s in self.targets if s.job == job), None)

    def state(self, job: str) -> TargetState | None:
        """``job``'s target state, if listed."""
        return next((s for s in self.targets if s.job == job), None)


def poll_of(answer: Answer) -> Poll:
    """A recorded targets answer as a Poll."""
    if answer.status != 200:
        return Poll(answer.t, ())
    return Poll(answer.t, tuple(TargetState(**s) for s in json.loads(answer.body)))


def polls(history: History, label: str) -> list[Poll]:
    """Every targets answer recorded under ``label``."""
    return [poll_of(a) for a in history.answers_of(label)]
