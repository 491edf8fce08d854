"""BMP scenarios with real moving parts: the suite's TCP proxy resetting a session, FRR and
GoBGP as routers, and PyBMP's database stopped during ingestion."""

from __future__ import annotations

import subprocess
import time

from faultbook.checks import bmp_oracles as oracles
from faultbook.errors import ConfigError
from faultbook.faults.tcpproxy import ProxyMode, TcpProxy
from faultbook.legacy_scenario import LegacyScenario as Scenario
from faultbook.services.bmp.records import wait_route
from faultbook.services.bmp.router import BmpConnection, unique_prefix, valid_session
from faultbook.services.bmp.senders import FrrBgpdSpec, GobgpdSpec
from fixtures.bmp import BmpLab

WITHIN = 5.0


def quiet_window(lab: BmpLab, scenario: Scenario, seconds: float = 1.2) -> None:
    """Budgets, CLOSE-WAIT, liveness and a fresh session after the fault."""
    target = lab.target
    start, end, lines = oracles.observe_window(target, seconds, target.timeline.seq)
    oracles.check_budgets(lab.record, target, scenario.budgets, start, end, lines)
    oracles.check_close_wait(lab.record, target)
    if oracles.check_alive(lab.record, target):
        oracles.check_fresh(lab.record, target, WITHIN)


def proxy_reset(lab: BmpLab, scenario: Scenario) -> None:
    """A session through the proxy, reset by the proxy, then a session through the healed proxy."""
    target, record = lab.target, lab.record
    port = lab.stack.ctx.ports.allocate()
    proxy = TcpProxy(target.timeline, port, (target.endpoint.host, target.endpoint.port)).start()
    try:
        prefix = unique_prefix()
        with BmpConnection("127.0.0.1", port) as conn:
            conn.send(valid_session(prefix))
            stored = wait_route(target.store, prefix, WITHIN)
            record.verdict("a route through the proxy is stored before the fault",
                           stored is not None, prefix, "stored")
            fault = proxy.fault(ProxyMode.RESET)
            fault.inject()
            quiet_window(lab, scenario)
            fault.heal()
        again = unique_prefix()
        with BmpConnection("127.0.0.1", port) as conn:
            conn.send(valid_session(again))
            ok = wait_route(target.store, again, WITHIN) is not None
        record.verdict("stores again through the healed path", ok, again, f"within {WITHIN:g}s")
    finally:
        proxy.close()
        lab.stack.ctx.ports.release(port)


def senders(lab: BmpLab, scenario: Scenario) -> None:
    """FRR and GoBGP peered; both export to the collector; a route added in GoBGP is stored."""
    target, record, stack = lab.target, lab.record, lab.stack
    frr_spec, gobgp_spec = FrrBgpdSpec(), GobgpdSpec()
    frr = stack.add(frr_spec, start=False)
    gobgp = stack.add(gobgp_spec, start=False)
    for spec, other in ((frr_spec, gobgp), (gobgp_spec, frr)):
        spec.peer_port = other.endpoint.port
        spec.bmp_port = target.endpoint.port
    frr.start()
    gobgp.start()
    inits = target.store.wait_for(lambda r: r.kind == "init" and r.raw.get(
        "bmp_init_info_sysname") == "GoBGP", 10.0)
    record.verdict("GoBGP's Initiation stored", inits is not None, bool(inits), "stored")
    frr_init = target.store.wait_for(lambda r: r.kind == "init" and r.raw.get(
        "bmp_init_info_sysname") == "frr-r1", 10.0)
    record.verdict("FRR's Initiation stored", frr_init is not None, bool(frr_init), "stored")
    up = target.store.wait_for(lambda r: r.kind == "peer_up", 10.0)
    record.verdict("a Peer Up from a real router stored", up is not None, bool(up), "stored")
    data_dir = stack.ctx.data_dir / gobgp.component
    added = time.monotonic()
    cli = subprocess.run(["gobgp", "--target", GobgpdSpec.api(data_dir), "global", "rib", "add",
                          "10.20.1.0/24", "-a", "ipv4", "nexthop", "192.0.2.2"],
                         capture_output=True, text=True, timeout=10, check=False)
    if cli.returncode != 0:
        raise ConfigError(f"gobgp global rib add failed: {cli.stderr.strip()[:200]}")
    route = wait_route(target.store, "10.20.1.0/24", 15.0)
    took = round(time.monotonic() - added, 3)
    record.verdict("a route added in GoBGP reaches the collector through FRR's BMP",
                   route is not None, took, "within 15s")
    record.facts["real_senders"] = {
        "records": [r.kind for r in target.store.records()][:200], "route_seconds": took}
    quiet_window(lab, scenario, 1.0)


def database_stop(lab: BmpLab, scenario: Scenario) -> None:
    """PyBMP: stop its PostgreSQL during ingestion, start it, and check ingestion resumes."""
    from faultbook.services.bmp.pybmp import database_of

    target, record = lab.target, lab.record
    db = database_of(lab.stack)
    before = unique_prefix()
    with BmpConnection(target.endpoint.host, target.endpoint.port) as conn:
        conn.send(valid_session(before))
        record.verdict("a route is stored before the fault",
                       wait_route(target.store, before, 15.0) is not None, before, "stored")
        db.stop()
        during = unique_prefix()
        from faultbook.services.bmp.router import announce

        conn.send(announce(during))
        oracles.check_alive(record, target)
        db.start()
        stored = wait_route(target.store, during, 30.0)
        record.verdict("a route sent while the database was down is stored after it returns",
                       stored is not None, during, "stored within 30s")
    quiet_window(lab, scenario)
