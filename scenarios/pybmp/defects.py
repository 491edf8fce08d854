"""PyBMP's known defects under the BMP kit, each pinned to its checker and a predicate on the
evidence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from faultbook.bmpkit.checkers import (
    ACCOUNTING,
    COST,
    DEPENDENCY_OUTAGE,
    INVENTED,
    LIVENESS,
    LOG_QUALITY,
    SETUP_APPLIES,
)
from faultbook.bmpkit.frameroutes import multiprotocol_routes
from faultbook.checks.verdict import KnownDefect, Verdict


def _only_dropped(v: Verdict) -> bool:
    """Every altered route differs only by attributes stored empty (sent, kept as NULL)."""
    altered: list[dict[str, Any]] = list(v.evidence.get("altered", ()))
    return bool(altered) and all(
        isinstance(a, dict) and all(got is None for _want, got in a.get("fields", {}).values())
        for a in altered)


def _overrun_stored(v: Verdict) -> bool:
    return (int(v.evidence.get("never_sent_rows", 0)) == 0
            and any("attribute length declares" in str(e) for e in v.evidence.get("expected", ())))


def _case(prefix: str) -> Callable[[Verdict], bool]:
    return lambda v: str(v.evidence.get("case", "")).startswith(prefix)


def _withdraw_stored(v: Verdict) -> bool:
    return (int(v.evidence.get("never_sent_rows", 0)) == 0
            and any(str(e).startswith("treat-as-withdraw") for e in v.evidence.get("expected", ())))


def _host_bits(v: Verdict) -> bool:
    seen = " ".join(str(v.evidence.get(k, "")) for k in ("case", "log_tail", "lines"))
    return "host bits" in seen


ATTRIBUTES_DROPPED = KnownDefect(
    "PYBMP-ATTRIBUTES-DROPPED", ACCOUNTING,
    "every route is stored without its path attributes",
    "valid IPv4 UPDATEs with ORIGIN, AS_PATH and NEXT_HOP: routes rows have next_hop, origin, "
    "as_path NULL (its BGP parser names attributes by string, 'AS_PATH', its processor matches "
    "type codes, 1, 2, 3: nothing matches)", when=_only_dropped)
NEXT_HOP_OVERRUN_STORED = KnownDefect(
    "PYBMP-OVERRUN-STORED", INVENTED,
    "an UPDATE whose NEXT_HOP length overruns the attribute area is stored as an announcement",
    "Route Monitoring with NEXT_HOP length 255 in a 20-octet attribute area: route 10.99.0.0/24 "
    "stored; RFC 7606 4 asks treat-as-withdraw for an attribute length overrunning the area",
    when=_overrun_stored)

TREAT_AS_WITHDRAW_STORED = KnownDefect(
    "PYBMP-7606-WITHDRAW-STORED", INVENTED,
    "an UPDATE RFC 7606 says to treat as withdraw is stored as an announcement",
    "ORIGIN with flags 0xc0, a COMMUNITIES of 0 octets, NLRI without ORIGIN: route 0.0.0.0/0 or "
    "1.0.0.0/8 stored as an announcement, every segmentation alike", when=_withdraw_stored)
OVERSIZE_STORED = KnownDefect(
    "PYBMP-OVERSIZE-STORED", INVENTED,
    "a BGP UPDATE over 4,096 octets (no extended-message capability) is stored",
    "1,030 routes of a 4,157-octet UPDATE stored; RFC 4271 6.1: Bad Message Length",
    when=lambda v: _case("oversize")(v) and int(v.evidence.get("never_sent_rows", 0)) == 0)
BAD_VERSION_INVENTED = KnownDefect(
    "PYBMP-BAD-VERSION-INVENTED", INVENTED,
    "a BMP message of version 0 is parsed and a route never sent is stored",
    "a session whose Route Monitoring carries BMP version 0: 100.65.11.0/24, in no message of "
    "the input, stored", when=lambda v: _case("bad_version")(v)
    and int(v.evidence.get("never_sent_rows", 0)) > 0)
HOST_BITS_POISON = KnownDefect(
    "PYBMP-HOST-BITS-POISON", LIVENESS,
    "a prefix with host bits set makes every later route flush fail: nothing is stored any more",
    "NLRI 1.0.0.0/1: 'ERROR - Error flushing routes: invalid input for query argument $5 in "
    "element #0 of executemany() sequence: '1.0.0.0/1' (1.0.0.0/1 has host bits set)' at every "
    "flush; the batch's canary session is never stored, nor the marker after the input on its "
    "own connection", when=lambda v: v.measured == "not stored"
    and _host_bits(v))
HOST_BITS_ERRORS = KnownDefect(
    "PYBMP-HOST-BITS-ERRORS", LOG_QUALITY, "the failing flush is logged as ERROR at every flush",
    "'ERROR - Error flushing routes: ... (1.0.0.0/1 has host bits set)' repeated",
    when=lambda v: isinstance(v.measured, dict) and "error_records" in v.measured and _host_bits(v))
HOST_BITS_LOSS = KnownDefect(
    "PYBMP-HOST-BITS-LOSS", ACCOUNTING,
    "the routes lost to the failing flush are reported by no line naming their router",
    "NLRI 1.0.0.0/1: the session's routes never stored; the only report is 'ERROR - Error "
    "flushing routes: invalid input for query argument $5 ... (1.0.0.0/1 has host bits set)', "
    "which names no router address (every segmentation alike); the codec's strata reach it "
    "too, through random NLRI such as 72.0.0.0/1 (AS4_PATH, EXTENDED_COMMUNITIES, AIGP, "
    "MP_REACH 1/128 and 2/128, MP_UNREACH 2/1): the marker after the input is lost",
    when=lambda v: bool(v.evidence.get("lost")) and (_case("host_bits")(v) or _host_bits(v)))
LOG_VOLUME = KnownDefect(
    "PYBMP-LOG-VOLUME", COST, "over 10 log lines per BMP message",
    "287 log lines for 21 messages: INFO lines per session and message ('BMP session initiated', "
    "'Peer up', 'session ... closed') plus 'BMP Stats' and failed-flush lines at every flush",
    when=lambda v: isinstance(v.measured, dict) and "log_lines" in v.measured)

def _rejected_stored(*reasons: str) -> Callable[[Verdict], bool]:
    """Only routes the input carried were stored, from a message rejected for one of ``reasons``."""
    return lambda v: int(v.evidence.get("never_sent_rows", 0)) == 0 and any(
        reason in str(e) for e in v.evidence.get("expected", ()) for reason in reasons)


BAD_MARKER_STORED = KnownDefect(
    "PYBMP-BAD-MARKER-STORED", INVENTED,
    "an UPDATE whose BGP marker is not all ones is stored as an announcement",
    "Route Monitoring whose BGP marker starts with 0x00 (RFC 4271 6.1: Connection Not "
    "Synchronized): its route 10.99.0.0/24 stored", when=_rejected_stored("BGP header: marker"))
SHORT_LENGTH_STORED = KnownDefect(
    "PYBMP-SHORT-LENGTH-STORED", INVENTED,
    "an UPDATE whose BGP length is shorter than the message is stored",
    "Route Monitoring with BGP length 19 for a 47-octet UPDATE (RFC 4271 6.1: Bad Message "
    "Length): its route 10.99.0.0/24 stored",
    when=_rejected_stored("withdrawn routes length needs"))
LENGTH_0_LOOP = KnownDefect(
    "PYBMP-LENGTH-0-LOOP", COST, "a BMP length of 0 loops its parser 1,000 times, an ERROR each",
    "an Initiation with BMP length 0: 1,000 x 'src.bmp.parser - ERROR - BMP parsing error: "
    "Insufficient BMP header: need 6 bytes, got N', then 'src.bmp.server - WARNING - Max "
    "iterations reached, clearing buffer for 127.0.0.1' (1,008 log lines for 3 messages)",
    when=lambda v: "Insufficient BMP header" in str(v.evidence.get("most_repeated")))

def _slow(case: str) -> Callable[[Verdict], bool]:
    """The marker after a case's input not stored in time, or the case's closed connection still
    in CLOSE-WAIT (PyBMP still reading it)."""
    def when(v: Verdict) -> bool:
        if v.measured == "not stored":
            return _case(case)(v)
        cases = [str(c) for c in v.evidence.get("cases", ())]
        return "close_wait" in v.evidence and bool(cases) and all(c.startswith(case) for c in cases)
    return when


def _marker_lost(case: str) -> Callable[[Verdict], bool]:
    def when(v: Verdict) -> bool:
        lost = [str(x) for x in v.evidence.get("lost", ())]
        return _case(case)(v) and len(lost) == 1 and lost[0].startswith("update 100.")
    return when


LARGE_UPDATE_SLOW = KnownDefect(
    "PYBMP-LARGE-UPDATE-SLOW", LIVENESS,
    "after one UPDATE with 1,030-1,300 NLRI, valid data on the same connection is not stored "
    "within the kit's 2 s",
    "a 4,157-5,009-octet UPDATE then a marker route on the same connection: the marker not "
    "stored within 2 s (stored within 6 s: 6.0 s and 5.6 s per batch against 12.0 s with a 6 s "
    "bound), the router's closed connection left in CLOSE-WAIT meanwhile", when=_slow("oversize"))
LARGE_UPDATE_LOSS = KnownDefect(
    "PYBMP-LARGE-UPDATE-LOSS", ACCOUNTING, "the same marker counted as lost, unreported",
    "'update 100.x.y.0/24' (the marker) missing when the batch is read back, no log line",
    when=_marker_lost("oversize"))
BURST_SLOW = KnownDefect(
    "PYBMP-BURST-SLOW", LIVENESS,
    "2,000 valid Route Monitoring messages in one write: the marker after them is not stored "
    "within 5 s in some runs", "PyBMP ingests about 1,000 messages/s ('BMP Stats - Messages: "
    "1049, Routes: 1017' then '2049, Routes: 2017' a second later); the marker not stored within "
    "5 s and the closed connection in CLOSE-WAIT in one run of three, stored in the others "
    "(hence intermittent)", when=_slow("burst"), intermittent=True)
BURST_LOSS = KnownDefect(
    "PYBMP-BURST-LOSS", ACCOUNTING, "the same marker counted as lost, unreported",
    "'update 100.x.y.0/24' (the marker) missing when the batch is read back, no log line; "
    "intermittent as PYBMP-BURST-SLOW", when=_marker_lost("burst"), intermittent=True)

OUTAGE_SESSION_LOST = KnownDefect(
    "PYBMP-OUTAGE-SESSION-LOST", DEPENDENCY_OUTAGE,
    "the Initiation and Peer Up received while its PostgreSQL is down are lost, reported by no "
    "line naming their router",
    "PostgreSQL stopped (confirmed: 'Connection refused'), a session written, PostgreSQL started "
    "again: its routes stored after the restart (kept in the buffer: 'Error flushing routes: "
    "[Errno 111] Connect call failed'), but no router_sessions row for 127.64.0.0, only 2 x "
    "'src.bmp.processor - ERROR - Error processing message: [Errno 111] Connect call failed "
    "('127.0.0.1', PORT)' (no router named); asyncpg tracebacks 'Failed to restore the pool "
    "connection floor' meanwhile",
    when=lambda v: sorted(v.evidence.get("lost", ())) == ["1 x init", "1 x peer_up"])
SCHEMA_GIST_CIDR = KnownDefect(
    "PYBMP-SCHEMA-GIST-CIDR", SETUP_APPLIES,
    "its schema.sql asks for GiST indexes on cidr columns, which PostgreSQL refuses",
    "'CREATE INDEX idx_routes_prefix ON routes USING gist(prefix)' and 'CREATE INDEX "
    "idx_route_history_prefix ON route_history USING gist(prefix)': 'data type cidr has no "
    "default operator class for access method \"gist\"' (inet_ops not named); every other "
    "statement applies (TimescaleDB's left out: not in Debian)",
    when=lambda v: bool(v.evidence.get("failed")) and all(
        "no default operator class for access method" in str(f.get("error"))
        and "gist(prefix)" in str(f.get("statement")) for f in v.evidence["failed"]))

def _mp_withdrawals_lost(v: Verdict) -> bool:
    """Every lost message is a withdrawal carried in MP_UNREACH_NLRI, and nothing reported it."""
    lost = [str(x) for x in v.evidence.get("lost", ())]
    if not lost or v.evidence.get("reports"):
        return False
    carried = multiprotocol_routes(bytes.fromhex(str(v.evidence.get("stream_hex", ""))))
    return all(x.startswith("withdraw ") and x.split(" ", 1)[1] in carried for x in lost)


PEER_DOWN_INVENTED = KnownDefect(
    "PYBMP-PEER-DOWN-INVENTED", INVENTED,
    "a Peer Down stores a withdrawal of 0.0.0.0/0, a route no message carried",
    "a session's Peer Down (the codec's Peer Down stratum): a routes row for 0.0.0.0/0 marked "
    "withdrawn, in every segmentation (6 rows for 6 connections); its processor records a "
    "peer's end as a withdrawal of a placeholder prefix",
    when=lambda v: list(v.evidence.get("never_sent", ())) == ["0.0.0.0/0"]
    and not v.evidence.get("from_rejected_message"))
MP_MALFORMED_STORED = KnownDefect(
    "PYBMP-MP-MALFORMED-STORED", INVENTED,
    "an UPDATE whose MP_REACH_NLRI or MP_UNREACH_NLRI is malformed has its routes stored",
    "the AS_PATH stratum's CI seed: an MP_UNREACH_NLRI prefix declaring 209 octets where 124 "
    "remain (RFC 7606 7.4 / RFC 4760 7: session reset or AFI/SAFI disable, nothing of the "
    "UPDATE kept): its NLRI 0.0.0.0/1, 0.0.0.0/18, 117.66.0.0/15, ... stored, 60 rows over 6 "
    "connections; PyBMP never reads MP attributes (it matches their names against type numbers)",
    when=_rejected_stored("path attribute 14: MP_REACH_NLRI", "path attribute 15: MP_UNREACH_NLRI"))
MP_WITHDRAW_LOST = KnownDefect(
    "PYBMP-MP-WITHDRAW-LOST", ACCOUNTING,
    "withdrawals carried in MP_UNREACH_NLRI are never stored, and no line says so",
    "the MP_UNREACH 1/2 stratum's CI seed: 'withdraw 0.0.0.0/4' and 'withdraw 0.199.9.8/30' "
    "(IPv4 multicast, valid) not in routes in any of 6 segmentations, no log line; its parser "
    "keeps an IPv4 MP_UNREACH's NLRI as a hex string and its processor never reads MP "
    "attributes", when=_mp_withdrawals_lost)

BAD_PREFIX_LENGTH_STORED = KnownDefect(
    "PYBMP-BAD-PREFIX-LENGTH-STORED", INVENTED,
    "an UPDATE with an IPv4 prefix length over 32 has the prefixes before it stored",
    "a random seed of the EXTENDED_COMMUNITIES stratum: withdrawn prefix length 143 at offset 72 "
    "(RFC 7606 5.3: session reset, nothing of the UPDATE kept): 0.0.0.0/0 stored as announced "
    "and as withdrawn, 5 rows over 6 connections; its prefix parser stops at the bad length and "
    "keeps what it read",
    when=_rejected_stored("BGP UPDATE: withdrawn prefix length", "BGP UPDATE: NLRI prefix length"))

#: every registered PyBMP defect (the fuzz test accepts exactly these)
ALL = (ATTRIBUTES_DROPPED, NEXT_HOP_OVERRUN_STORED, TREAT_AS_WITHDRAW_STORED, OVERSIZE_STORED,
       BAD_VERSION_INVENTED, HOST_BITS_POISON, HOST_BITS_ERRORS, HOST_BITS_LOSS, LOG_VOLUME,
       BAD_MARKER_STORED, SHORT_LENGTH_STORED, LENGTH_0_LOOP, LARGE_UPDATE_SLOW, LARGE_UPDATE_LOSS,
       BURST_SLOW, BURST_LOSS, PEER_DOWN_INVENTED, MP_MALFORMED_STORED, MP_WITHDRAW_LOST,
       BAD_PREFIX_LENGTH_STORED)
