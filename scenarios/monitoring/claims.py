"""The lines the real Prometheus 2.42 (Debian bookworm) prints under each fault, pinned to the
guide section whose logs (§4.2, ``docker logs ...-prometheus-1 2>&1``) would carry them."""

from __future__ import annotations

from faultbook.observe.signature import Signature
from scenarios.monitoring.spec import PROMETHEUS as P

TS = r"^ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z caller=[\w.]+:\d+ "

WEB_BIND = Signature(P, TS + r'level=error msg="Unable to start web listener" '
                        r'err="listen tcp 127\.0\.0\.1:\d+: bind: address already in use"$',
                     "§4.2", "the one error line before exit 1")
QUERY_LOG = Signature(P, TS + r'level=error component=activeQueryTracker '
                         r'msg="Error opening query log file" file=\S+/queries\.active '
                         r'err="open \S+/queries\.active: permission denied"$',
                      "§4.2", "the storage directory's first file, queries.active")
