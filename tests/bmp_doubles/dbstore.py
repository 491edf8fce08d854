"""The database double's store read back: ``bmp_rows`` bodies (msglog-shaped JSON) from the last
mark on. PostgreSQL has no event stream for new rows: waits poll, every poll bounded."""

from __future__ import annotations

from collections.abc import Iterable

import psycopg

from faultbook.bmpkit.msglog import MsglogReader, parse_line
from faultbook.bmpkit.store import Row, Snapshot, poll_routes

#: how often a wait re-reads the table
POLL = 0.02


class DbStore:
    """Every row of ``bmp_rows`` after the last ``mark`` (rows carry the router's port)."""

    keeps = MsglogReader.keeps
    kinds = MsglogReader.kinds
    by_connection = True

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._since = 0
        self.mark()

    def _fetch(self) -> list[tuple[int, str]]:
        try:
            with psycopg.connect(self.dsn, connect_timeout=2) as conn:
                return conn.execute("SELECT id, body::text FROM bmp_rows WHERE id > %s ORDER BY id",
                                    (self._since,)).fetchall()
        except psycopg.Error:  # unreachable database: nothing readable now
            return []

    def mark(self) -> None:
        """Start a new window after every row stored so far."""
        self._since = max([self._since, *(i for i, _ in self._fetch())])

    def read(self) -> Snapshot:
        """Every row stored in the window, in store order."""
        rows = (parse_line(body) for _, body in self._fetch())
        return Snapshot([r for r in rows if isinstance(r, Row)])

    def wait_routes(self, prefixes: Iterable[str], within: float) -> set[str]:
        """Poll every POLL s until every prefix is stored (bounded by ``within``)."""
        return poll_routes(self.read, prefixes, within, POLL)
