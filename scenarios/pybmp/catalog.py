"""The PyBMP guide's error scenarios (its "Logging & Troubleshooting" section) against PyBMP itself,
as data: the same pinned inputs as pmbmpd's catalog, judged by every batch checker. PyBMP entries
carry no signatures of their own: the guide's lines are judged as claims (``claims``)."""

from __future__ import annotations

import re

from faultbook.bmpkit import inputs
from faultbook.bmpkit.catalog import NotApplicable, Pinned, burst_payload
from faultbook.bmpkit.messages import announce
from scenarios.pybmp import defects

DATA_ERRORS = "Understanding Log Messages / Error Messages / Data Processing Errors"
CONN_ERRORS = "Understanding Log Messages / Error Messages / Connection Issues"
BUFFER = "Understanding Log Messages / Warning Messages / Buffer Management"
ROUTES = "Understanding Log Messages / Normal Operation Logs / Route Processing"

#: the line PyBMP prints when a flush of buffered routes meets its database gone: the outage
#: lasts until PyBMP tried the database with the session's routes
OUTAGE_REACTED = re.compile(r"src\.bmp\.processor - ERROR - Error flushing routes: ")

#: how long the burst may take to be stored (the guide's burst, as the catalog always allowed)
BURST_WITHIN = 5.0

#: the entries sent alone carry no marker route after them: PyBMP resyncs octet by octet and stores
#: what follows a bad version, which the fuzz run registers (PYBMP-BAD-VERSION-INVENTED)
CATALOG: list[Pinned | NotApplicable] = [
    Pinned("valid-session", ROUTES, "valid Initiation, Peer Up and a route",
           announce("10.5.0.0/24").hex(), known=(defects.ATTRIBUTES_DROPPED,)),
    Pinned("bmp-version-0", DATA_ERRORS, "invalid BMP message format: version 0",
           inputs.VERSION_0, prelude=False, marker=False),
    Pinned("bmp-length-0", DATA_ERRORS, "invalid BMP message format: length 0",
           inputs.LENGTH_0, prelude=False, marker=False, known=(defects.LENGTH_0_LOOP,)),
    Pinned("bmp-unknown-type", DATA_ERRORS, "invalid BMP message format: type 7",
           inputs.UNKNOWN_TYPE, known=(defects.ATTRIBUTES_DROPPED,)),
    Pinned("bgp-bad-marker", DATA_ERRORS, "malformed BGP update: marker byte 0", inputs.BAD_MARKER,
           known=(defects.BAD_MARKER_STORED, defects.ATTRIBUTES_DROPPED)),
    Pinned("bgp-attr-length-overrun", DATA_ERRORS,
           "malformed BGP update: NEXT_HOP length past the attribute area", inputs.ATTR_OVERRUN,
           known=(defects.NEXT_HOP_OVERRUN_STORED, defects.ATTRIBUTES_DROPPED)),
    Pinned("bgp-length-short", DATA_ERRORS,
           "malformed BGP update: BGP length 19 for a 47-octet UPDATE", inputs.BGP_LEN_19,
           known=(defects.SHORT_LENGTH_STORED, defects.ATTRIBUTES_DROPPED)),
    Pinned("bgp-as4path-without-as-path", DATA_ERRORS,
           "malformed BGP update: AS4_PATH without AS_PATH", inputs.AS4_WITHOUT_AS_PATH,
           known=(defects.TREAT_AS_WITHDRAW_STORED, defects.ATTRIBUTES_DROPPED)),
    Pinned("long-message-then-eof", BUFFER,
           "buffer: a 4 GiB BMP length, 20 octets, then the router closes", inputs.LONG_THEN_EOF,
           marker=False),
    Pinned("reset-mid-message", CONN_ERRORS,
           "connection reset by peer: a real RST in the middle of a Route Monitoring",
           announce("10.6.0.0/24").hex()[:80], end="reset", marker=False),
    Pinned("burst", BUFFER, "burst of 2000 valid Route Monitoring messages in one write",
           burst_payload(2000), within=BURST_WITHIN,
           known=(defects.ATTRIBUTES_DROPPED, defects.BURST_SLOW, defects.BURST_LOSS)),
    NotApplicable("real-senders", ROUTES, "FRR bgpd and GoBGP peered, both exporting BMP",
                  "run against pmbmpd (scenarios/pmbmpd); PyBMP's guide names no router setup"),
]
