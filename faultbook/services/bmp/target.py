"""A collector under test as the oracles see it: its service, what it stored, its log lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from faultbook.observe.resources import ResourceSampler
from faultbook.observe.timeline import LogLine, Timeline
from faultbook.runtime.base import Service
from faultbook.services.base import Endpoint
from faultbook.services.bmp.records import Store

TARGETS = ("pmbmpd", "pybmp")


@dataclass
class BmpTarget:
    """One running collector; ``store_stream`` names the timeline stream of its stored records."""

    name: str
    service: Service
    store: Store
    sampler: ResourceSampler
    store_stream: str | None = None
    #: the log file it writes, when it writes one (its growth is counted even past the tail limit)
    log_file: Path | None = None
    #: every prefix the suite's routers framed to it so far (for stores without router ports)
    sent_routes: set[str] = field(default_factory=set)

    @property
    def component(self) -> str:
        """Its timeline lane."""
        return self.service.component

    @property
    def endpoint(self) -> Endpoint:
        """Where routers connect."""
        return self.service.endpoint

    @property
    def timeline(self) -> Timeline:
        """Its stack's timeline."""
        return self.service.timeline

    def log_lines(self, since: int = 0) -> list[LogLine]:
        """Its log lines (not its stored records) after ``since``."""
        return [line for line in self.timeline.lines(self.component, since)
                if line.stream != self.store_stream]
