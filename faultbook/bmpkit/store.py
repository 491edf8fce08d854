"""What a collector stored, read back completely, in one shape whatever the collector."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from faultbook.bmpkit.expect import Route

#: non-route record kinds a store may keep
RECORD_KINDS = ("open", "close", "init", "term", "peer_up", "peer_down", "stats")


@dataclass(frozen=True)
class Row:
    """One stored item: a route (``route`` set) or another record; ``conn`` is the router's
    source port when the store keeps it; ``raw`` is the row as the collector wrote it."""

    kind: str
    conn: int | None = None
    route: Route | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: the router's address when the store keeps it (ports of different addresses may repeat)
    router: str | None = None


@dataclass
class Snapshot:
    """Everything read back: rows in store order."""

    rows: list[Row] = field(default_factory=list)

    def routes(self, conn: int | None = None) -> list[Row]:
        """Route rows (of one connection, plus rows of a store that cannot tell)."""
        return [r for r in self.rows if r.route is not None
                and (conn is None or r.conn in (conn, None))]

    def of_kind(self, kind: str, conn: int | None = None) -> list[Row]:
        """Rows of one kind (of one connection)."""
        return [r for r in self.rows if r.kind == kind and (conn is None or r.conn in (conn, None))]

    def prefixes(self) -> set[str]:
        """Every stored route prefix."""
        return {r.route.prefix for r in self.rows if r.route is not None}


class StoreReader(Protocol):
    """Reads everything a collector stored since the reader was made (or last ``mark``)."""

    #: route fields the collector keeps (Route attribute names)
    keeps: frozenset[str]
    #: non-route record kinds it keeps
    kinds: frozenset[str]
    #: True when rows carry the router's source port
    by_connection: bool

    def mark(self) -> None:
        """Start a new window: later reads return only what is stored from now on."""
        ...

    def read(self) -> Snapshot:
        """Everything stored in the current window (complete, in store order)."""
        ...

    def wait_routes(self, prefixes: Iterable[str], within: float) -> set[str]:
        """Block until every prefix is stored (or ``within`` s passed); returns those stored."""
        ...


def poll_routes(read: Callable[[], Snapshot], prefixes: Iterable[str], within: float,
                poll: float) -> set[str]:
    """For a store with no event stream for new rows: ``read`` every ``poll`` s until every
    prefix is stored (bounded by ``within``); returns those stored."""
    want = set(prefixes)
    deadline = time.monotonic() + within
    while True:
        seen = want & read().prefixes()
        if seen == want or time.monotonic() >= deadline:
            return seen
        time.sleep(poll)
