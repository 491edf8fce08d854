"""Fuzz throughput against one real pmbmpd: faultbook's malformation cases with every oracle on,
side by side with boofuzz sending Route Monitoring mutations to the same collector. Prints JSON.

    python -m bench.bmp_fuzz_bench [--cases 100000] [--boofuzz-cases 300]
        [--max-seconds 90] [--bisect-seconds 120] [--train 8] [--pybmp PATH] [-o FILE]

faultbook runs twice: one seed per connection, then trains of ``--train`` seeds per connection
(a collector's cost per connection, not per message, sets the pace of the first).

boofuzz (the ``bench`` extra) runs in the bench's own environment: $BOOFUZZ_PYTHON, else a venv
created once under the state dir with ``pip install 'boofuzz>=0.4'``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings

from bench.output import emit
from faultbook.bmpkit.batch import BatchResult, Feeder, Runner
from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.checkers import ACCOUNTING, BATCH_CHECKERS, LIVENESS
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.generate import LEAD_KINDS, variants
from faultbook.bmpkit.history import coverage
from faultbook.bmpkit.messages import PEER_HEADER_HEX, initiation, peer_up
from faultbook.bmpkit.pool import SeedPool
from faultbook.bmpkit.segment import PLANS
from faultbook.bmpkit.trains import couple, names_a_train
from faultbook.checks.verdict import KnownDefect, Verdict
from faultbook.config import Settings
from faultbook.services.registry import spec_for
from faultbook.stack import Stack
from scenarios.pmbmpd import defects
from scenarios.pmbmpd.collector import MAX_PEERS, of_service
from scenarios.pmbmpd.collector import start as start_kit_pmbmpd
from scenarios.pybmp import defects as pybmp_defects
from scenarios.pybmp.collector import start as start_pybmp

BOOFUZZ = r'''
import sys, time
from boofuzz import (Block, Byte, Bytes, Request, Session, Size, Static, Target,
                     TCPSocketConnection, Word)
port, end, limit = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
peer = bytes.fromhex(sys.argv[4])
init = bytes.fromhex(sys.argv[5])
req = Request("route_monitoring", children=(
    Static(name="prelude", default_value=init),
    Byte(name="version", default_value=3, fuzzable=False),
    Size(name="bmp_length", block_name="rm", length=4, endian=">", fuzzable=False, offset=6),
    Byte(name="type", default_value=0),
    Block(name="rm", children=(
        Static(name="peer", default_value=peer),
        Bytes(name="marker", default_value=b"\xff" * 16, size=16),
        Word(name="bgp_length", default_value=47, endian=">"),
        Byte(name="bgp_type", default_value=2),
        Word(name="withdrawn_length", default_value=0, endian=">"),
        Word(name="attr_length", default_value=20, endian=">"),
        Bytes(name="attrs", default_value=bytes.fromhex("4001010040020602010000fdf1400304c0000209")),
        Bytes(name="nlri", default_value=bytes.fromhex("180a6300"), max_len=64),
    )),
))
session = Session(target=Target(connection=TCPSocketConnection("127.0.0.1", port,
                  send_timeout=2.0, recv_timeout=0.01)), web_port=None, keep_web_open=False,
                  receive_data_after_each_request=False, receive_data_after_fuzz=False,
                  fuzz_loggers=[], db_filename=sys.argv[6], index_end=end, sleep_time=0.0,
                  restart_sleep_time=0)
session.connect(req)
start = time.monotonic()
session.fuzz(max_depth=1)
print(session.total_mutant_index, time.monotonic() - start)
'''


def boofuzz_python(state_dir: Path) -> str:
    """$BOOFUZZ_PYTHON, or the bench's own venv with boofuzz (created once)."""
    if os.environ.get("BOOFUZZ_PYTHON"):
        return os.environ["BOOFUZZ_PYTHON"]
    env = state_dir / "bench-boofuzz"
    python = env / "bin" / "python"
    if not python.exists():
        venv.create(env, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "boofuzz>=0.4"], check=True,
                       timeout=600, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return str(python)


@dataclass(frozen=True)
class Target:
    """A collector the bench fuzzes: how it starts, its registered defects, its batch size and
    the registered crash whose first finding is timed."""

    name: str
    start: Callable[[Stack], Collector]
    known: tuple[KnownDefect, ...]
    batch: int
    crash: str | None = None

    def classify(self, v: Verdict) -> str:
        """A finding's registered defect, or its checker when unregistered."""
        return next((d.id for d in self.known if d.matches(v)), f"unregistered: {v.name}")


#: pmbmpd: as many connections as it serves at once, less a seed's twins, the canary and slack
PMBMPD = Target("pmbmpd", start_kit_pmbmpd, defects.ALL, MAX_PEERS - len(PLANS) - 16,
                defects.SEGV.id)
#: PyBMP's batches: the kit's default
PYBMP_BATCH = 96


def in_train(v: Verdict) -> bool:
    """A finding on a train's connection (its input not known yet)."""
    return names_a_train(str(v.evidence.get("case", "")))


def replays(target: Target, runner: Runner, failing: list[BatchResult]) -> dict[str, Any]:
    """Replay each single-case reproducer once: the share that shows the same defects again."""
    classify = target.classify
    singles = [r for r in failing if len(r.cases) == 1][:8]
    same = 0
    for r in singles:
        again = runner.run(r.cases)
        same += {classify(v) for v in again.findings} >= {classify(v) for v in r.findings}
    return {"reproducers": len(singles),
            "retrigger_share": round(same / len(singles), 3) if singles else None}


def faultbook_cases(target: Target, stack: Stack, count: int, deadline: float,
                    bisect_budget: float = 120.0, train: int = 1) -> dict[str, Any]:
    """Seeds of every kind (each with its segmentation twins) gathered into batches over
    concurrent connections against the target, every checker on (``train`` > 1: up to that
    many seeds one after another on each connection, the lead kinds alone); then the failing
    batches bisected and their reproducers replayed. A case is one seed cut one way."""
    cold = time.monotonic()
    classify = target.classify
    runner = Runner(target.start(stack))
    feeder = Feeder(runner, size=target.batch, bisect=None)
    start = time.monotonic()
    cpu0 = time.process_time()

    settings.register_profile("bench", database=None, deadline=None, phases=[Phase.generate],
                              suppress_health_check=list(HealthCheck))
    settings.load_profile("bench")
    cases_wanted = 0
    pool = SeedPool(per_kind=2, lead=LEAD_KINDS)
    lead_left = pool.per_kind * len(pool.lead)
    seeds: list[Case] = []
    per_batch = max(1, target.batch // len(PLANS)) * train

    def couple_seeds() -> None:
        for one in couple(seeds, train):
            feeder.add(variants(one))
        seeds.clear()

    for twins in pool.take(deadline):
        if lead_left > 0 or train <= 1:
            feeder.add(twins)
        else:
            seeds.append(twins[0])
            if len(seeds) >= per_batch:
                couple_seeds()
        lead_left -= 1
        if lead_left == 0:
            feeder.flush()  # the lead kinds in a batch of their own
        cases_wanted += len(twins)
        if cases_wanted >= count:
            break
    couple_seeds()
    feeder.flush()
    took = time.monotonic() - start
    done = feeder.done
    cases = sum(c.inputs for r in done for c in r.cases)
    cpu_s = time.process_time() - cpu0 + pool.cpu_seconds + sum(
        r.evidence.history.cost.cpu_seconds for r in done if r.evidence.history.cost)
    distinct = {classify(v) for r in done for v in r.findings if not in_train(v)}
    crash = next((r for r in done if any(classify(v) == target.crash for v in r.findings)),
                 None)
    covered = coverage([c for r in done for c in r.evidence.history.connections])
    bisect_start = time.monotonic()
    # bisect failing batches (the crash's first) until 24 single-case reproducers are in hand
    # or the bisection budget is spent
    order = sorted((r for r in done if r.findings), key=lambda r: r is not crash)
    until = bisect_start + bisect_budget
    failing = list(islice((one for r in order if time.monotonic() < until
                           for one in runner.bisect(r, until) if len(one.cases) == 1), 24))
    # a finding in a train is classified once bisection has its input (the train's label names
    # no kind a registered defect knows)
    split = {classify(v) for r in failing for v in r.findings if not in_train(v)}
    return {"cases": cases, "seeds_per_connection": train,
            "connections": sum(len(r.cases) for r in done), "batches": len(done),
            "seconds": round(took, 2),
            "cases_per_second": round(cases / took, 3),
            "findings": sorted(distinct),
            "distinct_findings_per_cpu_minute": round(len(distinct) / max(cpu_s / 60, 1e-6), 2),
            "findings_of_bisected_inputs": sorted(split),
            "train_findings_before_bisection": sum(in_train(v) for r in done for v in r.findings),
            "cpu_seconds_suite_generator_and_collector": round(cpu_s, 1),
            "generator_cpu_seconds": pool.cpu_seconds,
            "seconds_cold_start_to_crash": round(crash.judged - cold, 1) if crash
            else None, "crash": target.crash,
            "coverage_type_x_state": len(covered),
            "coverage": sorted(f"{k} / {s}" for k, s in covered),
            "bisection_seconds": round(time.monotonic() - bisect_start, 1),
            "replay": replays(target, runner, failing),
            "reproducers": [{"case": r.cases[0].label[:160],
                             "findings": sorted({classify(v) for v in r.findings}),
                             "measured": [v.measured for v in r.findings][:3]}
                            for r in failing],
            "checkers_per_batch": len(BATCH_CHECKERS)}


def boofuzz_cases(stack: Stack, python: str, count: int, limit: float) -> dict[str, Any]:
    """boofuzz against the same pmbmpd."""
    target = stack.services["pmbmpd"]
    db = Path(tempfile.mkdtemp()) / "boofuzz.db"
    done = subprocess.run([python, "-c", BOOFUZZ, str(target.endpoint.port), str(count),
                           str(limit), PEER_HEADER_HEX, (initiation() + peer_up()).hex(), str(db)],
                          capture_output=True, text=True, timeout=limit + 60, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    cases, took = done.stdout.split()[-2:]
    return {"cases": int(cases), "seconds": round(float(took), 2),
            "cases_per_second": round(int(cases) / float(took), 3), "oracles_per_case": 0}


def main() -> int:
    """Run both fuzzers against one pmbmpd and print the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--boofuzz-cases", type=int, default=300)
    parser.add_argument("--max-seconds", type=float, default=90.0)
    parser.add_argument("--bisect-seconds", type=float, default=120.0)
    parser.add_argument("--train", type=int, default=8,
                        help="seeds per connection of the second faultbook run (trains)")
    parser.add_argument("--pybmp", metavar="PATH",
                        help="also fuzz PyBMP from this checkout (its own stack and PostgreSQL)")
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    settings = Settings.from_env()
    python = boofuzz_python(settings.state_dir)
    out: dict[str, Any] = {"bench": "bmp_fuzz", "target": "pmbmpd 1.7.7"}
    if args.pybmp:
        pybmp = Target("pybmp", lambda stack: start_pybmp(stack, args.pybmp), pybmp_defects.ALL,
                       PYBMP_BATCH)
        with Stack(settings, "process", Path(tempfile.mkdtemp()) / "logs") as stack:
            out["pybmp"] = faultbook_cases(pybmp, stack, args.cases,
                                           time.monotonic() + args.max_seconds,
                                           args.bisect_seconds, args.train)
    with Stack(settings, "process", Path(tempfile.mkdtemp()) / "logs", kinds=spec_for) as stack:
        ours = faultbook_cases(PMBMPD, stack, args.cases, time.monotonic() + args.max_seconds,
                               args.bisect_seconds)
        # a pmbmpd of its own, under its own component name (the stack refuses a second one)
        trains = faultbook_cases(replace(PMBMPD, start=lambda s: start_kit_pmbmpd(s, "pmbmpd-trains")),
                                 stack, args.cases, time.monotonic() + args.max_seconds,
                                 args.bisect_seconds, args.train)
        stack.services["pmbmpd"].restart()
        theirs = boofuzz_cases(stack, python, args.boofuzz_cases, args.max_seconds)
        after = Runner(of_service(stack, stack.services["pmbmpd"])).run(
            [Case("a valid session after boofuzz", "valid", b"")])
        alive = not any(v.name in (LIVENESS.name, ACCOUNTING.name) for v in after.findings)
    out |= {"faultbook": ours, "faultbook_trains": trains,
            "boofuzz": {**theirs, "collector_alive_and_storing_after": alive},
            "load_average_1_5_15_at_end": [round(x, 2) for x in os.getloadavg()]}
    emit(out, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
