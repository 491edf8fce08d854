"""Prometheus's HTTP API as §9.1 queries it, and the recorded series of its answers.

§9.1 runs ``curl -s http://127.0.0.1:9090/api/v1/targets`` and
``curl -s http://127.0.0.1:9090/api/v1/label/__name__/values``; the suite asks the same paths
on the port it gave Prometheus. ``ScrapeWatch`` polls the targets page in the background and
keeps every answer with its receive time: the history the checks judge.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from faultbook.services.base import Endpoint

TARGETS = "/api/v1/targets"
METRIC_NAMES = "/api/v1/label/__name__/values"
QUERY = "/api/v1/query"


@dataclass(frozen=True)
class TargetState:
    """One active target as /api/v1/targets reports it."""

    job: str
    instance: str
    health: str
    last_error: str
    last_scrape: str


@dataclass(frozen=True)
class Poll:
    """One answer of /api/v1/targets (or the error instead), stamped on receipt."""

    mono: float
    targets: tuple[TargetState, ...] = ()
    error: str = ""

    def health(self, instance: str) -> str | None:
        """The reported health of ``instance``, None when it is not listed (or no answer)."""
        return next((t.health for t in self.targets if t.instance == instance), None)


class PrometheusApi:
    """GETs against one Prometheus; every answer must be ``{"status": "success", ...}``."""

    def __init__(self, endpoint: Endpoint, timeout: float = 2.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout

    def get(self, path: str, **params: str) -> Any:
        """The ``data`` of a successful answer; ValueError carries anything else."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(self.endpoint.url(path=path + query),
                                    timeout=self.timeout) as resp:
            body = json.loads(resp.read())
        if body.get("status") != "success":
            raise ValueError(f"{path}: {body}")
        return body["data"]

    def targets(self) -> tuple[TargetState, ...]:
        """§9.1's first command: the active targets and their health."""
        return tuple(TargetState(t["labels"].get("job", ""), t["labels"].get("instance", ""),
                                 t["health"], t.get("lastError", ""), t.get("lastScrape", ""))
                     for t in self.get(TARGETS)["activeTargets"])

    def metric_names(self) -> list[str]:
        """§9.1's second command: every metric name stored."""
        return list(self.get(METRIC_NAMES))

    def up(self) -> dict[str, float]:
        """The instant value of ``up`` per instance."""
        return {r["metric"].get("instance", ""): float(r["value"][1])
                for r in self.get(QUERY, query="up")["result"]}

    def poll(self) -> Poll:
        """One targets answer as a Poll (errors recorded, never raised)."""
        try:
            targets = self.targets()
        except (OSError, ValueError, KeyError, urllib.error.URLError) as exc:
            return Poll(time.monotonic(), error=str(exc)[:200])
        return Poll(time.monotonic(), targets)


@dataclass
class ScrapeWatch:
    """Polls /api/v1/targets every ``interval`` s in a thread of its own until stopped."""

    api: PrometheusApi
    interval: float = 0.1
    polls: list[Poll] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _new: threading.Condition = field(default_factory=threading.Condition)
    _thread: threading.Thread | None = None

    def start(self) -> ScrapeWatch:
        """Begin polling."""
        self._thread = threading.Thread(target=self._run, daemon=True, name="faultbook-scrapes")
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            poll = self.api.poll()
            with self._new:
                self.polls.append(poll)
                self._new.notify_all()
            self._stop.wait(self.interval)

    def wait_until(self, predicate: Callable[[Poll], bool], within: float) -> Poll | None:
        """The first poll from now on satisfying ``predicate`` within ``within`` s, else None."""
        deadline = time.monotonic() + within
        with self._new:
            seen = len(self.polls)
            while True:
                for poll in self.polls[seen:]:
                    if predicate(poll):
                        return poll
                seen = len(self.polls)
                left = deadline - time.monotonic()
                if left <= 0 or self._stop.is_set():
                    return None
                self._new.wait(left)

    def stop(self) -> list[Poll]:
        """Stop polling; the recorded series."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        return list(self.polls)

    def to_json(self, since: float = 0.0) -> list[dict[str, Any]]:
        """The series as plain data (monotonic stamps relative to ``since``)."""
        return [{**asdict(p), "mono": round(p.mono - since, 3)} for p in self.polls]
