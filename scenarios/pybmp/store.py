"""PyBMP's PostgreSQL tables read back completely: ``routes`` (every attribute it keeps),
``router_sessions`` (a row per Initiation or Peer Up, closed by a Termination), ``bmp_stats`` and
``route_history``. PostgreSQL has no event stream for new rows: waits poll, every poll bounded."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import psycopg
from psycopg.rows import dict_row

from faultbook.bmpkit.expect import Route
from faultbook.bmpkit.store import Row, Snapshot, poll_routes
from scenarios.pybmp.spec import DB_NAME, DB_PASSWORD, DB_USER

#: how often a wait re-reads the tables
POLL = 0.05
_ORIGINS = {"IGP": "i", "EGP": "e", "INCOMPLETE": "?", "0": "i", "1": "e", "2": "?"}
_TABLES = ("router_sessions", "routes", "bmp_stats", "route_history")


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return text


def _as_path(text: Any) -> str | None:
    """PyBMP keeps AS_PATH as JSON segments; a sequence-only path rendered as the kit's."""
    segments = _json(text)
    if not isinstance(segments, list):
        return None if text is None else str(text)
    if any(not isinstance(s, dict) or s.get("type") != "AS_SEQUENCE" for s in segments):
        return json.dumps(segments)
    return " ".join(str(a) for s in segments for a in s.get("as_numbers", ()))


def _communities(text: Any) -> frozenset[str] | None:
    value = _json(text)
    return frozenset(str(c) for c in value) if isinstance(value, list) else None


def route_of(raw: dict[str, Any]) -> Route:
    """The route a ``routes`` row keeps."""
    origin = raw.get("origin")
    return Route(str(raw["prefix"]), "withdraw" if raw.get("is_withdrawn") else "update",
                 str(raw["peer_ip"]), next_hop=raw.get("next_hop"),
                 origin=_ORIGINS.get(str(origin).upper(), origin) if origin is not None else None,
                 as_path=_as_path(raw.get("as_path")),
                 communities=_communities(raw.get("communities")),
                 med=raw.get("med"), local_pref=raw.get("local_pref"))


def row_of(table: str, raw: dict[str, Any]) -> Row:
    """One row of any of PyBMP's tables in the kit's shape."""
    if table == "routes":
        return Row("route", None, route_of(raw), raw=raw)
    if table == "router_sessions":
        return Row("peer_up" if raw.get("peer_as") is not None else "init", None, raw=raw)
    if table == "bmp_stats":
        return Row("stats", None, raw=raw)
    return Row("history", None, raw=raw)


#: each table's query: addresses as text, rows newer than the mark
_QUERIES = {
    "routes": "SELECT *, prefix::text AS prefix, host(peer_ip) AS peer_ip, "
              "host(router_ip) AS router_ip, host(next_hop) AS next_hop FROM routes "
              "WHERE id > %s ORDER BY id",
    "router_sessions": "SELECT *, host(router_ip) AS router_ip FROM router_sessions "
                       "WHERE id > %s ORDER BY id",
    "bmp_stats": "SELECT *, host(peer_ip) AS peer_ip FROM bmp_stats WHERE id > %s ORDER BY id",
    "route_history": "SELECT *, prefix::text AS prefix FROM route_history "
                     "WHERE id > %s ORDER BY id",
}


class PyBmpStore:
    """Every table PyBMP writes, from the last ``mark`` on (rows carry no router port)."""

    keeps = frozenset({"next_hop", "origin", "as_path", "communities", "med", "local_pref"})
    kinds = frozenset({"init", "peer_up", "stats"})
    by_connection = False

    def __init__(self, port: int) -> None:
        self.dsn = (f"host=127.0.0.1 port={port} user={DB_USER} password={DB_PASSWORD} "
                    f"dbname={DB_NAME} connect_timeout=2")
        self._since = dict.fromkeys(_TABLES, 0)
        self.mark()

    def _fetch(self) -> dict[str, list[dict[str, Any]]]:
        try:
            with psycopg.connect(self.dsn, row_factory=dict_row) as conn:
                return {t: conn.execute(_QUERIES[t], (self._since[t],)).fetchall()  # type: ignore[arg-type]
                        for t in _TABLES}
        except psycopg.Error:  # unreachable database: nothing readable now
            return {t: [] for t in _TABLES}

    def mark(self) -> None:
        """Start a new window after every row stored so far."""
        for table, rows in self._fetch().items():
            if rows:
                self._since[table] = max(int(r["id"]) for r in rows)

    def read(self) -> Snapshot:
        """Every row of every table stored in the window (sessions first, then routes)."""
        return Snapshot([row_of(t, r) for t, rows in self._fetch().items() for r in rows])

    def wait_routes(self, prefixes: Iterable[str], within: float) -> set[str]:
        """Poll every POLL s until every prefix is stored (bounded by ``within``)."""
        return poll_routes(self.read, prefixes, within, POLL)
