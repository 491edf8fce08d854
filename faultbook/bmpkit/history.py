"""The history of a run: every byte written, on which connection, when, in which writes, and what
must become of each framed message; connection events; observations of the collector."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from faultbook.bmpkit.expect import Expectation, SessionContext, expect
from faultbook.observe.evidence import Evidence

HEADER = 6
MESSAGE_TYPES = {0: "Route Monitoring", 1: "Statistics Report", 2: "Peer Down", 3: "Peer Up",
                 4: "Initiation", 5: "Termination", 6: "Route Mirroring"}


@dataclass(frozen=True)
class Framed:
    """One message of a connection's stream, framed by its common header."""

    conn: int
    offset: int
    frame: bytes
    outcome: Expectation
    case: str
    #: the session state it arrived in
    state: str = ""

    @property
    def kind(self) -> str:
        """Its message type, by the type octet (``type 9`` for an unknown one)."""
        return MESSAGE_TYPES.get(self.frame[5], f"type {self.frame[5]}")


def frame_stream(data: bytes) -> tuple[list[tuple[int, bytes]], int | None]:
    """(offset, frame) of each message by its common-header length, and the offset where the
    framing became ambiguous (a bad version, a length < 6, or a frame past the end), if it did."""
    out: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        if len(data) - pos < HEADER:
            return out, pos
        length = int.from_bytes(data[pos + 1 : pos + 5], "big")
        if data[pos] != 3 or length < HEADER or pos + length > len(data):
            return out, pos
        out.append((pos, data[pos : pos + length]))
        pos += length
    return out, None


#: a session context as a hashable value: (initiated, terminated, peers up)
_Ctx = tuple[bool, bool, frozenset[object]]


@lru_cache(maxsize=8192)
def _expect_in(frame: bytes, before: _Ctx) -> tuple[Expectation, str, _Ctx]:
    """``expect`` for one frame in a context given by value, and the context after it (memoized:
    a batch's connections share their prelude, and a case's segmentation twins every frame but
    the marker, so each is decoded once)."""
    ctx = SessionContext(before[0], before[1], set(before[2]))
    outcome, state = expect(frame, ctx)
    return outcome, state, (ctx.initiated, ctx.terminated, frozenset(ctx.peers))


@dataclass
class Write:
    """One send() call: connection, monotonic time, offset in the stream, octets."""

    conn: int
    mono: float
    offset: int
    size: int
    ok: bool = True


@dataclass
class Connection:
    """One router TCP connection: its case, source port, the whole stream and what happened."""

    ident: int
    case: str
    port: int = 0
    #: the router's source address (its own per connection on loopback, so a log line that
    #: names it is attributable to this connection alone)
    source: str = ""
    stream: bytes = b""
    opened: float = 0.0
    closed: float = 0.0
    #: how the router ended it: "close" (FIN) or "reset" (RST)
    end: str = "close"
    #: what the collector did before the router ended it: "open", "closed" or "reset"
    collector_state: str = "open"
    #: True for the suite's own canary sessions (their log lines never excuse anything)
    canary: bool = False
    messages: list[Framed] = field(default_factory=list)
    ambiguous_at: int | None = None

    def frame(self) -> None:
        """Frame the stream and give each message its expected outcome."""
        frames, self.ambiguous_at = frame_stream(self.stream)
        ctx: _Ctx = (False, False, frozenset())
        self.messages = []
        for off, fr in frames:
            outcome, state, ctx = _expect_in(fr, ctx)
            self.messages.append(Framed(self.ident, off, fr, outcome, self.case, state))


@dataclass
class Observation:
    """The collector's cost over one window: CPU seconds, RSS, log octets and lines."""

    start: float
    end: float
    cpu_seconds: float
    rss: int
    log_lines: int
    alive: bool


@dataclass
class FaultWindow:
    """A fault held during a batch: when it was injected and healed (monotonic), what it saw of
    its own effect (``confirm``), and the collector's log lines of the window (indices into the
    batch's log lines: from the injection to the heal)."""

    name: str
    injected: float
    healed: float
    evidence: Evidence
    log_from: int = 0
    log_to: int = 0

    def to_json(self) -> dict[str, Any]:
        """As plain data."""
        return {"name": self.name, "seconds": round(self.healed - self.injected, 3),
                "confirmed": self.evidence.confirmed, "how": self.evidence.how,
                "measured": self.evidence.measured, "log_lines": [self.log_from, self.log_to]}


@dataclass
class History:
    """Everything a batch did and saw; checkers judge it after the fact."""

    collector: str
    connections: list[Connection] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    cost: Observation | None = None
    #: how the collector's process ended during the batch, if it did ("SIGSEGV", "exit 1")
    death: str | None = None
    close_wait: int = 0
    stops: list[dict[str, Any]] = field(default_factory=list)
    #: the faults held during the batch, in order
    faults: list[FaultWindow] = field(default_factory=list)

    def cases(self) -> list[str]:
        """The case labels, in order."""
        return list(dict.fromkeys(c.case for c in self.connections if not c.canary))

    def of_case(self, case: str) -> list[Connection]:
        """The connections of one case."""
        return [c for c in self.connections if c.case == case]

    def to_json(self) -> dict[str, Any]:
        """As plain data (streams in hex)."""
        return {"collector": self.collector, "death": self.death, "close_wait": self.close_wait,
                "connections": [{"case": c.case, "source": c.source, "port": c.port,
                                 "end": c.end,
                                 "collector_state": c.collector_state, "canary": c.canary,
                                 "stream_hex": c.stream.hex()} for c in self.connections],
                "writes": len(self.writes), "stops": self.stops,
                "faults": [f.to_json() for f in self.faults]}


def coverage(connections: list[Connection]) -> set[tuple[str, str]]:
    """(message type, session state) pairs a history exercised (rejected ones marked)."""
    return {(m.kind + ("" if m.outcome.storable else " (rejected)"), m.state)
            for c in connections for m in c.messages}
