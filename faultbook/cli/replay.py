"""``faultbook replay FILE --target pmbmpd|pybmp``: send a saved case to a fresh collector, run
every oracle, print the verdicts; exit 1 when an oracle fails."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from faultbook.budgets import Budgets
from faultbook.checks.bmp_case import run_case, stop_flooding
from faultbook.checks.bmp_repro import load_case
from faultbook.cli.common import EXIT_FINDINGS, EXIT_OK, settings
from faultbook.report.record import TestRecord
from faultbook.services.bmp.launch import start_target
from faultbook.services.bmp.target import TARGETS
from faultbook.services.registry import spec_for
from faultbook.stack import Stack

BUDGETS = Budgets(cpu_percent=25.0, lines_per_second=50.0, rss_mb=400.0)


def add_parser(sub: Any) -> None:
    """Register ``replay``."""
    p = sub.add_parser("replay", help="replay a saved BMP case against a fresh collector",
                       description="Start the collector, send the saved octets, run every "
                                   "oracle, print the verdicts.",
                       epilog="exit codes: 0 every oracle held, 1 an oracle failed, 2 bad usage")
    p.add_argument("file", type=Path, metavar="FILE", help="a saved case (.json or .bin)")
    p.add_argument("--target", required=True, choices=TARGETS, help="the collector to start")
    p.add_argument("--pybmp", metavar="PATH", default=os.environ.get("FAULTBOOK_PYBMP"),
                   help="PyBMP checkout for --target pybmp (default: $FAULTBOOK_PYBMP)")


def run(args: argparse.Namespace) -> int:
    """Replay and judge."""
    case, meta = load_case(args.file)
    work = Path(tempfile.mkdtemp(prefix="faultbook-replay-"))
    record = TestRecord(f"replay {args.file.name}", work / "record")
    with Stack(settings(), "process", work / "logs", kinds=spec_for) as stack:
        record.attach(stack.timeline, stack.probes, stack.sampler)
        target = start_target(stack, args.target, args.pybmp)
        run_case(record, target, case, BUDGETS)
        stop_flooding(target, record)
    record.write()
    failed = [v for v in record.verdicts if not v.ok]
    print(f"replay {case.label} ({len(case.payload)} octets) against {args.target}"
          + (f"; saved as failing: {', '.join(meta.get('seen', {}))}" if meta.get("seen") else ""))
    for v in record.verdicts:
        print(f"  [{'ok  ' if v.ok else 'FAIL'}] {v.name}: measured {v.measured!r}, "
              f"budget {v.budget!r}")
    print(f"verdict: {'FAIL' if failed else 'ok'} ({len(failed)} of {len(record.verdicts)} "
          f"oracle(s) failed); record in {record.folder}")
    return EXIT_FINDINGS if failed else EXIT_OK
