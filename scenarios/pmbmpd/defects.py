"""pmbmpd 1.7.7's known defects, each pinned to its checker and a predicate on the evidence."""

from __future__ import annotations

from collections.abc import Callable

from faultbook.bmpkit.checkers import (
    ACCOUNTING,
    COST,
    GRACEFUL_STOP,
    INVENTED,
    LIVENESS,
    LOG_QUALITY,
)
from faultbook.checks.verdict import KnownDefect, Verdict


def _measured(key: str) -> Callable[[Verdict], bool]:
    return lambda v: isinstance(v.measured, dict) and key in v.measured


def _never_sent(v: Verdict) -> bool:
    return int(v.evidence.get("never_sent_rows", 0)) > 0


def _oversize(v: Verdict) -> bool:
    return str(v.evidence.get("case", "")).startswith("oversize") and not _never_sent(v)


def _sinking(v: Verdict) -> bool:
    return "Sinking" in str(v.evidence.get("line", "")) + str(v.evidence.get("sample", ""))


def _withdraw_stored(v: Verdict) -> bool:
    return not _never_sent(v) and any(str(e).startswith("treat-as-withdraw")
                                      for e in v.evidence.get("expected", ()))


SEGV = KnownDefect(
    "PMBMPD-SEGV-AS4PATH", LIVENESS,
    "AS4_PATH without AS_PATH on a 2-octet AS session crashes pmbmpd (SIGSEGV)",
    "a Peer Up of a 2-octet AS session, then one Route Monitoring with only an AS4_PATH "
    "attribute and NLRI: pmbmpd dies with SIGSEGV, no log line",
    when=lambda v: v.measured == "signal SIGSEGV" or v.evidence.get("death") == "signal SIGSEGV")
SEGV_LOSS = KnownDefect(
    "PMBMPD-SEGV-AS4PATH-LOSS", ACCOUNTING, "the crash loses the session's routes unreported",
    "messages before and after the crashing one are never stored; the process is gone",
    when=lambda v: v.evidence.get("death") == "signal SIGSEGV")
def _stratum_phantoms(v: Verdict) -> bool:
    """Routes never sent stored from a Route Monitoring stratum's UPDATE the strict decoder
    rejects or RFC 7606 treats as withdraw."""
    return _never_sent(v) and str(v.evidence.get("case", "")).startswith("Route Monitoring ") \
        and bool(v.evidence.get("expected"))


PHANTOMS = KnownDefect(
    "PMBMPD-PHANTOM-ROUTES", INVENTED,
    "BGP length smaller than the UPDATE: out-of-bounds NLRI parse stores routes never sent",
    "Route Monitoring with BGP length 19 for a 47-octet UPDATE: msglog route_monitor lines for "
    "prefixes never sent (8.0.0.0/1, 0.0.0.0/0, ...), no log line",
    when=lambda v: _never_sent(v) and not _stratum_phantoms(v))
MP_NLRI_PHANTOMS = KnownDefect(
    "PMBMPD-MP-NLRI-PHANTOMS", INVENTED,
    "an UPDATE whose MP_REACH/MP_UNREACH NLRI is invalid in its session is parsed out of bounds: "
    "routes never sent are stored",
    "Route Monitoring strata (CI draw): AS_PATH with an MP_UNREACH_NLRI prefix declaring 209 "
    "octets where 124 remain: 12 routes stored, 0.0.0.0/9 never sent; MP_REACH 2/1 (RFC 7606 "
    "treat-as-withdraw): 11 stored, ::0.1.192.0/114 and ::0.15.0.0/113 never sent; MP_UNREACH "
    "1/128: 0.0.0.0/11, 171.100.0.0/15 never sent; MP_UNREACH 2/128: ::/104, ::/105, ::/11, "
    "::/91 never sent; every segmentation alike, no log line", when=_stratum_phantoms)
OVERSIZE = KnownDefect(
    "PMBMPD-OVERSIZE-STORED", INVENTED,
    "a BGP UPDATE over 4,096 octets (no extended-message capability) is stored",
    "1,030-1,243 routes of a 4,157-5,009-octet UPDATE stored; RFC 4271 6.1: Bad Message Length",
    when=_oversize)
FLOOD_LOG = KnownDefect(
    "PMBMPD-SINK-FLOOD", COST, "long BMP message then EOF: the sink loop logs forever",
    "'WARN ... long BMP message received: len=... buf=100000. Sinking.' tens of thousands of "
    "times per second from the router's close on", when=_measured("log_lines"))
FLOOD_CPU = KnownDefect(
    "PMBMPD-SINK-SPIN", COST, "the same sink loop spins a core",
    "CPU seconds of the batch over budget from the router's close on (2.05 CPU s against 1.01 "
    "for the 5 messages of long-message-then-eof in one run, within budget in others: the spin "
    "begins at the close and a batch may end before it adds up; hence intermittent)",
    when=_measured("cpu_seconds"), intermittent=True)
FLOOD_REPEAT = KnownDefect(
    "PMBMPD-SINK-REPEAT", LOG_QUALITY, "the sink loop's line repeated as a flood",
    "47,541-97,197 copies of the 'Sinking.' line in one batch", when=_sinking)
SINK_STARVES = KnownDefect(
    "PMBMPD-SINK-STARVES", LIVENESS, "while it sinks, a fresh valid session is not stored in time",
    "the batch's canary session (Initiation, Peer Up, one route) not stored within 2 s while the "
    "log fills with 'long BMP message received ... Sinking.'",
    when=lambda v: v.measured == "not stored" and v.evidence.get("canary") is not None
    and "Sinking" in str(v.evidence.get("log_tail")))
SLOT_LEAK = KnownDefect(
    "PMBMPD-SINK-SLOT-LEAK", LIVENESS, "the sinking session is never closed",
    "its socket stays in CLOSE-WAIT and keeps a bmp_daemon_max_peers slot",
    when=lambda v: _measured("close_wait")(v) and "Sinking" in str(v.evidence.get("log_tail")))
PEER_UP_DROPPED = KnownDefect(
    "PMBMPD-PEER-UP-DROPPED", ACCOUNTING,
    "Peer Up of generated sessions not stored; their routes then discarded",
    "valid sessions lose '1 x peer_up' and every route of that peer, logged as 'packet "
    "discarded: missing peer up BMP message for peer ...' (fewer lines than lost messages)",
    when=lambda v: any("peer_up" in str(x) for x in v.evidence.get("lost", ())))

TREAT_AS_WITHDRAW_STORED = KnownDefect(
    "PMBMPD-7606-WITHDRAW-STORED", INVENTED,
    "an UPDATE RFC 7606 says to treat as withdraw is stored as an announcement",
    "ORIGIN sent with flags 0xc0 (optional transitive; RFC 7606 3 c: treat-as-withdraw): its "
    "route 0.0.0.0/0 stored as update, every segmentation alike", when=_withdraw_stored)
def _case(prefix: str) -> Callable[[Verdict], bool]:
    return lambda v: str(v.evidence.get("case", "")).startswith(prefix) and not _never_sent(v)


def _bad_community_length(v: Verdict) -> bool:
    return not _never_sent(v) and bool(v.evidence.get("from_rejected_message")) and any(
        "COMMUNIT" in str(e) and "expected a multiple of" in str(e)
        for e in v.evidence.get("expected", ()))


COMMUNITY_LENGTH_STORED = KnownDefect(
    "PMBMPD-7606-COMMUNITY-LENGTH-STORED", INVENTED,
    "an UPDATE whose (extended, large) communities attribute has a length no multiple of its "
    "element is stored as an announcement",
    "LARGE_COMMUNITY of 11 or 13 octets, EXTENDED COMMUNITIES of 7 octets (RFC 8092 6, RFC 7606 "
    "7.14: treat-as-withdraw): the route stored with log_type update and no communities",
    when=_bad_community_length)
BGP_LENGTH_SHORT_STORED = KnownDefect(
    "PMBMPD-BGP-LENGTH-SHORT-STORED", INVENTED,
    "an UPDATE whose BGP length is shorter than the message is stored",
    "BGP length 92 for a 95-octet UPDATE of 13 /24s: all 13 stored (the BMP length is read, the BGP "
    "length ignored; RFC 4271 6.1: Bad Message Length); fuzzed: BGP length 41 for 57, 7 stored",
    when=_case("bgp_length_mismatch"))
CANARY_LOST = KnownDefect(
    "PMBMPD-FRESH-SESSION-LOST-AFTER-CLOSES", LIVENESS,
    "after many sessions close at once, a fresh valid session is not stored",
    "60, 120, 180 or 240 valid sessions (no malformed input) closed together: the next fresh "
    "session (Initiation, Peer Up, one route) not stored within 2 s nor 20 s after; 28-220 "
    "sockets still in CLOSE-WAIT 2 s after the routers' FINs",
    when=lambda v: v.measured == "not stored" and v.evidence.get("canary") is not None
    and int(v.evidence.get("connections", 0)) >= 60 and not v.evidence.get("death"))
CLOSES_BACKLOG = KnownDefect(
    "PMBMPD-CLOSES-BACKLOG", LIVENESS,
    "many sessions closed at once stay in CLOSE-WAIT past the bound",
    "60 valid sessions closed together: 28 sockets in CLOSE-WAIT 2 s after the routers' FINs "
    "(99 of 120, 163 of 180, 220 of 240), no Sinking line; all released later",
    when=lambda v: _measured("close_wait")(v) and int(v.evidence.get("connections", 0)) >= 60
    and "Sinking" not in str(v.evidence.get("log_tail")))
CLOSES_CPU = KnownDefect(
    "PMBMPD-CLOSES-CPU", COST,
    "many valid sessions closed at once cost more CPU than their messages allow",
    "60 valid sessions (Initiation, Peer Up, one route each) closed together: 1.50-1.69 CPU s "
    "against the 1.486 s budget in runs on a loaded machine (about 25 ms per session, while the "
    "sockets sit in CLOSE-WAIT), within budget in others",
    when=lambda v: _measured("cpu_seconds")(v) and int(v.evidence.get("messages", 0)) >= 180
    and all(str(c).startswith("valid ") for c in v.evidence.get("cases", ())),
    intermittent=True)


def _bad_prefix_length(v: Verdict) -> bool:
    return not _never_sent(v) and bool(v.evidence.get("from_rejected_message")) and all(
        "prefix length" in str(e) for e in v.evidence.get("expected", ())) and \
        bool(v.evidence.get("expected"))


BAD_PREFIX_LENGTH_STORED = KnownDefect(
    "PMBMPD-BAD-PREFIX-LENGTH-STORED", INVENTED,
    "an UPDATE whose NLRI or withdrawn prefix lengths are invalid in its session is stored",
    "Route Monitoring strata drawn with ADD-PATH path identifiers the Peer Up did not negotiate "
    "(the strict decoder: 'NLRI prefix length 33 at offset 174, expected 0..32', 'withdrawn "
    "prefix length 165', 'MP_REACH_NLRI prefix length 0 ..., expected room for a label'): "
    "3-14 routes stored from them (0.0.0.0/0 several times, 162.0.0.0/2, 95.0.0.0/1), every "
    "segmentation alike, no log line", when=_bad_prefix_length)


def _multicast_withdraw(v: Verdict) -> bool:
    lost = [str(x) for x in v.evidence.get("lost", ())]
    return "MP_UNREACH 1/2" in str(v.evidence.get("case", "")) + " ".join(lost) and \
        bool(lost) and all(x.startswith("withdraw ") for x in lost)


MULTICAST_WITHDRAW_LOST = KnownDefect(
    "PMBMPD-MULTICAST-WITHDRAW-LOST", ACCOUNTING,
    "withdrawals in MP_UNREACH_NLRI for IPv4 multicast (AFI 1, SAFI 2) are never stored",
    "a valid UPDATE withdrawing 4 IPv4 unicast prefixes and, in MP_UNREACH_NLRI 1/2, "
    "0.0.0.0/4 and 0.199.9.8/30: the 4 unicast withdrawals stored, the 2 multicast ones not, "
    "no log line", when=_multicast_withdraw)


SIGTERM_IGNORED = KnownDefect(
    "PMBMPD-SIGTERM-IGNORED", GRACEFUL_STOP, "SIGTERM does not stop pmbmpd",
    "after a valid session, SIGTERM: still running after 10 s (killed); SIGINT: exit 0",
    when=lambda v: str(dict(v.measured.get("SIGTERM") or {}).get("outcome", "")).startswith(
        "still running"))

#: every registered pmbmpd defect (the fuzz test accepts exactly these)
ALL = (SEGV, SEGV_LOSS, PHANTOMS, MP_NLRI_PHANTOMS, OVERSIZE, FLOOD_LOG, FLOOD_CPU, FLOOD_REPEAT,
       SINK_STARVES, SLOT_LEAK,
       PEER_UP_DROPPED, SIGTERM_IGNORED, TREAT_AS_WITHDRAW_STORED, COMMUNITY_LENGTH_STORED,
       BGP_LENGTH_SHORT_STORED, CANARY_LOST, CLOSES_BACKLOG, CLOSES_CPU,
       BAD_PREFIX_LENGTH_STORED, MULTICAST_WITHDRAW_LOST)
