"""The PyBMP guide's error scenarios (its "Logging & Troubleshooting" section) against pmacct's
pmbmpd 1.7.7 (Debian), as data. Every signature is a line the real pmbmpd 1.7.7 printed for that
input on this kind of machine; ``section`` names the guide section the entry verifies."""

from __future__ import annotations

from faultbook.bmpkit import inputs
from faultbook.bmpkit.catalog import NotApplicable, Pinned, burst_payload
from faultbook.bmpkit.checkers.signatures import ROUTER
from faultbook.bmpkit.messages import announce
from faultbook.observe.signature import Signature
from scenarios.pmbmpd import defects

LINE = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z "
DATA_ERRORS = "Understanding Log Messages / Error Messages / Data Processing Errors"
CONN_ERRORS = "Understanding Log Messages / Error Messages / Connection Issues"
BUFFER = "Understanding Log Messages / Warning Messages / Buffer Management"
ROUTES = "Understanding Log Messages / Normal Operation Logs / Route Processing"
DB = "Common Issues and Solutions / 2. Database Performance Issues"
CLAIMS = "Log Configuration / Log Format; Monitoring with Prometheus Metrics"


def pm(level: str, message: str, section: str, router: str = ROUTER) -> tuple[Signature, ...]:
    """A pmbmpd log line (timestamp, level, ``( default/core ): [router address] ``, the case's
    own router unless named) as a signature."""
    return (Signature("pmbmpd", LINE + level + r" \( default/core \): \[" + router + r"\] " + message,
                      section),)


#: the line pmbmpd prints when a router's connection is reset (a real RST): errno 104 (ECONNRESET);
#: it prints "BMP connection reset by peer (2)." for a normal close (FIN) too
RESET = r"BMP connection reset by peer \(104\)\."
RESET_BY_PEER = pm("INFO", RESET, CONN_ERRORS)
#: the same line for the proxy's reset: pmbmpd sees the proxy, connecting from 127.0.0.1
RESET_BY_PROXY = pm("INFO", RESET, CONN_ERRORS, router=r"127\.0\.0\.1")

#: how long the burst may take to be stored (the guide's burst, as the catalog always allowed)
BURST_WITHIN = 5.0

CATALOG: list[Pinned | NotApplicable] = [
    Pinned("valid-session", ROUTES, "valid Initiation, Peer Up and a route",
           announce("10.5.0.0/24").hex(),
           signatures=pm("DEBUG", r"\[common\] type: Route Monitoring \(0\)", ROUTES)),
    Pinned("bmp-version-0", DATA_ERRORS, "invalid BMP message format: version 0",
           inputs.VERSION_0, prelude=False,
           signatures=pm("INFO", r"packet discarded: unknown BMP version: 0 \(1\)", DATA_ERRORS)),
    Pinned("bmp-length-0", DATA_ERRORS, "invalid BMP message format: length 0",
           inputs.LENGTH_0, prelude=False,
           signatures=pm("INFO", r"packet discarded: failed bmp_get_and_check_length\(\) "
                         r"BMP common hdr", DATA_ERRORS)),
    Pinned("bmp-unknown-type", DATA_ERRORS, "invalid BMP message format: type 7",
           inputs.UNKNOWN_TYPE,
           signatures=pm("INFO", r"packet discarded: unknown message type \(7\)", DATA_ERRORS)),
    Pinned("bgp-bad-marker", DATA_ERRORS, "malformed BGP update: marker byte 0",
           inputs.BAD_MARKER,
           signatures=pm("INFO", r"\[route monitor\] packet discarded: "
                         r"bgp_get_packet_len\(\) failed", DATA_ERRORS)),
    Pinned("bgp-attr-length-overrun", DATA_ERRORS,
           "malformed BGP update: NEXT_HOP length past the attribute area", inputs.ATTR_OVERRUN,
           signatures=pm("INFO", r"\[route monitor\] packet discarded: "
                         r"bgp_parse_update_msg\(\) failed", DATA_ERRORS)),
    Pinned("bgp-length-short", DATA_ERRORS,
           "malformed BGP update: BGP length 19 for a 47-octet UPDATE", inputs.BGP_LEN_19,
           known=(defects.PHANTOMS,)),
    Pinned("bgp-as4path-without-as-path", DATA_ERRORS,
           "malformed BGP update: AS4_PATH without AS_PATH", inputs.AS4_WITHOUT_AS_PATH,
           known=(defects.SEGV, defects.SEGV_LOSS)),
    Pinned("long-message-then-eof", BUFFER,
           "buffer: a 4 GiB BMP length, 20 octets, then the router closes", inputs.LONG_THEN_EOF,
           marker=False,
           signatures=pm("WARN", r"long BMP message received: len=4294967295 buf=100000\. "
                         r"Sinking\.", BUFFER),
           known=(defects.FLOOD_LOG, defects.FLOOD_REPEAT, defects.SLOT_LEAK, defects.FLOOD_CPU)),
    Pinned("reset-mid-message", CONN_ERRORS,
           "connection reset by peer: a real RST in the middle of a Route Monitoring",
           announce("10.6.0.0/24").hex()[:80], end="reset", marker=False,
           signatures=RESET_BY_PEER),
    Pinned("burst", BUFFER, "burst of 2000 valid Route Monitoring messages in one write",
           burst_payload(2000), within=BURST_WITHIN),
    NotApplicable("guide-claims", CLAIMS,
                  "the guide's log format, log lines and metric names, checked as claims",
                  "the claims are PyBMP's own log lines and metrics (judged in scenarios/pybmp)"),
    NotApplicable("database-stopped", DB, "database stopped during ingestion and restarted",
                  "pmbmpd has no database (it writes a JSON message log): the dependency-outage "
                  "checker has nothing to stop"),
]
