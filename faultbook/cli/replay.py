"""``faultbook replay FILE --collector MODULE:FUNCTION``: start a fresh collector, send a saved
case as one batch, judge it with every BMP checker, print the verdicts; exit 1 when one fails.

The collector comes from the system's own folder: ``FUNCTION(stack)`` returns the started
``faultbook.bmpkit.collector.Collector`` (e.g. ``scenarios.pmbmpd.collector:start``), imported
from the current directory."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faultbook.bmpkit import repro
from faultbook.bmpkit.batch import Runner
from faultbook.bmpkit.collector import Collector
from faultbook.cli.common import EXIT_FINDINGS, EXIT_OK, settings
from faultbook.errors import ConfigError
from faultbook.services.registry import spec_for
from faultbook.stack import Stack

Starter = Callable[[Stack], Collector]


def add_parser(sub: Any) -> None:
    """Register ``replay``."""
    p = sub.add_parser("replay", help="replay a saved BMP case against a fresh collector",
                       description="Start the collector, send the saved octets as one batch, "
                                   "judge it with every BMP checker, print the verdicts.",
                       epilog="exit codes: 0 every checker held, 1 a checker failed, 2 bad usage")
    p.add_argument("file", type=Path, metavar="FILE", help="a saved case (.json)")
    p.add_argument("--collector", required=True, metavar="MODULE:FUNCTION",
                   help="the function that starts the collector on a stack, from the system's "
                        "folder (e.g. scenarios.pmbmpd.collector:start)")


def starter(spec: str) -> Starter:
    """The function ``MODULE:FUNCTION`` names; ConfigError names the fix."""
    module_name, _, func = spec.partition(":")
    if not module_name or not func:
        raise ConfigError(f"--collector {spec!r}: write MODULE:FUNCTION, e.g. "
                          "scenarios.pmbmpd.collector:start")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        found = getattr(importlib.import_module(module_name), func)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"--collector {spec!r}: {exc}: run from the folder holding the "
                          "system's package") from None
    if not callable(found):
        raise ConfigError(f"--collector {spec!r} is not a function")
    return found  # type: ignore[no-any-return]


def run(args: argparse.Namespace) -> int:
    """Replay and judge."""
    case, saved = repro.load(args.file)
    start = starter(args.collector)
    work = Path(tempfile.mkdtemp(prefix="faultbook-replay-"))
    with Stack(settings(), "process", work / "logs", kinds=spec_for) as stack:
        result = Runner(start(stack)).run([case])
    failed = result.findings
    seen = [f.get("checker") for f in saved.get("findings", ())]
    print(f"replay {case.label} ({len(case.payload)} octets) with {args.collector}"
          + (f"; saved as failing: {', '.join(map(str, seen))}" if seen else ""))
    for v in result.verdicts:
        print(f"  [{'ok  ' if v.ok else 'FAIL'}] {v.name}: measured {v.measured!r}, "
              f"budget {v.budget!r}")
    print(f"verdict: {'FAIL' if failed else 'ok'} ({len(failed)} of {len(result.verdicts)} "
          f"verdict(s) failed); logs in {work}")
    return EXIT_FINDINGS if failed else EXIT_OK
