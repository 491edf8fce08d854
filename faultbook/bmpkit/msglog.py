"""pmacct's JSON message log (``bmp_daemon_msglog_output: json``), read back completely.

``event_type`` is ``log_init``/``log_close`` for a connection opening/closing, else ``log`` with
``bmp_msg_type`` init, term, peer_up, peer_down, route_monitor (one line per prefix, ``log_type``
update or withdraw) or stats (one line per counter). ``bmp_router_port`` joins lines to a session.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from faultbook.bmpkit.expect import Route
from faultbook.bmpkit.store import Row, Snapshot

_EVENTS = {"log_init": "open", "log_close": "close"}
_TYPES = {"init": "init", "term": "term", "peer_up": "peer_up", "peer_down": "peer_down",
          "route_monitor": "route", "stats": "stats"}
#: how often a wait re-reads the file's new octets
POLL = 0.01


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None


#: pmacct writes INCOMPLETE as "u"
_ORIGINS = {"i": "i", "e": "e", "u": "?"}


#: pmacct writes well-known communities by name (RFC 1997)
_COMMUNITIES = {"internet": "0:0", "no-export": "65535:65281", "no-advertise": "65535:65282",
                "local-AS": "65535:65283"}


def route_of(obj: dict[str, Any]) -> Route:
    """The route a route_monitor line keeps."""
    comms = obj.get("comms")
    return Route(str(obj.get("ip_prefix")), str(obj.get("log_type", "update")),
                 str(obj.get("peer_ip")), next_hop=obj.get("bgp_nexthop"),
                 origin=_ORIGINS.get(str(obj.get("origin")), obj.get("origin")), as_path=obj.get("as_path"),
                 communities=frozenset(_COMMUNITIES.get(c, c) for c in str(comms).split())
                 if comms else None,
                 med=_int(obj.get("med")), local_pref=_int(obj.get("local_pref")))


def parse_line(text: str) -> Row | None:
    """One msglog line as a row; None for a blank, partial or unknown line."""
    text = text.strip()
    if not text.startswith("{"):
        return None
    try:
        obj = json.loads(text)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    conn = _int(obj.get("bmp_router_port"))
    router = obj.get("bmp_router")
    router = router if isinstance(router, str) else None
    event = obj.get("event_type")
    if event in _EVENTS:
        return Row(_EVENTS[str(event)], conn, raw=obj, router=router)
    kind = _TYPES.get(str(obj.get("bmp_msg_type")))
    if kind is None:
        return None
    return Row(kind, conn, route_of(obj) if kind == "route" else None, raw=obj, router=router)


class MsglogReader:
    """Reads a msglog file incrementally from the last ``mark``."""

    keeps = frozenset({"next_hop", "origin", "as_path", "communities", "med", "local_pref"})
    kinds = frozenset({"open", "close", "init", "term", "peer_up", "peer_down", "stats"})
    by_connection = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self._rows: list[Row] = []
        self._partial = b""
        self.mark()

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def mark(self) -> None:
        """Forget what was read; start at the file's end."""
        self._catch_up()
        self._rows = []

    def _catch_up(self) -> None:
        size = self._size()
        if size < self._offset:  # rewritten by a restarted collector
            self._offset, self._partial = 0, b""
        if size == self._offset:
            return
        with self.path.open("rb") as fh:
            fh.seek(self._offset)
            data = self._partial + fh.read(size - self._offset)
        self._offset = size
        end = data.rfind(b"\n") + 1
        self._partial = data[end:]
        for raw in data[:end].decode("utf-8", "replace").splitlines():
            if (row := parse_line(raw)) is not None:
                self._rows.append(row)

    def read(self) -> Snapshot:
        """Everything stored since the last ``mark``."""
        self._catch_up()
        return Snapshot(list(self._rows))

    def wait_routes(self, prefixes: Iterable[str], within: float) -> set[str]:
        """Re-read new octets every POLL s until every prefix is stored (bounded by ``within``)."""
        want = set(prefixes)
        seen: set[str] = set()
        done = 0
        deadline = time.monotonic() + within
        while True:
            self._catch_up()
            for row in self._rows[done:]:
                if row.route is not None and row.route.prefix in want:
                    seen.add(row.route.prefix)
            done = len(self._rows)
            if seen >= want or time.monotonic() >= deadline:
                return seen
            time.sleep(POLL)
