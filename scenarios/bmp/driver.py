"""Runs one BMP catalog entry against its collector and concludes.

Fault kinds: ``case`` (octets on a router connection, faultbook.checks.bmp_case), ``burst``
(``count`` valid Route Monitoring messages in one write), ``proxy-reset`` (the suite's TCP proxy
resets an established session), ``claims`` (the guide's log format, lines and metric names),
``senders`` (FRR bgpd and GoBGP as real routers), ``db-stop`` (PyBMP's PostgreSQL stopped
during ingestion, then started), ``not-applicable`` (skipped with its reason).
"""

from __future__ import annotations

import pytest

from faultbook.checks import bmp_oracles as oracles
from faultbook.checks.bmp_case import Case, run_case, stop_flooding
from faultbook.checks.verdict import conclude
from faultbook.legacy_scenario import LegacyScenario as Scenario
from faultbook.legacy_scenario import expect_signatures
from faultbook.services.bmp.router import announce, unique_prefix
from fixtures.bmp import BmpLab
from scenarios.bmp import claims, realworld


def case_of(scenario: Scenario) -> Case:
    """The Case a ``case`` or ``burst`` entry sends."""
    p = scenario.params
    if scenario.fault == "burst":
        payload = b"".join(announce(unique_prefix()) for _ in range(int(p["count"])))
        return Case(scenario.name, payload, valid=True)
    return Case(scenario.name, bytes.fromhex(str(p["payload_hex"])), valid=bool(p["valid"]),
                prelude=bool(p["prelude"]), close_after=bool(p["close_after"]),
                reset_after=bool(p["reset_after"]))


def run(scenario: Scenario, lab: BmpLab) -> None:
    """Run a catalog entry end to end and conclude."""
    record, target = lab.record, lab.target
    record.facts["scenario"] = scenario.to_json()
    if scenario.fault == "not-applicable":
        pytest.skip(f"not applicable: {scenario.params['reason']}")
    since = target.timeline.seq
    if scenario.fault in ("case", "burst"):
        case = case_of(scenario)
        record.facts["case"] = {**case.to_json(), "payload_hex": case.payload[:4096].hex()}
        result = run_case(record, target, case, scenario.budgets)
        record.facts["result"] = {"conn": result.conn, "state": result.state, **result.facts}
        stop_flooding(target, record)
    elif scenario.fault == "proxy-reset":
        realworld.proxy_reset(lab, scenario)
    elif scenario.fault == "senders":
        realworld.senders(lab, scenario)
    elif scenario.fault == "db-stop":
        realworld.database_stop(lab, scenario)
    elif scenario.fault == "claims":
        claims.check_claims(lab, scenario)
    else:
        raise ValueError(f"unknown fault kind {scenario.fault!r}")
    expect_signatures(record, target.timeline, scenario.signatures, since, within=3.0)
    if target.service.is_running() and not any(v.name == oracles.ALIVE for v in record.verdicts):
        oracles.check_alive(record, target)
    conclude(record.verdicts, scenario.defects_for(lab.runtime))
