"""What a BMP collector stored, in one shape whatever the collector: routes, peers, init/term."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

#: record kinds: connection open/close, and one per stored BMP item
KINDS = ("open", "close", "init", "term", "peer_up", "peer_down", "route", "stats")


@dataclass(frozen=True)
class StoredRecord:
    """One stored item; ``conn`` is the router's TCP source port, joining records to a session."""

    kind: str
    conn: int | None = None
    prefix: str | None = None
    action: str | None = None
    peer: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


class Store(Protocol):
    """Reads what a collector stored; ``kinds`` are the record kinds it can read."""

    kinds: frozenset[str]

    def records(self, since: int = 0) -> list[StoredRecord]:
        """Everything stored so far (a store that can tell: only after timeline seq ``since``)."""
        ...

    def wait_for(self, predicate: Callable[[StoredRecord], bool],
                 within: float) -> StoredRecord | None:
        """Block until a stored record satisfies ``predicate``; None after ``within`` seconds."""
        ...


def wait_route(store: Store, prefix: str, within: float) -> StoredRecord | None:
    """Block until a route for ``prefix`` is stored (None after ``within`` seconds)."""
    return store.wait_for(lambda r: r.kind == "route" and r.prefix == prefix, within)


def of_conn(records: list[StoredRecord], conn: int) -> list[StoredRecord]:
    """The records of one router connection (records of a store that cannot tell are kept)."""
    return [r for r in records if r.conn == conn or r.conn is None]


def count(records: list[StoredRecord], kind: str) -> int:
    """How many records of ``kind``."""
    return sum(1 for r in records if r.kind == kind)
