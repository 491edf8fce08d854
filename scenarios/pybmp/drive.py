"""What PyBMP's catalog drives beyond single batches: the inputs behind the guide's claims (its
whole log and its metrics page recorded for the claims)."""

from __future__ import annotations

import urllib.request

from faultbook.bmpkit import inputs
from faultbook.bmpkit.batch import Runner
from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.collector import Collector
from scenarios.pybmp.claims import ClaimsRecord

#: a valid session (the prelude), 31 zero octets, a malformed UPDATE, a header cut by a real RST
CLAIM_INPUTS = (
    Case("claims: invalid version", "claims", b"\x00" * 31, prelude=False, marker=False),
    Case("claims: malformed update", "claims", bytes.fromhex(inputs.ATTR_OVERRUN)),
    Case("claims: reset", "claims", b"\x03\x00\x00\x00\x40", end="reset", marker=False),
)


def metrics_page(collector: Collector) -> str | None:
    """The collector's /metrics page on its metrics port, if anything serves one."""
    port = collector.service.host_ports.get("metrics")
    if port is None:
        return None
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=3) as resp:
            return str(resp.read().decode("utf-8", "replace"))
    except OSError:
        return None


def record_claims(collector: Collector) -> ClaimsRecord:
    """Send the claims' inputs, then record every line PyBMP printed since it started and its
    metrics page."""
    Runner(collector).run(list(CLAIM_INPUTS))
    path = collector.log.path
    text = path.read_text(errors="replace") if path is not None and path.exists() else ""
    return ClaimsRecord(text.splitlines(), metrics_page(collector))
