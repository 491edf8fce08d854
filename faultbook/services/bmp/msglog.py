"""pmbmpd's JSON message log (``bmp_daemon_msglog_output: json``): one object per line.

``event_type`` is ``log_init``/``log_close`` for a connection opening/closing, else ``log`` with
``bmp_msg_type`` init, term, peer_up, peer_down, route_monitor (one line per prefix, ``log_type``
update or withdraw) or stats (one line per counter). ``bmp_router_port`` joins lines to a session.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from faultbook.observe.timeline import Entry, LogLine, Timeline
from faultbook.services.bmp.records import KINDS, StoredRecord

_EVENTS = {"log_init": "open", "log_close": "close"}
_TYPES = {"init": "init", "term": "term", "peer_up": "peer_up", "peer_down": "peer_down",
          "route_monitor": "route", "stats": "stats"}


def parse_line(text: str) -> StoredRecord | None:
    """One msglog line as a record; None for a blank, partial or unknown line."""
    text = text.strip()
    if not text.startswith("{"):
        return None
    try:
        obj = json.loads(text)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    port = obj.get("bmp_router_port")
    conn = port if isinstance(port, int) else None
    event = obj.get("event_type")
    if event in _EVENTS:
        return StoredRecord(_EVENTS[str(event)], conn, raw=obj)
    kind = _TYPES.get(str(obj.get("bmp_msg_type")))
    if kind is None:
        return None
    return StoredRecord(kind, conn, prefix=obj.get("ip_prefix"), action=obj.get("log_type"),
                        peer=obj.get("peer_ip"), raw=obj)


def read_msglog(path: Path, limit: int = 64 << 20) -> list[StoredRecord]:
    """Every complete record in a msglog file (at most ``limit`` octets are read)."""
    if not path.exists():
        return []
    with path.open("rb") as fh:
        data = fh.read(limit)
    end = data.rfind(b"\n") + 1
    out = []
    for raw in data[:end].decode("utf-8", "replace").splitlines():
        rec = parse_line(raw)
        if rec is not None:
            out.append(rec)
    return out


class MsglogStore:
    """The records pmbmpd stored, as its msglog lines arrive on the timeline (stream ``msglog.json``)."""

    stream = "msglog.json"
    kinds = frozenset(KINDS)

    def __init__(self, timeline: Timeline, component: str) -> None:
        self.timeline = timeline
        self.component = component

    def records(self, since: int = 0) -> list[StoredRecord]:
        """Every record stored after timeline seq ``since``."""
        out = []
        for line in self.timeline.lines(self.component, since):
            if line.stream == self.stream and (rec := parse_line(line.text)) is not None:
                out.append(rec)
        return out

    def wait_for(self, predicate: Callable[[StoredRecord], bool],
                 within: float) -> StoredRecord | None:
        """Block until a msglog line (from the start) gives a record satisfying ``predicate``."""
        found: list[StoredRecord] = []

        def hit(entry: Entry) -> bool:
            if isinstance(entry, LogLine) and entry.component == self.component \
                    and entry.stream == self.stream:
                rec = parse_line(entry.text)
                if rec is not None and predicate(rec):
                    found.append(rec)
                    return True
            return False

        self.timeline.watch(hit, 0, time.monotonic() + within)
        return found[0] if found else None
