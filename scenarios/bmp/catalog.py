"""The PyBMP guide's error scenarios (shared seed "Logging & Troubleshooting"), as data, for each
collector under test: pmacct's pmbmpd 1.7.7 (Debian) and PyBMP (taken from the user).

A ``case`` entry sends ``payload`` (hex) on a router connection, after a valid Initiation and
Peer Up unless ``prelude`` is False, then runs every oracle (faultbook.checks.bmp_case). Every
pmbmpd signature is a line the real pmbmpd 1.7.7 printed for that input on this kind of machine;
``section`` names the guide section the scenario verifies. PyBMP entries carry no signatures of
their own: the guide's lines are checked as claims (``guide-claims``).
"""

from __future__ import annotations

from faultbook.bmp.bgp import As4Path, AsPath
from faultbook.bmp.bmp import RouteMonitoring
from faultbook.bmp.codec import decode
from faultbook.bmp.errors import DecodeError
from faultbook.checks import bmp_oracles as oracles
from faultbook.checks.verdict import Check, KnownDefect
from faultbook.faults.base import Phase
from faultbook.legacy_scenario import Budgets, Signature
from faultbook.legacy_scenario import LegacyScenario as Scenario
from faultbook.services.bmp.router import announce

PM = "pmbmpd"
LINE = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z "
DATA_ERRORS = "Understanding Log Messages / Error Messages / Data Processing Errors"
CONN_ERRORS = "Understanding Log Messages / Error Messages / Connection Issues"
BUFFER = "Understanding Log Messages / Warning Messages / Buffer Management"
ROUTES = "Understanding Log Messages / Normal Operation Logs / Route Processing"
DB = "Common Issues and Solutions / 2. Database Performance Issues"
CLAIMS = "Log Configuration / Log Format; Monitoring with Prometheus Metrics"

#: budgets over the quiet window after the input (pmbmpd idles at 0-5 % CPU, ~140-165 MB RSS)
BUDGETS = Budgets(cpu_percent=25.0, lines_per_second=50.0, answer_within=5.0, rss_mb=400.0)


def pm(level: str, message: str) -> str:
    """A regex for one pmbmpd log line (timestamp, level, ``( default/core ): [127.0.0.1] ``)."""
    return LINE + level + r" \( default/core \): \[127\.0\.0\.1\] " + message


RM_PEER = "030000005f0000000000000000000000000000000000000000000000c00002090000fdf10a0000096b0137470004e9ae"
MARKER = "ffffffffffffffffffffffffffffffff"
ATTRS = "4001010040020602010000fdf1400304c0000209"
#: DEFECT 2's message from the findings: BGP length 19 (0x0013) for a 47-octet UPDATE
BGP_LEN_19 = RM_PEER + MARKER + "0013" + "02" + "0000" + "0014" + ATTRS + "180a6300"
#: NEXT_HOP length 255, past the attribute area
ATTR_OVERRUN = (RM_PEER + MARKER + "002f" + "02" + "0000" + "0014" + ATTRS[:-14] + "4003ff"
                + ATTRS[-8:] + "180a6300")
#: a BMP common header announcing 4 GiB, then 20 octets, then the router closes (DEFECT 1)
LONG_THEN_EOF = "03ffffffff00" + "00" * 20

#: found by the RouterSession fuzzer, minimised by hand: a Peer Up whose OPENs lack the 4-octet AS
#: capability (a 2-octet AS session), then a Route Monitoring whose UPDATE has AS4_PATH, NLRI and
#: no AS_PATH
AS4_WITHOUT_AS_PATH = (
    "030000009b0302400000000000000164000000000000000000000000000dacc400001692000093660005797b"
    "000004da00000000000000000000000042a09e937c75aee7ffffffffffffffffffffffffffffffff00280104"
    "6c9c00cd223036920b0f010d020671040c5bb6dcffffffffffffffffffffffffffffffff002301040097031f"
    "000000d406e8040569d73f000000014a000000037c654e"
    "03000000710002400000000000000164000000000000000000000000000dacc400001692000093660005797b"
    "000004daffffffffffffffffffffffffffffffff00410200000026d01100220208000008b7000757c973fe5d"
    "8a000000020000000205801d1c0000015f079d8423181790a9")

SEGV = KnownDefect(
    "PMBMPD-SEGV-AS4PATH", Check(oracles.ALIVE),
    "AS4_PATH without AS_PATH on a 2-octet AS session crashes pmbmpd (SIGSEGV)",
    "a Peer Up of a 2-octet AS session, then one Route Monitoring with only an AS4_PATH "
    "attribute and NLRI (bytes: scenarios/bmp/catalog.py AS4_WITHOUT_AS_PATH): pmbmpd dies with "
    "SIGSEGV within 1.5 s, no log line; the same UPDATE on a 4-octet AS session is harmless")
SEGV_LOSS = KnownDefect(
    "PMBMPD-SEGV-AS4PATH-LOSS", Check(oracles.ACCOUNTED), "the crash loses the session's route unreported",
    "the announced prefix is never stored and no line reports its loss (the process is gone)")
PHANTOMS = KnownDefect(
    "PMBMPD-PHANTOM-ROUTES", Check(oracles.PHANTOMS),
    "BGP length smaller than the UPDATE: out-of-bounds NLRI parse stores routes never sent",
    "Route Monitoring with BGP length 19 for a 47-octet UPDATE announcing 10.99.0.0/24 "
    "(bytes: scenarios/bmp/catalog.py BGP_LEN_19): no log line, msglog route_monitor lines for "
    "10.99.0.0/24 plus phantom prefixes such as 8.0.0.0/1, 6.0.0.0/2, 0.0.0.0/0 (read from stale "
    "buffer; 65,352 phantom 0.0.0.0/0 after a previous 40-prefix message)")
FLOOD_LOG = KnownDefect(
    "PMBMPD-SINK-FLOOD", Check(oracles.LOG_RATE),
    "long BMP message then EOF: the sink loop never sees EOF and logs forever",
    "'WARN ( default/core ): [127.0.0.1] long BMP message received: len=4294967295 buf=100000. "
    "Sinking.' repeated ~40,000-76,000 times/s (8-11 MB/s of log) from the router's close on")
FLOOD_CPU = KnownDefect(
    "PMBMPD-SINK-SPIN", Check(oracles.CPU), "the same sink loop spins a core",
    "one core at 100 % (state R) from the router's close on, forever; SIGINT sometimes ignored")
SLOT_LEAK = KnownDefect(
    "PMBMPD-SINK-SLOT-LEAK", Check(oracles.CLOSE_WAIT), "the same session is never closed",
    "its socket stays in CLOSE-WAIT and keeps a bmp_daemon_max_peers slot (4 such = all routers "
    "refused: 'Insufficient number of BMP peers has been configured')")


def claim(id_: str, name: str, evidence: str) -> KnownDefect:
    """A guide claim PyBMP's real output contradicts."""
    return KnownDefect(id_, Check(f"guide claim: {name}"), f"the guide's '{name}' line is never printed",
                       evidence)


#: what PyBMP (main.py, LOG_LEVEL=INFO) printed instead, on this machine
PYBMP_CLAIMS = (
    claim("PYBMP-CLAIM-STARTUP", "startup",
          "logger is 'root', not 'src.main': '2026-11-21 06:39:04,817 - root - INFO - Starting "
          "BMP Collector...'"),
    claim("PYBMP-CLAIM-NEWCONN", "new connection",
          "prints 'src.bmp.server - INFO - BMP session established with 127.0.0.1' (no port)"),
    claim("PYBMP-CLAIM-INVALID", "invalid format",
          "31 zero octets gave 31 x 'src.bmp.server - WARNING - Invalid BMP version from "
          "127.0.0.1' (one per octet, WARNING, logger src.bmp.server), never 'src.bmp.parser - "
          "ERROR - Invalid BMP message format'"),
    claim("PYBMP-CLAIM-MALFORMED", "malformed update",
          "a NEXT_HOP length overrunning the attribute area: no 'Malformed BGP update' line; "
          "the route 10.99.0.0/24 was stored"),
    claim("PYBMP-CLAIM-CONNLOST", "connection lost",
          "a real RST mid-message: only 'BMP session with 127.0.0.1 closed. Messages: N'"),
    claim("PYBMP-CLAIM-METRICS", "metric names served",
          "nothing answers HTTP on METRICS_PORT: no /metrics endpoint at all"),
)


def case(name: str, system: str, section: str, title: str, payload: str, *,
         signatures: tuple[Signature, ...] = (), defects: tuple[KnownDefect, ...] = (),
         valid: bool = False, prelude: bool = True, close_after: bool = False,
         reset_after: bool = False) -> Scenario:
    """A catalog entry that sends ``payload`` (hex) and runs every oracle."""
    return Scenario(name, system, section, title, "case", Phase.WHILE_RUNNING,
                    {"payload_hex": payload, "valid": valid, "prelude": prelude,
                     "close_after": close_after, "reset_after": reset_after},
                    signatures=signatures, budgets=BUDGETS, defects=defects)


def entries(system: str) -> list[Scenario]:
    """The guide's scenarios for one collector (pmbmpd entries carry its real signatures)."""
    is_pm = system == PM

    def sig(*items: tuple[str, str]) -> tuple[Signature, ...]:
        return tuple(Signature(PM, pattern, section) for pattern, section in items) if is_pm else ()

    p = f"{system}-"
    out = [
        case(p + "valid-session", system, ROUTES, "valid Initiation, Peer Up and a route",
             announce("10.5.0.0/24").hex(), valid=True,
             signatures=sig((pm("DEBUG", r"\[common\] type: Route Monitoring \(0\)"), ROUTES))),
        case(p + "bmp-version-0", system, DATA_ERRORS, "invalid BMP message format: version 0",
             "000000001f040001000a626d702066757a7a65720002000766757a7a2d7231", prelude=False,
             signatures=sig((pm("INFO", r"packet discarded: unknown BMP version: 0 \(1\)"),
                             DATA_ERRORS))),
        case(p + "bmp-length-0", system, DATA_ERRORS, "invalid BMP message format: length 0",
             "0300000000040001000a626d702066757a7a65720002000766757a7a2d7231", prelude=False,
             signatures=sig((pm("INFO", r"packet discarded: failed bmp_get_and_check_length\(\) "
                                r"BMP common hdr"), DATA_ERRORS))),
        case(p + "bmp-unknown-type", system, DATA_ERRORS, "invalid BMP message format: type 7",
             "030000001a070000000000000000000000000000000000000000",
             signatures=sig((pm("INFO", r"packet discarded: unknown message type \(7\)"),
                             DATA_ERRORS))),
        case(p + "bgp-bad-marker", system, DATA_ERRORS, "malformed BGP update: marker byte 0",
             RM_PEER + "00" + MARKER[2:] + "002f" + "02" + "0000" + "0014" + ATTRS + "180a6300",
             signatures=sig((pm("INFO", r"\[route monitor\] packet discarded: "
                                r"bgp_get_packet_len\(\) failed"), DATA_ERRORS))),
        case(p + "bgp-attr-length-overrun", system, DATA_ERRORS,
             "malformed BGP update: NEXT_HOP length past the attribute area",
             ATTR_OVERRUN,
             signatures=sig((pm("INFO", r"\[route monitor\] packet discarded: "
                                r"bgp_parse_update_msg\(\) failed"), DATA_ERRORS))),
        case(p + "bgp-length-short", system, DATA_ERRORS,
             "malformed BGP update: BGP length 19 for a 47-octet UPDATE", BGP_LEN_19,
             defects=(PHANTOMS,) if is_pm else ()),
        case(p + "bgp-as4path-without-as-path", system, DATA_ERRORS,
             "malformed BGP update: AS4_PATH without AS_PATH", AS4_WITHOUT_AS_PATH,
             defects=(SEGV, SEGV_LOSS) if is_pm else ()),
        case(p + "long-message-then-eof", system, BUFFER,
             "buffer: a 4 GiB BMP length, 20 octets, then the router closes", LONG_THEN_EOF,
             close_after=True,
             signatures=sig((pm("WARN", r"long BMP message received: len=4294967295 buf=100000\. "
                                r"Sinking\."), BUFFER)),
             defects=(FLOOD_LOG, FLOOD_CPU, SLOT_LEAK) if is_pm else ()),
        case(p + "reset-mid-message", system, CONN_ERRORS,
             "connection reset by peer: a real RST in the middle of a Route Monitoring",
             announce("10.6.0.0/24").hex()[:80], reset_after=True,
             signatures=sig((pm("INFO", r"BMP connection reset by peer \(2\)\."), CONN_ERRORS))),
        Scenario(p + "proxy-reset", system, CONN_ERRORS,
                 "connection lost: the TCP proxy between router and collector resets the session",
                 "proxy-reset", Phase.WHILE_RUNNING, budgets=BUDGETS,
                 signatures=sig((pm("INFO", r"BMP connection reset by peer \(2\)\."),
                                 CONN_ERRORS))),
        Scenario(p + "burst", system, BUFFER, "burst of 2000 valid Route Monitoring messages",
                 "burst", Phase.WHILE_RUNNING, {"count": 2000}, budgets=BUDGETS),
        Scenario(p + "guide-claims", system, CLAIMS,
                 "the guide's log format, log lines and metric names, checked as claims",
                 "claims", Phase.WHILE_RUNNING, budgets=BUDGETS,
                 defects=() if is_pm else PYBMP_CLAIMS),
    ]
    if is_pm:
        out.append(Scenario(p + "database-stopped", system, DB,
                            "database stopped during ingestion and restarted", "not-applicable",
                            Phase.WHILE_RUNNING,
                            {"reason": "pmbmpd here writes a JSON message log, no database"}))
        out.append(Scenario(p + "real-senders", system, ROUTES,
                            "FRR bgpd and GoBGP peered, both exporting BMP to the collector",
                            "senders", Phase.WHILE_RUNNING, budgets=BUDGETS))
    else:
        out.append(Scenario(p + "database-stopped", system, DB,
                            "database stopped during ingestion and restarted", "db-stop",
                            Phase.WHILE_RUNNING, budgets=BUDGETS))
    return out


CATALOG: list[Scenario] = entries(PM) + entries("pybmp")


#: pmbmpd's receive buffer: a message announcing more than this is "sunk" (DEFECT 1's loop)
PMBMPD_BUFFER = 100_000


def as4_without_as_path(frame: bytes) -> bool:
    """True for a Route Monitoring whose UPDATE has AS4_PATH and no AS_PATH."""
    try:
        msg = decode(frame)
    except DecodeError:
        return False
    if not isinstance(msg, RouteMonitoring):
        return False
    kinds = {type(a) for a in msg.update.attributes}
    return As4Path in kinds and AsPath not in kinds


def pmbmpd_known_trigger(data: bytes) -> str | None:
    """The registered pmbmpd defect an input triggers, if any (fuzzing leaves those to the
    catalog's strict xfails): a header announcing more than its buffer that the stream does not
    deliver (then the router's close floods), or a Route Monitoring whose BGP length is smaller
    than the UPDATE it frames (phantom routes), or an UPDATE with AS4_PATH but no AS_PATH
    (a crash)."""
    pos = 0
    while len(data) - pos >= 6 and data[pos] in (3, 4):
        length = int.from_bytes(data[pos + 1 : pos + 5], "big")
        if length > PMBMPD_BUFFER and pos + length > len(data):
            return FLOOD_LOG.id
        if length < 6:
            return None
        frame = data[pos : pos + length]
        if data[pos + 5] == 0 and len(frame) >= 48 + 19 \
                and int.from_bytes(frame[48 + 16 : 48 + 18], "big") < len(frame) - 48:
            return PHANTOMS.id
        if data[pos + 5] == 0 and as4_without_as_path(frame):
            return SEGV.id
        pos += length
    return None
